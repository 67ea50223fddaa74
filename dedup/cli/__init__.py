"""The ``dedup`` command: each subcommand parses options, calls one library function and
renders its result. Library errors become ``Error: …`` with exit status 1."""

from __future__ import annotations

import sys

import typer

from dedup.errors import DedupError

app = typer.Typer(
    name="dedup",
    help="Find syndicated, copied and rewritten versions of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Find syndicated, copied and rewritten versions of news articles."""


def fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def main() -> None:
    from dedup.cli import scan  # noqa: F401  (registers the command)

    try:
        app()
    except DedupError as err:
        typer.echo(f"Error: {err}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
