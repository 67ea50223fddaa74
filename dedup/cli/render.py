"""Rendering a :class:`~dedup.ScanResult` as a table, JSON Lines, JSON or CSV."""

from __future__ import annotations

import csv
import json
import shutil
from typing import IO

import typer

from dedup.display import listed, shown
from dedup.records import Cluster, Member, ScanResult, Skipped, Summary

FORMATS = ("table", "jsonl", "json", "csv")
CSV_FIELDS = ("cluster", "size", "canonical", "id", "path", "title", "date", "source", "similarity", "containment")
STORY_FIELDS = ("story", "verdict")  # columns of a scan with stories
LINEAGE_FIELDS = ("parent", "parent_confidence", "first_publisher")  # columns of a scan with lineage


def render(result: ScanResult, fmt: str, out: IO[str], duplicates_only: bool = False, null: bool = False) -> None:
    if duplicates_only:
        for cluster in result.clusters:
            for member in cluster.duplicates:
                if member.verdict != "rewrite":  # a rewrite is another telling, not a copy to drop
                    out.write(_drop_line(member.id, null))
    elif fmt == "jsonl":
        for cluster in result.clusters:
            out.write(json.dumps(cluster.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        fields = CSV_FIELDS + (STORY_FIELDS if _stories(result) else ()) + (LINEAGE_FIELDS if _lineage(result) else ())
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for cluster in result.clusters:
            head = {"cluster": cluster.cluster, "size": cluster.size, "canonical": cluster.canonical}
            if cluster.first_publisher is not None:
                head["first_publisher"] = cluster.first_publisher
            for member in cluster.members:
                writer.writerow({**head, **member.to_dict()})
    else:
        _table(result, out)


def _table(result: ScanResult, out: IO[str], width: int | None = None) -> None:
    """Clusters as aligned columns; the title gives way first when the terminal is narrow."""
    from rich.cells import cell_len

    width = width or shutil.get_terminal_size((100, 24)).columns
    stories, lineage = _stories(result), _lineage(result)
    rows = [("cluster", "id", "date", "source", "sim", "contain", *(("story", "verdict") if stories else ()),
             *(("copied from",) if lineage else ()), "title")]
    for cluster in result.clusters:
        for position, member in enumerate(cluster.members):
            rows.append((
                str(cluster.cluster) if position == 0 else "",
                ("* " if position == 0 else "  ") + _printable(member.id),
                member.date[:10] if member.date else "",
                _printable(member.source or ""),
                f"{member.similarity:.2f}",
                f"{member.containment:.2f}",
                *((f"{member.story:.2f}", member.verdict or "") if stories else ()),
                *((_copied_from(cluster, member),) if lineage else ()),
                _printable(member.title or ""),
            ))
    caps = (7, 48, 10, 20, 4, 7, *((5, 9) if stories else ()), *((32,) if lineage else ()), 10**6)
    right = {0, 4, 5, 6} if stories else {0, 4, 5}
    widths = [min(cap, max(cell_len(row[i]) for row in rows)) for i, cap in enumerate(caps)]
    last = len(caps) - 1
    room = width - 2 * last
    widths[last] = max(10, min(widths[last], room - sum(widths[:last])))
    widths[1] = max(20, min(widths[1], room - sum(widths) + widths[1]))
    for number, row in enumerate(rows):
        if number > 1 and row[0]:
            out.write("\n")
        cells = [_fit(text, w, right=i in right) for i, (text, w) in enumerate(zip(row, widths))]
        out.write("  ".join(cells).rstrip() + "\n")
    if not result.clusters:
        out.write("No near-duplicates found.\n")


def _stories(result: ScanResult) -> bool:
    """Whether the scan measured stories (its members carry story scores)."""
    return any(m.story is not None for c in result.clusters for m in c.members)


def _lineage(result: ScanResult) -> bool:
    """Whether the scan traced lineage (its clusters name their first publishers)."""
    return any(c.first_publisher is not None for c in result.clusters)


def _copied_from(cluster: Cluster, member: Member) -> str:
    """The table's lineage cell: the first publisher marked, else the parent and its confidence."""
    if member.id == cluster.first_publisher:
        return "first publisher"
    if member.parent is None:
        return ""  # (a cluster too large to trace)
    return f"{_printable(member.parent)} ({member.parent_confidence:.2f})"


def _fit(text: str, width: int, right: bool) -> str:
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return " " * (width - cell_len(text)) + text if right else set_cell_size(text, width)


def _drop_line(member_id: str, null: bool) -> str:
    """One id of ``--duplicates-only``: escaped, a line each (no id can pass for two, or for
    the canonical copy's); with ``--null``, as it is, ended by a NUL (as ``find -print0``)."""
    if not null:
        return listed(member_id) + "\n"
    if "\0" in member_id:  # (an id from a record's field; a file name cannot hold one)
        typer.echo(f"not listed: {listed(member_id)}: its id holds a NUL character, which --null separates ids with",
                   err=True)
        return ""
    return member_id + "\0"


def skip_line(item: Skipped) -> str:
    """``skipped ID: reason``, as one line whatever the id and reason hold."""
    return shown(f"skipped {item.id}: {item.reason}")


def _printable(value: str) -> str:
    return shown(value).encode("utf-8", "backslashreplace").decode("utf-8")


def summary_line(summary: Summary) -> str:
    """One line for stderr: what was read, skipped (by reason), found, and how long it took."""
    reasons = ", ".join(f"{n} {reason}" for reason, n in summary.skipped_by_reason.items())
    skipped = f"skipped {summary.skipped}" + (f" ({reasons})" if reasons else "")
    boilerplate = (
        f"; set aside {_count(summary.boilerplate_paragraphs, 'boilerplate paragraph')} "
        f"in {_count(summary.articles_with_boilerplate, 'article')}"
        if summary.boilerplate_paragraphs else ""
    )
    return (
        f"Read {_count(summary.documents, 'document')}, {skipped}{boilerplate}; "
        f"{_count(summary.clusters, 'cluster')}, {_count(summary.duplicates, 'duplicate')}"
        f"{', ' + _count(summary.rewrites, 'rewrite') if summary.rewrites else ''}"
        f"{f' (largest {summary.largest_cluster:,})' if summary.largest_cluster > 1 else ''} in {summary.seconds:.2f} s"
    )


def nothing_read(summary: Summary) -> str | None:
    """Why a scan read no article (an error: a wrong ``--text-field``, an empty stdin), or
    ``None`` when it read some."""
    if summary.documents:
        return None
    if not summary.skipped:
        return "nothing was read: the inputs hold no articles (an empty folder, file or standard input)"
    reasons = ", ".join(f"{n} {reason}" for reason, n in summary.skipped_by_reason.items())
    return (f"nothing was read: {'the input was' if summary.skipped == 1 else f'all {summary.skipped:,} inputs were'} "
            f"skipped ({reasons}); check the paths and the --text-field, --encoding and --min-words settings")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
