"""A page's own metadata: title, date, author, canonical URL and site name, from its
``<meta>`` tags (Open Graph, ``article:``, Dublin Core and the common ``name=`` forms),
its JSON-LD and, last, its ``<title>`` and first ``<time datetime>``.

A page's publication timestamp is kept as the calendar day it names (as trafilatura keeps
it): copies of a story carry dates, rarely times, and are compared by day.

>>> from resiliparse.parse.html import HTMLTree
>>> page = HTMLTree.parse('<html><head><title>Port strike | The Gazette</title>'
...     '<meta property="og:site_name" content="The Gazette">'
...     '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-04",'
...     ' "author": {"name": "Ana Writer"}}</script></head><body></body></html>')
>>> page_metadata(page)
{'title': 'Port strike', 'date': '2024-03-04', 'byline': 'Ana Writer', 'url': None, 'source': 'The Gazette'}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

_TITLE = ("og:title", "twitter:title", "dc.title", "headline")
_DATE = ("article:published_time", "og:article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
         "dc.date", "date", "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "og:updated_time")
_AUTHOR = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_SITE = ("og:site_name", "application-name", "publisher")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "report"}


def page_metadata(tree: Any) -> dict[str, str | None]:
    """``title``, ``date``, ``byline``, ``url`` and ``source`` of a parsed page (``None``
    for what it does not say)."""
    meta: dict[str, str] = {}
    for element in tree.document.query_selector_all("meta"):
        key = (element.getattr("property") or element.getattr("name") or element.getattr("itemprop") or "").strip().lower()
        value = (element.getattr("content") or "").strip()
        if key and value:
            meta.setdefault(key, value)
    ld = _json_ld(tree)
    source = _first([meta.get(k) for k in _SITE] + [_name(ld.get("publisher"))])
    canonical = tree.document.query_selector('link[rel="canonical"]')
    time = tree.document.query_selector("time[datetime]")
    return {
        "title": _first([meta.get(k) for k in _TITLE] + [_text(ld.get("headline")), _without_site(tree.title, source)]),
        "date": _day(_first([meta.get(k) for k in _DATE] + [_text(ld.get("datePublished")),
                                                            time.getattr("datetime") if time is not None else None])),
        "byline": _first([*(v for v in (meta.get(k) for k in _AUTHOR) if v and not v.startswith(("http://", "https://"))),
                          _name(ld.get("author"))]),
        "url": _first([canonical.getattr("href") if canonical is not None else None, meta.get("og:url"), _text(ld.get("url"))]),
        "source": source,
    }


def _day(value: str | None) -> str | None:
    """``2025-06-03T07:30:00+00:00`` as ``2025-06-03`` (the day as written, not moved to UTC);
    other forms as they are, for the date reader."""
    if value and len(value) > 10 and value[4] == "-" and value[7] == "-" and value[10] in "T ":
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return value
    return value


def _json_ld(tree: Any) -> dict[str, Any]:
    """The page's article object in JSON-LD (the first of an article type), or ``{}``."""
    for script in tree.document.query_selector_all('script[type="application/ld+json"]'):
        try:
            value = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        for item in _objects(value):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _objects(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [v for item in value for v in _objects(item)]
    if isinstance(value, dict):
        return [value, *_objects(value.get("@graph", []))]
    return []


def _name(value: Any) -> str | None:
    """A JSON-LD person or organisation (or a list of them) as text."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _first(values: Sequence[str | None]) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)


def _without_site(title: str | None, site: str | None) -> str | None:
    """``<title>`` without the site's name after a separator ("Port strike | The Gazette")."""
    if not title or not site:
        return title
    for separator in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if title.endswith(separator + site):
            return title[: -len(separator + site)]
    return title
