"""What the reader made of each input: the text, the metadata, and what it left out of the
matching text (site chrome line by line, and corpus boilerplate paragraphs) with offsets into
the text, so that users can check the extraction and tune it (``dedup read``).

>>> from dedup import Article
>>> [e] = extract([Article("a", "Share\\nDock workers walked out on Monday over pay, hours and automation.")])
>>> [(d.kind, e.article.text[d.start:d.end]) for d in e.dropped]
[('share', 'Share')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from dedup.config import Config
from dedup.matching.boilerplate import boilerplate_spans, find_boilerplate
from dedup.minhash import signatures
from dedup.readers import Source, read
from dedup.readers.chrome import find_chrome
from dedup.records import Article, Skipped, Span


@dataclass(frozen=True)
class Dropped:
    """A part of ``article.text`` that does not count as evidence, and why."""

    start: int
    end: int
    kind: str  #: a chrome kind ("share", "navigation", …) or "boilerplate"


@dataclass(frozen=True)
class Extraction:
    """An article as read, its matching spans narrowed by any corpus boilerplate."""

    article: Article
    dropped: tuple[Dropped, ...]


def extract(source: Source | Iterable[Article], config: Config | None = None) -> list[Extraction | Skipped]:
    """Read ``source`` and explain each article; several inputs are also surveyed together
    for boilerplate, as a scan of them would be.

    Args:
        source: what :func:`dedup.read` takes.
        config: the settings; the defaults when ``None``.

    Returns:
        An :class:`~dedup.Extraction` (the article and what was left out of its matching
        text) for each article, a :class:`~dedup.Skipped` for each input skipped, in reading order.
    """
    config = config or Config()
    items = list(read(source, config))
    articles = [i for i in items if isinstance(i, Article)]
    found = None
    if config.boilerplate and len(articles) >= config.boilerplate:
        signed = signatures([a.matching_text for a in articles], config)
        found = find_boilerplate(signed.unit_hashes, signed.unit_contexts, signed.unit_ends, config.boilerplate)
    return [item if isinstance(item, Skipped) else _explain(item, config, found) for item in items]


def _explain(article: Article, config: Config, boilerplate) -> Extraction:
    dropped = []
    if config.chrome:
        dropped += [Dropped(line.start, line.end, line.kind) for line in find_chrome(article.text, article.title).lines]
    if boilerplate is not None and len(boilerplate):
        for start, end in boilerplate_spans(article.matching_text, boilerplate):
            dropped += [Dropped(s, e, "boilerplate") for s, e in article.text_spans(start, end)]
    dropped.sort(key=lambda d: d.start)
    boiler = [(d.start, d.end) for d in dropped if d.kind == "boilerplate"]
    if boiler:
        article = dataclasses.replace(article, matching=_subtract(article.matching or ((0, len(article.text)),), boiler))
    return Extraction(article, tuple(dropped))


def _subtract(spans: tuple[Span, ...], holes: list[Span]) -> tuple[Span, ...]:
    out = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                out.append((start, hole_start))
            start = max(start, hole_end)
        if start < end:
            out.append((start, end))
    return tuple(out)
