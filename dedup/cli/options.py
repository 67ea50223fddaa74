"""Options shared by every command that reads or matches articles, generated from
:class:`~dedup.Config` so that an option and its config field cannot drift apart."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any, Callable, Optional

import typer

from dedup.config import Config

HELP = {
    "ngram": "Shingle length: words per shingle (or characters with --shingle char).",
    "shingle": "Shingle kind: 'word' or 'char'.",
    "num_perm": "MinHash permutations (signature length).",
    "seed": "Seed of the MinHash permutations.",
    "threshold": "Estimated Jaccard at which two articles are near-duplicates.",
    "containment": "Share of the smaller article found in the larger at which they are near-duplicates (briefs, trims).",
    "story": "Same-story score (0-1) at which a pair that is not a near-duplicate is a rewrite of one story.",
    "language": "Language whose word frequencies weigh words for the same-story score (ISO code: en, de, fr…).",
    "semantic": "Same-story score with sentence embeddings too (needs the semantic extra; slower, closer to human judgement).",
    "model": "Sentence-embedding model for --semantic: a folder (tokenizer.json and an ONNX graph) or a Hugging Face Hub name.",
    "min_words": "Articles with fewer words are skipped as too short.",
    "max_file_size": "Files (and JSON lines) larger than this many bytes are skipped.",
    "encoding": "Read every file in this encoding (e.g. cp1252) instead of detecting it.",
    "boilerplate": "A paragraph found in this many articles, after different text each time, is boilerplate, not evidence (0: off).",
    "html_extractor": "How saved web pages are read: resiliparse (fast), or trafilatura (needs the trafilatura extra).",
    "source_from": "Where an article's outlet comes from: metadata (else the first folder below the scan root), folder, or none.",
    "chrome": "Leave site chrome (share lines, view counters, bylines…) out of the matching text.",
    "follow_links": "Read what symlinks out of the folders given lead to (off: skipped with the reason).",
    "text_field": "JSON field that holds the article text.",
    "id_field": "JSON field that holds the article id.",
    "title_field": "JSON field that holds the title.",
    "date_field": "JSON field that holds the date.",
    "source_field": "JSON field that holds the outlet.",
    "url_field": "JSON field that holds the URL.",
    "jobs": "Threads for signatures (0: all cores).",
    "batch_size": "Articles signed per batch.",
}
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
            annotation=Optional[_type_of(f)],
            default=typer.Option(
                None, *_flags(f), help=f"{HELP[f.name]} (default: {_shown(f.default)})",
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
