"""The Typer application that every subcommand registers on."""

from __future__ import annotations

import typer

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
    """Stop the command with ``Error: message`` on stderr and exit status 1."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)
