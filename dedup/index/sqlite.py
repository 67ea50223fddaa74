"""The embedded store of an index: one SQLite file.

Four tables: ``meta`` (the configuration the index was built with, and ``merged``: the
watermark below), ``docs`` (one row an article, numbered in the order added and never reusing
a number: id, reported metadata, distinct-shingle count, signature as a little-endian uint32
blob), ``bands`` (one row per band key of each article, ``(key, doc)`` as the primary key of
a table without rowids, so a lookup by key is one B-tree seek and nothing else is stored) and
``keyfilter`` (one row: a Bloom filter of the keys in ``bands``, :mod:`dedup.index.keyfilter`,
so a query seeks only the keys that may be there).

Only the articles numbered up to ``merged`` are in ``bands``. Those added since (at most
:data:`MERGE_ARTICLES`, when the writer that added them merges them; all of them when it closes
the index) have only their ``docs`` row: each open index reads their signatures and keeps
their band keys in memory (:mod:`dedup.index.fresh`), so a commit writes a few pages of
``docs`` instead of rewriting most of the band B-tree. A query looks in both (an article
another writer merged in between is found in both, and counted once). The writer merging
holds the write lock meanwhile: seconds for 20,000 articles, which other writers wait out.

The file is in WAL mode: readers in other processes go on while one writer commits, and a
writer killed mid-batch loses that batch only: each batch is one transaction, and so is each
merge (a writer killed in one leaves its articles unmerged, found as before).

A second writer waits for the first: it says so (``on_wait``), waits up to ``timeout``
seconds, then gives up with an error. A file is only ever written to once it is known to be
a dedup index (or an empty file or database that ``create`` allows making one of): another
application's database, or an empty file opened to be read, is refused before anything is
changed (no WAL switch, no tables). Any SQLite fault (a damaged file, a read-only one)
becomes one :class:`~dedup.DedupError` naming the file.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar
from urllib.parse import quote

import numpy as np

from dedup.errors import DedupError
from dedup.index.fresh import Fresh
from dedup.index.keyfilter import KeyFilter
from dedup.index.store import KeysOf, Row, StoredRow

#: the store's layout (see :mod:`dedup.index.engine`): 3, the newest articles' band keys kept out of
#: ``bands`` until merged, and articles numbered without reuse
FORMAT = "3"
MERGE_ARTICLES = 20_000  # unmerged articles a writer merges into ``bands`` at once (about 20 MB in each open index)
TIMEOUT = 30.0  # seconds a writer waits for another writer's transaction, by default
FIRST_MS = 200  # a lock held longer than this is waited for with a message
CACHE_KB = 262_144  # page cache of a connection (256 MiB at most, used as pages are read)
MMAP_BYTES = 1 << 30
TABLES = frozenset({"meta", "docs", "bands"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    path TEXT, title TEXT, date TEXT, source TEXT,
    size INTEGER NOT NULL,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""
# (not in the schema above: indexes made before it get it at their next merge)
_FILTER_TABLE = "CREATE TABLE IF NOT EXISTS keyfilter (merged INTEGER NOT NULL, keys INTEGER NOT NULL, bits BLOB NOT NULL)"
_FIELDS = ", ".join(StoredRow._fields)  # the columns of docs are named as the rows' fields
_INSERT = f"INSERT INTO docs ({', '.join(Row._fields)}) VALUES ({', '.join('?' * len(Row._fields))})"
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[SQLiteStore, _P], _R]) -> Callable[Concatenate[SQLiteStore, _P], _R]:
    """Run a store method waiting out another writer's lock, with SQLite's faults as errors
    that name the file."""

    @functools.wraps(method)
    def run(self: SQLiteStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return self._locked(lambda: method(self, *args, **kwargs))

    return run


class SQLiteStore:
    """A :class:`~dedup.index.store.Store` in one SQLite file: rows of ``docs`` come back as
    :class:`~dedup.index.store.StoredRow`, numbered by ``doc``. Writes that delete take
    ``keys_of``, to find a stored article's band keys by primary key."""

    format = FORMAT

    def __init__(self, path: str | Path, create: bool = True, timeout: float = TIMEOUT,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self._fresh: Fresh | None = None  # the unmerged articles' band keys, once read
        self._filter: KeyFilter | None = None  # what the band table may hold (None: unknown, seek every key)
        self._version = -1  # the file's data_version when they were read (others' commits change it)
        self._keys_of: KeysOf | None = None  # set by a write: this store merges what it added when closed
        self._timeout, self._on_wait = timeout, on_wait
        uri = f"file:{quote(os.path.abspath(self.path))}?mode={'rwc' if create else 'rw'}"
        try:
            self._db = sqlite3.connect(uri, uri=True, timeout=FIRST_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise DedupError(f"{self.path}: cannot open it ({error}); check the path and its permissions") from error
        try:
            self._locked(lambda: self._settle(create))
        except BaseException:
            self._db.close()
            raise

    def _settle(self, create: bool) -> None:
        # band keys land all over the B-tree: a writer that keeps its pages in memory
        # writes each once per batch; readers map the file instead of copying pages
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        self._db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self._db.execute("PRAGMA synchronous=NORMAL")
        tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables >= TABLES:
            return
        if tables:
            raise DedupError(f"{self.path}: not a dedup index (it holds other tables: {', '.join(sorted(tables)[:5])}); "
                             "nothing was changed; give a new file name or an index made by dedup")
        if not create:
            raise DedupError(f"{self.path}: no such index (an empty file; dedup index add creates one)")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")

    def _locked(self, work: Callable[[], _R]) -> _R:
        """``work()``; when another process holds the lock, a message and a wait of up to
        ``timeout`` seconds for it, then an error saying what to do."""
        try:
            try:
                return work()
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
            if self._on_wait is not None:
                self._on_wait(f"{self.path}: another process is writing to this index; waiting up to "
                              f"{self._timeout:g} s for it (--timeout)")
            self._db.execute(f"PRAGMA busy_timeout={round(self._timeout * 1000)}")
            try:
                return work()
            except sqlite3.OperationalError as error:
                if _busy(error):
                    raise DedupError(f"{self.path}: still locked by another process after {self._timeout:g} s; try again "
                                     "when it has finished, or wait longer with --timeout") from error
                raise
            finally:
                self._db.execute(f"PRAGMA busy_timeout={FIRST_MS}")
        except sqlite3.OperationalError as error:
            raise DedupError(f"{self.path}: {error}; check the file, its permissions and its file system") from error
        except sqlite3.DatabaseError as error:
            raise DedupError(f"{self.path}: not a usable index ({error}); it may be damaged: build it again with "
                             "dedup index add into a new file") from error

    # the configuration ---------------------------------------------------------------------

    @_guarded
    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    @_guarded
    def set_meta(self, values: dict[str, str]) -> None:
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    # articles ------------------------------------------------------------------------------

    def put(self, rows: list[Row], keys: np.ndarray, keys_of: KeysOf) -> int:
        """Store articles, in one transaction; an id already stored is replaced. Returns how
        many ids were new (counted under the write lock, so writers working at once each count
        only their own). Their band keys (``keys``) go to ``bands`` with the next merge, from
        their signatures."""
        added = self._insert(rows, keys_of)
        self._keys_of = keys_of
        self._merge(keys_of, MERGE_ARTICLES)
        return added

    @_guarded
    def _insert(self, rows: list[Row], keys_of: KeysOf) -> int:
        with self._transaction():
            replaced = self._delete([r.id for r in rows], keys_of)
            self._db.executemany(_INSERT, rows)
        self._version = -1  # (this connection's own commits leave data_version as it was)
        return len(rows) - replaced

    @_guarded
    def _merge(self, keys_of: KeysOf, least: int) -> None:
        """Move the unmerged articles' band keys into ``bands`` (in key order, so each B-tree
        page they land on is visited once), in one transaction, if there are ``least`` or more."""
        self._refresh(keys_of)
        assert self._fresh is not None
        if len(self._fresh) < max(least, 1):
            return
        try:
            with self._transaction():
                self._version = -1
                self._refresh(keys_of)  # what other writers committed meanwhile too
                merged = self._fresh.seen
                live = np.array([d for (d,) in self._db.execute("SELECT doc FROM docs WHERE doc > ?", (self._fresh.merged,))],
                                dtype=np.int64)
                keys, docs = self._fresh.pairs()
                keep = np.isin(docs, live)  # (articles replaced or removed since they were read)
                # (two flat lists zipped: a list of 64 small lists an article is slow to build)
                self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                                     zip(keys[keep].view(np.int64).tolist(), docs[keep].tolist()))
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('merged', ?)", (str(merged),))
                held = self._filtered(keys[keep], merged)
        except BaseException:
            self._fresh = self._filter = None  # read again from the file at the next use
            raise
        self._fresh, self._filter, self._version = Fresh(merged), held, -1

    def _filtered(self, added: np.ndarray, merged: int) -> KeyFilter:
        """The key filter with the merge's ``added`` keys, written (in the merge's
        transaction); built from the band table when there is none, when it is stale (an
        earlier version of newsdedup merged without it) or when it is full."""
        assert self._fresh is not None
        held = self._filter
        if held is None or held.merged != self._fresh.merged or held.full(len(added)):
            held = KeyFilter.sized(self._db.execute("SELECT count(*) FROM bands").fetchone()[0], merged)
            for keys in self._band_keys():
                held.add(keys)
        else:
            held = KeyFilter(held.bits.copy(), held.keys, merged)
            held.add(added)
        self._db.execute(_FILTER_TABLE)
        self._db.execute("DELETE FROM keyfilter")
        self._db.execute("INSERT INTO keyfilter VALUES (?, ?, ?)", (merged, held.keys, held.bits.tobytes()))
        return held

    def _refresh(self, keys_of: KeysOf) -> None:
        """Read the articles added since this store last looked (by any writer), and start
        afresh when another writer has merged. (One statement: one snapshot of the file.)"""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._fresh is not None and version == self._version:
            return  # nothing committed since, by this connection or another
        self._version = version
        while True:
            seen = self._fresh.seen if self._fresh is not None else 1 << 62  # (first, the watermark alone)
            rows = self._db.execute("SELECT value, NULL FROM meta WHERE key = 'merged' UNION ALL "
                                    "SELECT doc, sig FROM docs WHERE doc > ?", (seen,)).fetchall()
            merged = next((int(value) for value, sig in rows if sig is None), 0)
            if self._fresh is not None and self._fresh.merged == merged:
                break
            self._fresh = Fresh(merged)  # first read, or merged by another writer: read what is above it
            self._filter = self._stored_filter(merged)
        new = sorted((doc, sig) for doc, sig in rows if sig is not None and doc > merged)
        if new:
            self._fresh.add(np.array([d for d, _ in new], dtype=np.int64), np.stack([keys_of(sig) for _, sig in new]))

    def _band_keys(self) -> Iterator[np.ndarray]:
        """Every key in the band table, in parts (64 million keys at 1,000,000 articles)."""
        keys = self._db.execute("SELECT key FROM bands")
        while part := keys.fetchmany(1 << 18):
            yield np.fromiter((key for (key,) in part), dtype=np.int64, count=len(part)).view(np.uint64)

    def _stored_filter(self, merged: int) -> KeyFilter | None:
        """The file's key filter, if it covers every article up to ``merged``."""
        try:
            found = self._db.execute("SELECT merged, keys, bits FROM keyfilter").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None  # (made before the filter; the next merge adds it)
            raise
        if found is None or found[0] < merged:
            return None
        return KeyFilter(np.frombuffer(found[2], dtype=np.uint8), found[1], found[0])

    @_guarded
    def candidates(self, keys: np.ndarray, keys_of: KeysOf) -> list[StoredRow]:
        """The stored articles that share at least one band key with ``keys``."""
        self._refresh(keys_of)
        assert self._fresh is not None
        sought = keys if self._filter is None else keys[self._filter.may_hold(keys)]
        signed = sought.view(np.int64).tolist()
        marks = ",".join("?" * len(signed))
        rows = list(map(StoredRow._make, self._db.execute(
            f"SELECT {_FIELDS} FROM docs WHERE doc IN (SELECT doc FROM bands WHERE key IN ({marks}))", signed
        ))) if signed else []
        # (an article another writer merged since the refresh is in both)
        listed = {row.doc for row in rows}
        return rows + self._rows("doc", [doc for doc in self._fresh.docs(keys) if doc not in listed])

    @_guarded
    def get(self, ids: list[str]) -> list[StoredRow]:
        return self._rows("id", ids)

    def _rows(self, column: str, values: list) -> list[StoredRow]:
        rows: list[StoredRow] = []
        for start in range(0, len(values), 900):  # under SQLite's limit of bound variables
            part = values[start : start + 900]
            marks = ",".join("?" * len(part))
            rows += map(StoredRow._make, self._db.execute(f"SELECT {_FIELDS} FROM docs WHERE {column} IN ({marks})", part))
        return rows

    @_guarded
    def remove(self, ids: list[str], keys_of: KeysOf) -> int:
        with self._transaction():
            gone = self._delete(ids, keys_of)
        self._version = -1
        return gone

    def _delete(self, ids: list[str], keys_of: KeysOf) -> int:
        gone = 0
        for row in self.get(ids):
            keys = keys_of(row.sig).view(np.int64)
            self._db.executemany("DELETE FROM bands WHERE key = ? AND doc = ?", ((int(k), row.doc) for k in keys))
            gone += self._db.execute("DELETE FROM docs WHERE doc = ?", (row.doc,)).rowcount
        return gone

    @_guarded
    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    @_guarded
    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and by matching bands against docs."""
        problems = [row[0] for row in self._db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        orphans = self._db.execute("SELECT count(*) FROM bands WHERE doc NOT IN (SELECT doc FROM docs)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} band keys of articles not in the index")
        found = self._db.execute("SELECT value FROM meta WHERE key = 'merged'").fetchone()
        merged = int(found[0]) if found else 0
        early = self._db.execute("SELECT count(*) FROM bands WHERE doc > ?", (merged,)).fetchone()[0]
        if early:
            problems.append(f"{early} band keys of articles above the merge watermark")
        held = self._stored_filter(merged)
        if held is not None:
            missed = sum(int(np.count_nonzero(~held.may_hold(keys))) for keys in self._band_keys())
            if missed:
                problems.append(f"{missed} band keys missing from the key filter")
        return problems

    def size_on_disk(self, keys_of: KeysOf) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    def close(self) -> None:
        """Merge what this store added (a store only read from writes nothing), and close."""
        try:
            if self._keys_of is not None:
                self._merge(self._keys_of, 1)
        finally:
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
        if not kind:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:  # (SQLite may have rolled back already)
            self._db.execute("ROLLBACK")


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)
