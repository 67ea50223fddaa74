"""Saved web pages: the article's main text and metadata, extracted with trafilatura.

Navigation, share buttons, related links, comments, ``<script>`` and ``<style>`` never reach the
text. The title, date, author and canonical URL come from the page's metadata when present.
Paragraphs are separated by blank lines, as in the plain-text files.
trafilatura is an optional dependency: ``pip install 'newsdedup[html]'``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_TAG = re.compile(r"<\s*(html|body|head|p|div|article|br|span|section|h[1-6])\b", re.I)
INSTALL = "pip install 'newsdedup[html]'"


def looks_like_html(text: str) -> bool:
    """Whether a JSON record's text is markup rather than prose (an opening tag near its start
    or several paragraph tags)."""
    if "<" not in text:
        return False
    head = text.lstrip()[:200]
    return head.startswith("<") and _TAG.search(head) is not None or text.count("<p") >= 2


def extract(markup: str) -> dict[str, str | None]:
    """The article fields of a page, or :class:`ValueError` with the skip reason."""
    try:
        import trafilatura
    except ImportError:
        raise ValueError(f"HTML needs the html extra: {INSTALL}") from None
    # its warnings ("discarding data") are about pages it gives up on, which become skip reasons
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        document: Any = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # the extractor's own parser errors, on any malformed page
        raise ValueError(f"unreadable HTML: {type(err).__name__}") from None
    if document is None or not (document.text or "").strip():
        raise ValueError("empty article (no article text found in the HTML)")
    return {
        "text": "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip()),
        "title": document.title or None,
        "date": document.date or None,
        "byline": document.author or None,
        "url": document.url or None,
        "source": document.sitename or None,
    }
