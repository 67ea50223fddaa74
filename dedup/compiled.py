"""Settings shared by the compiled (numba) kernels.

Compiled machine code is cached, so only the first run on a machine pays the compilation (a
few seconds). The cache sits beside the modules when that folder is writable; otherwise (a
system-wide install run by another user) in a per-user folder under the temporary directory,
rather than failing. ``DEDUP_NUMBA_CACHE=0`` turns caching off; numba's own
``NUMBA_CACHE_DIR`` is respected.
"""

import os
import tempfile

from numba.core import config as _numba_config


def _cache() -> bool:
    if os.environ.get("DEDUP_NUMBA_CACHE", "1") == "0":
        return False
    package = os.path.dirname(os.path.abspath(__file__))
    if os.environ.get("NUMBA_CACHE_DIR") or _writable(os.path.join(package, "__pycache__"), package):
        return True
    fallback = os.path.join(tempfile.gettempdir(), f"newsdedup-numba-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    try:
        os.makedirs(fallback, mode=0o700, exist_ok=True)
    except OSError:
        return False
    _numba_config.CACHE_DIR = fallback  # type: ignore[attr-defined]  # numba sets its config attributes at run time
    return True


def _writable(folder: str, parent: str) -> bool:
    return os.access(folder, os.W_OK) if os.path.isdir(folder) else os.access(parent, os.W_OK)


CACHE = _cache()


_announced = False


def loaded(kernel: object) -> bool:
    """Whether ``kernel`` (a numba dispatcher) has machine code in this process already."""
    return bool(getattr(kernel, "overloads", None))


def cached(kernel: object) -> bool:
    """Whether ``kernel``'s compiled code is in the on-disk cache (from an earlier run)."""
    cache = getattr(kernel, "_cache", None)
    index = getattr(getattr(cache, "_cache_file", None), "_index_path", None)
    return index is not None and os.path.exists(index)


def announce_first_compile(*kernels: object) -> None:
    """Say once, through the ``dedup`` logger, when a kernel about to run has no compiled
    code on this machine yet: the first run after an install compiles it (tens of seconds of
    CPU), and a silent wait looks like a hang."""
    global _announced
    if _announced or not CACHE:
        return
    for kernel in kernels:
        if not loaded(kernel) and not cached(kernel):
            import logging

            _announced = True
            logging.getLogger("dedup").warning(
                "compiling the matching kernels for this machine, once (up to a minute); later runs start at once")
            return
