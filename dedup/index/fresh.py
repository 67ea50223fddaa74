"""The band keys of an SQLite index's newest articles, held in memory instead of in its band
table until they are merged there in one large batch.

A row inserted into the band table lands at a random place in a B-tree of 64 rows an article,
so a commit of a stream's batch rewrites most of that tree's pages: about a second at 100,000
articles, however small the batch. The articles committed since the last merge (those numbered
above the index's watermark) keep only their ``docs`` row on disk, whose signature gives their
band keys again; each open index reads those rows and looks their keys up here.

>>> import numpy as np
>>> fresh = Fresh(merged=10)
>>> fresh.add(np.array([11, 12]), np.array([[5, 7], [7, 9]], dtype=np.uint64))
>>> fresh.docs(np.array([7, 8], dtype=np.uint64)).tolist(), fresh.seen, len(fresh)
([11, 12], 12, 2)
"""

from __future__ import annotations

import numpy as np

RUNS = 8  # sorted runs kept apart before they are sorted into one (each lookup visits each)


class Fresh:
    """Band keys of articles numbered above ``merged``, as sorted runs of ``(key, doc)``."""

    def __init__(self, merged: int) -> None:
        self.merged = merged  # every article numbered up to here has its keys in the band table
        self.seen = merged  # the highest article number read
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []
        self._articles = 0

    def __len__(self) -> int:
        return self._articles

    def add(self, docs: np.ndarray, keys: np.ndarray) -> None:
        """Articles ``docs`` (ascending, above :attr:`seen`) with their band keys, a row each."""
        if not len(docs):
            return
        flat = keys.ravel()
        order = np.argsort(flat, kind="stable")
        self._runs.append((flat[order], np.repeat(docs.astype(np.int64), keys.shape[1])[order]))
        self._articles += len(docs)
        self.seen = int(docs[-1])
        if len(self._runs) > RUNS:
            self._runs = [self._sorted()]

    def docs(self, keys: np.ndarray) -> np.ndarray:
        """The article numbers that share at least one of ``keys``, ascending, each once."""
        found = []
        for run_keys, run_docs in self._runs:
            low = np.searchsorted(run_keys, keys, "left")
            high = np.searchsorted(run_keys, keys, "right")
            found += [run_docs[a:b] for a, b in zip(low.tolist(), high.tolist()) if b > a]
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every ``(key, doc)`` held, in key order (then doc): what a merge inserts."""
        return self._sorted()

    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._runs:
            return np.empty(0, np.uint64), np.empty(0, np.int64)
        keys = np.concatenate([k for k, _ in self._runs])
        docs = np.concatenate([d for _, d in self._runs])
        order = np.lexsort((docs, keys))
        return keys[order], docs[order]
