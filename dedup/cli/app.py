"""The Typer application that every subcommand registers on, and the conventions every
command shares: ``-h`` as ``--help``, ``--version``/``-V``, shell completion, help that reads
as written (no ``<bool>`` after a flag, a docstring's line breaks joined), and library errors
as ``Error: …``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from dedup.errors import ConfigError, DedupError

#: exit statuses (the README's table is tested against these)
OK = 0
FAILED = 1  # an error, a --strict scan that skipped something, a scan that read nothing
DIFFERENT = 1  # with --exit-code: the two versions differ / are not copies
TROUBLE = 2  # with --exit-code an error is 2 (as diff and cmp do), so that 1 means "different"; usage errors are 2 too


class _Help:
    """Flags show no type label (``--all``, not ``--all <bool>``): a flag takes no value."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class Command(_Help, TyperCommand):
    pass


class Group(_Help, TyperGroup):
    pass


def typer_app(help: str) -> typer.Typer:
    """A command group with the shared conventions."""
    return typer.Typer(help=help, cls=Group, no_args_is_help=True, pretty_exceptions_enable=False,
                       context_settings={"help_option_names": ["-h", "--help"]})


app = typer.Typer(
    name="dedup",
    help="Find syndicated, copied and rewritten versions of news articles.",
    cls=Group,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(shown: bool) -> None:
    if shown:
        import dedup  # the package root, which holds the one version

        typer.echo(f"dedup (newsdedup) {dedup.__version__}")
        raise typer.Exit()


@app.callback()
def _group(
    version: bool | None = typer.Option(None, "--version", "-V", callback=_version, is_eager=True,
                                           help="Show the version and exit."),
) -> None:
    """Find syndicated, copied and rewritten versions of news articles."""


def command(group: typer.Typer = app, name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a subcommand whose help is its docstring, with single line breaks joined
    (Typer's rich help would keep them, and the commands list would break mid-sentence)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        text = _joined(function.__doc__ or "")
        return group.command(name, cls=Command, help=text, short_help=text.split("\n\n")[0])(function)

    return register


def _joined(doc: str) -> str:
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in inspect.cleandoc(doc).split("\n\n"))


class Differs(Exception):
    """Raised by a command given ``--exit-code`` whose two inputs differ: status 1."""


def fail(message: str) -> NoReturn:
    """Stop the command with ``Error: message`` on stderr and exit status 1 (2 with
    ``--exit-code``)."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(FAILED)


def library_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into ``Error: …`` and exit status 1; a setting is named by
    its option (``--threshold``), as the user typed it. A command given ``--exit-code`` ends
    with 1 when :class:`Differs` is raised and with 2 on an error, as ``diff`` does."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        trouble = TROUBLE if kwargs.get("exit_code") else FAILED
        try:
            try:
                return command(*args, **kwargs)
            except ConfigError as err:
                fail(f"--{err.field.replace('_', '-')} {err.detail}" if err.field else err.detail)
            except DedupError as err:
                fail(str(err))
        except Differs:
            raise typer.Exit(DIFFERENT) from None
        except typer.Exit as stop:
            if stop.exit_code == FAILED:
                raise typer.Exit(trouble) from None
            raise

    return wrapper
