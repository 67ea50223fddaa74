"""The progress display on stderr, and ``--verbose``'s log and stage timings.

The display shows the stage, a bar once the total is known (a folder's files are counted
while it is read), how many are done, the rate, the time left and the time taken, redrawn ten
times a second. It is drawn only on a terminal that can redraw a line (not a pipe or a file,
not ``TERM=dumb``), and in colour only as ``--color`` says. ``-v`` logs what the library says
at INFO (and each stage's time at DEBUG) and ends with a table of the seconds each stage took.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from dedup.cli.colour import check, dumb_terminal, wanted
from dedup.progress import Stages

VERBOSE = typer.Option(False, "--verbose", "-v", help="Log what each stage does and end with the seconds each stage took.")


@contextmanager
def progress_display(quiet: bool, colour: str = "auto", verbose: bool = False) -> Iterator[Stages]:
    """The :class:`~dedup.progress.Stages` of a command: drawn on stderr unless ``quiet`` or
    not on a terminal; with ``verbose``, logged, and timed in a table at the end."""
    check(colour)
    with _logging(verbose):
        if quiet or not sys.stderr.isatty() or dumb_terminal():
            stages = Stages()
            yield stages
        else:
            with _bar(wanted(colour, sys.stderr)) as stages:
                yield stages
        if verbose:
            typer.echo(timing_table(stages.seconds), err=True)


@contextmanager
def _bar(colour: bool) -> Iterator[Stages]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True, no_color=not colour, highlight=False)
    columns = (SpinnerColumn(), TextColumn("{task.description:<11}"), BarColumn(bar_width=24), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, refresh_per_second=10) as bar:
        shown: dict[str, TaskID] = {}  # the stage on screen and its task (a new stage starts its rate afresh)

        def show(stage: str, done: int, total: int | None) -> None:
            if stage not in shown:
                for task in shown.values():
                    bar.remove_task(task)
                shown.clear()
                shown[stage] = bar.add_task(stage, total=total, rate="")
            task = shown[stage]
            bar.update(task, completed=done, total=total)
            speed = next(t.speed for t in bar.tasks if t.id == task)  # with this sample in it
            bar.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield Stages(show)


def timing_table(seconds: dict[str, float]) -> str:
    """Each stage's seconds and share of the whole, slowest first."""
    whole = sum(seconds.values()) or 1.0
    rows = [f"{'stage':<12}{'seconds':>9}{'share':>8}"]
    for name, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        rows.append(f"{name:<12}{spent:>9.3f}{spent / whole:>8.0%}")
    rows.append(f"{'total':<12}{sum(seconds.values()):>9.3f}")
    return "\n".join(rows)


@contextmanager
def _logging(verbose: bool) -> Iterator[None]:
    """With ``verbose``, the ``dedup`` logger's INFO and DEBUG lines on stderr."""
    if not verbose:
        yield
        return
    logger = logging.getLogger("dedup")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
