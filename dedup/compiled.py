"""Settings shared by the compiled (numba) kernels.

Compiled machine code is cached beside the modules, so only the first run on a machine pays
the compilation (a few seconds); ``DEDUP_NUMBA_CACHE=0`` turns the cache off, for read-only
installs.
"""

import os

CACHE = os.environ.get("DEDUP_NUMBA_CACHE", "1") != "0"
