"""Reading a source — paths, ``"-"`` for standard input, a data frame — into articles.

Every input is accounted for: :func:`read` yields an :class:`~dedup.records.Article` for each
article it could read and a :class:`~dedup.records.Skipped` (with the reason) for everything
else. :func:`read_articles` yields the articles and tells the skips (to ``on_skip``, else
through the ``dedup`` logger).
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from dedup.config import Config
from dedup.errors import InputError
from dedup.readers.containers import stream
from dedup.readers.files import JSONL_SUFFIXES, STREAMED_SUFFIXES, Entry, check_paths, walk
from dedup.readers.frames import frame_rows, is_frame
from dedup.readers.readahead import ReadAhead
from dedup.readers.units import Formed, Unit, checked, file_runs, line_runs
from dedup.readers.workers import read_in_order
from dedup.records import Article, Skipped
from dedup.skips import log_skipped

#: paths, articles made already, or (Any) a pandas, polars or Arrow frame
Source = str | os.PathLike | Iterable[str | os.PathLike] | Iterable[Article | Skipped] | Any
STDIN = "-"


def read(
    source: Source,
    config: Config | None = None,
    stdin: IO[bytes] | None = None,
    *,
    only: Container[str] | None = None,
    **overrides: object,
) -> Iterator[Article | Skipped]:
    """Yield an article or a skip record for every input below ``source``.

    Ids are passed on as found; :func:`dedup.scan` skips an id it has already read.

    Args:
        source: a path, a list of paths (``"-"`` for JSON Lines on standard input), a
            pandas, polars or pyarrow frame (one article a row, columns named by the config's
            ``*_field`` settings), or an iterable of articles already made (passed on, with
            their dates made ISO and those without id or text skipped).
        config: the settings; the defaults when ``None``.
        stdin: the stream ``"-"`` reads, instead of standard input.
        only: ids: just the articles with those ids are yielded, and files with other ids are
            not even opened (to read a few articles again for display).
        **overrides: single settings of ``config`` changed.

    Raises:
        ConfigError: an override names no setting, or a setting is out of range.
        InputError: a path does not exist.
    """
    config = _settled(config, overrides)
    items = _read(source, config, stdin, only, forms=False)
    if only is None:
        return items
    return (item for item in items if isinstance(item, Article) and item.id in only)


def read_for_signing(source: Source, config: Config, texts: bool = True) -> Iterator[Article | Skipped | Formed]:
    """:func:`read`, with the articles of files and JSON lines as :class:`Formed`: with their
    signing form made where they were read, and without their text unless ``texts`` (the
    batch job's way in: only what it keeps crosses from a reading worker)."""
    return _read(source, config, None, None, forms=True, texts=texts)


def _read(source: Source, config: Config, stdin: IO[bytes] | None, only: Container[str] | None,
          forms: bool, texts: bool = True) -> Iterator[Any]:
    if is_frame(source):
        return accept(frame_rows(source, config), config)
    given = iter([source] if isinstance(source, (str, os.PathLike)) else source)
    first = next(given, None)
    if isinstance(first, (Article, Skipped)):  # articles made already: passed on, streamed
        return accept(itertools.chain([first], given), config)
    paths = [] if first is None else [first, *given]
    check_paths([os.fspath(p) for p in paths if os.fspath(p) != STDIN])
    return accept(_items(paths, config, stdin, only, forms, texts), config)


def read_articles(
    source: Source,
    config: Config | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    **overrides: object,
) -> Iterator[Article]:
    """Yield the articles below ``source``.

    Args:
        source: what :func:`read` takes.
        config: the settings; the defaults when ``None``.
        on_skip: called with each :class:`~dedup.Skipped` input; without it, once reading
            ends, one warning per reason goes to the ``dedup`` logger.
        **overrides: single settings of ``config`` changed.

    >>> [a.id for a in read_articles("fixtures/corpus/wire", jobs=1)][:2]
    ['fishing-quota-protest.txt', 'halvard-results.txt']
    """
    skipped: list[Skipped] = []
    try:
        for item in read(source, config, **overrides):  # type: ignore[arg-type]  # overrides name Config fields
            if isinstance(item, Article):
                yield item
            elif on_skip is not None:
                on_skip(item)
            else:
                skipped.append(item)
    finally:
        log_skipped(skipped)


def accept(items: Iterable[Any], config: Config) -> Iterator[Any]:
    """Pass articles on with their dates in ISO form; turn those without an id or without
    text into skips (:func:`~dedup.readers.units.checked`; a :class:`Formed` article was
    checked where it was read)."""
    for item in items:
        yield checked(item) if isinstance(item, Article) else item


@contextmanager
def counting(source: Source, config: Config, on_total: Callable[[int], None]) -> Iterator[None]:
    """Count the inputs of ``source`` while it is read, and tell ``on_total`` how many there
    are once that is known: a frame's or a list's length at once; for paths, the files a
    second walk of them finds, in a thread beside the reading (names only, nothing opened).
    Files of records (JSON Lines, CSV, Parquet) and standard input have no total until they
    are read: then nothing is told (a ``.json`` file counts as one article). The thread ends with the block."""
    if is_frame(source) or (isinstance(source, (list, tuple)) and source and isinstance(source[0], (Article, Skipped))):
        on_total(len(source))  # type: ignore[arg-type]  # a frame, list or tuple
        yield
        return
    paths = [source] if isinstance(source, (str, os.PathLike)) else source
    if not isinstance(paths, (list, tuple)) or any(os.fspath(p) == STDIN for p in paths):
        yield
        return
    stop = threading.Event()

    def count() -> None:
        found = 0
        try:
            for entry in walk([os.fspath(p) for p in paths], config.follow_links):
                if stop.is_set() or (not entry.problem and entry.suffix in STREAMED_SUFFIXES):
                    return
                found += 1
        except (OSError, InputError):
            return  # the reading walk reports it
        on_total(found)

    counter = threading.Thread(target=count, name="dedup-count", daemon=True)
    counter.start()
    try:
        yield
    finally:
        stop.set()
        counter.join()


def _settled(config: Config | None, overrides: dict[str, object]) -> Config:
    config = config or Config()
    return config.replace(**overrides) if overrides else config


def _items(paths: list, config: Config, stdin: IO[bytes] | None, only: Container[str] | None,
           forms: bool, texts: bool) -> Iterator[Any]:
    with ReadAhead(config.read_ahead) as ahead:
        for found in read_in_order(ahead.passing(_units(paths, config, stdin, only)), config, forms, texts):
            if isinstance(found, Entry):  # a CSV or Parquet file, which may be any size: streamed here
                yield from stream(found, config)
            else:
                yield from found


def _units(paths: list, config: Config, stdin: IO[bytes] | None, only: Container[str] | None) -> Iterator[Unit]:
    """The reading work, in order: standard input and JSON Lines files as runs of lines, other
    files as their walked entries."""
    files = [os.fspath(p) for p in paths if os.fspath(p) != STDIN]
    if len(files) < len(paths):
        yield from line_runs(stdin or sys.stdin.buffer, STDIN, None, config)
    for entry in walk(files, config.follow_links) if files else ():
        if entry.suffix in JSONL_SUFFIXES and not entry.problem:
            yield from file_runs(entry, config)
        elif only is None or entry.id in only or entry.suffix in STREAMED_SUFFIXES or entry.suffix == ".json":
            yield entry
