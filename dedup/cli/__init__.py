"""The ``dedup`` command: each subcommand parses options, calls one library function and
renders its result. Library errors become ``Error: …`` with exit status 1."""

from __future__ import annotations

import logging
import signal
import sys

from dedup.cli import compare as _compare  # noqa: F401  (registers `dedup compare`)
from dedup.cli import diff as _diff  # noqa: F401  (registers `dedup diff`)
from dedup.cli import index as _index  # noqa: F401  (registers `dedup index …`)
from dedup.cli import read as _read  # noqa: F401  (registers `dedup read`)
from dedup.cli import report as _report  # noqa: F401  (registers `dedup report`)
from dedup.cli import scan as _scan  # noqa: F401  (registers `dedup scan`)
from dedup.cli.app import app


INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `dedup scan … | head` ends quietly when head has read enough, like other tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGINT, _interrupted)
    # the commands list skips themselves, with every reason: the library's summary lines would repeat them
    skips = logging.getLogger("dedup.skips")
    skips.addHandler(logging.NullHandler())
    skips.propagate = False
    app()


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C: a line saying what became of the work, no traceback. Raised as SystemExit so
    that open outputs unwind: a result file is only ever renamed into place once whole, and
    an index keeps every batch committed before the interruption."""
    sys.stderr.write("\nInterrupted: stopped before finishing. No --output or --report file was written; "
                     "an index keeps the batches committed before now.\n")
    raise SystemExit(INTERRUPTED)


__all__ = ["app", "main"]
