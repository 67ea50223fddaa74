"""The shared store of an index: a Redis database, for several workers or hosts.

``redis://host:port/db`` (``?prefix=name`` keeps several indexes in one database). Under the
prefix (``dedup`` by default): ``meta`` (a hash: the configuration the index was built with),
``ids`` (a set of every article id), ``doc:<id>`` (a hash: reported metadata, distinct-shingle
count, signature as raw little-endian uint32 bytes) and ``band:<key>`` (a set of the ids with
that band key). Every write of a batch is one ``MULTI``/``EXEC`` transaction, so a reader sees
a batch whole or not at all, and a writer cut off mid-batch leaves nothing of it. Values are
plain strings and bytes: nothing is ever unpickled from the database.
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np

from dedup.errors import DedupError

KeysOf = Callable[[bytes], np.ndarray]
_FIELDS = (b"path", b"title", b"date", b"source", b"size", b"sig")


class RedisStore:
    """The same calls as :class:`dedup.index.sqlite.SQLiteStore`; rows come back as
    ``(None, id, path, title, date, source, size, sig)``."""

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError as error:
            raise DedupError("a Redis index needs the redis package: pip install 'newsdedup[redis]'") from error
        parts = urlsplit(url)
        self.address = f"{parts.hostname or 'localhost'}:{parts.port or 6379}/{(parts.path or '/0').lstrip('/') or '0'}"
        self._prefix = parse_qs(parts.query).get("prefix", ["dedup"])[0] + ":"
        # the prefix as a SCAN pattern: its own *, ?, [ and ] match only themselves
        self._pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self._prefix)
        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._redis = redis.Redis.from_url(url.split("?")[0], socket_timeout=10, socket_connect_timeout=5)
        self._call(self._redis.ping)

    def _call(self, function, *args):
        try:
            return function(*args)
        except self._errors as error:
            raise DedupError(f"cannot reach Redis at {self.address} ({error}); is redis-server running there? "
                             "Nothing of the batch in flight was stored.") from error

    def _key(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    # the configuration ---------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        found = self._call(self._redis.hgetall, self._key("meta"))
        return {k.decode(): v.decode() for k, v in found.items()}

    def set_meta(self, values: dict[str, str]) -> None:
        self._call(lambda: self._redis.hset(self._key("meta"), mapping=values))

    # articles ------------------------------------------------------------------------------

    def put(self, rows: list[tuple], keys: np.ndarray, keys_of: KeysOf) -> None:
        # an id already stored is replaced: its band entries are read first and removed in
        # the same transaction (should another writer replace it in between, a stale band
        # entry only makes a candidate that verification judges on the current signature)
        old = self.get([r[0] for r in rows])
        pipe = self._redis.pipeline(transaction=True)
        self._delete(pipe, old, keys_of)
        for (doc_id, path, title, date, source, size, sig), row_keys in zip(rows, keys):
            fields = {b"path": path or "", b"title": title or "", b"date": date or "", b"source": source or "",
                      b"size": size, b"sig": sig}
            pipe.hset(self._key("doc", doc_id), mapping=fields)
            pipe.sadd(self._key("ids"), doc_id)
            for key in row_keys:
                pipe.sadd(self._key("band", f"{int(key):x}"), doc_id)
        self._call(pipe.execute)

    def candidates(self, keys: np.ndarray) -> list[tuple]:
        ids = self._call(self._redis.sunion, [self._key("band", f"{int(k):x}") for k in keys])
        return self.get([i.decode() for i in ids])

    def get(self, ids: list[str]) -> list[tuple]:
        if not ids:
            return []
        pipe = self._redis.pipeline(transaction=False)
        for doc_id in ids:
            pipe.hmget(self._key("doc", doc_id), _FIELDS)
        rows = []
        for doc_id, values in zip(ids, self._call(pipe.execute)):
            if values[5] is None:
                continue
            path, title, date, source = (v.decode() or None for v in values[:4])
            rows.append((None, doc_id, path, title, date, source, int(values[4]), values[5]))
        return rows

    def remove(self, ids: list[str], keys_of: KeysOf) -> int:
        old = self.get(ids)
        pipe = self._redis.pipeline(transaction=True)
        self._delete(pipe, old, keys_of)
        self._call(pipe.execute)
        return len(old)

    def _delete(self, pipe, old: list[tuple], keys_of: KeysOf) -> None:
        for _, doc_id, *_, sig in old:
            for key in keys_of(sig):
                pipe.srem(self._key("band", f"{int(key):x}"), doc_id)
            pipe.delete(self._key("doc", doc_id))
            pipe.srem(self._key("ids"), doc_id)

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

    def size_on_disk(self) -> int:
        """Redis keeps the index in memory: the bytes its keys take there."""
        total = 0
        for key in self._call(lambda: list(self._redis.scan_iter(match=self._pattern + "*", count=1000))):
            total += self._call(self._redis.memory_usage, key) or 0
        return total

    def close(self) -> None:
        self._redis.close()
