"""Rendering a :class:`~dedup.ScanResult` as a table, JSON Lines, JSON or CSV."""

from __future__ import annotations

import csv
import json
from typing import IO

from dedup.records import ScanResult, Summary

FORMATS = ("table", "jsonl", "json", "csv")
CSV_FIELDS = ("cluster", "size", "canonical", "id", "path", "title", "date", "source", "similarity", "containment")


def render(result: ScanResult, fmt: str, out: IO[str], duplicates_only: bool = False) -> None:
    if duplicates_only:
        for cluster in result.clusters:
            for member in cluster.duplicates:
                out.write(member.id + "\n")
    elif fmt == "jsonl":
        for cluster in result.clusters:
            out.write(json.dumps(cluster.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for cluster in result.clusters:
            head = {"cluster": cluster.cluster, "size": cluster.size, "canonical": cluster.canonical}
            for member in cluster.members:
                writer.writerow({**head, **member.to_dict()})
    else:
        _table(result, out)


def _table(result: ScanResult, out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("cluster", justify="right")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("source", max_width=24, no_wrap=True, overflow="ellipsis")
    table.add_column("sim", justify="right")
    table.add_column("contain", justify="right")
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    for cluster in result.clusters:
        for position, member in enumerate(cluster.members):
            table.add_row(
                str(cluster.cluster) if position == 0 else "",
                # Text, not markup: an id or title may hold "[b]" and must show as written
                *(Text(_printable(v)) for v in (("* " if position == 0 else "  ") + member.id,
                                                 member.date or "", member.source or "")),
                f"{member.similarity:.2f}",
                f"{member.containment:.2f}",
                Text(_printable(member.title or "")),
                end_section=position == cluster.size - 1,
            )
    Console(file=out, soft_wrap=False).print(table)
    if not result.clusters:
        out.write("No near-duplicates found.\n")


def _printable(value: str) -> str:
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def summary_line(summary: Summary) -> str:
    """One line for stderr: what was read, skipped (by reason), found, and how long it took."""
    reasons = ", ".join(f"{n} {reason}" for reason, n in summary.skipped_by_reason.items())
    skipped = f"skipped {summary.skipped}" + (f" ({reasons})" if reasons else "")
    return (
        f"Read {_count(summary.documents, 'document')}, {skipped}; "
        f"{_count(summary.clusters, 'cluster')}, {_count(summary.duplicates, 'duplicate')} in {summary.seconds:.2f} s"
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
