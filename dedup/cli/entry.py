"""The command's entry point: every subcommand registered, signals turned into a line and the
shell's status, the process started and ended quickly (:mod:`dedup.cli.process`)."""

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
from dedup.cli.process import leave, skip_blas_probe

INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C (128 + SIGINT)
TERMINATED = 143  # and for one stopped by SIGTERM (128 + SIGTERM)


def main() -> None:
    # SIGPIPE stays ignored (Python's own setting): a write to a Redis server that went away
    # must be an error naming it, not a silent death; `dedup scan … | head` still ends quietly
    # when head has read enough (the output's closed pipe is handled where it is written)
    signal.signal(signal.SIGINT, _stopped)
    signal.signal(signal.SIGTERM, _stopped)
    # the commands list skips themselves, with every reason: the library's summary lines would repeat them
    skips = logging.getLogger("dedup.skips")
    skips.addHandler(logging.NullHandler())
    skips.propagate = False
    skip_blas_probe()
    try:
        app()
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def _stopped(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM (a service manager, ``kill``, a timeout): a line saying what became
    of the work, no traceback, the shell's status for that signal. Raised as SystemExit so
    that open outputs unwind: a result file is only ever renamed into place once whole (its
    temporary file is removed), and an index keeps every batch committed before the
    interruption. Further signals while unwinding are ignored, so the clean-up finishes."""
    for held in (signal.SIGINT, signal.SIGTERM):
        signal.signal(held, signal.SIG_IGN)
    what = "Interrupted" if signum == signal.SIGINT else "Terminated"
    sys.stderr.write(f"\n{what}: stopped before finishing. No --output or --report file was written; "
                     "an index keeps the batches committed before now.\n")
    raise SystemExit(INTERRUPTED if signum == signal.SIGINT else TERMINATED)

