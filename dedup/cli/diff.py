"""``dedup diff A B``: what changed from one version of an article to another."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dedup.cli.app import Differs, command, fail, library_errors
from dedup.cli.colour import COLOR, check, wanted
from dedup.cli.diffview import FORMATS, render
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs, open_output
from dedup.cli.pair import one_article
from dedup.config import Config


@command(name="diff")
@library_errors
@config_options
def diff_command(
    config: Config,
    a: str = typer.Argument(..., help="The first version: a file in any format the reader takes."),
    b: str = typer.Argument(..., help="The second version."),
    format: str | None = typer.Option(None, "--format", "-f", help=f"One of {', '.join(FORMATS)} (default: terminal on a terminal, else text)."),
    exact: bool = typer.Option(False, "--exact", help="Also show whitespace-, quote-style-, dash-only and site-chrome changes."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Accepted for symmetry with the other commands."),
    color: str = COLOR,
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit with status 0 when no change is shown (with --exact: none at all), 1 when one is, 2 on an error (as git diff --exit-code)."),
) -> None:
    """Show what changed between two versions: aligned sentences, word-level changes tagged
    quote, number and moved, and what became of every quotation."""
    check(color)
    fmt = format or ("terminal" if (output is None and sys.stdout.isatty()) or color == "always" else "text")
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    check_outputs([a, b], {"--output": output})
    first, second = one_article(a, config), one_article(b, config)
    with open_output(output, json=fmt == "json") as out:
        from dedup.differ import diff as run_diff

        result = run_diff(first, second, config)
        # a terminal's markers are colours; without colour they are the text format's [-…-]{+…+}
        render(result, fmt, out, exact=exact, names=(first.id, second.id), articles=(first, second), config=config,
               colour=wanted(color, sys.stdout if output is None else out))
    if exit_code and (result.changes if exact else result.visible):
        raise Differs()

