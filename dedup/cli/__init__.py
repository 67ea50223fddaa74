"""The ``dedup`` command: each subcommand parses options, calls one library function and
renders its result. Library errors become ``Error: …`` with exit status 1. The entry point
(``main``, every subcommand registered) is in :mod:`dedup.cli.entry`."""

from __future__ import annotations

from dedup.cli.app import app
from dedup.cli.entry import main

__all__ = ["app", "main"]
