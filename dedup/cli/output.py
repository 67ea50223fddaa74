"""Where a command's result goes: stdout or a file, written so that a failure leaves nothing
half-written, and so that no id or path can make the output fail to encode.

File names that are not valid UTF-8 come back from the operating system with their odd bytes
as lone surrogates; text output writes those bytes back as they were (a ``--duplicates-only``
list then names the real files), and JSON output escapes them (``\\udce9``), which JSON allows.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from dedup.errors import DedupError


def _restore_or_escape(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = bytearray()
    for char in error.object[error.start : error.end]:
        code = ord(char)
        out += bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}".encode()
    return bytes(out), error.end


codecs.register_error("dedup-text", _restore_or_escape)


def check_writable(path: Path | None) -> None:
    """Refuse an output path before any work is done, rather than after."""
    if path is None:
        return
    if path.is_dir():
        raise DedupError(f"--output {path} is a folder: name a file")
    if not path.parent.is_dir():
        raise DedupError(f"--output {path}: folder {path.parent} does not exist")


@contextmanager
def open_output(path: Path | None, json: bool) -> Iterator[IO[str]]:
    """A UTF-8 text stream to ``path`` (replaced only when everything was written) or stdout."""
    errors = "backslashreplace" if json else "dedup-text"
    if path is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            yield sys.stdout
            return
        sys.stdout.flush()
        stream = io.TextIOWrapper(buffer, encoding="utf-8", errors=errors, newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    check_writable(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with open(handle, "w", encoding="utf-8", errors=errors, newline="") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
