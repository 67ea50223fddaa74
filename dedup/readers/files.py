"""Walking inputs: every file below the given paths is either read or skipped with a reason.

Folders are walked depth first in sorted order, without recursion (any depth works). Hidden
entries, unsupported types, files that are not regular files, symlinks to what is scanned
anyway (including symlink loops) and folders reached twice become skip reasons, so no file is
read twice under two names. A symlink that leads out of the folders given is skipped too,
unless ``follow_links``: a link to ``/`` would walk the whole machine, and one to a file
under ``/etc`` would read it (a file or folder named on the command line is read whatever it
is). Nothing is ever written to the input tree. Paths stay plain strings: a scan of a
million files should not build a million ``Path`` objects.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from dedup.errors import InputError, Skip

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})  # one article object, or an array of records
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: files of many records, streamed record by record by the reading process (any size)
STREAMED_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES
SUPPORTED = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | STREAMED_SUFFIXES
#: compression suffixes, and the formats that may carry one (``feed.jsonl.gz``)
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}
COMPRESSIBLE = JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to read (``problem`` is None) or to skip (``problem`` says why)."""

    path: str
    id: str
    problem: str | None = None

    @property
    def suffix(self) -> str:
        """The format's suffix (``.jsonl`` for ``feed.jsonl.gz``)."""
        stem, suffix = os.path.splitext(self.path)
        suffix = suffix.lower()
        if suffix in COMPRESSIONS:
            inner = os.path.splitext(stem)[1].lower()
            return inner if inner in COMPRESSIBLE else suffix
        return suffix

    @property
    def compression(self) -> str | None:
        """``gzip``, ``zstd`` or ``None``."""
        return COMPRESSIONS.get(os.path.splitext(self.path)[1].lower()) if self.suffix in COMPRESSIBLE else None


def check_paths(paths: list[str]) -> None:
    """Refuse a path that does not exist, before anything is read."""
    for path in paths:
        if not os.path.lexists(path):
            raise InputError(f"{path}: no such file or folder")


def walk(paths: list[str], follow_links: bool = False) -> Iterator[Entry]:
    """Yield every file below ``paths``. Ids are paths relative to the scanned folder (to the
    file's folder for a lone file, to the roots' common folder when several are given)."""
    check_paths(paths)
    if not paths:
        return
    homes = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    base = homes[0] if len(paths) == 1 else os.path.commonpath(homes)
    roots = [os.path.realpath(p) for p in paths]
    visited: dict[tuple[int, int], str] = {}
    for path in paths:
        if os.path.isdir(path):
            yield from _walk_tree(path, base, roots, visited, follow_links)
        else:
            yield _file_entry(path, _rel_id(path, base), os.path.isfile(path))


def _rel_id(path: str, base: str) -> str:
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def _child_prefix(folder_id: str) -> str:
    return "" if folder_id == "." else folder_id + "/"


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk_tree(top: str, base: str, roots: list[str], visited: dict[tuple[int, int], str],
               follow_links: bool) -> Iterator[Entry]:
    entered = _enter(top, base, visited)
    if isinstance(entered, Entry):
        yield entered
        return
    # each folder's entries with the id prefix of its children (the lexical path relative to
    # base, as _rel_id makes it, without a relpath call per file)
    stack = [(entered, _child_prefix(_rel_id(top, base)))]
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            stack.pop()
            continue
        entry_id = stack[-1][1] + child.name
        try:
            if child.name.startswith("."):
                kind = "folder" if child.is_dir() else "file"
                yield Entry(child.path, entry_id, f"hidden {kind} (name starts with '.')")
            elif child.is_symlink() and not os.path.exists(child.path):
                yield Entry(child.path, entry_id, "broken symlink")
            elif child.is_symlink() and _inside(real := os.path.realpath(child.path), roots):
                yield Entry(child.path, entry_id, _symlink_problem(child.path, real, base))
            elif child.is_symlink() and not follow_links:
                kind = "folder" if os.path.isdir(real) else "file"
                yield Entry(child.path, entry_id, f"symlink out of the folders scanned (to the {kind} {real}; "
                                                  "--follow-links reads it)")
            elif child.is_dir():
                entered = _enter(child.path, base, visited)
                if isinstance(entered, Entry):
                    yield entered
                else:
                    stack.append((entered, _child_prefix(entry_id)))
            else:
                yield _file_entry(child.path, entry_id, child.is_file())
        except OSError as err:
            yield Entry(child.path, entry_id, f"unreadable: {err.strerror or err}")


def _enter(folder: str, base: str, visited: dict[tuple[int, int], str]) -> Iterator[os.DirEntry] | Entry:
    """The sorted entries of ``folder``, or why it is not walked."""
    folder_id = _rel_id(folder, base)
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return Entry(folder, folder_id, f"folder already scanned: it is {visited[key]}")
        visited[key] = folder_id
        return iter(sorted(os.scandir(folder), key=lambda e: e.name))
    except OSError as err:
        return Entry(folder, folder_id, f"unreadable folder: {err.strerror or err}")


def _symlink_problem(link: str, real: str, base: str) -> str:
    target = _rel_id(real, base)
    if os.path.isdir(real) and (os.path.abspath(link) + os.sep).startswith(real.rstrip(os.sep) + os.sep):
        return f"symlink loop: points to {target}, a folder it is in"
    return f"symlink to {target}, which is scanned itself"


def _file_entry(path: str, entry_id: str, regular: bool) -> Entry:
    entry = Entry(path, entry_id)
    if not regular:
        return Entry(path, entry_id, "not a regular file (a device, pipe or socket)")
    if entry.suffix not in SUPPORTED:
        kinds = ", ".join(sorted(SUPPORTED))
        return Entry(path, entry_id, f"unsupported file type: {entry.suffix or '(none)'!r} (reads {kinds}; "
                                     f"{', '.join(sorted(COMPRESSIBLE))} also compressed as {' or '.join(COMPRESSIONS)})")
    return entry


def read_bytes(path: str, limit: int) -> bytes:
    """The file's bytes, or :class:`OSError`/:class:`~dedup.errors.Skip` with the skip reason.

    Read through the descriptor itself (no buffered file object: a scan reads every file
    once, whole, and the object costs more than the read for a news article)."""
    descriptor = open_regular(path)
    try:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise Skip(f"file too large: {size:,} bytes (limit {limit:,}; raise it with --max-file-size)")
        data = os.read(descriptor, size + 1)
        if len(data) != size:  # the file grew (or says 0, as /proc's do), or a read came back short
            chunks = [data]
            got = len(data)
            while got <= limit and (more := os.read(descriptor, limit + 1 - got)):
                chunks.append(more)
                got += len(more)
            data = b"".join(chunks)
        return data
    finally:
        os.close(descriptor)


def open_input(path: str) -> BinaryIO:
    """``path`` opened to read, if it is still a regular file, else :class:`OSError` with
    the skip reason. The walk saw a regular file, but the name may have been given to a named
    pipe or a device since: opened without blocking (a pipe with no writer would wait in
    ``open`` forever) and looked at through the descriptor, it is refused instead. Reads do
    not block either (a file of ``/proc`` that waits for data is unreadable, not a hang)."""
    descriptor = open_regular(path)
    try:
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def open_regular(path: str) -> int:
    """A descriptor of ``path`` opened as :func:`open_input` opens it (without blocking, and
    refused unless it is a regular file)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket, since the folder was walked)")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor
