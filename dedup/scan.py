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
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Union

import numpy as np

from dedup.cluster import canonical_key, cluster
from dedup.config import Config
from dedup.minhash import signatures
from dedup.read import Source, accept, read
from dedup.records import Article, Cluster, Member, ScanResult, Skipped, Summary

Progress = Callable[[int], None]


@dataclass
class _Signed:
    """What a scan keeps of each article once its text is signed."""

    articles: list[Article] = field(default_factory=list)
    blocks: list[np.ndarray] = field(default_factory=list)
    sizes: list[np.ndarray] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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
        documents=len(signed.articles),
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
    signed = _Signed()
    batch: list[Article] = []

    def flush() -> None:
        sigs, sizes = signatures([a.text for a in batch], config)
        signed.blocks.append(sigs)
        signed.sizes.append(sizes)
        # keep the metadata, drop the text: it is re-read only to show differences
        signed.articles.extend(
            Article(a.id, "", a.path, a.title, a.date, a.source, a.url) for a in batch
        )
        batch.clear()
        if progress is not None:
            progress(len(signed.articles) + len(signed.skipped))

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
    articles = signed.articles
    if not articles:
        return []
    # rows in id order, so that input order cannot change a result
    order = sorted(range(len(articles)), key=lambda i: articles[i].id)
    articles = [articles[i] for i in order]
    index = np.asarray(order, dtype=np.int64)
    sigs = np.concatenate(signed.blocks)[index]
    sizes = np.concatenate(signed.sizes)[index]
    keys = [canonical_key(a.date, int(s), a.id) for a, s in zip(articles, sizes)]
    bands, rows = config.bands
    groups = cluster(sigs, sizes, keys, bands, rows, config.threshold, config.containment)

    found: list[tuple[Article, list[Member]]] = []
    in_group = np.zeros(len(articles), dtype=bool)
    for group in groups:
        in_group[group.rows] = True
        members = [
            _member(articles[r], float(s), float(c))
            for r, s, c in zip(group.rows, group.similarity, group.containment)
        ]
        found.append((articles[group.rows[0]], [members[0], *sorted(members[1:], key=_member_order)]))
    if singletons:
        found.extend((a, [_member(a, 1.0, 1.0)]) for a, used in zip(articles, in_group) if not used)
    found.sort(key=lambda item: (-len(item[1]), item[0].id))
    return [Cluster(cluster=n, canonical=canon.id, members=tuple(members)) for n, (canon, members) in enumerate(found, 1)]


def _member(article: Article, similarity: float, containment: float) -> Member:
    return Member(
        id=article.id,
        path=article.path,
        title=article.title,
        date=article.date,
        source=article.source,
        similarity=round(similarity, 4),
        containment=round(containment, 4),
    )


def _member_order(member: Member) -> tuple:
    return (member.date is None, member.date or "", member.id)
