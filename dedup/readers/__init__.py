"""Reading articles from files, folders and JSON Lines streams.

Text, Markdown, JSON, JSON Lines and saved web pages, in whatever encoding they came in; site
chrome found and kept out of each article's matching text (:mod:`dedup.readers.chrome`). Every
input is accounted for: :func:`read` yields an :class:`~dedup.records.Article` for each
article it could read and a :class:`~dedup.records.Skipped` (with the reason) for everything
else. :func:`read_articles` is the convenient form that yields articles only.

>>> from dedup import read_articles
>>> [a.id for a in read_articles("fixtures/corpus/wire")]  # doctest: +SKIP
['port-strike.txt']
"""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import IO, Callable, Container, Iterable, Iterator, Union

from dedup.config import Config
from dedup.readers.dates import iso_date
from dedup.readers.chrome import Chrome, find_chrome, kept_spans
from dedup.readers.decode import decode
from dedup.readers.files import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    Entry,
    check_paths,
    read_bytes,
    walk,
)
from dedup.readers.html import extract, looks_like_html
from dedup.readers.jsonrec import bounded_lines, parse_json, record_fields
from dedup.readers.parallel import read_in_order
from dedup.readers.text import split_header
from dedup.records import Article, Skipped

Source = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]
STDIN = "-"


def read(
    source: Source,
    config: Config | None = None,
    stdin: IO[bytes] | None = None,
    *,
    only: Container[str] | None = None,
) -> Iterator[Article | Skipped]:
    """Yield an article or a skip record for every input below ``source``.

    ``source`` is a path, a list of paths, or ``"-"`` for JSON Lines on standard input.
    Ids are passed on as found; :func:`dedup.scan` skips an id it has already read. With
    ``only``, just the articles with those ids are yielded, and files with other ids are not
    even opened (to read a few articles again for display).
    """
    config = config or Config()
    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    check_paths([os.fspath(p) for p in paths if os.fspath(p) != STDIN])
    items = accept(_items(paths, config, stdin, only), config)
    if only is None:
        return items
    return (item for item in items if isinstance(item, Article) and item.id in only)


def accept(items: Iterable[Article | Skipped], config: Config) -> Iterator[Article | Skipped]:
    """Pass articles on with their dates in ISO form; turn those without an id or without
    text into skips.

    (Too-short articles are skipped by :func:`dedup.scan`, which counts words as it signs.)
    """
    for item in items:
        if isinstance(item, Article):
            if not item.id:
                item = Skipped(item.id, item.path, "no id")
            elif not item.text.strip():
                item = Skipped(item.id, item.path, "empty article (no text)")
            elif not item.matching_text.strip():
                item = Skipped(item.id, item.path, "empty article (nothing but site chrome)")
            elif item.date and (date := iso_date(item.date)) and date != item.date:
                item = dataclasses.replace(item, date=date)
        yield item


def read_articles(
    source: Source, config: Config | None = None, on_skip: Callable[[Skipped], None] | None = None
) -> Iterator[Article]:
    """Yield the articles below ``source``; skipped inputs go to ``on_skip`` when given."""
    for item in read(source, config):
        if isinstance(item, Article):
            yield item
        elif on_skip is not None:
            on_skip(item)


def _items(paths: list, config: Config, stdin: IO[bytes] | None, only: Container[str] | None) -> Iterator[Article | Skipped]:
    files = [os.fspath(p) for p in paths if os.fspath(p) != STDIN]
    if len(files) < len(paths):
        yield from _read_jsonl(stdin or sys.stdin.buffer, STDIN, None, config)
    wanted = (entry for entry in (walk(files) if files else ()) if only is None or entry.id in only or entry.suffix in JSONL_SUFFIXES)
    for found in read_in_order(wanted, _read_entry, config):
        if isinstance(found, Entry):  # a JSON Lines file: streamed here, line by line
            yield from _stream_jsonl(found, config)
        else:
            yield found


def _read_entry(entry: Entry, config: Config) -> Article | Skipped | Entry:
    """What one walked entry gives: a skip, an article, or (a JSON Lines file, which may be
    any size) the entry back, to be streamed by the reading process."""
    if entry.problem:
        return Skipped(entry.id, entry.path, entry.problem)
    if entry.suffix in JSONL_SUFFIXES:
        return entry
    return _read_file(entry, config)


def _stream_jsonl(entry: Entry, config: Config) -> Iterator[Article | Skipped]:
    try:
        with open(entry.path, "rb") as handle:
            yield from _read_jsonl(handle, entry.id, entry.path, config)
    except OSError as err:
        yield Skipped(entry.id, entry.path, f"unreadable: {err.strerror or err}")


def _read_file(entry: Entry, config: Config) -> Article | Skipped:
    path = entry.path
    try:
        text = decode(read_bytes(entry.path, config.max_file_size), config.encoding)
        if not text.strip():
            return Skipped(entry.id, path, "empty article (empty file)")
        if entry.suffix in JSON_SUFFIXES:
            fields = record_fields(parse_json(text), config)
        elif entry.suffix in HTML_SUFFIXES:
            fields = extract(text)
        else:
            header, body = split_header(text, markdown=entry.suffix in MARKDOWN_SUFFIXES)
            fields = {"text": body, **{k: header.get(k) for k in ("title", "date", "source", "url", "byline")}}
        fields["id"] = entry.id
        return article_from_fields(fields, path, config)
    except OSError as err:
        return Skipped(entry.id, path, f"unreadable: {err.strerror or err}")
    except ValueError as err:
        return Skipped(entry.id, path, str(err))


def _read_jsonl(handle: IO[bytes], label: str, path: str | None, config: Config) -> Iterator[Article | Skipped]:
    """Each line's article or skip; a file with no records at all is skipped itself."""
    records = 0
    for number, raw in bounded_lines(handle, config.max_file_size):
        line_id = f"{label}:{number}"
        if raw is None:
            records += 1
            yield Skipped(line_id, path, f"line too long: over {config.max_file_size:,} bytes (raise it with --max-file-size)")
            continue
        if not raw.strip():
            continue
        records += 1
        try:
            fields = record_fields(parse_json(decode(raw, config.encoding)), config)
            fields["id"] = fields["id"] or line_id
            yield article_from_fields(fields, path, config)
        except ValueError as err:
            yield Skipped(line_id, path, str(err))
    if not records:
        yield Skipped(label, path, "empty file (no JSON lines)")


def article_from_fields(fields: dict[str, str | None], path: str | None, config: Config) -> Article:
    """The article from its fields: HTML text extracted (a JSON record's own fields win over
    the page's), site chrome found, and the metadata chrome lines carried kept."""
    text = fields["text"] or ""
    if looks_like_html(text):
        page = extract(text)
        fields = {**page, **{k: v for k, v in fields.items() if v and k != "text"}}
        text = page["text"] or ""
    chrome = find_chrome(text, fields.get("title")) if config.chrome else Chrome()
    return Article(
        id=fields["id"] or "",
        text=text,
        path=path,
        title=fields.get("title"),
        date=fields.get("date") or chrome.date,  # made ISO by accept(), as for articles given directly
        source=fields.get("source"),
        url=fields.get("url"),
        byline=fields.get("byline") or chrome.byline,
        matching=kept_spans(text, chrome) if chrome.lines else None,
    )


__all__ = ["read", "read_articles", "accept", "article_from_fields", "STDIN", "Source"]
