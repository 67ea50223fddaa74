"""The ``dedup`` command: each subcommand parses options, calls one library function and
renders its result. Library errors become ``Error: …`` with exit status 1."""

from __future__ import annotations

import sys

import typer

from dedup.cli import scan as _scan  # noqa: F401  (registers `dedup scan`)
from dedup.cli.app import app
from dedup.errors import DedupError


def main() -> None:
    try:
        app()
    except DedupError as err:
        typer.echo(f"Error: {err}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


__all__ = ["app", "main"]
