"""``dedup compare A B``: are two articles copies, rewrites of one story, or different?"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dedup.cli.app import Differs, command, fail, library_errors
from dedup.cli.options import config_options
from dedup.cli.output import check_outputs, open_output
from dedup.cli.pair import one_article
from dedup.config import Config

FORMATS = ("text", "json")


@command(name="compare")
@library_errors
@config_options
def compare_command(
    config: Config,
    a: str = typer.Argument(..., help="The first article: a file in any format the reader takes."),
    b: str = typer.Argument(..., help="The second article."),
    format: str = typer.Option("text", "--format", "-f", help="text or json (fields jaccard, containment, story, verdict)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Accepted for symmetry with the other commands."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit with status 0 when the verdict is duplicate (a copy), 1 when it is rewrite or different, 2 on an error (as git diff --exit-code)."),
) -> None:
    """Tell whether two articles are near-copies (duplicate), the same story reworded
    (rewrite) or different stories, with the measures behind the verdict."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    check_outputs([a, b], {"--output": output})
    first, second = one_article(a, config), one_article(b, config)
    from dedup.comparison import compare

    result = compare(first, second, config)
    with open_output(output, json=format == "json") as out:
        if format == "json":
            out.write(json.dumps(result.to_dict()) + "\n")
        else:
            out.write(
                f"{result.verdict}\n"
                f"  jaccard      {result.jaccard:.4f}  (duplicate at {config.threshold})\n"
                f"  containment  {result.containment:.4f}  (duplicate at {config.containment})\n"
                f"  story        {result.story:.4f}  (rewrite at {config.story})\n"
            )
    if exit_code and result.verdict != "duplicate":
        raise Differs()
