"""What a scan reads, readable more than once.

A scan reads its inputs once to sign them and, when corpus boilerplate is found, again to
re-sign just the articles that carry it. Files are simply read again; JSON Lines from standard
input are kept in a temporary file as they stream past; articles given as a Python iterable
are kept in a list; a data frame is read again from its columns.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import IO, Container, Iterable, Iterator, Union

from dedup.config import Config
from dedup.readers import STDIN, Source, accept, read
from dedup.readers.files import check_paths
from dedup.readers.frames import is_frame
from dedup.records import Article, Skipped


class Inputs:
    """A scan's source: paths (``"-"`` for standard input) or articles."""

    def __init__(self, source: Union[Source, Iterable[Article | Skipped]], config: Config, stdin: IO[bytes] | None = None):
        self.config = config
        self.paths: list | None = None
        self.articles: list[Article | Skipped] | None = None
        self._spool: IO[bytes] | None = None
        self.frame = source if is_frame(source) else None
        if self.frame is not None:
            return
        if isinstance(source, (str, os.PathLike)):
            self.paths = [source]
        else:
            items = list(source)
            if items and all(isinstance(i, (Article, Skipped)) for i in items):
                self.articles = items
            else:
                self.paths = items
        if self.paths is not None:
            check_paths([os.fspath(p) for p in self.paths if os.fspath(p) != STDIN])
        if self.paths is not None and any(os.fspath(p) == STDIN for p in self.paths):
            self._spool = tempfile.TemporaryFile()
            shutil.copyfileobj(stdin or sys.stdin.buffer, self._spool)

    def items(self, only: Container[str] | None = None) -> Iterator[Article | Skipped]:
        """Every input, as an article or a skip; with ``only``, just the articles with those ids."""
        if self.frame is not None:
            return read(self.frame, self.config, only=only)
        if self.articles is not None:
            found = accept(iter(self.articles), self.config)
            return found if only is None else (i for i in found if isinstance(i, Article) and i.id in only)
        if self._spool is not None:
            self._spool.seek(0)
        return read(self.paths or [], self.config, stdin=self._spool, only=only)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def __enter__(self) -> "Inputs":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
