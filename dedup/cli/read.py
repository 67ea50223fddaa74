"""``dedup read PATH...``: what the tool extracted from each file, and what it left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from dedup.cli.app import command, fail, library_errors
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs, open_output
from dedup.config import Config
from dedup.display import shown

if TYPE_CHECKING:
    from dedup.extraction import Extraction
from dedup.records import Skipped

FORMATS = ("text", "json")


@command(name="read")
@library_errors
@config_options
def read_command(
    config: Config,
    paths: list[str] = typer.Argument(..., help="Files or folders to read; '-' reads JSON Lines from stdin."),
    format: str = typer.Option("text", "--format", "-f", help="text (the article with dropped lines marked) or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Accepted for symmetry with the other commands."),
) -> None:
    """Show what was read from each file: metadata, text, and what was left out as site
    chrome or corpus boilerplate (several files are surveyed for boilerplate together)."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    check_outputs(paths, {"--output": output})
    from dedup.extraction import extract

    found = extract(paths, config)
    with open_output(output, json=format == "json") as out:
        for item in found:
            if format == "json":
                out.write(json.dumps(_as_dict(item), ensure_ascii=False) + "\n")
            else:
                _show(item, out)
    if all(isinstance(item, Skipped) for item in found):  # what was skipped is shown above, with why
        fail("nothing was read: " + ("every input was skipped (see why above)" if found else "the inputs hold no articles"))


def _as_dict(item: Extraction | Skipped) -> dict:
    if isinstance(item, Skipped):
        return item.to_dict()
    a = item.article
    return {
        "id": a.id, "path": a.path, "title": a.title, "date": a.date, "source": a.source, "url": a.url,
        "byline": a.byline, "text": a.text,
        "matching": [list(span) for span in (a.matching or ((0, len(a.text)),))],
        "dropped": [{"start": d.start, "end": d.end, "kind": d.kind, "text": a.text[d.start : d.end]} for d in item.dropped],
    }


def _show(item: Extraction | Skipped, out: IO[str]) -> None:
    if isinstance(item, Skipped):
        out.write(f"== {shown(item.id)}: skipped: {shown(item.reason)}\n\n")
        return
    a = item.article
    out.write(f"== {shown(a.id)}\n")
    for name in ("path", "title", "date", "source", "url", "byline"):
        if getattr(a, name):
            out.write(f"{name + ':':8s}{shown(getattr(a, name))}\n")
    matching_words = len(a.matching_text.split())
    kinds = sorted({d.kind for d in item.dropped})
    out.write(f"kept:   {matching_words} words for matching; left out {len(item.dropped)} part(s)"
              + (f" ({', '.join(kinds)})" if kinds else "") + "\n\n")
    pos = 0
    for dropped in item.dropped:
        _lines(out, a.text[pos : dropped.start], "  ")
        _lines(out, a.text[dropped.start : dropped.end], "✗ ", f"   [{dropped.kind}]")
        pos = dropped.end
    _lines(out, a.text[pos:], "  ")
    out.write("\n")


def _lines(out: IO[str], text: str, mark: str, note: str = "") -> None:
    for line in text.splitlines():
        if line.strip():
            out.write(f"{mark}{line.strip()}{note}\n")
