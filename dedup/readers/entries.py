"""One walked file to what it holds: an article, a skip, or the records of a JSON array.

Files of records that may be any size (JSON Lines, CSV, Parquet) are not read here: the entry
comes back as it is, for the reading process to stream (:mod:`dedup.readers.containers`).
This is what reading workers run, so it must stay importable without the matching stack.
"""

from __future__ import annotations

import zlib
from typing import Any

from dedup.config import Config
from dedup.errors import Skip
from dedup.readers.containers import MissingExtra, json_records, opened, zstd_errors
from dedup.readers.decode import decode
from dedup.readers.fields import HEADER_FIELDS, article_from_fields, outlet_folder
from dedup.readers.files import HTML_SUFFIXES, JSON_SUFFIXES, MARKDOWN_SUFFIXES, STREAMED_SUFFIXES, Entry, read_bytes
from dedup.readers.html import extract
from dedup.readers.jsonrec import parse_json, record_fields
from dedup.readers.text import split_header
from dedup.records import Article, Skipped

#: what one entry gives: its items in order, or (a file to stream) the entry itself
Read = list[Any] | Entry


def read_entry(entry: Entry, config: Config) -> Read:
    if entry.problem:
        return [Skipped(entry.id, entry.path, entry.problem)]
    if entry.suffix in STREAMED_SUFFIXES:
        return entry
    return _read_file(entry, config)


def _read_file(entry: Entry, config: Config) -> list[Article | Skipped]:
    path = entry.path
    try:
        text = decode(_bytes(entry, config.max_file_size), config.encoding)
        if not text.strip():
            return [Skipped(entry.id, path, "empty article (empty file)")]
        if entry.suffix in JSON_SUFFIXES:
            value = parse_json(text)
            if isinstance(value, list):
                return json_records(value, entry, config)
            fields = record_fields(value, config)
        elif entry.suffix in HTML_SUFFIXES:
            fields = extract(text, config.html_extractor)
        else:
            header, body = split_header(text, markdown=entry.suffix in MARKDOWN_SUFFIXES)
            fields = {"text": body, **{k: header.get(k) for k in HEADER_FIELDS}}
        fields["id"] = entry.id
        return [article_from_fields(fields, path, config, whole_file=True, folder=outlet_folder(entry.id))]
    except OSError as err:
        return [Skipped(entry.id, path, f"unreadable: {err.strerror or err}")]
    except Skip as err:
        return [Skipped(entry.id, path, str(err))]


def _bytes(entry: Entry, limit: int) -> bytes:
    if entry.compression is None:
        return read_bytes(entry.path, limit)
    try:
        with opened(entry) as handle:
            raw = handle.read(limit + 1)
    except MissingExtra:
        raise
    except (EOFError, OSError, zlib.error, *zstd_errors()) as err:  # type: ignore[misc]
        raise Skip(f"unreadable: {entry.compression} data is damaged ({err})") from None
    if len(raw) > limit:
        raise Skip(f"file too large: over {limit:,} bytes once decompressed (raise it with --max-file-size)")
    return raw
