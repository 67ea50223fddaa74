"""The batch job: read → sign → link candidates → split into chain-free clusters.

Texts are signed in batches and dropped; what stays per article is its signature row
(``num_perm`` × 4 bytes), its shingle count and its metadata.

>>> from dedup import Article, scan
>>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
>>> result = scan([Article("a", story), Article("b", story + " More soon.")], min_words=5)
>>> [(c.canonical, [m.id for m in c.members]) for c in result.clusters]
[('b', ['b', 'a'])]
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections import Counter
from typing import Callable, Iterable, Iterator, Union

import numpy as np

from dedup.cluster import canonical_key, cluster
from dedup.config import Config
from dedup.minhash import signatures
from dedup.read import Source, accept, read
from dedup.records import Article, Cluster, Member, ScanResult, Skipped, Summary

Progress = Callable[[int], None]


class _Signed:
    """What a scan keeps of each article once its text is signed: a signature row, the
    shingle count, and the metadata members report, in columns rather than objects."""

    def __init__(self, num_perm: int) -> None:
        self.sigs = np.empty((1024, num_perm), dtype=np.uint32)
        self.sizes = np.empty(1024, dtype=np.int64)
        self.ids: list[str] = []
        self.paths: list[str | None] = []
        self.titles: list[str | None] = []
        self.dates: list[str | None] = []
        self.sources: list[str | None] = []
        self.skipped: list[Skipped] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, batch: list[Article], sigs: np.ndarray, sizes: np.ndarray) -> None:
        start, stop = len(self), len(self) + len(batch)
        if stop > len(self.sizes):
            # in-place growth: realloc moves large blocks without copying them
            capacity = max(stop, 2 * len(self.sizes))
            self.sigs.resize((capacity, self.sigs.shape[1]), refcheck=False)
            self.sizes.resize(capacity, refcheck=False)
        self.sigs[start:stop] = sigs
        self.sizes[start:stop] = sizes
        for a in batch:
            self.ids.append(a.id)
            self.paths.append(a.path)
            self.titles.append(a.title)
            self.dates.append(None if a.date is None else sys.intern(a.date))
            self.sources.append(None if a.source is None else sys.intern(a.source))

    def member(self, row: int, similarity: float, containment: float) -> Member:
        return Member(
            id=self.ids[row],
            path=self.paths[row],
            title=self.titles[row],
            date=self.dates[row],
            source=self.sources[row],
            similarity=round(similarity, 4),
            containment=round(containment, 4),
        )


def scan(
    source: Union[Source, Iterable[Article]],
    config: Config | None = None,
    *,
    singletons: bool = False,
    progress: Progress | None = None,
    **overrides: object,
) -> ScanResult:
    """Find clusters of near-duplicate articles.

    ``source`` is a path, a list of paths (``"-"`` reads JSON Lines from standard input) or an
    iterable of :class:`~dedup.Article`. Keyword ``overrides`` change single settings of
    ``config`` (``scan(path, threshold=0.6)``). With ``singletons``, articles without copies
    are listed as clusters of one.
    """
    config = (config or Config()).replace(**overrides) if overrides else (config or Config())
    started = time.perf_counter()
    signed = _sign_all(_items(source, config), config, progress)
    clusters = _clusters(signed, config, singletons)
    skipped_by_reason = Counter(s.reason.split(":")[0].split(" (")[0] for s in signed.skipped)
    summary = Summary(
        documents=len(signed),
        skipped=len(signed.skipped),
        clusters=sum(1 for c in clusters if c.size > 1),
        duplicates=sum(c.size - 1 for c in clusters),
        seconds=round(time.perf_counter() - started, 3),
        skipped_by_reason=dict(sorted(skipped_by_reason.items())),
    )
    return ScanResult(clusters=clusters, skipped=signed.skipped, summary=summary)


def _items(source: Union[Source, Iterable[Article]], config: Config) -> Iterator[Article | Skipped]:
    if isinstance(source, (str, os.PathLike)):
        return read(source, config)
    items = iter(source)
    first = next(items, None)
    if first is None:
        return iter(())
    rest = itertools.chain([first], items)
    if isinstance(first, (Article, Skipped)):
        return accept(rest, config)
    return read(list(rest), config)


def _sign_all(items: Iterator[Article | Skipped], config: Config, progress: Progress | None) -> _Signed:
    signed = _Signed(config.num_perm)
    batch: list[Article] = []

    def flush() -> None:
        sigs, sizes = signatures([a.text for a in batch], config)
        signed.add(batch, sigs, sizes)
        batch.clear()
        if progress is not None:
            progress(len(signed) + len(signed.skipped))

    for item in items:
        if isinstance(item, Skipped):
            signed.skipped.append(item)
            continue
        batch.append(item)
        if len(batch) >= config.batch_size:
            flush()
    if batch:
        flush()
    return signed


def _clusters(signed: _Signed, config: Config, singletons: bool) -> list[Cluster]:
    if not len(signed):
        return []
    # rows in id order, so that input order cannot change a result
    rows = np.asarray(sorted(range(len(signed)), key=signed.ids.__getitem__), dtype=np.int64)

    def key(row: int) -> tuple:
        return canonical_key(signed.dates[row], int(signed.sizes[row]), signed.ids[row])

    bands, rows_per_band = config.bands
    groups = cluster(signed.sigs, signed.sizes, rows, key, bands, rows_per_band, config.threshold, config.containment)

    found: list[list[Member]] = []
    in_group = np.zeros(len(signed), dtype=bool)
    for group in groups:
        in_group[group.rows] = True
        members = [signed.member(r, s, c) for r, s, c in zip(group.rows, group.similarity, group.containment)]
        found.append([members[0], *sorted(members[1:], key=_member_order)])
    if singletons:
        found.extend([signed.member(r, 1.0, 1.0)] for r in rows if not in_group[r])
    found.sort(key=lambda members: (-len(members), members[0].id))
    return [Cluster(cluster=n, canonical=members[0].id, members=tuple(members)) for n, members in enumerate(found, 1)]


def _member_order(member: Member) -> tuple:
    return (member.date is None, member.date or "", member.id)
