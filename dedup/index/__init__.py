"""A persistent index for pipelines: "have we seen this story?" for each new article, in
milliseconds, across restarts and worker processes.

An index keeps what a scan keeps for verification (each article's signature, distinct-shingle
count and reported metadata) and its LSH band keys, in a store: a single SQLite file by
default (:mod:`dedup.index.sqlite`). A query signs the article, looks up the articles that
share a band key and verifies them on their signatures, with the same measures and thresholds
as ``dedup scan``. The index records the configuration it was built with; opening it with
other matching settings is refused.

>>> import tempfile, os
>>> from dedup import Article
>>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
>>> with tempfile.TemporaryDirectory() as folder, Index.open(os.path.join(folder, "seen.db"), min_words=5) as index:
...     first = index.add_and_query(Article("a", story))
...     again = index.add_and_query(Article("b", story + " More soon."))
...     (first.duplicate_of, again.duplicate_of, len(index))
(None, 'a', 2)
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from typing import Iterable, Iterator

import numpy as np

from dedup.config import Config
from dedup.errors import ConfigError, DedupError
from dedup.lsh import band_keys
from dedup.minhash import signatures
from dedup.records import Article, Decision, Match, Skipped
from dedup.similarity import containment_from_jaccard, is_similar

#: the settings that make signatures and band keys: an index refuses to mix them
MATCHING = ("ngram", "shingle", "num_perm", "seed", "chrome")


class Index:
    """An open index. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, store, config: Config, bands: tuple[int, int], location: str) -> None:
        self._store = store
        self.config = config
        self.bands = bands
        self.location = location

    @classmethod
    def open(cls, location: str | os.PathLike, config: Config | None = None, *, existing: bool = False,
             **overrides: object) -> "Index":
        """Open the index at ``location`` (a file path, or ``redis://host:port/db``; created
        when missing, unless ``existing``). Without ``config``, an existing index's own
        settings are used; with one whose matching settings differ from the index's,
        :class:`~dedup.ConfigError` names both."""
        location = os.fspath(location)
        if existing and not location.startswith("redis://") and not os.path.isfile(location):
            raise DedupError(f"{location}: no such index (dedup index add creates one)")
        if location.startswith("redis://"):
            from dedup.index.redis import RedisStore as Store
        else:
            from dedup.index.sqlite import SQLiteStore as Store
        store = Store(location)
        try:
            if existing and not store.meta():
                raise DedupError(f"{location}: no such index (dedup index add creates one)")
            config, bands = _settle(store, config, overrides, location)
        except BaseException:
            store.close()
            raise
        return cls(store, config, bands, location)

    # adding ------------------------------------------------------------------------------

    def add(self, articles: Iterable[Article]) -> list[Skipped]:
        """Add articles in transactions of ``config.batch_size``; an id already in the index is
        replaced. Returns the articles not added (too short to sign), with the reason."""
        skipped: list[Skipped] = []
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.config.batch_size:
                skipped += self._add_batch(batch)
                batch = []
        if batch:
            skipped += self._add_batch(batch)
        return skipped

    def _add_batch(self, batch: list[Article]) -> list[Skipped]:
        signed = signatures([a.matching_text for a in batch], self.config)
        keep = signed.words >= self.config.min_words
        skipped = [Skipped(a.id, a.path, f"too short: {int(n)} words (minimum {self.config.min_words}; see --min-words)")
                   for a, n, k in zip(batch, signed.words, keep) if not k]
        # an id twice in one batch: the later article replaces the earlier, as across batches
        last = {a.id: i for i, (a, k) in enumerate(zip(batch, keep)) if k}
        chosen = sorted(last.values())
        rows = [(a.id, a.path, a.title, a.date, a.source, int(signed.shingles[i]), signed.matrix[i].astype("<u4").tobytes())
                for i, a in ((i, batch[i]) for i in chosen)]
        if rows:
            self._store.put(rows, self._keys(signed.matrix[chosen]), self._stored_keys)
        return skipped

    # asking ------------------------------------------------------------------------------

    def query(self, article: Article) -> Decision:
        """The articles in the index that ``article`` is a near-duplicate of (itself, by id,
        excluded), best first; nothing is added."""
        signed = signatures([article.matching_text], self.config)
        sig, size = signed.matrix[0], int(signed.shingles[0])
        if size == 0:
            return Decision(article.id, ())
        found = []
        for _, doc_id, path, title, date, source, other_size, blob in self._store.candidates(self._keys(signed.matrix)[0]):
            if doc_id == article.id:
                continue
            other = np.frombuffer(blob, dtype="<u4")
            j = float(np.count_nonzero(other == sig)) / len(sig)
            c = containment_from_jaccard(j, size, other_size)
            if is_similar(j, c, self.config.threshold, self.config.containment):
                found.append(Match(doc_id, path, title, date, source, round(j, 4), round(c, 4), "duplicate"))
        found.sort(key=lambda m: (-m.similarity, -m.containment, m.id))
        return Decision(article.id, tuple(found))

    def add_and_query(self, article: Article) -> Decision:
        """The streaming decision: what ``article`` duplicates among the articles seen before
        it, then add it."""
        decision = self.query(article)
        self.add([article])
        return decision

    # housekeeping --------------------------------------------------------------------------

    def remove(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were in the index."""
        return self._store.remove(list(dict.fromkeys(ids)), self._stored_keys)

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, doc_id: str) -> bool:
        return bool(self._store.get([doc_id]))

    def stats(self) -> dict[str, object]:
        """Articles, bytes on disk, the settings it was built with and its LSH bands."""
        articles = len(self)
        size = self._store.size_on_disk()
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
        return self._store.check()

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _keys(self, sigs: np.ndarray) -> np.ndarray:
        return band_keys(np.ascontiguousarray(sigs, dtype=np.uint32), *self.bands)

    def _stored_keys(self, blob: bytes) -> np.ndarray:
        return self._keys(np.frombuffer(blob, dtype="<u4")[None, :])[0]


def stream(articles: Iterable[Article], index: Index) -> Iterator[tuple[Article, Decision]]:
    """For each article, the streaming decision (first seen, or a duplicate of what) against
    everything the index held before it; each article is added as it passes.

    >>> import tempfile, os
    >>> from dedup import Article
    >>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
    >>> with tempfile.TemporaryDirectory() as folder, Index.open(os.path.join(folder, "i.db"), min_words=5) as index:
    ...     [(a.id, d.duplicate_of) for a, d in stream([Article("a", story), Article("b", story)], index)]
    [('a', None), ('b', 'a')]
    """
    for article in articles:
        yield article, index.add_and_query(article)


def _settle(store, config: Config | None, overrides: dict[str, object], location: str) -> tuple[Config, tuple[int, int]]:
    """The configuration and band layout to use: the index's own, checked against the one
    given; or, for a new index, the one given (recorded)."""
    meta = store.meta()
    if not meta:
        config = (config or Config()).replace(**overrides) if overrides else (config or Config())
        bands = config.bands
        store.set_meta({"config": json.dumps(asdict(config)), "settings": str(config),
                        "bands": json.dumps(list(bands)), "format": "1"})
        return config, bands
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


__all__ = ["Index", "stream"]
