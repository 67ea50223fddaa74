"""Typed errors under one base class; each message says what to do."""


class DedupError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigError(DedupError, ValueError):
    """A setting is out of range or unknown."""


class InputError(DedupError):
    """An input path cannot be used at all (as opposed to one file being skipped)."""
