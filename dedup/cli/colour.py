"""Whether a command colours what it writes: ``--color auto|always|never``.

``auto`` colours a terminal only, and not when ``NO_COLOR`` is set to anything non-empty
(https://no-color.org) or ``TERM`` is ``dumb``; ``always`` colours a file or a pipe too (for
``less -R``); ``never`` never does. Every coloured output asks here: the diff's markers, the
progress display.
"""

from __future__ import annotations

import os
from typing import IO

import typer

from dedup.cli.app import fail

CHOICES = ("auto", "always", "never")

COLOR = typer.Option("auto", "--color", metavar="auto|always|never",
                     help="Colour the output: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never.")


def check(choice: str) -> None:
    if choice not in CHOICES:
        fail(f"--color {choice!r}: use auto, always or never")


def dumb_terminal() -> bool:
    """A terminal that cannot move the cursor or colour (``TERM=dumb``, as Emacs' shell sets)."""
    return os.environ.get("TERM", "") == "dumb"


def wanted(choice: str, stream: IO[str]) -> bool:
    """Whether to colour ``stream``."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or dumb_terminal():
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
