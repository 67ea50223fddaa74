"""Plain-text and Markdown articles: leading header lines become metadata.

A header is a run of lines at the top such as ``Title: …``, ``Date: …``, ``Source: …``,
``URL: …`` or ``By Jane Doe``, ended by a blank line or the first line that is not one.
A Markdown file's leading ``# Heading`` is its title. The body keeps its bytes as read.

>>> fields, body = split_header("Title: Port strike\\nBy A. Writer\\n\\nDock workers walked out.")
>>> fields["title"], fields["byline"], body
('Port strike', 'A. Writer', 'Dock workers walked out.')
"""

from __future__ import annotations

import re

_FIELD = re.compile(r"^\s*(title|headline|date|published|source|outlet|url|link|author|byline)\s*:\s*(\S.*?)\s*$", re.I)
_BY = re.compile(r"^\s*by\s+(\S.{0,80}?)\s*$", re.I)
_HEADING = re.compile(r"^#\s+(\S.*?)\s*#*\s*$")
_ALIASES = {"headline": "title", "published": "date", "outlet": "source", "link": "url", "author": "byline"}


def split_header(text: str, markdown: bool = False) -> tuple[dict[str, str], str]:
    """Split ``text`` into header fields and the body, which starts at the first line that is
    neither blank nor a header line. Without header lines the text is all body."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            if match := _FIELD.match(line):
                key = match.group(1).lower()
                fields.setdefault(_ALIASES.get(key, key), match.group(2))
            elif (by := _BY.match(line)) and "byline" not in fields:
                fields["byline"] = by.group(1)
            elif markdown and (heading := _HEADING.match(line)) and "title" not in fields:
                fields["title"] = heading.group(1)
            else:
                break
        pos = end + 1
    if not fields:
        return {}, text
    return fields, text[pos:]
