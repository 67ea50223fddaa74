"""Where a command's result goes: stdout or a file, written so that a failure leaves nothing
half-written and nothing destroyed, and so that no id or path can make the output fail to
encode.

Before any work, :func:`check_outputs` refuses an output that is one of the inputs (the same
file by device and inode, whatever links lead to it, or an existing file inside an input
folder), two outputs naming one file, and a folder that cannot be written. Then
:func:`open_output` writes:

- ``-``, a character device (``/dev/null``, a terminal) or a named pipe directly, in place:
  renaming a file over them would replace the device node or leave a pipe's reader with
  nothing;
- through a symlink to its target (the link stays a link);
- a regular file to a hidden temporary file beside it (``.NAME.*.part``), renamed into place
  only once whole, with the mode the replaced file had, or the umask's for a new one.

A failed write (a full or read-only file system) removes the temporary file and becomes one
:class:`~dedup.DedupError` naming the path and what to do.

File names that are not valid UTF-8 come back from the operating system with their odd bytes
as lone surrogates; text output writes those bytes back as they were (a ``--duplicates-only``
list then names the real files), and JSON output escapes them (``\\udce9``), which JSON allows.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO

from dedup.errors import DedupError

STDOUT = "-"
PIPE_CLOSED = 128 + 13  # the status a shell gives a command that SIGPIPE ended
Where = str | os.PathLike | None


def _restore_or_escape(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = bytearray()
    for char in error.object[error.start : error.end]:
        code = ord(char)
        out += bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}".encode()
    return bytes(out), error.end


codecs.register_error("dedup-text", _restore_or_escape)


def check_outputs(inputs: Iterable[Where], outputs: Mapping[str, Where], folders: bool = True) -> None:
    """Refuse, before any work is done, outputs (``{"--output": path, …}``; ``None``: not
    given) that would overwrite an input or each other, or that cannot be written. With
    ``folders`` false, a file inside an input folder may be an output (an index, which is
    no article, kept beside the articles it holds)."""
    given = {flag: os.fspath(path) for flag, path in outputs.items() if path is not None}
    sources = [os.fspath(p) for p in inputs if p is not None and os.fspath(p) != STDOUT]
    seen: dict[tuple, str] = {}
    for flag, path in given.items():
        _check_one(flag, path, sources, folders)
        key = _identity(path)
        if key in seen and not _is_char_device(path):
            raise DedupError(f"{seen[key]} and {flag} both name {path}: give each its own file")
        seen[key] = flag


def _check_one(flag: str, path: str, sources: list[str], folders: bool) -> None:
    if path == STDOUT:
        return
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:  # a new file, or a symlink to one
        info = None
    except OSError as error:
        raise DedupError(f"{flag} {path}: {error.strerror}; choose another place") from error
    real = os.path.realpath(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DedupError(f"{flag} {path} is a folder: name a file")
    if info is not None and stat.S_ISREG(info.st_mode):
        for source in sources:
            if (clash := _overwrites(info, real, source, folders)) is not None:
                raise DedupError(f"{flag} {path} {clash}: it would be overwritten; write the result somewhere else")
    if info is None or stat.S_ISREG(info.st_mode):
        _probe(flag, path, os.path.dirname(real))


def _overwrites(info: os.stat_result, real: str, source: str, folders: bool) -> str | None:
    """How writing the regular file ``real`` would overwrite the input ``source``, if it would."""
    try:
        found = os.stat(source)
    except OSError:
        return None
    if (found.st_dev, found.st_ino) == (info.st_dev, info.st_ino):
        return f"is the input {source}"
    if not folders or not stat.S_ISDIR(found.st_mode):
        return None
    folder = os.path.dirname(real)
    while True:  # the folders that hold the output, by device and inode (bind mounts too)
        try:
            holder = os.stat(folder)
        except OSError:
            return None
        if (holder.st_dev, holder.st_ino) == (found.st_dev, found.st_ino):
            return f"is one of the inputs (inside {source})"
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _probe(flag: str, path: str, folder: str) -> None:
    """Create and remove a temporary file where the output will go: the real test of a
    folder's permissions, a read-only mount, a quota."""
    if not os.path.isdir(folder):
        raise DedupError(f"{flag} {path}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".dedup-probe.", suffix=".part", dir=folder)
    except OSError as error:
        raise DedupError(_cannot_write(flag, path, error)) from error
    os.close(handle)
    os.unlink(temporary)


def _identity(path: str) -> tuple:
    """What names one file: its device and inode, or (not there yet) its folder's and name."""
    try:
        info = os.fstat(sys.stdout.fileno()) if path == STDOUT else os.stat(path)
        return (info.st_dev, info.st_ino)
    except (OSError, ValueError, AttributeError):
        real = os.path.realpath(path)
        try:
            holder = os.stat(os.path.dirname(real))
        except OSError:
            return ("path", real)
        return (holder.st_dev, holder.st_ino, os.path.basename(real))


def _is_char_device(path: str) -> bool:
    try:
        return path != STDOUT and stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


@contextmanager
def open_output(path: Where, json: bool, flag: str = "--output") -> Iterator[IO[str]]:
    """A UTF-8 text stream to ``path`` (see the module's docstring for how each kind of path
    is written) or, for ``None`` or ``-``, to stdout."""
    errors = "backslashreplace" if json else "dedup-text"
    where = STDOUT if path is None else os.fspath(path)
    if where == STDOUT:
        with _reader_gone(), _failures(flag, "standard output"):
            yield from _stdout(errors)
        return
    try:
        info: os.stat_result | None = os.stat(where)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with _reader_gone(), _failures(flag, where), open(where, "w", encoding="utf-8", errors=errors, newline="") as stream:
            yield stream
        return
    real = os.path.realpath(where)
    with _failures(flag, where):
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".part",
                                             dir=os.path.dirname(real))
    try:
        with _failures(flag, where):
            os.fchmod(handle, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
            with open(handle, "w", encoding="utf-8", errors=errors, newline="") as stream:
                yield stream
            os.replace(temporary, real)
    except BaseException:
        os.unlink(temporary)
        raise


def _stdout(errors: str) -> Iterator[IO[str]]:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors=errors, newline="")
    try:
        yield stream
        stream.flush()
    finally:
        stream.detach()


@contextmanager
def _reader_gone() -> Iterator[None]:
    """A pipe whose reader has read enough (``dedup scan … | head``): stop quietly, with the
    status a shell gives a command that SIGPIPE ended."""
    try:
        yield
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # nothing left for the interpreter to flush at exit
        raise SystemExit(PIPE_CLOSED) from None


@contextmanager
def _failures(flag: str, path: str) -> Iterator[None]:
    """An operating system's refusal to write, as one error that names the path."""
    try:
        yield
    except (BrokenPipeError, KeyboardInterrupt, SystemExit):
        raise
    except OSError as error:
        raise DedupError(_cannot_write(flag, path, error)) from error


_ADVICE = {
    errno.ENOSPC: "the file system is full: free some space or choose another place",
    errno.EDQUOT: "the disk quota is used up: free some space or choose another place",
    errno.EFBIG: "the file would be too large there: choose another place",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.EACCES: "permission denied: choose a folder you can write to",
    errno.EPERM: "not permitted: choose a folder you can write to",
}


def _cannot_write(flag: str, path: str, error: OSError) -> str:
    advice = _ADVICE.get(error.errno or 0, f"{error.strerror or error}: choose another place")
    return f"cannot write {flag} {path}: {advice}"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


__all__ = ["STDOUT", "check_outputs", "open_output"]
