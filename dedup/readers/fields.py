"""From fields to an article: the one way every reader, and every caller, makes one.

Whatever the input — a text file's header and body, a JSON or CSV record, a row of a data
frame, a record handed over in Python — the same rules apply: markup is extracted (a record's
own fields win over the page's), leading header lines are read as metadata where the input is
a plain text (``header=True``), site chrome is found and kept out of the matching text, the
metadata that chrome lines carry (byline, publication date) is kept, and the date is made ISO.

>>> a = article("a", "Share this article\\nDock workers walked out on Monday over pay.", date="March 4, 2024")
>>> a.date, a.matching_text
('2024-03-04', 'Dock workers walked out on Monday over pay.')
>>> article("b", "Title: Port strike\\nBy Ana Writer\\n\\nDock workers walked out.", header=True).title
'Port strike'
"""

from __future__ import annotations

import re

from dedup.config import Config
from dedup.errors import NotAnArticle, Skip
from dedup.readers.chrome import Chrome, find_chrome, kept_spans
from dedup.readers.dates import iso_date
from dedup.readers.html import extract, looks_like_html
from dedup.readers.text import split_header
from dedup.records import Article

HEADER_FIELDS = ("title", "date", "source", "url", "byline")
def _source(given: str | None, folder: str | None, rule: str) -> str | None:
    if rule == "folder" and folder:
        return folder
    return given or (folder if rule == "metadata" else None)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid(value: str | None) -> str | None:
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")  # fails only on a surrogate: five times as fast as searching for one
        return value
    except UnicodeEncodeError:
        pass
    # pairs written as two escapes become their character; what is left alone is U+FFFD
    return _SURROGATE.sub("\ufffd", value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass"))


def article(
    id: str,
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    path: str | None = None,
    header: bool = False,
    config: Config | None = None,
) -> Article:
    """An :class:`~dedup.Article` made as the file readers make one, to hand records to
    :func:`dedup.scan`, :class:`dedup.Index` and :func:`dedup.stream`.

    Args:
        id: the article's id.
        text: plain text or a saved page (HTML is extracted).
        title, date, source, url: its metadata; these win over what the text's header or
            page gives (a date is made ISO).
        path: the file it came from, if any.
        header: leading header lines (``Title: …``, ``By …``, a lone headline) become
            metadata, as in a ``.txt`` file.
        config: the reading settings (``chrome``); the defaults when ``None``.

    Raises:
        NotAnArticle: the text holds no article (a page with no article text, say); the
            message is the reason a reader would skip it with.
    """
    config = config or Config()
    fields: dict[str, str | None] = {"id": id, "text": text}
    if header and not looks_like_html(text):
        found, fields["text"] = split_header(text)
        fields.update({k: found.get(k) for k in HEADER_FIELDS})
    given = {"title": title, "date": date, "source": source, "url": url}
    fields.update({k: v for k, v in given.items() if v})
    try:
        return article_from_fields(fields, path, config)
    except Skip as err:
        raise NotAnArticle(f"{id}: {err}") from None


def outlet_folder(relative: str | None) -> str | None:
    """The first folder of a path relative to the scan root, if the path is below one:
    ``harbour-gazette/2024/strike.txt`` is the Harbour Gazette's.

    >>> outlet_folder("harbour-gazette/2024/strike.txt"), outlet_folder("strike.txt")
    ('harbour-gazette', None)
    """
    if not relative or "/" not in relative:
        return None
    first = relative.split("/", 1)[0]
    return first if first not in ("", ".", "..") else None


def article_from_fields(fields: dict[str, str | None], path: str | None, config: Config, *,
                        whole_file: bool = False, folder: str | None = None) -> Article:
    """The article from its fields: HTML text extracted (the record's own fields win over the
    page's), site chrome found, the metadata chrome lines carry kept, the date made ISO.
    ``whole_file``: the article is the whole of the file at ``path``, not one of its records.
    ``folder``: the outlet folder it was read from (:func:`outlet_folder`), the source when
    ``config.source_from`` asks for it.

    A lone surrogate in the text (JSON's ``"\\ud800"``, or a string built so in Python) is
    not text: it becomes U+FFFD there, as an undecodable byte does (ids and metadata keep
    theirs, which outputs escape)."""
    text = _valid(fields["text"]) or ""
    if looks_like_html(text):
        page = extract(text, config.html_extractor)
        fields = {**page, **{k: v for k, v in fields.items() if v and k != "text"}}
        text = page["text"] or ""
    chrome = find_chrome(text, fields.get("title")) if config.chrome else Chrome()
    date = fields.get("date") or chrome.date
    return Article(
        id=fields["id"] or "",
        text=text,
        path=path,
        title=fields.get("title"),
        date=(iso_date(date) or date) if date else None,
        source=_source(fields.get("source"), folder, config.source_from),
        url=fields.get("url"),
        byline=fields.get("byline") or chrome.byline,
        matching=kept_spans(text, chrome) if chrome.lines else None,
        whole_file=whole_file,
    )
