"""Walking inputs: every file below the given paths is either read or skipped with a reason.

Folders are walked in sorted order; hidden entries, unsupported types, files over the size
limit, binary files, undecodable files, symlink loops and unreadable entries become skip
reasons. Nothing is ever written to the input tree. Paths stay plain strings: a scan of a
million files should not build a million ``Path`` objects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

from dedup.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to read (``problem`` is None) or to skip (``problem`` says why)."""

    path: str
    id: str
    problem: str | None = None

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.path)[1].lower()


def walk(paths: list[str]) -> Iterator[Entry]:
    """Yield every file below ``paths``. Ids are paths relative to the scanned folder (to the
    file's folder for a lone file, to the roots' common folder when several are given)."""
    for path in paths:
        if not os.path.lexists(path):
            raise InputError(f"{path}: no such file or folder")
    homes = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    base = homes[0] if len(paths) == 1 else os.path.commonpath(homes)
    for path in paths:
        if os.path.isdir(path):
            yield from _walk_dir(path, base, frozenset())
        else:
            yield _file_entry(path, _rel_id(path, base))


def _rel_id(path: str, base: str) -> str:
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def _walk_dir(folder: str, base: str, seen: frozenset[tuple[int, int]]) -> Iterator[Entry]:
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            yield Entry(folder, _rel_id(folder, base), "symlink loop: this folder is already being scanned")
            return
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield Entry(folder, _rel_id(folder, base), f"unreadable folder: {err.strerror}")
        return
    seen = seen | {key}
    for child in children:
        entry_id = _rel_id(child.path, base)
        if child.name.startswith("."):
            kind = "folder" if child.is_dir() else "file"
            yield Entry(child.path, entry_id, f"hidden {kind} (name starts with '.')")
            continue
        try:
            is_dir = child.is_dir()
        except OSError as err:
            yield Entry(child.path, entry_id, f"unreadable: {err.strerror}")
            continue
        if is_dir:
            yield from _walk_dir(child.path, base, seen)
        elif child.is_symlink() and not os.path.exists(child.path):
            yield Entry(child.path, entry_id, "broken symlink")
        else:
            yield _file_entry(child.path, entry_id)


def _file_entry(path: str, entry_id: str) -> Entry:
    entry = Entry(path, entry_id)
    if entry.suffix not in SUPPORTED:
        kinds = ", ".join(sorted(SUPPORTED))
        return Entry(path, entry_id, f"unsupported file type {entry.suffix or '(none)'!r} (reads {kinds})")
    return entry


def read_bytes(path: str, limit: int) -> bytes:
    """The file's bytes, or :class:`OSError`/:class:`ValueError` with the skip reason."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise ValueError(f"file too large: {size:,} bytes (limit {limit:,}; raise it with --max-file-size)")
        return handle.read(limit + 1)


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or :class:`ValueError` with the skip reason."""
    if b"\x00" in raw[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8: byte {err.start} does not decode (only UTF-8 is read so far)") from None
