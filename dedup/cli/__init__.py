"""The ``dedup`` command: each subcommand parses options, calls one library function and
renders its result. Library errors become ``Error: …`` with exit status 1."""

from __future__ import annotations

import signal

from dedup.cli import compare as _compare  # noqa: F401  (registers `dedup compare`)
from dedup.cli import diff as _diff  # noqa: F401  (registers `dedup diff`)
from dedup.cli import index as _index  # noqa: F401  (registers `dedup index …`)
from dedup.cli import read as _read  # noqa: F401  (registers `dedup read`)
from dedup.cli import report as _report  # noqa: F401  (registers `dedup report`)
from dedup.cli import scan as _scan  # noqa: F401  (registers `dedup scan`)
from dedup.cli.app import app


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `dedup scan … | head` ends quietly when head has read enough, like other tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()


__all__ = ["app", "main"]
