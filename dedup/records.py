"""Typed, serialisable records that flow between stages and out to users."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def date_key(date: str | None) -> tuple[bool, str]:
    """Sort key that puts dated articles first, earliest first, and undated ones last.
    A date alone sorts before any time on the same day (dates are the readers' ISO strings,
    see :func:`dedup.readers.dates.iso_date`)."""
    if date is not None and _ISO_DAY.match(date):
        return (False, date)
    return (True, "")


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read.

    ``text`` is the body as a person reads it: offsets that later stages report (diff spans)
    index into it, and nothing normalises it. ``matching`` lists the spans of ``text`` that
    count as evidence of duplication (site chrome and corpus boilerplate left out); ``None``
    means all of it.

    >>> a = Article("a", "Share\\nDock workers walked out.", matching=((6, 30),))
    >>> a.matching_text
    'Dock workers walked out.'
    """

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    matching: tuple[Span, ...] | None = None
    #: the article is the whole of the file at ``path`` (a ``.txt``, ``.html`` or one-object
    #: ``.json`` file), not one record of a JSON Lines, CSV or Parquet file or a JSON array:
    #: an index knows it by that file, however the path to it was typed
    whole_file: bool = False

    @property
    def matching_text(self) -> str:
        """The text that shingles are cut from (before normalisation)."""
        if self.matching is None:
            return self.text
        return "".join(self.text[start:end] for start, end in self.matching)

    def text_spans(self, start: int, end: int) -> list[Span]:
        """Where ``matching_text[start:end]`` lies in ``text``: one span, or several when it
        runs across left-out chrome.

        >>> Article("a", "Share\\nDock workers walked out.", matching=((6, 30),)).text_spans(0, 4)
        [(6, 10)]
        """
        if self.matching is None:
            return [(start, end)]
        found, offset = [], 0
        for span_start, span_end in self.matching:
            length = span_end - span_start
            lo, hi = max(start, offset), min(end, offset + length)
            if lo < hi:
                found.append((span_start + lo - offset, span_start + hi - offset))
            offset += length
        return found


def matching_text(item: Article | str) -> str:
    """An article's matching text, or a plain string as it is."""
    return item.matching_text if isinstance(item, Article) else item


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not read, and why."""

    id: str
    path: str | None
    reason: str

    @property
    def category(self) -> str:
        """The reason without its details: what the summary counts by.

        >>> Skipped("a.csv", "a.csv", "unsupported file type: '.csv' (reads …)").category
        'unsupported file type'
        """
        return self.reason.split(":")[0].split(" (")[0]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Member:
    """A cluster member, measured against the cluster's canonical member."""

    id: str
    path: str | None
    title: str | None
    date: str | None
    source: str | None
    similarity: float
    containment: float
    #: same-story score against the canonical member (``None``: a scan without ``stories``)
    story: float | None = None
    #: "duplicate" or "rewrite" of the canonical member; ``None`` for the canonical member
    verdict: str | None = None
    #: the id of the member this one was most likely copied from (``None`` for the first
    #: publisher, and in a cluster too large to trace), in a scan with ``lineage``
    parent: str | None = None
    #: how sure that parent is, 0 to 1 (``None``: a scan without ``lineage``)
    parent_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The member's fields; ``story`` and ``verdict`` only from a scan with ``stories``,
        ``parent`` and ``parent_confidence`` only from one with ``lineage``, so that a plain
        scan's records keep exactly their contract fields."""
        out = {name: getattr(self, name) for name in _MEMBER_FIELDS}  # asdict would deep-copy each value
        if self.story is None:
            del out["story"], out["verdict"]
        if self.parent_confidence is None:
            del out["parent"], out["parent_confidence"]
        return out


_MEMBER_FIELDS = tuple(f.name for f in fields(Member))


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two articles relate: exact shingle ``jaccard`` and ``containment``, the same-story
    score ``story`` (0-1) and the ``verdict``: ``duplicate`` (a near-copy), ``rewrite`` (the
    same story reworded) or ``different``."""

    jaccard: float
    containment: float
    story: float
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Match:
    """An article already in an index that a queried article matches, measured against it."""

    id: str
    path: str | None
    title: str | None
    date: str | None
    source: str | None
    similarity: float
    containment: float
    verdict: str  #: "duplicate": a near-copy (the index keeps signatures, not story profiles)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Decision:
    """What an index says of one article: its matches, best first, and the streaming call:
    ``duplicate_of`` names the best match, or is ``None`` when the article is first seen."""

    id: str
    matches: tuple[Match, ...]

    @property
    def duplicate_of(self) -> str | None:
        return self.matches[0].id if self.matches else None

    @property
    def first_seen(self) -> bool:
        return not self.matches

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "duplicate_of": self.duplicate_of, "matches": [m.to_dict() for m in self.matches]}


@dataclass(frozen=True, slots=True)
class Cluster:
    """Articles that are copies of one story (or, in a scan with ``stories``, rewrites of
    it); ``members[0]`` is the canonical one. In a scan with ``lineage``, ``first_publisher``
    names the earliest dated member (among undated ones, the one the others derive from:
    :mod:`dedup.lineage`), the root of the members' ``parent`` links."""

    cluster: int
    canonical: str
    members: tuple[Member, ...]
    first_publisher: str | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def duplicates(self) -> tuple[Member, ...]:
        """Every member but the canonical one: what a deduplicating pipeline drops."""
        return self.members[1:]

    def to_dict(self) -> dict[str, Any]:
        lineage = {} if self.first_publisher is None else {"first_publisher": self.first_publisher}
        return {
            "cluster": self.cluster,
            "size": self.size,
            "canonical": self.canonical,
            **lineage,
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    skipped: int
    clusters: int
    duplicates: int
    seconds: float
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    boilerplate_paragraphs: int = 0  #: distinct paragraphs set aside as corpus boilerplate
    articles_with_boilerplate: int = 0  #: articles re-signed without them
    rewrites: int = 0  #: members that rewrite their cluster's story (scans with ``stories``)
    largest_cluster: int = 0  #: members of the largest cluster

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What :func:`dedup.scan` found. ``clusters`` holds groups of two or more unless the
    scan was asked for singletons too."""

    clusters: list[Cluster]
    skipped: list[Skipped]
    summary: Summary

    def without_lineage(self) -> ScanResult:
        """The same result as a scan without ``lineage`` reports it (no parents, no first
        publishers)."""
        return replace(self, clusters=[
            replace(c, first_publisher=None, members=tuple(replace(m, parent=None, parent_confidence=None) for m in c.members))
            for c in self.clusters])

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": [c.to_dict() for c in self.clusters],
            "skipped": [s.to_dict() for s in self.skipped],
            "summary": self.summary.to_dict(),
        }
