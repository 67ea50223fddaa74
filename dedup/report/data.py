"""What the report shows, as plain data: counts, clusters, members, their texts and the
changes of each member against its cluster's canonical version.

Offsets into the texts are handed to the page in its own units: a JavaScript string counts
UTF-16 code units, in which a character beyond the Basic Multilingual Plane (most emoji) is
two, where Python counts it once; every offset is moved on by the number of such characters
before it. Ids, titles, sources and paths are labels: control and bidirectional characters
shown as escapes, and at most 300 characters long (:func:`dedup.display.label`), so that a
hostile or broken title can neither reverse what is shown nor push the table off the page.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Callable

from dedup.config import Config
from dedup.differ import diff
from dedup.display import label
from dedup.records import Article, ScanResult

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def report_data(result: ScanResult, texts: dict[tuple[str, Any], Article], config: Config,
                done: Callable[[int], None] | None = None) -> dict[str, Any]:
    """``texts`` maps ``(id, path)`` to the article as read again; ``done`` hears how many
    members have been diffed."""
    text_table: list[str] = []
    clusters = []
    diffed = 0
    for cluster in result.clusters:
        canonical = cluster.members[0]
        first = texts.get((canonical.id, canonical.path))
        if first is None:
            continue  # changed on disk since the scan: nothing to show
        canonical_text = len(text_table)
        text_table.append(first.text)
        members = [_member(canonical, None, None)]
        in_first = page_units(first.text)
        for member in cluster.duplicates:
            article = texts.get((member.id, member.path))
            if article is None:
                continue
            members.append(_member(member, diff(first, article, config), len(text_table), in_first, page_units(article.text)))
            text_table.append(article.text)
            diffed += 1
            if done is not None:
                done(diffed)
        clusters.append({
            "n": cluster.cluster,
            "canonical": label(canonical.id),
            "title": label(canonical.title or canonical.id),
            "date": canonical.date or "",
            "sources": sorted({label(m.source) for m in cluster.members if m.source}),
            "text": canonical_text,
            "members": members,
        })
    summary = result.summary
    return {
        "summary": {
            "documents": summary.documents,
            "clusters": summary.clusters,
            "duplicates": summary.duplicates,
            "rewrites": summary.rewrites,
            "skipped": summary.skipped,
            "skipped_by_reason": summary.skipped_by_reason,
        },
        "skipped": [{"id": label(s.id), "reason": label(s.reason)} for s in result.skipped],
        "sizes": [len(c["members"]) for c in clusters],
        "clusters": clusters,
        "texts": text_table,
    }


def page_units(text: str) -> Callable[[int], int]:
    """A function from offsets into ``text`` (code points) to offsets in UTF-16 code units."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    return (lambda offset: offset + bisect_left(astral, offset)) if astral else (lambda offset: offset)


def _member(member, changes, text: int | None, in_a=None, in_b=None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": label(member.id),
        "title": label(member.title or ""),
        "source": label(member.source or ""),
        "date": member.date or "",
        "path": label(member.path or ""),
        "similarity": member.similarity,
        "containment": member.containment,
        "verdict": member.verdict or ("canonical" if text is None else "duplicate"),
        "text": text,
    }
    if changes is not None:
        visible = changes.visible
        out["changes"] = [[c.kind, in_a(c.a_span[0]), in_a(c.a_span[1]), in_b(c.b_span[0]), in_b(c.b_span[1]), list(c.tags)]
                          for c in visible]
        out["quotes"] = sum(1 for c in visible if "quote" in c.tags)
        out["figures"] = sum(1 for c in visible if "number" in c.tags)
        out["drift"] = [{"verdict": q.verdict, "quote": label(q.a_text)} for q in changes.quotes if q.verdict != "same"]
    return out
