"""The index itself: :class:`Index` signs each article, looks up the stored articles that share a
band key with it in its :class:`~dedup.index.store.Store` and verifies them on their
signatures; :func:`identity` is the id it knows an article by; :func:`stream` is the
streaming decision over many. The settings an index is built with are recorded in its store
and checked each time it is opened.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, fields

import numpy as np

from dedup.config import Config
from dedup.errors import ConfigError, DedupError
from dedup.index.pending import Pending
from dedup.index.store import Row, Store, StoredRow
from dedup.matching.lsh import band_keys
from dedup.matching.similarity import containment_from_jaccard, is_similar, signature_jaccard
from dedup.minhash import signatures
from dedup.records import Article, Decision, Match, Skipped
from dedup.skips import log_skipped

#: what each earlier layout of a store did that this version does not (each store records its
#: own, ``format``): 1, files known by their path relative to the folder added; SQLite's 2,
#: every article's band keys written to its band table as it was committed
EARLIER = {"1": "which named files by paths relative to the folder added",
           "2": "which wrote every article's band keys to its band table at once"}
COMMIT_SECONDS = 2.0  # a stream's batch is committed at the first article after this long
#: the settings that make signatures and band keys: an index refuses to mix them
MATCHING = ("ngram", "shingle", "num_perm", "seed", "chrome")


class Index:
    """An open index. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, store: Store, config: Config, bands: tuple[int, int], location: str) -> None:
        self._store = store
        self.config = config
        self.bands = bands
        self.location = location
        self._pending = Pending()
        #: articles this index object added that the index did not hold before (not those
        #: other writers added meanwhile, nor replacements)
        self.added = 0

    @classmethod
    def open(cls, location: str | os.PathLike, config: Config | None = None, *, existing: bool = False,
             timeout: float = 30.0, on_wait: Callable[[str], None] | None = None, **overrides: object) -> Index:
        """Open the index at ``location`` (a file path, or ``redis://host:port/db``; created
        when missing, unless ``existing``, and then never written to before it is known to be
        an index). Without ``config``, an existing index's own settings are used; with one
        whose matching settings differ from the index's, :class:`~dedup.ConfigError` names
        both. A file locked by another writer is waited for up to ``timeout`` seconds
        (``on_wait`` is told, once); a Redis server, up to that long for each reply.

        Args:
            location: a file path, or ``redis://host:port/db``.
            config: the settings for a new index, or to check an existing one against.
            existing: open only an index that exists (never create one).
            timeout: seconds to wait for a locked file or for each Redis reply.
            on_wait: told once, with a message, when the file is locked by another writer.
            **overrides: ``Config`` fields to change from ``config`` (or the defaults).

        Raises:
            ConfigError: matching settings that differ from the index's own.
            DedupError: no such index (with ``existing``), or a store that cannot be read."""
        location = os.fspath(location)
        if existing and not location.startswith("redis://") and not os.path.isfile(location):
            raise DedupError(f"{location}: no such index (dedup index add creates one)")
        store: Store  # (mypy holds each store to the contract here)
        if location.startswith("redis://"):
            from dedup.index.redis import RedisStore

            store = RedisStore(location, timeout=timeout)
        else:
            from dedup.index.sqlite import SQLiteStore

            store = SQLiteStore(location, create=not existing, timeout=timeout, on_wait=on_wait)
        try:
            if existing and not store.meta():
                raise DedupError(f"{location}: no such index (dedup index add creates one)")
            config, bands = _settle(store, config, overrides, location)
        except BaseException:
            store.close()
            raise
        return cls(store, config, bands, location)

    # adding ------------------------------------------------------------------------------

    def add(self, articles: Iterable[Article | Skipped]) -> list[Skipped]:
        """Add articles in transactions of ``config.batch_size``; an article already in the
        index (the same file, or a record with the same id: see :func:`identity`) is
        replaced. Returns the inputs not added (skips passed in, articles too short to
        sign), with the reason, and logs them as warnings.

        Args:
            articles: articles, and the skips of a read (passed through to the result)."""
        self.commit()
        skipped: list[Skipped] = []
        batch: list[Article] = []
        for article in articles:
            if isinstance(article, Skipped):  # what dedup.read yields besides articles
                skipped.append(article)
                continue
            batch.append(article)
            if len(batch) >= self.config.batch_size:
                skipped += self._add_batch(batch)
                batch = []
        if batch:
            skipped += self._add_batch(batch)
        log_skipped(skipped)
        return skipped

    def _add_batch(self, batch: list[Article]) -> list[Skipped]:
        signed = signatures([a.matching_text for a in batch], self.config)
        skipped = [self._too_short(a, int(n)) for a, n in zip(batch, signed.words) if n < self.config.min_words]
        self._put(batch, signed.matrix, signed.shingles, signed.words >= self.config.min_words)
        return skipped

    def _put(self, batch: list[Article], sigs: np.ndarray, sizes: np.ndarray, keep: np.ndarray) -> None:
        # the same article twice in one batch: the later replaces the earlier, as across batches
        last = {identity(a): i for i, (a, k) in enumerate(zip(batch, keep)) if k}
        chosen = sorted(last.values())
        rows = [Row(identity(a), a.path, a.title, a.date, a.source, int(sizes[i]), sigs[i].astype("<u4").tobytes())
                for i, a in ((i, batch[i]) for i in chosen)]
        if rows:
            self.added += self._store.put(rows, self._keys(sigs[chosen]), self._stored_keys)

    def _too_short(self, article: Article, words: int) -> Skipped:
        return Skipped(article.id, article.path, f"too short: {words} words (minimum {self.config.min_words}; see --min-words)")

    # asking ------------------------------------------------------------------------------

    def query(self, article: Article) -> Decision:
        """The articles in the index that ``article`` is a near-duplicate of, best first;
        nothing is added. The article itself (by :func:`identity`) is left out, and every
        other article is reported, even one that shares its file name.

        Args:
            article: the article to look up."""
        signed = signatures([article.matching_text], self.config)
        return self._decide(article, signed.matrix[0], int(signed.shingles[0]), self._keys(signed.matrix)[0])

    def _decide(self, article: Article, sig: np.ndarray, size: int, keys: np.ndarray) -> Decision:
        key = identity(article)
        if size == 0:
            return Decision(key, ())
        found = []
        stored: list[Row | StoredRow] = [row for row in self._store.candidates(keys, self._stored_keys)
                                         if not self._pending.holds(row.id)]
        for row in stored + self._pending.candidates(keys):
            if row.id == key:
                continue
            other = np.frombuffer(row.sig, dtype="<u4")
            j = signature_jaccard(other, sig)
            c = containment_from_jaccard(j, size, row.size)
            if is_similar(j, c, self.config.threshold, self.config.containment):
                found.append(Match(row.id, row.path, row.title, row.date, row.source, round(j, 4), round(c, 4), "duplicate"))
        found.sort(key=lambda m: (-m.similarity, -m.containment, m.id))
        return Decision(key, tuple(found))

    def add_and_query(self, article: Article) -> Decision:
        """The streaming decision: what ``article`` duplicates among the articles seen before
        it, then add it (signed once).

        Articles added this way are committed in batches: every ``config.batch_size``
        articles, at the first article two seconds or more after the batch began, and
        on :meth:`commit` or :meth:`close` (and when :func:`stream` ends). Until then this index
        sees them and other processes do not; a writer killed in between loses that batch.

        Args:
            article: the next article of the stream.
        """
        signed = signatures([article.matching_text], self.config)
        sig, size, keys = signed.matrix[0], int(signed.shingles[0]), self._keys(signed.matrix)[0]
        decision = self._decide(article, sig, size, keys)
        if int(signed.words[0]) >= self.config.min_words:
            row = Row(identity(article), article.path, article.title, article.date, article.source, size,
                      sig.astype("<u4").tobytes())
            self._pending.add(row, keys)
            if len(self._pending) >= self.config.batch_size or time.monotonic() - self._pending.since >= COMMIT_SECONDS:
                self.commit()
        return decision

    def commit(self) -> None:
        """Commit the articles :meth:`add_and_query` has added since the last commit."""
        if len(self._pending):
            rows, keys = self._pending.batch()
            self.added += self._store.put(rows, keys, self._stored_keys)
            self._pending.clear()

    # housekeeping --------------------------------------------------------------------------

    def remove(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were in the index.

        Args:
            ids: the ids to remove (as :func:`identity` gives them).
        """
        self.commit()
        return self._store.remove(list(dict.fromkeys(ids)), self._stored_keys)

    def __len__(self) -> int:
        self.commit()
        return len(self._store)

    def __contains__(self, doc_id: str) -> bool:
        self.commit()
        return bool(self._store.get([doc_id]))

    def stats(self) -> dict[str, object]:
        """Articles, bytes on disk, the settings it was built with and its LSH bands."""
        articles = len(self)
        size = self._store.size_on_disk(self._stored_keys)
        return {
            "location": self.location,
            "articles": articles,
            "bytes": size,
            "bytes_per_article": round(size / articles) if articles else None,
            "settings": str(self.config),
            "bands": self.bands[0],
            "rows_per_band": self.bands[1],
            "threshold": self.config.threshold,
            "containment": self.config.containment,
        }

    def check(self) -> list[str]:
        """Consistency problems (an empty list when the index is sound)."""
        self.commit()
        return self._store.check()

    def close(self) -> None:
        """Commit what a stream added, and close the store."""
        try:
            self.commit()
        finally:
            self._store.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _keys(self, sigs: np.ndarray) -> np.ndarray:
        return band_keys(np.ascontiguousarray(sigs, dtype=np.uint32), *self.bands)

    def _stored_keys(self, blob: bytes) -> np.ndarray:
        return self._keys(np.frombuffer(blob, dtype="<u4")[None, :])[0]


def identity(article: Article) -> str:
    """The id an index knows an article by: for an article that is a whole file, the file's
    real path (the same however the path was typed: ``corpus/a.txt``, ``./corpus/a.txt`` or
    through a link); for a record (JSON Lines, CSV, Parquet, a frame, a stream), its id.

    Ids relative to the folder read would make two outlets' ``port-strike.txt`` one article.

    Args:
        article: the article.

    >>> identity(Article("a.txt", "text", path="corpus/../corpus/a.txt", whole_file=True)) == os.path.realpath("corpus/a.txt")
    True
    >>> identity(Article("story-17", "text", path="feed.jsonl"))
    'story-17'
    """
    if article.whole_file and article.path:
        return os.path.realpath(article.path)
    return article.id


def stream(articles: Iterable[Article], index: Index) -> Iterator[tuple[Article, Decision]]:
    """For each article, the streaming decision (first seen, or a duplicate of what) against
    everything the index held before it; each article is added as it passes.

    Args:
        articles: the stream, in the order it arrives.
        index: an open index (committed when the stream ends).

    >>> import tempfile, os
    >>> from dedup import Article
    >>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
    >>> with tempfile.TemporaryDirectory() as folder, Index.open(os.path.join(folder, "i.db"), min_words=5) as index:
    ...     [(a.id, d.duplicate_of) for a, d in stream([Article("a", story), Article("b", story)], index)]
    [('a', None), ('b', 'a')]
    """
    try:
        for article in articles:
            yield article, index.add_and_query(article)
    finally:
        index.commit()


def _settle(store: Store, config: Config | None, overrides: dict[str, object], location: str) -> tuple[Config, tuple[int, int]]:
    """The configuration and band layout to use: the index's own, checked against the one
    given; or, for a new index, the one given (recorded)."""
    meta = store.meta()
    if not meta:
        config = (config or Config()).replace(**overrides) if overrides else (config or Config())
        bands = config.bands
        store.set_meta({"config": json.dumps(asdict(config)), "settings": str(config),
                        "bands": json.dumps(list(bands)), "format": store.format})
        return config, bands
    found = meta.get("format")
    if found != store.format:
        why = f", {EARLIER[found]}" if found in EARLIER else f"; this version reads format {store.format}"
        raise DedupError(f"{location}: made by another version of newsdedup (index format {found}{why}); "
                         f"build it again with dedup index add")
    try:
        recorded = json.loads(meta["config"])
        bands = tuple(json.loads(meta["bands"]))
    except (KeyError, ValueError) as error:
        raise DedupError(f"{location}: its settings record is missing or damaged ({error})") from error
    known = {f.name for f in fields(Config)}
    built = Config(**{k: v for k, v in recorded.items() if k in known})
    given = (config or built).replace(**overrides) if overrides else (config or built)
    if any(getattr(given, name) != getattr(built, name) for name in MATCHING):
        raise ConfigError(None, f"{location} was built with {built}, not {given}; open it with the same "
                                f"matching settings or build a new index")
    return given, (int(bands[0]), int(bands[1]))


__all__ = ["Index", "identity", "stream"]
