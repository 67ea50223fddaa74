"""Articles a stream has added but not yet committed, looked up as the store is.

One transaction per article would bound a stream by the store's commits (about 2 ms each for
SQLite at 100,000 articles, with the band keys landing all over its B-tree); a stream instead
keeps its newest articles here and commits them as one batch. Queries see them here until
then, so a stream's decisions are the same as with a commit per article.
"""

from __future__ import annotations

import time
from itertools import repeat

import numpy as np

from dedup.index.store import Row


class Pending:
    """Rows (as :meth:`~dedup.index.store.Store.put` takes them), their signatures and band keys, by band key."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self._keys: list[np.ndarray] = []
        # a key's newest position, and every position of the few keys held more than once
        # (dict and set operations in C: a stream adds 64 keys an article)
        self._last: dict[int, int] = {}
        self._shared: dict[int, list[int]] = {}
        self._latest: dict[str, int] = {}  # an id's newest row: a re-added article replaces itself
        self.since = 0.0

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: Row, keys: np.ndarray) -> None:
        if not self.rows:
            self.since = time.monotonic()
        position = len(self.rows)
        self.rows.append(row)
        self._keys.append(keys)
        self._latest[row.id] = position
        listed = keys.tolist()
        for key in self._last.keys() & listed:
            self._shared.setdefault(key, [self._last[key]]).append(position)
        self._last.update(zip(listed, repeat(position)))

    def holds(self, doc_id: str) -> bool:
        return doc_id in self._latest

    def candidates(self, keys: np.ndarray) -> list[Row]:
        """The newest row of each pending article sharing a band key with ``keys``."""
        listed = keys.tolist()
        hits = set(map(self._last.get, listed))
        hits.discard(None)
        found: set[int] = hits  # type: ignore[assignment]  # (None taken out)
        for key in self._shared.keys() & listed:
            found.update(self._shared[key])
        return [self.rows[p] for p in sorted(found) if self._latest[self.rows[p].id] == p]

    def batch(self) -> tuple[list[Row], np.ndarray]:
        """What to commit: the newest row of each article, and their band keys."""
        keep = sorted(self._latest.values())
        return [self.rows[p] for p in keep], np.stack([self._keys[p] for p in keep]) if keep else np.empty((0, 0), np.uint64)

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]
