"""Each article's distinct shingle hashes, kept on disk while a scan runs, for exact overlaps.

A scan settles the pairs that signatures cannot (an estimate near a threshold, a pair similar
by containment alone: :mod:`dedup.walk`) from the shingle hashes themselves. The signing
kernel hands them over in reading order (:func:`dedup.minhash.signatures` with
``keep_hashes``), 4 bytes a distinct shingle, and they go to an unnamed temporary file that the
system deletes when it is closed, or when the process ends however it ends. Memory keeps 12
bytes an article (where its hashes start and how many), and no input is read twice.

>>> import numpy as np
>>> with Spool() as spool:
...     spool.add(np.array([7, 8, 9, 5], dtype=np.uint32), np.array([3, 1]))
...     spool.replace(0, np.array([1, 2], dtype=np.uint32))
...     hashes, starts = spool.read(np.array([1, 0]))
>>> hashes.tolist(), starts.tolist()
([5, 1, 2], [0, 1, 3])
"""

from __future__ import annotations

import tempfile
from array import array

import numpy as np


class Spool:
    """Rows of ``uint32`` shingle hashes, appended in row order, each readable by row."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="dedup-shingles-", buffering=0)
        self._starts = array("q")  # in hashes, from the start of the file
        self._counts = array("i")
        self._end = 0

    def __len__(self) -> int:
        return len(self._starts)

    def add(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        """Append rows: ``counts[i]`` hashes each, one row after another in ``hashes``."""
        starts = self._end + np.concatenate(([0], np.cumsum(counts)[:-1])) if len(counts) else []
        self._starts.extend(int(s) for s in starts)
        self._counts.extend(int(c) for c in counts)
        self._write(hashes)

    def replace(self, row: int, hashes: np.ndarray) -> None:
        """Give ``row`` new hashes (the article signed again without its boilerplate); the old
        ones stay in the file unread."""
        self._starts[row] = self._end
        self._counts[row] = len(hashes)
        self._write(hashes)

    def read(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The hashes of ``rows``, one row after another, and where each row's start (with the
        total at the end)."""
        counts = np.fromiter((self._counts[r] for r in rows), dtype=np.int64, count=len(rows))
        starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        out = np.empty(starts[-1], dtype="<u4")
        view = memoryview(out).cast("B")
        for i, row in enumerate(rows.tolist()):
            self._file.seek(4 * self._starts[row])
            target = view[4 * starts[i] : 4 * starts[i + 1]]
            while target:
                got = self._file.readinto(target)
                if not got:
                    raise OSError("the shingle spool ended early (its temporary file was cut short)")
                target = target[got:]
        return out.astype(np.uint32, copy=False), starts

    def _write(self, hashes: np.ndarray) -> None:
        self._file.seek(4 * self._end)
        data = memoryview(np.ascontiguousarray(hashes, dtype="<u4")).cast("B")
        while data:
            data = data[self._file.write(data) :]
        self._end += len(hashes)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
