"""Walking inputs: every file below the given paths is either read or skipped with a reason.

Folders are walked in sorted order; hidden entries, unsupported types, files over the size
limit, binary files, undecodable files, symlink loops and unreadable entries become
:class:`~dedup.records.Skipped` records. Nothing is ever written to the input tree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from dedup.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True)
class Entry:
    """A file to read (``problem`` is None) or to skip (``problem`` says why)."""

    path: Path
    id: str
    problem: str | None = None


def walk(paths: list[Path]) -> Iterator[Entry]:
    """Yield every file below ``paths``. Ids are paths relative to the scanned folder (to the
    file's folder for a lone file, to the roots' common folder when several are given)."""
    for path in paths:
        if not os.path.lexists(path):
            raise InputError(f"{path}: no such file or folder")
    homes = [os.path.abspath(p) if p.is_dir() else os.path.dirname(os.path.abspath(p)) for p in paths]
    base = homes[0] if len(paths) == 1 else os.path.commonpath(homes)
    for path in paths:
        if path.is_dir():
            yield from _walk_dir(path, base, set())
        else:
            yield _file_entry(path, _rel_id(path, base))


def _rel_id(path: Path, base: str) -> str:
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


def _walk_dir(folder: Path, base: str, seen: set[tuple[int, int]]) -> Iterator[Entry]:
    try:
        info = folder.stat()
    except OSError as err:
        yield Entry(folder, _rel_id(folder, base), f"unreadable folder: {err.strerror}")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        yield Entry(folder, _rel_id(folder, base), "symlink loop: this folder is already being scanned")
        return
    seen = seen | {key}
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield Entry(folder, _rel_id(folder, base), f"unreadable folder: {err.strerror}")
        return
    for child in children:
        path = Path(child.path)
        entry_id = _rel_id(path, base)
        if child.name.startswith("."):
            kind = "folder" if child.is_dir() else "file"
            yield Entry(path, entry_id, f"hidden {kind} (name starts with '.')")
            continue
        try:
            is_dir = child.is_dir()
        except OSError as err:
            yield Entry(path, entry_id, f"unreadable: {err.strerror}")
            continue
        if is_dir:
            yield from _walk_dir(path, base, seen)
        elif child.is_symlink() and not os.path.exists(path):
            yield Entry(path, entry_id, "broken symlink")
        else:
            yield _file_entry(path, entry_id)


def _file_entry(path: Path, entry_id: str) -> Entry:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        kinds = ", ".join(sorted(SUPPORTED))
        return Entry(path, entry_id, f"unsupported file type {suffix or '(none)'!r} (reads {kinds})")
    return Entry(path, entry_id)


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or :class:`OSError`/:class:`ValueError` with the skip reason."""
    size = path.stat().st_size
    if size > limit:
        raise ValueError(f"file too large: {size:,} bytes (limit {limit:,}; raise it with --max-file-size)")
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or :class:`ValueError` with the skip reason."""
    if b"\x00" in raw[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8: byte {err.start} does not decode (only UTF-8 is read so far)") from None
