"""``dedup index add|query|stats|remove``: a persistent index for articles that keep coming."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import typer

from dedup.cli.app import app, command, fail, library_errors, typer_app
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs
from dedup.cli.render import skip_line
from dedup.display import shown
from dedup.records import Skipped

index_app = typer_app("A persistent index: add articles as they arrive, ask what each new one duplicates.")
app.add_typer(index_app, name="index")

LOCATION = typer.Argument(..., help="The index: a file path (an SQLite file, created when missing).")
TIMEOUT = typer.Option(30.0, "--timeout", min=0.0, help="Seconds to wait for another process writing to the index "
                       "(or, on Redis, for each reply of the server).")


def _waiting(message: str) -> None:
    typer.echo(message, err=True)


def _open(location: str, timeout: float, **options: Any):
    from dedup.index import Index

    return Index.open(location, timeout=timeout, on_wait=_waiting, **options)


@command(index_app, "add")
@library_errors
@config_options
def add_command(
    overrides: dict[str, Any],
    location: str = LOCATION,
    paths: list[str] = typer.Argument(..., help="Files or folders to add; '-' reads JSON Lines from stdin."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    timeout: float = TIMEOUT,
) -> None:
    """Add articles (a file added again, or a record with an id already in the index, replaces it)."""
    from dedup.readers import read

    if not location.startswith("redis://"):
        check_outputs(paths, {"the index": location}, folders=False)
    with _open(location, timeout, **overrides) as index:
        skipped = index.add(read(paths, index.config))  # one pass over the inputs: stdin can be read once only
        if not quiet:
            for item in skipped:
                typer.echo(skip_line(item), err=True)
            # (+N): what this command added, whatever other writers added meanwhile
            typer.echo(f"{location}: {len(index):,} articles ({index.added:+,}); skipped {len(skipped)}", err=True)


@command(index_app, "query")
@library_errors
@config_options
def query_command(
    overrides: dict[str, Any],
    location: str = LOCATION,
    paths: list[str] = typer.Argument(..., help="Files or folders to look up; '-' reads JSON Lines from stdin."),
    format: str | None = typer.Option(None, "--format", "-f", help="jsonl or table (default: table on a terminal, else jsonl)."),
    timeout: float = TIMEOUT,
) -> None:
    """Print, for each article, its matches already in the index (id, similarity,
    containment, verdict), without adding it."""
    fmt = format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt not in ("jsonl", "table"):
        fail(f"unknown format {fmt!r}: use jsonl or table")
    from dedup.readers import read

    with _open(location, timeout, existing=True, **overrides) as index:
        for item in read(paths, index.config):
            if isinstance(item, Skipped):
                typer.echo(skip_line(item), err=True)
                continue
            decision = index.query(item)
            if fmt == "jsonl":
                typer.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
            elif not decision.matches:
                typer.echo(f"{shown(item.id)}: first seen")
            else:
                typer.echo(f"{shown(item.id)}: duplicate of {shown(decision.duplicate_of or '')}")
                for match in decision.matches:
                    typer.echo(f"    {shown(match.id)}  similarity {match.similarity:.2f}  containment {match.containment:.2f}  {match.verdict}")


@command(index_app, "stats")
@library_errors
def stats_command(location: str = LOCATION, timeout: float = TIMEOUT) -> None:
    """How many articles, how many bytes, and the settings the index was built with."""
    with _open(location, timeout, existing=True) as index:
        for key, value in index.stats().items():
            typer.echo(f"{key:18s} {value}")


@command(index_app, "remove")
@library_errors
def remove_command(location: str = LOCATION, ids: list[str] = typer.Argument(..., help="Ids of the articles to remove, or the files they were added from."),
                   timeout: float = TIMEOUT) -> None:
    """Remove articles by id (a file added is known by its real path: name the file)."""
    with _open(location, timeout, existing=True) as index:
        gone = index.remove(os.path.realpath(i) if os.path.isfile(i) else i for i in ids)
        typer.echo(f"removed {gone} of {len(ids)}; {len(index):,} articles left", err=True)
        if gone < len(ids):
            raise typer.Exit(1)
