"""Files of many records — JSON Lines, CSV, Parquet, a JSON array — each record an article.

A record's id is its id field, else ``FILE:N``: the line number in JSON Lines, the record's
number (from 1) in CSV, Parquet and JSON arrays. JSON Lines, CSV and Parquet files are read
record by record, so they may be any size (each record is bounded by ``max_file_size``); a JSON
array is read whole, as a file bounded by the same limit. JSON Lines, CSV and JSON files may be
compressed (``feed.jsonl.gz``, ``feed.csv.zst``). Formats that need an optional package say
which ``pip install`` to run in the skip reason.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import IO, Any

from dedup.config import Config
from dedup.errors import Skip
from dedup.extras import install
from dedup.readers.fields import article_from_fields, outlet_folder
from dedup.readers.files import CSV_SUFFIXES, PARQUET_SUFFIXES, Entry, open_input
from dedup.readers.jsonrec import kind, parse_json, record_fields
from dedup.records import Article, Skipped

PARQUET_BATCH = 512  # rows decoded at a time


class Unreadable(Skip):
    """A record file that cannot be read (on): the message is the skip reason."""


class NoTextColumn(Unreadable):
    """A CSV or Parquet file without the text column (the message is the skip reason)."""


class MissingExtra(Unreadable):
    """A format whose reader is an optional package that is not installed (the message says
    which ``pip install`` to run)."""


def stream(entry: Entry, config: Config) -> Iterator[Article | Skipped]:
    """Every record of a CSV or Parquet file, as an article or a skip; a file that cannot be
    read (or stops being readable part way) is itself a skip. (JSON Lines are cut into runs
    of lines for the reading workers: :mod:`dedup.readers.units`.)"""
    count = 0
    try:
        if entry.suffix in PARQUET_SUFFIXES:
            records = _parquet(entry, config)
        elif entry.suffix in CSV_SUFFIXES:
            records = _csv(entry, config)
        else:  # pragma: no cover - the walk sends only these suffixes here
            raise Unreadable(f"not a streamed format: {entry.suffix}")
        for item in records:
            count += 1
            yield item
    except (MissingExtra, NoTextColumn) as err:
        yield Skipped(entry.id, entry.path, str(err))
    except (OSError, EOFError, Unreadable, csv.Error, zlib.error, *zstd_errors()) as err:  # type: ignore[misc]
        reason = f"unreadable: {getattr(err, 'strerror', None) or err}"
        yield Skipped(entry.id, entry.path, reason if not count else f"{reason} (after {count:,} records)")


def json_records(values: list[Any], entry: Entry, config: Config) -> list[Article | Skipped]:
    """The records of a JSON array, read from the file at ``entry``."""
    if not values:
        return [Skipped(entry.id, entry.path, "empty file (an empty JSON array)")]
    if not any(isinstance(value, dict) for value in values):
        return [Skipped(entry.id, entry.path, f"no text: expected an article object or an array of them, found a list of "
                                              f"{kind(values[0]).removeprefix('an ').removeprefix('a ')}s")]
    return [record(value, f"{entry.id}:{number}", entry.path, config, entry.id) for number, value in enumerate(values, 1)]


@contextmanager
def opened(entry: Entry) -> Iterator[IO[bytes]]:
    """The file's bytes, decompressed by its suffix."""
    with ExitStack() as stack:
        raw: IO[bytes] = stack.enter_context(open_input(entry.path))
        if entry.compression == "gzip":
            raw = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]  # a GzipFile is an IO[bytes]
        elif entry.compression == "zstd":
            raw = stack.enter_context(io.BufferedReader(_zstd_reader(raw)))
        yield raw


def zstd_errors() -> tuple[type[Exception], ...]:
    """The zstandard package's error type, when it is installed (its errors are no OSError)."""
    import sys

    module = sys.modules.get("zstandard")
    return (module.ZstdError,) if module is not None else ()


