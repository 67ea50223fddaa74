"""Saved web pages: the article's main text and the page's own metadata.

Two extractors, chosen with ``--html-extractor``:

- ``resiliparse`` (the default): the page parsed by Lexbor and its main content taken by
  resiliparse's rules, with title, date, author, canonical URL and site name from the page's
  metadata (:mod:`dedup.readers.page_meta`); about a tenth of a millisecond a page;
- ``trafilatura``: trafilatura's extraction, with its own metadata (the ``trafilatura``
  extra), a few milliseconds a page.

Either way scripts, styles, menus, share buttons, related links and comments stay out of the
text, and paragraphs are separated by blank lines, as in the plain-text files; site chrome that
reaches the text (an "Advertisement" label, a byline line) is then found as in any text.
``benchmarks/bench_read.py`` measures both, and how far their texts agree.
"""

from __future__ import annotations

import re

from dedup.errors import Skip
from dedup.readers.html_resiliparse import extract_resiliparse
from dedup.readers.html_trafilatura import extract_trafilatura

EXTRACTORS = ("resiliparse", "trafilatura")
_TAG = re.compile(r"<\s*(html|body|head|p|div|article|br|span|section|h[1-6])\b", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a record's text is markup rather than prose (an opening tag near its start
    or several paragraph tags)."""
    if "<" not in text:
        return False
    head = text.lstrip()[:200]
    return head.startswith("<") and _TAG.search(head) is not None or text.count("<p") >= 2


def extract(markup: str, extractor: str = "resiliparse") -> dict[str, str | None]:
    """The article fields of a page (``text``, ``title``, ``date``, ``byline``, ``url``,
    ``source``), or :class:`~dedup.errors.Skip` with the skip reason."""
    fields = extract_trafilatura(markup) if extractor == "trafilatura" else extract_resiliparse(markup)
    text = "\n\n".join(line.strip() for line in (fields["text"] or "").splitlines() if line.strip())
    if not text:
        raise Skip("empty article (no article text found in the HTML)")
    return {**fields, "text": text}
