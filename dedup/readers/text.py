"""Plain-text and Markdown articles: leading header lines become metadata.

The header is the run of lines at the very top such as ``Title: …``, ``Date: …``,
``Source: …``, ``URL: …``, ``Author: …`` or ``By Jane Doe``, ended by a blank line; a first
line ``date 2025-12-02 Headline…`` gives both. A Markdown file's ``# Heading``, first in the
file or first after the header, is its title; without any header, a lone short first line
with no closing punctuation, followed by a blank line, is the headline. A
``By …`` line is a byline only if it names someone (a capital letter follows ``By``) and ends
its paragraph, so "By the time the port closed…" stays in the body. The body keeps its
characters exactly as read, whatever the line endings.

>>> fields, body = split_header("Title: Port strike\\nBy A. Writer\\n\\nDock workers walked out.")
>>> fields["title"], fields["byline"], body
('Port strike', 'A. Writer', 'Dock workers walked out.')
>>> split_header("By the time it closed, the port was empty.\\nMore.")[0]
{}
"""

from __future__ import annotations

import re

_FIELD = re.compile(r"^\s*(title|headline|date|published|source|outlet|url|link|author|byline)\s*:\s*(\S.*?)\s*$", re.I)
_BY = re.compile(r"^\s*(?:by|By|BY)\s+([A-Z\u00c0-\u024f].{0,78}?)\s*$")
_HEADING = re.compile(r"^#\s+(\S.*?)\s*#*\s*$")
_ALIASES = {"headline": "title", "published": "date", "outlet": "source", "link": "url", "author": "byline"}
# "date 2025-12-02 US ramps up pressure…": a dump's first line, a date and then the title
_DATE_TITLE = re.compile(r"^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ][\d:]+(?:Z|[+-]\d{2}:?\d{2})?)?)\s*(.*?)\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;,\"”’)]\s*$")


def split_header(text: str, markdown: bool = False) -> tuple[dict[str, str], str]:
    """Split ``text`` into header fields and the body that follows them."""
    lines = text.splitlines(keepends=True)
    fields: dict[str, str] = {}
    pos = 0  # characters consumed
    i = 0
    while i < len(lines) and not lines[i].strip():
        pos += len(lines[i])
        i += 1
    while i < len(lines):
        line = lines[i].rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not fields and (dated := _DATE_TITLE.match(line)):
            fields["date"] = dated.group(1)
            if dated.group(2):
                fields["title"] = dated.group(2)
        elif match := _FIELD.match(line):
            key = match.group(1).lower()
            fields.setdefault(_ALIASES.get(key, key), match.group(2))
        elif (by := _BY.match(line)) and "byline" not in fields and (not following or _FIELD.match(following)):
            fields["byline"] = by.group(1)
        elif markdown and "title" not in fields and (heading := _HEADING.match(line)):
            fields["title"] = heading.group(1)
        else:
            break
        pos += len(lines[i])
        i += 1
    # a blank line ends the header; a Markdown heading may still follow it
    while i < len(lines) and not lines[i].strip():
        pos += len(lines[i])
        i += 1
    if not fields and _is_title_line(lines, i):
        fields["title"] = lines[i].strip()
        pos += len(lines[i])
        i += 1
        while i < len(lines) and not lines[i].strip():
            pos += len(lines[i])
            i += 1
    if markdown and i < len(lines) and "title" not in fields and (heading := _HEADING.match(lines[i].strip())):
        fields["title"] = heading.group(1)
        pos += len(lines[i])
        i += 1
        while i < len(lines) and not lines[i].strip():
            pos += len(lines[i])
            i += 1
    if not fields:
        return {}, text
    return fields, text[pos:]


def _is_title_line(lines: list[str], i: int) -> bool:
    """A lone first line that reads as a headline: short, no closing punctuation, a blank line
    after it, and more text after that."""
    if i + 2 >= len(lines) or lines[i + 1].strip():
        return False
    line = lines[i].strip()
    words = line.split()
    return 2 <= len(words) <= 25 and not _SENTENCE_END.search(line) and any(l.strip() for l in lines[i + 2 :])
