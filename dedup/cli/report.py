"""``dedup report PATH... -o report.html``: one self-contained page for a whole scan."""

from __future__ import annotations

from pathlib import Path

import typer

from dedup.cli.app import command, fail, library_errors
from dedup.cli.colour import COLOR
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs, open_output
from dedup.cli.progress import VERBOSE, progress_display
from dedup.cli.render import nothing_read
from dedup.config import Config
from dedup.progress import Stages
from dedup.records import ScanResult


@command(name="report")
@library_errors
@config_options
def report_command(
    config: Config,
    paths: list[str] = typer.Argument(..., help="Files or folders to scan (recursively)."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
    stories: bool = typer.Option(False, "--stories", help="Cluster by story: rewrites join their story's cluster."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar on stderr."),
    verbose: bool = VERBOSE,
    color: str = COLOR,
) -> None:
    """Write one self-contained HTML page: counts, cluster sizes, a searchable table of
    clusters, and each member's changes against the canonical version, highlighted."""
    check_outputs(paths, {"--output": output})
    refuse_stdin(paths)
    if config.semantic and not stories:
        fail("--semantic weighs the same-story score: give --stories too")
    with progress_display(quiet, color, verbose) as stages:
        from dedup.batch import scan as run_scan

        result = run_scan(paths, config.replace(lineage=True), stories=stories, progress=stages)
        if (empty := nothing_read(result.summary)) is not None:
            fail(empty)
        write(paths, config, result, output, "--output", stages)
    if not quiet:
        typer.echo(f"wrote {output} ({result.summary.clusters:,} clusters)", err=True)


def refuse_stdin(paths: list[str]) -> None:
    """The report reads the clustered articles again for their texts: stdin cannot be."""
    if "-" in paths:
        fail("the report reads the articles again for their texts, which stdin cannot give twice: "
             "save the JSON Lines to a file and name it instead of '-'")


def write(paths: list[str], config: Config, result: ScanResult, output: Path, flag: str, stages: Stages) -> None:
    """The report of ``result`` (a scan of ``paths``) into ``output``, replaced only once
    whole."""
    from dedup.report import report

    page = report(paths, config, result=result, progress=stages)
    with stages.stage("write"), open_output(output, json=False, flag=flag) as out:
        out.write(page)
