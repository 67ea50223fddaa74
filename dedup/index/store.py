"""What an index asks of its store, and the rows that pass between them.

:class:`~dedup.index.engine.Index` signs, verifies and decides; a store only keeps articles and
finds them by band key. Two stores keep the contract: one SQLite file
(:class:`~dedup.index.sqlite.SQLiteStore`) and a Redis database
(:class:`~dedup.index.redis.RedisStore`). ``Index.open`` assigns either to a :class:`Store`,
so mypy fails when one of them misses a call or takes it otherwise.

A store never computes band keys itself: calls that must find a stored article's keys (to
delete them, or to index what another writer added) take ``keys_of``, the index's own
function from a stored signature to its band keys, so the band layout stays the index's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Protocol

import numpy as np

KeysOf = Callable[[bytes], np.ndarray]  # a stored signature's band keys (uint64, one a band)


class Row(NamedTuple):
    """An article as an index keeps it: what :meth:`Store.put` takes."""

    id: str  # the index's id of the article (:func:`~dedup.index.engine.identity`)
    path: str | None
    title: str | None
    date: str | None
    source: str | None
    size: int  # distinct shingles
    sig: bytes  # the MinHash signature, little-endian uint32


class StoredRow(NamedTuple):
    """A :class:`Row` read back from a store, with the store's own number for it (SQLite's
    ``docs.doc``; ``None`` in a store that numbers nothing, as Redis)."""

    doc: int | None
    id: str
    path: str | None
    title: str | None
    date: str | None
    source: str | None
    size: int
    sig: bytes


class Store(Protocol):
    """The calls an :class:`~dedup.index.engine.Index` makes on its store. Every call raises
    :class:`~dedup.DedupError`, naming the store and what to do, when the store cannot be
    read or written (a damaged or locked file, an unreachable server, keys held by another
    application)."""

    @property
    def format(self) -> str:
        """The layout of what the store holds, recorded in its meta when the index is made
        and compared when it is opened: a store of another format is refused."""
        ...

    def meta(self) -> dict[str, str]:
        """The index's recorded settings (``config``, ``settings``, ``bands``, ``format``, and
        what the store keeps of its own); empty for a store that holds no index yet. A store
        may note them to check its later writes against (Redis does)."""
        ...

    def set_meta(self, values: dict[str, str]) -> None:
        """Record ``values`` in the meta, replacing those of the same keys, at once."""
        ...

    def put(self, rows: list[Row], keys: np.ndarray, keys_of: KeysOf) -> int:
        """Store ``rows`` with their band keys (``keys``, a row of uint64 keys an article) as
        one transaction: all or none of them. An id already stored is replaced, its old
        band keys dropped. Returns how many ids were not in the store before, counted so
        that writers working at once each count only their own."""
        ...

    def candidates(self, keys: np.ndarray, keys_of: KeysOf) -> list[StoredRow]:
        """The stored articles that share at least one of the band ``keys`` (one article's,
        uint64), each once, in no particular order; what other writers committed included."""
        ...

    def get(self, ids: list[str]) -> list[StoredRow]:
        """The stored articles of ``ids``; ids not stored are left out."""
        ...

    def remove(self, ids: list[str], keys_of: KeysOf) -> int:
        """Remove the articles of ``ids`` and their band keys, as one transaction; returns how
        many were stored."""
        ...

    def __len__(self) -> int:
        """How many articles are stored."""
        ...

    def check(self) -> list[str]:
        """Consistency problems, one line each (band keys of articles not stored, records
        missing, the store's own integrity check); empty when the store is sound."""
        ...

    def size_on_disk(self, keys_of: KeysOf) -> int:
        """Bytes the store takes: its files, or for a store in memory an estimate of what its
        keys take there."""
        ...

    def close(self) -> None:
        """Finish what the store has pending (SQLite merges what it added) and let go of the
        file or connection; the store is not used again."""
        ...
