"""Units of reading work, as the reading process hands them out: a walked file (an
:class:`~dedup.readers.files.Entry`), a run of JSON lines (:class:`Lines`), or items already
known (:class:`Done`, a skip found while cutting a file into runs). Each gives, by
:func:`read_unit`, its articles and skips in order; what reading workers run.

JSON Lines are cut into runs by the reading process, which only finds line ends, so a file or a
stream of any size is parsed (decoded, JSON, site chrome, HTML) on every core.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, NamedTuple

from dedup.config import Config
from dedup.normalize import signing_form
from dedup.readers.containers import MissingExtra, opened, parse_line, zstd_errors
from dedup.readers.dates import iso_date
from dedup.readers.entries import Read, read_entry
from dedup.readers.files import Entry
from dedup.readers.jsonrec import bounded_lines
from dedup.records import Article, Skipped

RUN = 64  # JSON lines a unit carries


@dataclass(frozen=True)
class Lines:
    """Lines of one JSON Lines file (or stream), with their numbers; ``None`` for a line over
    the size limit. No lines at all: the file held none."""

    label: str
    path: str | None
    numbers: tuple[int, ...]
    lines: tuple[bytes | None, ...]


@dataclass(frozen=True)
class Done:
    items: tuple[Article | Skipped, ...]


class Formed(NamedTuple):
    """An article and its signing form (:func:`dedup.normalize.signing_form`), made where it
    was read, for the batch job: checked already (:func:`checked`), and without its text
    when the job asked for forms only (the text stays where it was read)."""

    article: Article
    form: bytes


Unit = Entry | Lines | Done


def read_unit(unit: Unit, config: Config, forms: bool = False, texts: bool = True) -> Read:
    """The unit's articles and skips (or, for a CSV or Parquet file, its entry, to be
    streamed by the reading process); with ``forms``, each article :func:`checked` and, if it
    passes, as :class:`Formed` (its text and matching spans left out unless ``texts``)."""
    if isinstance(unit, Entry):
        found = read_entry(unit, config)
    elif isinstance(unit, Done):
        found = list(unit.items)
    elif not unit.lines:
        found = [Skipped(unit.label, unit.path, "empty file (no JSON lines)")]
    else:
        found = [parse_line(raw, f"{unit.label}:{number}", unit.path, config, unit.label)
                 for number, raw in zip(unit.numbers, unit.lines)]
    if not forms or isinstance(found, Entry):
        return found
    out: list[Article | Skipped | Formed] = []
    for item in found:
        item = checked(item) if isinstance(item, Article) else item
        if isinstance(item, Article):
            form = signing_form(item.matching_text)
            item = Formed(item if texts else dataclasses.replace(item, text="", matching=None), form)
        out.append(item)
    return out


def checked(article: Article) -> Article | Skipped:
    """The article with its date in ISO form, or the skip of one without an id or text.

    (Too-short articles are skipped by :func:`dedup.scan`, which counts words as it signs.)
    """
    if not article.id:
        return Skipped(article.id, article.path, "no id")
    if not article.text.strip():
        return Skipped(article.id, article.path, "empty article (no text)")
    if not article.matching_text.strip():
        return Skipped(article.id, article.path, "empty article (nothing but site chrome)")
    if article.date and (date := iso_date(article.date)) and date != article.date:
        return dataclasses.replace(article, date=date)
    return article


def weight(unit: Unit) -> int:
    """About how many articles the unit reads."""
    return len(unit.lines) if isinstance(unit, Lines) and unit.lines else 1


def line_runs(handle: IO[bytes], label: str, path: str | None, config: Config) -> Iterator[Lines]:
    """The non-blank lines of ``handle`` in runs of :data:`RUN`; one empty run for a file
    without any."""
    numbers: list[int] = []
    lines: list[bytes | None] = []
    found = False
    for number, raw in bounded_lines(handle, config.max_file_size):
        if raw is not None and not raw.strip():
            continue
        numbers.append(number)
        lines.append(raw)
        if len(lines) == RUN:
            yield Lines(label, path, tuple(numbers), tuple(lines))
            numbers, lines, found = [], [], True
    if lines or not found:
        yield Lines(label, path, tuple(numbers), tuple(lines))


def file_runs(entry: Entry, config: Config) -> Iterator[Unit]:
    """A JSON Lines file (compressed or not) as runs of lines; a file that cannot be read, or
    stops being readable part way, ends with the skip that says so."""
    lines = 0
    try:
        with opened(entry) as handle:
            for unit in line_runs(handle, entry.id, entry.path, config):
                lines += len(unit.lines)
                yield unit
    except MissingExtra as err:
        yield Done((Skipped(entry.id, entry.path, str(err)),))
    except (OSError, EOFError, zlib.error, *zstd_errors()) as err:  # type: ignore[misc]
        reason = f"unreadable: {getattr(err, 'strerror', None) or err}"
        yield Done((Skipped(entry.id, entry.path, reason if not lines else f"{reason} (after {lines:,} lines)"),))
