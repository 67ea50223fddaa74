"""The embedded store of an index: one SQLite file.

Three tables: ``meta`` (the configuration the index was built with), ``docs`` (one row an
article: id, reported metadata, distinct-shingle count, signature as a little-endian uint32
blob) and ``bands`` (one row per band key of each article, ``(key, doc)`` as the primary key of
a table without rowids, so a lookup by key is one B-tree seek and nothing else is stored).
The file is in WAL mode: readers in other processes go on while one writer commits, a second
writer waits for the first (``busy_timeout``), and a writer killed mid-batch loses that batch
only: each batch is one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

import numpy as np

from dedup.errors import DedupError

BUSY_MS = 30_000  # how long a writer waits for another writer's transaction
CACHE_KB = 262_144  # page cache of a connection (256 MiB at most, used as pages are read)
MMAP_BYTES = 1 << 30
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT, title TEXT, date TEXT, source TEXT,
    size INTEGER NOT NULL,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""
_FIELDS = "doc, id, path, title, date, source, size, sig"


KeysOf = Callable[[bytes], np.ndarray]  # a stored signature's band keys


class SQLiteStore:
    """Rows of ``docs`` come back as tuples ``(doc, id, path, title, date, source, size, sig)``.
    Writes that delete take ``keys_of``, to find a stored article's band keys by primary key."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # band keys land all over the B-tree: a writer that keeps its pages in memory
            # writes each once per batch; readers map the file instead of copying pages
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
            self._db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise DedupError(f"{self.path}: not a usable index ({error}); give a new file name or an index made by dedup") from error

    # the configuration ---------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def set_meta(self, values: dict[str, str]) -> None:
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    # articles ------------------------------------------------------------------------------

    def put(self, rows: list[tuple], keys: np.ndarray, keys_of: KeysOf) -> None:
        """Store articles (``(id, path, title, date, source, size, sig)`` tuples) with their
        band keys (one row of ``keys`` each), in one transaction; an id already stored is
        replaced."""
        signed = keys.view(np.int64)  # SQLite integers are signed 64-bit
        with self._transaction():
            self._delete([r[0] for r in rows], keys_of)
            docs = np.array([self._db.execute("INSERT INTO docs (id, path, title, date, source, size, sig) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?)", row).lastrowid for row in rows], dtype=np.int64)
            # the batch's band keys in key order: each B-tree page they land on is visited once
            pairs = np.column_stack((signed.ravel(), np.repeat(docs, signed.shape[1])))
            pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
            self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", pairs.tolist())

    def candidates(self, keys: np.ndarray) -> list[tuple]:
        """The stored articles that share at least one band key with ``keys``."""
        signed = [int(k) for k in keys.view(np.int64)]
        marks = ",".join("?" * len(signed))
        return self._db.execute(
            f"SELECT {_FIELDS} FROM docs WHERE doc IN (SELECT doc FROM bands WHERE key IN ({marks}))", signed
        ).fetchall()

    def get(self, ids: list[str]) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(ids), 900):  # under SQLite's limit of bound variables
            part = ids[start : start + 900]
            marks = ",".join("?" * len(part))
            rows += self._db.execute(f"SELECT {_FIELDS} FROM docs WHERE id IN ({marks})", part).fetchall()
        return rows

    def remove(self, ids: list[str], keys_of: KeysOf) -> int:
        with self._transaction():
            return self._delete(ids, keys_of)

    def _delete(self, ids: list[str], keys_of: KeysOf) -> int:
        gone = 0
        for doc, *_, sig in self.get(ids):
            keys = keys_of(sig).view(np.int64)
            self._db.executemany("DELETE FROM bands WHERE key = ? AND doc = ?", ((int(k), doc) for k in keys))
            gone += self._db.execute("DELETE FROM docs WHERE doc = ?", (doc,)).rowcount
        return gone

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and by matching bands against docs."""
        problems = [row[0] for row in self._db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        orphans = self._db.execute("SELECT count(*) FROM bands WHERE doc NOT IN (SELECT doc FROM docs)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} band keys of articles not in the index")
        return problems

    def size_on_disk(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    def close(self) -> None:
        self._db.close()

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): the write lock is taken at the
    start, so two writers queue instead of failing half-way."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self._db.execute("ROLLBACK" if kind else "COMMIT")
