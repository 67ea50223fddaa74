"""Typed errors under one base class; each message says what to do."""

from __future__ import annotations


class DedupError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigError(DedupError, ValueError):
    """A setting is out of range or unknown; ``field`` names it (``None``: several)."""

    def __init__(self, field: str | None, detail: str) -> None:
        super().__init__(f"{field} {detail}" if field else detail)
        self.field = field
        self.detail = detail


class InputError(DedupError):
    """An input path cannot be used at all (as opposed to one file being skipped)."""


class NotAnArticle(DedupError, ValueError):
    """What :func:`dedup.article` was given holds no article; the message is the reason a
    reader would skip it with (a page with no article text, say)."""


class Skip(DedupError):
    """An input that is skipped rather than read: the message is the reason the scan lists
    it with (readers raise it; ``dedup.readers`` turns it into a ``Skipped`` record). Nothing
    else raised while reading becomes a skip: any other exception is a bug and propagates, so
    the tests and the fuzzer see it."""
