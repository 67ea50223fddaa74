"""Sentences of a text, with their offsets: the units that alignment pairs.

Paragraphs are split at blank lines and sentences at a full stop, question or exclamation
mark (with any closing quote or bracket) followed by space and a capital, digit or opening
quote. A sentence's span covers its text without the space around it.

>>> [text for _, _, text in sentences('He said: “No.” Then he left.\\n\\nA new paragraph')]
['He said: “No.”', 'Then he left.', 'A new paragraph']
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"\n\s*\n")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")


def sentences(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every sentence of ``text``, in order."""
    out = []
    pos = 0
    for block_end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        block_start = pos
        start = block_start
        for match in _BOUNDARY.finditer(text, block_start, block_end):
            _add(out, text, start, match.start() + len(match.group()) - len(match.group().lstrip('"”’»)]')))
            start = match.end()
        _add(out, text, start, block_end)
        pos = block_end
        if block_end < len(text):
            pos = _PARAGRAPH.match(text, block_end).end()
    return out


def _add(out: list[tuple[int, int, str]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(stripped), stripped))
