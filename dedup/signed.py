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

from dedup.minhash import Signatures
from dedup.records import Article, Member


def append_rows(array_: np.ndarray, values: np.ndarray, used: int) -> np.ndarray:
    """``array_[:used]`` followed by ``values`` (rows). The array grows in place by at least
    an eighth: realloc moves large blocks without copying them, and the room reserved but
    not yet used stays small."""
    need = used + len(values)
    if need > len(array_):
        array_.resize((max(need, len(array_) + len(array_) // 8, 1024), *array_.shape[1:]), refcheck=False)
    array_[used:need] = values
    return array_


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
        # every article's paragraph units, for the boilerplate survey (dropped after it)
        self.unit_hashes = np.empty(0, dtype=np.uint32)
        self.unit_contexts = np.empty(0, dtype=np.uint16)
        self.unit_ends = array("q")
        self.dropped: set[int] = set()

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, batch: list[Article], signed: Signatures, keep: np.ndarray) -> None:
        """Add the articles of ``batch`` (signed as ``signed``) where ``keep`` is true."""
        sigs, sizes = signed.matrix[keep], signed.shingles[keep]
        self._add_units(signed, keep)
        batch = [article for article, kept in zip(batch, keep) if kept]
        self.sigs = append_rows(self.sigs, sigs, len(self))
        self.sizes = append_rows(self.sizes, sizes, len(self))
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

    def _add_units(self, signed: Signatures, keep: np.ndarray) -> None:
        starts = np.concatenate(([0], signed.unit_ends[:-1]))
        counts = (signed.unit_ends - starts)[keep]
        picked = np.repeat(keep, signed.unit_ends - starts)
        total = self.unit_ends[-1] if self.unit_ends else 0
        self.unit_hashes = append_rows(self.unit_hashes, signed.unit_hashes[picked], total)
        self.unit_contexts = append_rows(self.unit_contexts, signed.unit_contexts[picked], total)
        self.unit_ends.extend((total + np.cumsum(counts)).tolist())

    def units(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit hashes, contexts and per-article ends, as collected."""
        total = self.unit_ends[-1] if self.unit_ends else 0
        return self.unit_hashes[:total], self.unit_contexts[:total], np.frombuffer(self.unit_ends, dtype=np.int64)

    def drop_units(self) -> None:
        self.unit_hashes = np.empty(0, dtype=np.uint32)
        self.unit_contexts = np.empty(0, dtype=np.uint16)
        self.unit_ends = array("q")

    def drop(self, row: int) -> None:
        """Leave ``row`` out of clustering (it was skipped after signing)."""
        self.dropped.add(row)

    def replace(self, row: int, sig: np.ndarray, size: int) -> None:
        """Put a new signature in ``row`` (the article re-signed without its boilerplate)."""
        self.sigs[row] = sig
        self.sizes[row] = size

    def trim(self) -> None:
        """Give back the room reserved for articles that never came."""
        self.sigs.resize((len(self), self.sigs.shape[1]), refcheck=False)
        self.sizes.resize(len(self), refcheck=False)

    def drop_signatures(self) -> None:
        """Free the signatures once clusters are known: reporting needs only the metadata."""
        self.sigs = np.empty((0, self.sigs.shape[1]), dtype=np.uint32)

    def path(self, row: int) -> str | None:
        head = self.path_heads[row]
        return (head or "") + (self.ids[row] or "") if self.path_is_head_and_id[row] else head

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
