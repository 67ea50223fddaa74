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
>>> fresh.docs(np.array([7, 8], dtype=np.uint64)), fresh.seen, len(fresh)
([11, 12], 12, 2)
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dedup.compiled import CACHE


class Fresh:
    """Band keys of articles numbered above ``merged``, as at most two runs of ``(key, doc)``
    pairs in key order: the older, and the newer that each read's articles are merged into
    until it is a quarter the size of the older, when the two become one. A lookup visits two
    runs; a key is merged again a few times only (each merge of sorted runs is linear)."""

    def __init__(self, merged: int) -> None:
        self.merged = merged  # every article numbered up to here has its keys in the band table
        self.seen = merged  # the highest article number read
        self._runs: list[_Run] = []
        self._articles = 0

    def __len__(self) -> int:
        return self._articles

    def add(self, docs: np.ndarray, keys: np.ndarray) -> None:
        """Articles ``docs`` (numbered above :attr:`seen`, ascending) with their band keys, a row each."""
        if not len(docs):
            return
        flat = keys.ravel()
        order = np.argsort(flat, kind="stable")
        self._runs.append(_Run(flat[order], np.repeat(docs.astype(np.int64), keys.shape[1])[order]))
        self._articles += len(docs)
        self.seen = int(docs[-1])
        if len(self._runs) == 3:
            self._runs[1:] = [_merged(*self._runs[1:])]
        if len(self._runs) == 2 and len(self._runs[0].keys) <= 4 * len(self._runs[1].keys):
            self._runs = [_merged(*self._runs)]

    def docs(self, keys: np.ndarray) -> list[int]:
        """The article numbers that share at least one of ``keys``, ascending, each once."""
        return sorted(set().union(*(run.find(keys).tolist() for run in self._runs)))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every ``(key, doc)`` held, in key order (then doc): what a merge inserts."""
        if not self._runs:
            return np.empty(0, np.uint64), np.empty(0, np.int64)
        run = self._runs[0]
        for newer in self._runs[1:]:
            run = _merged(run, newer)
        return run.keys, run.docs


class _Run:
    """``(key, doc)`` pairs in key order, with where each range of leading key bits starts:
    band keys are hashes, so a range holds a few keys and a lookup reads two places instead
    of the twenty a binary search of a large array would miss the cache on."""

    def __init__(self, keys: np.ndarray, docs: np.ndarray) -> None:
        self.keys, self.docs = keys, docs
        bits = max(1, int(len(keys)).bit_length() - 1)  # about two keys a range
        self._shift = np.uint64(64 - bits)
        counts = np.bincount((keys >> self._shift).astype(np.intp), minlength=1 << bits)
        self._starts = np.concatenate(([0], np.cumsum(counts)))

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The articles of the pairs whose key is one of ``keys``."""
        return _find(self._starts, self.keys, self.docs, self._shift, keys)


# (compiled: the same in numpy took some 20 µs a run for a query's 64 keys, in ufunc calls)
@njit(cache=CACHE)
def _find(starts, run_keys, run_docs, shift, keys):
    found = []
    for key in keys:
        at = key >> shift
        for p in range(starts[at], starts[at + 1]):
            if run_keys[p] == key:
                found.append(run_docs[p])
    return np.array(found, dtype=np.int64)


def _merged(older: _Run, newer: _Run) -> _Run:
    """Two runs as one; where a key is in both, the older run's (lower) articles first.
    (A stable sort of two sorted runs one after the other is a linear merge.)"""
    keys = np.concatenate((older.keys, newer.keys))
    docs = np.concatenate((older.docs, newer.docs))
    order = np.argsort(keys, kind="stable")
    return _Run(keys[order], docs[order])
