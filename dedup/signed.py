"""What a scan keeps of each article once its text is signed, packed to stay small.

A signature row (``num_perm`` × 4 bytes), the shingle count, and the metadata that cluster
members report, in columns: strings packed as UTF-8 in one buffer cost about a byte a
character, where a ``str`` object costs some fifty bytes more, and values many articles share
(a date, an outlet, a folder) are one object each.
"""

from __future__ import annotations

import sys
from array import array

import numpy as np

from dedup.records import Article, Member


class TextColumn:
    """Append-only strings packed as UTF-8; ``None`` and ``""`` are both stored as empty and
    read back as ``None``.

    >>> column = TextColumn()
    >>> column.append("Port strike"); column.append(None)
    >>> column[0], column[1], len(column)
    ('Port strike', None, 2)
    """

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")

    def append(self, value: str | None) -> None:
        if value:
            self._data += value.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __getitem__(self, index: int) -> str | None:
        start = self._ends[index - 1] if index > 0 else 0
        end = self._ends[index]
        return str(memoryview(self._data)[start:end], "utf-8", "surrogatepass") if end > start else None

    def __len__(self) -> int:
        return len(self._ends)


class Signed:
    """Signatures and metadata of the articles of one scan, in the order they were read."""

    def __init__(self, num_perm: int) -> None:
        self.sigs = np.empty((0, num_perm), dtype=np.uint32)
        self.sizes = np.empty(0, dtype=np.int64)
        self.ids = TextColumn()
        self.titles = TextColumn()
        # a file's path is usually its folder prefix plus its id: keep one shared prefix
        # object and a flag, and rebuild the path when a member is reported
        self.path_heads: list[str | None] = []
        self.path_is_head_and_id = bytearray()
        self.dates: list[str | None] = []
        self.sources: list[str | None] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, batch: list[Article], sigs: np.ndarray, sizes: np.ndarray) -> None:
        start, stop = len(self), len(self) + len(batch)
        if stop > len(self.sizes):
            # grow in place by an eighth: realloc moves large blocks without copying them,
            # and the room reserved but not yet used stays small
            capacity = max(stop, len(self.sizes) + len(self.sizes) // 8, 1024)
            self.sigs.resize((capacity, self.sigs.shape[1]), refcheck=False)
            self.sizes.resize(capacity, refcheck=False)
        self.sigs[start:stop] = sigs
        self.sizes[start:stop] = sizes
        for article in batch:
            self.ids.append(article.id)
            self.titles.append(article.title)
            path, joined = article.path, False
            if path and path.endswith(article.id) and len(path) > len(article.id):
                path, joined = path[: -len(article.id)], True
            self.path_heads.append(None if path is None else sys.intern(path))
            self.path_is_head_and_id.append(joined)
            # few distinct values: one shared object each
            self.dates.append(None if article.date is None else sys.intern(article.date))
            self.sources.append(None if article.source is None else sys.intern(article.source))

    def trim(self) -> None:
        """Give back the room reserved for articles that never came."""
        self.sigs.resize((len(self), self.sigs.shape[1]), refcheck=False)
        self.sizes.resize(len(self), refcheck=False)

    def drop_signatures(self) -> None:
        """Free the signatures once clusters are known: reporting needs only the metadata."""
        self.sigs = np.empty((0, self.sigs.shape[1]), dtype=np.uint32)

    def path(self, row: int) -> str | None:
        head = self.path_heads[row]
        return head + (self.ids[row] or "") if self.path_is_head_and_id[row] else head

    def member(self, row: int, similarity: float, containment: float) -> Member:
        return Member(
            id=self.ids[row] or "",
            path=self.path(row),
            title=self.titles[row],
            date=self.dates[row],
            source=self.sources[row],
            similarity=round(float(similarity), 4),
            containment=round(float(containment), 4),
        )
