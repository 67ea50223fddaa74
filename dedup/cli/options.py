"""Options shared by every command that reads or matches articles, generated from
:class:`~dedup.Config` so that an option and its config field cannot drift apart."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, Optional

import typer

from dedup.config import Config

_PANEL = "Matching and reading"


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Replace a command's ``config: Config`` parameter with one option per config field (or
    its ``overrides: dict`` parameter with the same options, passing on only those given: an
    index applies them to the settings it was built with)."""
    signature = inspect.signature(command)
    wants_overrides = "overrides" in signature.parameters
    fields = dataclasses.fields(Config)
    options = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Optional[_type_of(f)],  # noqa: UP045  (built at run time for typer)
            default=typer.Option(
                None, *_flags(f), help=f"{f.metadata['help']} (default: {_shown(f.default)})",
                rich_help_panel=_PANEL, show_default=False,
            ),
        )
        for f in fields
    ]
    rest = [p for name, p in signature.parameters.items() if name not in ("config", "overrides")]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        given = {f.name: kwargs.pop(f.name) for f in fields}
        changes = {name: value for name, value in given.items() if value is not None}
        if wants_overrides:
            Config().replace(**changes)  # reject bad values before any work
            return command(overrides=changes, **kwargs)
        return command(config=Config().replace(**changes), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=rest + options)  # type: ignore[attr-defined]
    return wrapper


def _type_of(field: dataclasses.Field) -> type:
    return {"int": int, "float": float, "str": str, "bool": bool}.get(type(field.default).__name__, str)


def _flags(field: dataclasses.Field) -> list[str]:
    name = field.name.replace("_", "-")
    return [f"--{name}/--no-{name}"] if isinstance(field.default, bool) else [f"--{name}"]


def _shown(default: object) -> str:
    if isinstance(default, bool):
        return "on" if default else "off"
    return "detected" if default is None else str(default)
