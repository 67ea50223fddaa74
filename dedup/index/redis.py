"""The shared store of an index: a Redis database, for several workers or hosts.

``redis://host:port/db`` (``?prefix=name`` keeps several indexes in one database). Under the
prefix (``dedup`` by default): ``meta`` (a hash: the configuration the index was built with,
and ``batches``, a count of the batches ever written), ``ids`` (a set of every article id),
``doc:<id>`` (a hash: reported metadata, distinct-shingle count, signature as raw little-endian
uint32 bytes) and ``band:<key>`` (a set of the ids with that band key). Values are plain
strings and bytes: nothing is ever unpickled from the database.

Every write of a batch is one ``MULTI``/``EXEC`` transaction, so a reader sees a batch whole or
not at all, and a writer cut off mid-batch leaves nothing of it. Each transaction is checked
inside it (``WATCH`` on ``meta``) against what this writer knows of the index: its settings
still recorded and the same, and the batch count no lower than after this writer's last
batch. A server that lost the index's keys (restarted without persistence, restored from an
older snapshot, keys evicted) fails that check, and the write is refused with an error rather
than resumed on what is left: the client's own reconnection cannot hide the loss. A prefix
that holds articles but no settings is refused when opened.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np

from dedup.errors import DedupError
from dedup.extras import install
from dedup.index.store import KeysOf, Row, StoredRow

_FIELDS = (b"path", b"title", b"date", b"source", b"size", b"sig")
SAMPLE = 256  # articles whose keys are measured to estimate the index's memory
_KINDS = {"meta": b"hash", "ids": b"set"}  # the types the index's own keys must have


class RedisStore:
    """A :class:`~dedup.index.store.Store` in a Redis database; rows come back as
    :class:`~dedup.index.store.StoredRow` without a number (``doc`` is ``None``)."""

    format = "2"  # the layout of what it holds (SQLite's format 3 changed nothing here)

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        try:
            import redis
        except ImportError as error:
            raise DedupError(f"a Redis index needs the redis package: {install('redis')}") from error
        parts = urlsplit(url)
        self.address = f"{parts.hostname or 'localhost'}:{parts.port or 6379}/{(parts.path or '/0').lstrip('/') or '0'}"
        self._prefix = parse_qs(parts.query).get("prefix", ["dedup"])[0] + ":"
        # the prefix as a SCAN pattern: its own *, ?, [ and ] match only themselves
        self._pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self._prefix)
        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._refused = redis.exceptions.ResponseError
        self._watch_error = redis.exceptions.WatchError
        self._redis = redis.Redis.from_url(url.split("?")[0], socket_timeout=timeout, socket_connect_timeout=min(5.0, timeout))
        self._call(self._redis.ping)
        self._settings: str | None = None  # the settings this writer knows the index by
        self._batches = 0  # the index's batch count after this writer's last write

    def _call(self, function, *args):
        try:
            return function(*args)
        except self._errors as error:
            raise self._unreachable(error) from error
        except self._refused as error:
            raise self._refusal(error) from error

    def _unreachable(self, error: Exception) -> DedupError:
        return DedupError(f"cannot reach Redis at {self.address} ({error}); is redis-server running there? "
                          "Nothing of the batch in flight was stored.")

    def _refusal(self, error: Exception) -> DedupError:
        return DedupError(f"Redis at {self.address} refused a command on the keys under {self._prefix!r} ({error}): "
                          "they hold something other than a dedup index; give the index its own prefix "
                          "with ?prefix=NAME")

    def _key(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    # the configuration ---------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        for name, kind in _KINDS.items():
            found = self._call(self._redis.type, self._key(name))
            if found not in (b"none", kind):
                raise DedupError(f"Redis at {self.address}: the key {self._key(name)!r} holds a {found.decode()}, not the "
                                 "index's own; give the index its own prefix with ?prefix=NAME")
        found = {k.decode(): v.decode() for k, v in self._call(self._redis.hgetall, self._key("meta")).items()}
        if not found and (held := int(self._call(self._redis.scard, self._key("ids")))):
            raise DedupError(self._lost(f"holds {held:,} articles but not the settings they were signed with"))
        self._settings = found.get("settings")
        self._batches = int(found.get("batches", 0))
        return found

    def set_meta(self, values: dict[str, str]) -> None:
        self._call(lambda: self._redis.hset(self._key("meta"), mapping=values))  # type: ignore[arg-type]  # str values are what Redis takes
        self._settings = values.get("settings", self._settings)

    def _lost(self, what: str) -> str:
        return (f"Redis at {self.address}: the index under {self._prefix!r} {what}: the server lost keys (restarted "
                "without persistence, restored from an older snapshot, or evicted them), so articles added before are "
                "gone; nothing more was written. Remove what is left of it (redis-cli --scan --pattern "
                f"'{self._pattern}*' | xargs redis-cli del) and add the articles again, or use another ?prefix=")

    def _transaction(self, write: Callable) -> list:
        """Run ``write(pipe)`` (queueing a batch's commands) as one ``MULTI``/``EXEC``,
        checked inside it against the index this writer knows; ``meta`` is watched, so a
        change to it, or a reconnection, in between makes the check run again."""
        meta = self._key("meta")
        while True:
            pipe = self._redis.pipeline(transaction=True)
            try:
                pipe.watch(meta)
                settings, batches = pipe.hmget(meta, ["settings", "batches"])
                if settings is None:
                    raise DedupError(self._lost("has lost its settings (and with them the articles written before)"))
                if self._settings is not None and settings.decode() != self._settings:  # type: ignore[union-attr]  # bytes
                    raise DedupError(f"Redis at {self.address}: the index under {self._prefix!r} was rebuilt with "
                                     f"{settings.decode()} since this writer opened it with "  # type: ignore[union-attr]
                                     f"{self._settings}; nothing "
                                     "more was written: open it again")
                if int(batches or 0) < self._batches:
                    raise DedupError(self._lost(f"holds {int(batches or 0):,} batches, fewer than the {self._batches:,} "
                                                "written when this writer last wrote"))
                pipe.multi()
                write(pipe)
                pipe.hincrby(meta, "batches", 1)
                done = pipe.execute()
                self._batches = int(done[-1])
                return done
            except self._watch_error:
                continue  # another writer's batch, or a reconnection: check again
            except self._errors as error:
                raise self._unreachable(error) from error
            except self._refused as error:
                raise self._refusal(error) from error
            finally:
                pipe.reset()

    # articles ------------------------------------------------------------------------------

    def put(self, rows: list[Row], keys: np.ndarray, keys_of: KeysOf) -> int:
        """Store articles; returns how many ids were not in the index before, counted by the
        transaction itself (an id removed and added back counts nothing), so that writers
        working at once each count only their own."""
        # an id already stored is replaced: its band entries are read first and removed in
        # the same transaction (should another writer replace it in between, a stale band
        # entry only makes a candidate that verification judges on the current signature)
        old = self.get([r.id for r in rows])
        counted: list[tuple[int, int]] = []  # (the reply's place in the transaction, +1 or -1)

        def write(pipe) -> None:
            counted[:] = [(at, -1) for at in self._delete(pipe, old, keys_of)]
            for row, row_keys in zip(rows, keys):
                fields = {b"path": row.path or "", b"title": row.title or "", b"date": row.date or "",
                          b"source": row.source or "", b"size": row.size, b"sig": row.sig}
                pipe.hset(self._key("doc", row.id), mapping=fields)
                counted.append((len(pipe.command_stack), 1))
                pipe.sadd(self._key("ids"), row.id)
                for key in row_keys:
                    pipe.sadd(self._key("band", f"{int(key):x}"), row.id)

        replies = self._transaction(write)
        return sum(sign * int(replies[at]) for at, sign in counted)

    def candidates(self, keys: np.ndarray, keys_of: KeysOf) -> list[StoredRow]:
        ids = self._call(self._redis.sunion, [self._key("band", f"{int(k):x}") for k in keys])
        return self.get([i.decode() for i in ids])

    def get(self, ids: list[str]) -> list[StoredRow]:
        if not ids:
            return []
        pipe = self._redis.pipeline(transaction=False)
        for doc_id in ids:
            pipe.hmget(self._key("doc", doc_id), _FIELDS)
        rows: list[StoredRow] = []
        for doc_id, values in zip(ids, self._call(pipe.execute)):
            if values[5] is None:
                continue
            path, title, date, source = (v.decode() or None for v in values[:4])
            rows.append(StoredRow(None, doc_id, path, title, date, source, int(values[4]), values[5]))
        return rows

    def remove(self, ids: list[str], keys_of: KeysOf) -> int:
        old = self.get(ids)
        if old:
            self._transaction(lambda pipe: self._delete(pipe, old, keys_of))
        return len(old)

    def _delete(self, pipe, old: list[StoredRow], keys_of: KeysOf) -> list[int]:
        """Queue the removal of stored rows; returns the places of the replies that say
        whether each id was still listed."""
        listed = []
        for row in old:
            for key in keys_of(row.sig):
                pipe.srem(self._key("band", f"{int(key):x}"), row.id)
            pipe.delete(self._key("doc", row.id))
            listed.append(len(pipe.command_stack))
            pipe.srem(self._key("ids"), row.id)
        return listed

    def __len__(self) -> int:
        return int(self._call(self._redis.scard, self._key("ids")))

    def check(self) -> list[str]:
        """Ids without a record, and band entries that name an id the index does not hold."""
        ids = {i.decode() for i in self._call(self._redis.smembers, self._key("ids"))}
        problems = [f"{doc_id}: listed but its record is missing" for doc_id in sorted(ids) if not self.get([doc_id])]
        for key in self._call(lambda: list(self._redis.scan_iter(match=self._pattern + "band:*", count=1000))):
            strays = {m.decode() for m in self._call(self._redis.smembers, key)} - ids
            if strays:
                problems.append(f"{key.decode()}: names {len(strays)} articles not in the index")
        return problems

    def size_on_disk(self, keys_of: KeysOf) -> int:
        """Redis keeps the index in memory: the bytes its keys take there, estimated from
        ``SAMPLE`` articles picked at random (exact for an index that small): each article's
        record, and its share of each band key it is in (the key's bytes over its members).
        Walking every key instead took a minute at 100,000 articles."""
        ids = [i.decode() for i in self._call(self._redis.srandmember, self._key("ids"), SAMPLE)]
        if not ids:
            return 0
        rows = self.get(ids)
        pipe = self._redis.pipeline(transaction=False)
        for row in rows:
            pipe.memory_usage(self._key("doc", row.id))
            for key in keys_of(row.sig):
                pipe.memory_usage(self._key("band", f"{int(key):x}"))
                pipe.scard(self._key("band", f"{int(key):x}"))
        replies = self._call(pipe.execute)
        per_article, at = 0.0, 0
        for row in rows:
            per_article += replies[at] or 0
            at += 1
            for _ in range(len(keys_of(row.sig))):
                usage, members = replies[at] or 0, replies[at + 1] or 1
                per_article += usage / members
                at += 2
        listed = len(self)
        fixed = sum(self._call(self._redis.memory_usage, self._key(name)) or 0 for name in ("meta", "ids"))
        return round(fixed + per_article / len(rows) * listed)

    def close(self) -> None:
        self._redis.close()
