"""``dedup index add|query|stats|remove``: a persistent index for articles that keep coming."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, List, Optional

import typer

from dedup.cli.app import app, fail, library_errors
from dedup.cli.options import config_options
from dedup.records import Skipped

index_app = typer.Typer(help="A persistent index: add articles as they arrive, ask what each new one duplicates.",
                        no_args_is_help=True)
app.add_typer(index_app, name="index")

LOCATION = typer.Argument(..., help="The index: a file path (an SQLite file, created when missing).")


@index_app.command("add")
@library_errors
@config_options
def add_command(
    overrides: dict[str, Any],
    location: str = LOCATION,
    paths: List[str] = typer.Argument(..., help="Files or folders to add; '-' reads JSON Lines from stdin."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Add articles (a file added again, or a record with an id already in the index, replaces it)."""
    from dedup.index import Index
    from dedup.readers import read

    with Index.open(location, **overrides) as index:
        before = len(index)
        skipped = index.add(read(paths, index.config))  # one pass over the inputs: stdin can be read once only
        if not quiet:
            for item in skipped:
                typer.echo(f"skipped {item.id}: {item.reason}", err=True)
            typer.echo(f"{location}: {len(index):,} articles ({len(index) - before:+,}); skipped {len(skipped)}", err=True)


@index_app.command("query")
@library_errors
@config_options
def query_command(
    overrides: dict[str, Any],
    location: str = LOCATION,
    paths: List[str] = typer.Argument(..., help="Files or folders to look up; '-' reads JSON Lines from stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl or table (default: table on a terminal, else jsonl)."),
) -> None:
    """Print, for each article, its matches already in the index (id, similarity,
    containment, verdict), without adding it."""
    fmt = format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt not in ("jsonl", "table"):
        fail(f"unknown format {fmt!r}: use jsonl or table")
    from dedup.index import Index
    from dedup.readers import read

    with Index.open(location, existing=True, **overrides) as index:
        for item in read(paths, index.config):
            if isinstance(item, Skipped):
                typer.echo(f"skipped {item.id}: {item.reason}", err=True)
                continue
            decision = index.query(item)
            if fmt == "jsonl":
                typer.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
            elif not decision.matches:
                typer.echo(f"{item.id}: first seen")
            else:
                typer.echo(f"{item.id}: duplicate of {decision.duplicate_of}")
                for match in decision.matches:
                    typer.echo(f"    {match.id}  similarity {match.similarity:.2f}  containment {match.containment:.2f}  {match.verdict}")


@index_app.command("stats")
@library_errors
def stats_command(location: str = LOCATION) -> None:
    """How many articles, how many bytes, and the settings the index was built with."""
    from dedup.index import Index

    with Index.open(location, existing=True) as index:
        for key, value in index.stats().items():
            typer.echo(f"{key:18s} {value}")


@index_app.command("remove")
@library_errors
def remove_command(location: str = LOCATION, ids: List[str] = typer.Argument(..., help="Ids of the articles to remove, or the files they were added from.")) -> None:
    """Remove articles by id (a file added is known by its real path: name the file)."""
    from dedup.index import Index

    with Index.open(location, existing=True) as index:
        gone = index.remove(os.path.realpath(i) if os.path.isfile(i) else i for i in ids)
        typer.echo(f"removed {gone} of {len(ids)}; {len(index):,} articles left", err=True)
        if gone < len(ids):
            raise typer.Exit(1)