def _zstd_reader(raw: IO[bytes]) -> Any:
    try:
        from compression import zstd  # Python 3.14 and later

        return zstd.ZstdFile(raw)
    except ImportError:
        pass
    try:
        import zstandard
    except ImportError:
        raise MissingExtra(f"zstd-compressed files need the zstd extra: {install('zstd')}") from None
    return zstandard.ZstdDecompressor().stream_reader(raw)


def record(value: Any, fallback_id: str, path: str | None, config: Config, container: str | None = None) -> Article | Skipped:
    """One record's article (its id field, else ``fallback_id``), or the skip that says why
    not; ``container`` is the id of the file that holds it (its outlet folder counts)."""
    try:
        fields = record_fields(value, config)
        fields["id"] = fields["id"] or fallback_id
        return article_from_fields(fields, path, config, folder=outlet_folder(container))
    except Skip as err:
        return Skipped(fallback_id, path, str(err))


def parse_line(raw: bytes | None, line_id: str, path: str | None, config: Config, container: str | None = None) -> Article | Skipped:
    """One JSON line's article, or the skip that says why not (``None``: a line too long)."""
    from dedup.readers.decode import decode

    if raw is None:
        return Skipped(line_id, path, f"line too long: over {config.max_file_size:,} bytes (raise it with --max-file-size)")
    try:
        value = parse_json(decode(raw, config.encoding))
    except Skip as err:
        return Skipped(line_id, path, str(err))
    return record(value, line_id, path, config, container)


def _csv(entry: Entry, config: Config) -> Iterator[Article | Skipped]:
    # the module-wide field limit is raised (never lowered) to the per-record limit
    csv.field_size_limit(max(csv.field_size_limit(), config.max_file_size))
    with opened(entry) as handle:
        text = io.TextIOWrapper(handle, encoding=config.encoding or "utf-8-sig", newline="")
        reader = csv.DictReader(text, delimiter="\t" if entry.suffix == ".tsv" else ",")
        number = 0
        try:
            _require_text_column(list(reader.fieldnames or []), config)
            for number, row in enumerate(reader, 1):
                yield record({k: v for k, v in row.items() if k is not None}, f"{entry.id}:{number}", entry.path, config, entry.id)
        except UnicodeDecodeError as err:
            raise Unreadable(f"cannot decode: byte {err.start} of a record is not {err.encoding}; "
                             f"name the right encoding with --encoding") from None
        if not number:
            yield Skipped(entry.id, entry.path, "empty file (no CSV records)")


def _require_text_column(names: list[str], config: Config) -> None:
    """A table without the text column holds no articles at all: one skip for the file."""
    if config.text_field not in names and config.text_field.split(".")[0] not in names:
        shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
        raise NoTextColumn(f"no text: no {config.text_field!r} column (it has {shown or 'none'}; "
                           f"set --text-field to the one that holds the text)")


def _parquet(entry: Entry, config: Config) -> Iterator[Article | Skipped]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra(f"Parquet needs the parquet extra: {install('parquet')}") from None
    source = open_input(entry.path)  # (still a regular file: not a pipe swapped in since the walk)
    try:
        table = pq.ParquetFile(source)
        names = set(table.schema_arrow.names)
    except Exception as err:  # pyarrow's own errors (ArrowInvalid …) on a file that is not Parquet
        source.close()
        raise Unreadable(f"not a Parquet file ({type(err).__name__}: {err})") from None
    with source:
        _require_text_column(list(names), config)
        wanted = [config.id_field, config.text_field, config.title_field, config.date_field, config.source_field, config.url_field]
        columns = list(dict.fromkeys(c for name in wanted if name for c in (name, name.split(".")[0]) if c in names))
        number = 0
        for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=columns):
            for row in batch.to_pylist():
                number += 1
                text = row.get(config.text_field)
                if isinstance(text, str) and len(text) > config.max_file_size:
                    yield Skipped(f"{entry.id}:{number}", entry.path,
                                  f"record too large: over {config.max_file_size:,} characters (raise it with --max-file-size)")
                    continue
                yield record(row, f"{entry.id}:{number}", entry.path, config, entry.id)
        if not number:
            yield Skipped(entry.id, entry.path, "empty file (no Parquet rows)")
