"""What the report shows, as plain data: counts, clusters, members, their texts and the
changes of each member against its cluster's canonical version (offsets into the texts)."""

from __future__ import annotations

from typing import Any

from dedup.config import Config
from dedup.differ import diff
from dedup.records import Article, ScanResult


def report_data(result: ScanResult, texts: dict[tuple[str, Any], Article], config: Config) -> dict[str, Any]:
    """``texts`` maps ``(id, path)`` to the article as read again."""
    text_table: list[str] = []
    clusters = []
    for cluster in result.clusters:
        canonical = cluster.members[0]
        first = texts.get((canonical.id, canonical.path))
        if first is None:
            continue  # changed on disk since the scan: nothing to show
        canonical_text = len(text_table)
        text_table.append(first.text)
        members = [_member(canonical, None, None)]
        for member in cluster.duplicates:
            article = texts.get((member.id, member.path))
            if article is None:
                continue
            members.append(_member(member, diff(first, article, config), len(text_table)))
            text_table.append(article.text)
        clusters.append({
            "n": cluster.cluster,
            "canonical": canonical.id,
            "title": canonical.title or canonical.id,
            "date": canonical.date or "",
            "sources": sorted({m.source for m in cluster.members if m.source}),
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
        "skipped": [{"id": s.id, "reason": s.reason} for s in result.skipped],
        "sizes": [len(c["members"]) for c in clusters],
        "clusters": clusters,
        "texts": text_table,
    }


def _member(member, changes, text: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": member.id,
        "title": member.title or "",
        "source": member.source or "",
        "date": member.date or "",
        "path": member.path or "",
        "similarity": member.similarity,
        "containment": member.containment,
        "verdict": member.verdict or ("canonical" if text is None else "duplicate"),
        "text": text,
    }
    if changes is not None:
        visible = changes.visible
        out["changes"] = [[c.kind, *c.a_span, *c.b_span, list(c.tags)] for c in visible]
        out["quotes"] = sum(1 for c in visible if "quote" in c.tags)
        out["figures"] = sum(1 for c in visible if "number" in c.tags)
        out["drift"] = [{"verdict": q.verdict, "quote": q.a_text} for q in changes.quotes if q.verdict != "same"]
    return out
