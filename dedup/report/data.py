"""What the report shows, as plain data: counts, clusters, members, their texts and the
changes of each member against its cluster's canonical version.

Offsets into the texts are handed to the page in its own units: a JavaScript string counts
UTF-16 code units, in which a character beyond the Basic Multilingual Plane (most emoji) is
two, where Python counts it once; every offset is moved on by the number of such characters
before it. Ids, titles, sources and paths are labels: control and bidirectional characters
shown as escapes, and at most 300 characters long (:func:`dedup.display.label`), so that a
hostile or broken title can neither reverse what is shown nor push the table off the page.
A member's URL becomes a link only when it is an absolute ``http`` or ``https`` URL with no
space or control character in it (``href``); any other is shown as text.

From the scan's lineage (:mod:`dedup.lineage`) each member names its ``parent`` (its place in
the cluster's members) and each cluster its ``first`` publisher; :func:`outlets` counts, per
outlet, the stories it published first, the copies and rewrites it ran and how much of the
text it changed, and who ran whose copy.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

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
    clusters: list[dict[str, Any]] = []
    diffed = 0
    for cluster in result.clusters:
        canonical = cluster.members[0]
        first = texts.get((canonical.id, canonical.path))
        if first is None:
            continue  # changed on disk since the scan: nothing to show
        canonical_text = len(text_table)
        text_table.append(first.text)
        members = [_member(canonical, None, None, article=first)]
        in_first = page_units(first.text)
        for member in cluster.duplicates:
            article = texts.get((member.id, member.path))
            if article is None:
                continue
            members.append(_member(member, diff(first, article, config), len(text_table), in_first, page_units(article.text),
                                   article=article))
            text_table.append(article.text)
            diffed += 1
            if done is not None:
                done(diffed)
        first_publisher = _with_lineage(cluster, members)
        clusters.append({
            "n": cluster.cluster,
            "canonical": label(canonical.id),
            "title": label(canonical.title or canonical.id),
            "date": canonical.date or "",
            "sources": _in_order_published(members, first_publisher),
            "first": first_publisher,
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
        **outlets(clusters),
        "clusters": clusters,
        "texts": text_table,
    }


def page_units(text: str) -> Callable[[int], int]:
    """A function from offsets into ``text`` (code points) to offsets in UTF-16 code units."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    return (lambda offset: offset + bisect_left(astral, offset)) if astral else (lambda offset: offset)


def _member(member, changes, text: int | None, in_a=None, in_b=None, article: Article | None = None) -> dict[str, Any]:
    url = (article.url if article is not None else None) or ""
    out: dict[str, Any] = {
        "id": label(member.id),
        "title": label(member.title or ""),
        "source": label(member.source or ""),
        "date": member.date or "",
        "path": label(member.path or ""),
        "url": label(url),
        "href": url if linkable(url) else None,
        "similarity": member.similarity,
        "containment": member.containment,
        "story": member.story if text is not None else None,
        "verdict": member.verdict or ("canonical" if text is None else "duplicate"),
        "parent": None,
        "confidence": member.parent_confidence,
        "text": text,
    }
    if changes is not None:
        visible = changes.visible
        out["changes"] = [[c.kind, in_a(c.a_span[0]), in_a(c.a_span[1]), in_b(c.b_span[0]), in_b(c.b_span[1]), list(c.tags)]
                          for c in visible]
        out["quotes"] = sum(1 for c in visible if "quote" in c.tags)
        out["figures"] = sum(1 for c in visible if "number" in c.tags)
        drift = Counter(q.verdict for q in changes.quotes if q.verdict != "same")
        out["drift"] = [{"verdict": verdict, "count": n,
                         "quotes": [label(q.a_text, 120) for q in changes.quotes if q.verdict == verdict][:5]}
                        for verdict, n in sorted(drift.items())]
        changed = sum(c.a_span[1] - c.a_span[0] + c.b_span[1] - c.b_span[0] for c in visible)
        out["changed"] = round(changed / max(1, len(changes.a) + len(changes.b)), 4)
    return out


def linkable(url: str) -> bool:
    """An absolute http or https URL that cannot be read as anything else."""
    if not url or len(url) > 2048 or any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _with_lineage(cluster, members: list[dict[str, Any]]) -> int | None:
    """Each shown member's ``parent`` as its place among the shown ``members`` (known by their
    labels); the first publisher's place (``None``: a scan without lineage, or the first
    publisher not shown)."""
    places = {entry["id"]: k for k, entry in enumerate(members)}
    records = {label(m.id): m for m in cluster.members}
    for entry in members:
        parent = records[entry["id"]].parent
        if parent is not None:
            entry["parent"] = places.get(label(parent))
    return places.get(label(cluster.first_publisher)) if cluster.first_publisher is not None else None


def _in_order_published(members: list[dict[str, Any]], first: int | None) -> list[str]:
    """The cluster's outlets, the first publisher's first, then by the date each first ran it."""
    order = sorted(range(len(members)), key=lambda k: (k != first, not members[k]["date"], members[k]["date"], k))
    return list(dict.fromkeys(members[k]["source"] for k in order if members[k]["source"]))


NO_OUTLET = "(no outlet)"
MATRIX = 20  # outlets in the who-ran-whose-copy matrix, the most active first


def outlets(clusters: list[dict[str, Any]]) -> dict[str, Any]:
    """Per outlet: stories it published first, copies and rewrites it ran, the median share of
    the text its versions changed; and ``matrix[i][j]``: how many of outlet ``i``'s versions
    were copied from a version of outlet ``j`` (the :data:`MATRIX` most active outlets)."""
    first: Counter[str] = Counter()
    copies: Counter[str] = Counter()
    rewrites: Counter[str] = Counter()
    changed: dict[str, list[float]] = {}
    ran: Counter[tuple[str, str]] = Counter()
    for cluster in clusters:
        members = cluster["members"]
        for k, member in enumerate(members):
            outlet = member["source"] or NO_OUTLET
            if k == (0 if cluster["first"] is None else cluster["first"]):
                first[outlet] += 1
            else:
                (rewrites if member["verdict"] == "rewrite" else copies)[outlet] += 1
            if "changed" in member:  # (the canonical version is what the others are measured against)
                changed.setdefault(outlet, []).append(member["changed"])
            if member["parent"] is not None:
                ran[outlet, members[member["parent"]]["source"] or NO_OUTLET] += 1
    names = sorted(set(first) | set(copies) | set(rewrites), key=lambda o: (-first[o], -copies[o] - rewrites[o], o))
    table = [{"outlet": o, "first": first[o], "copies": copies[o], "rewrites": rewrites[o],
              "changed": round(statistics.median(changed[o]), 4) if o in changed else None} for o in names]
    active = sorted({o for pair in ran for o in pair}, key=lambda o: (-sum(n for pair, n in ran.items() if o in pair), o))[:MATRIX]
    return {"outlets": table, "matrix": {"outlets": active, "counts": [[ran[row, col] for col in active] for row in active]}}
