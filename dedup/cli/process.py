"""How the command's process starts and ends, where the command owns the interpreter (the
library leaves a caller's process as it found it):

- numba's first compiled call imports ``numba.np.arraymath``, which probes for BLAS by
  importing SciPy's linear algebra (some 0.25 s on these machines); no kernel here needs it
  then, so the command lets the probe fail (:func:`skip_blas_probe`). ``np.dot`` and ``@`` in
  a kernel still reach SciPy's BLAS: they import it themselves when they are compiled or run;
- a finished command leaves without the interpreter's teardown (:func:`leave`).
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from types import ModuleType
from typing import NoReturn

PROBING = "numba.np.arraymath"  # the module whose import probes for BLAS
PROBED = "scipy.linalg"  # what the probe imports


def skip_blas_probe() -> None:
    """Make numba's BLAS probe find no BLAS, once (nothing when SciPy's linear algebra is
    loaded already: then the probe costs nothing)."""
    if PROBED not in sys.modules and PROBING not in sys.modules:
        sys.meta_path.insert(0, _NoBlasProbe())  # type: ignore[arg-type]  # a finder needs only find_spec


class _NoBlasProbe:
    """An import finder that refuses :data:`PROBED` while :data:`PROBING` is being imported
    (the probe catches the ImportError and goes on without BLAS), and passes on every other
    import: after that one, all of them. (It stays in ``sys.meta_path``: taking it out while
    the import system walks the list would skip the finder after it.)"""

    done = False

    def find_spec(self, name: str, path: object = None, target: ModuleType | None = None) -> None:
        if self.done or (probing := sys.modules.get(PROBING)) is None:
            return
        if not getattr(probing.__spec__, "_initializing", False):
            self.done = True
        elif name == PROBED:
            raise ImportError(f"{PROBED} left out of numba's BLAS probe (dedup.cli.process)")


def leave(code: object) -> NoReturn:
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
