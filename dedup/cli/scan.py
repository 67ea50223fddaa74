"""``dedup scan PATH...``: cluster near-duplicate articles in files, folders or stdin."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dedup.cli.app import command, fail, library_errors
from dedup.cli.colour import COLOR
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs, open_output
from dedup.cli.progress import VERBOSE, progress_display
from dedup.cli.render import FORMATS, nothing_read, render, skip_line, summary_line
from dedup.config import Config
from dedup.progress import Stages
from dedup.records import ScanResult

SHOW_SKIPPED = 20


@command()
@library_errors
@config_options
def scan(
    config: Config,
    paths: list[str] = typer.Argument(..., help="Files or folders to scan (recursively); '-' reads JSON Lines from stdin."),
    format: str | None = typer.Option(None, "--format", "-f", help=f"One of {', '.join(FORMATS)} (default: table on a terminal, else jsonl)."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout (with --engine spark: a folder, local or on the cluster's storage, such as s3://… or hdfs://…)."),
    all_: bool = typer.Option(False, "--all", help="Also list articles without copies, as clusters of one."),
    stories: bool = typer.Option(False, "--stories", help="Cluster by story: rewrites join their story's cluster, and every member gets a story score and a verdict (duplicate or rewrite)."),
    duplicates_only: bool = typer.Option(False, "--duplicates-only", help="Print only the ids to drop, one a line: every non-canonical member that is a near-duplicate, not a rewrite (overrides --format); line breaks, control characters and backslashes in ids are escaped (\\n, \\x1b, \\\\)."),
    null: bool = typer.Option(False, "--null", "-0", help="With --duplicates-only: end each id with a NUL character instead of a line break, and write it as it is (as find -print0 does, for xargs -0)."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 if any input was skipped."),
    report: Path | None = typer.Option(None, "--report", help="Also write the HTML report of this scan to this file."),
    engine: str = typer.Option("local", "--engine", help="local, or spark: Parquet or JSON Lines inputs deduplicated on Apache Spark, written to the --output folder (Parquet when it ends in .parquet, else JSON Lines)."),
    master: str | None = typer.Option(None, "--master", help="The Spark master with --engine spark (local[N], spark://host:port, yarn, k8s://…; default: the one spark-submit was given, else local[2])."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary on stderr."),
    verbose: bool = VERBOSE,
    color: str = COLOR,
) -> None:
    """Cluster near-duplicate articles: copies, trims and briefs of one story (and, with
    --stories, rewrites of it)."""
    if engine == "spark":
        if output is None:
            fail("--engine spark writes a folder: give it with --output")
        local_only = {"--stories": stories, "--semantic": config.semantic, "--lineage": config.lineage, "--all": all_, "--format": format, "--strict": strict, "--report": report,
                      "--duplicates-only": duplicates_only, "--null": null}
        if given := [name for name, value in local_only.items() if value]:
            fail(f"{', '.join(given)}: not with --engine spark, which writes every input row with cluster, canonical and "
                 "is_duplicate (the same-story tier and the other outputs are the local engine's)")
        from dedup.spark import run as run_spark

        rows = run_spark(paths, output, config, master, verbose=verbose)
        if not quiet:
            typer.echo(f"wrote {rows:,} rows with cluster, canonical and is_duplicate to {output}", err=True)
        return
    if engine != "local":
        fail(f"unknown engine {engine!r}: use local or spark")
    if config.semantic and not stories:
        fail("--semantic weighs the same-story score: give --stories too")
    if null and not duplicates_only:
        fail("--null separates the ids of --duplicates-only: give both")
    with progress_display(quiet, color, verbose) as stages:
        result = _local(config, paths, format, None if output is None else Path(output), all_, stories, duplicates_only,
                        null, report, quiet, stages)
    _tell(result, quiet)
    if strict and result.skipped:
        fail(f"{len(result.skipped)} input(s) skipped (--strict); the summary says why")


def _local(config: Config, paths: list[str], format: str | None, output: Path | None, all_: bool, stories: bool,
           duplicates_only: bool, null: bool, report: Path | None, quiet: bool, stages: Stages) -> ScanResult:
    fmt = format or ("table" if output is None and sys.stdout.isatty() else "jsonl")
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    check_outputs(paths, {"--output": output, "--report": report})
    if report is not None:
        from dedup.cli.report import refuse_stdin

        refuse_stdin(paths)
    from dedup.batch import scan as run_scan

    # the report draws each cluster's tree of copies: traced for it, shown only if asked
    traced = config.replace(lineage=True) if report is not None else config
    result = run_scan(paths, traced, singletons=all_, stories=stories, progress=stages)
    if (empty := nothing_read(result.summary)) is not None:  # no output replaced by an empty one
        _tell(result, quiet)
        fail(empty)
    with stages.stage("write"), open_output(output, json=fmt in ("json", "jsonl") and not duplicates_only) as out:
        render(result if config.lineage or report is None else result.without_lineage(), fmt, out,
               duplicates_only=duplicates_only, null=null)
    if report is not None:
        from dedup.cli.report import write

        write(paths, config, result, report, "--report", stages)
    return result


def _tell(result: ScanResult, quiet: bool) -> None:
    """The skips and the summary line, on stderr."""
    if quiet:
        return
    for skipped in result.skipped[:SHOW_SKIPPED]:
        typer.echo(skip_line(skipped), err=True)
    if len(result.skipped) > SHOW_SKIPPED:
        typer.echo(f"… and {len(result.skipped) - SHOW_SKIPPED} more skipped (--format json lists them all)", err=True)
    typer.echo(summary_line(result.summary), err=True)
