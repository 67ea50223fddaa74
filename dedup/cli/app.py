"""The Typer application that every subcommand registers on."""

from __future__ import annotations

import functools
from typing import Any, Callable

import typer

from dedup.errors import ConfigError, DedupError

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


def library_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into ``Error: …`` and exit status 1; a setting is named by
    its option (``--threshold``), as the user typed it."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as err:
            fail(f"--{err.field.replace('_', '-')} {err.detail}" if err.field else err.detail)
        except DedupError as err:
            fail(str(err))

    return wrapper
