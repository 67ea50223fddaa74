"""The command's entry point: every subcommand registered, signals turned into a line and the
shell's status."""

from __future__ import annotations

import atexit
import logging
import os
import signal
import sys
import threading
from typing import NoReturn

from dedup.cli import compare as _compare  # noqa: F401  (registers `dedup compare`)
from dedup.cli import diff as _diff  # noqa: F401  (registers `dedup diff`)
from dedup.cli import index as _index  # noqa: F401  (registers `dedup index …`)
from dedup.cli import read as _read  # noqa: F401  (registers `dedup read`)
from dedup.cli import report as _report  # noqa: F401  (registers `dedup report`)
from dedup.cli import scan as _scan  # noqa: F401  (registers `dedup scan`)
from dedup.cli.app import app

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
    try:
        app()
    except SystemExit as stop:
        _leave(stop.code)
    _leave(0)


def _leave(code: object) -> NoReturn:
    """End the process as an exit does (threads waited for, exit handlers run, logging and the
    standard streams flushed, the status that ``SystemExit`` gives) without the interpreter's
    teardown, which frees every object one by one: some 0.3 s once the compiled kernels are
    loaded, spent on memory the operating system takes back at once. Every output a command
    writes is closed by then (each is written in its own ``with`` block)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for thread in threading.enumerate():  # the interpreter waits for these first, as here
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone, or a stream already closed
            status = status or 120  # what the interpreter's own exit gives when its flush fails
    os._exit(status)


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

