"""How names, titles and sources from articles are shown: one line each, read in the order
written.

Ids, paths, titles and outlets come from the articles (file names, JSON fields), so they may
hold a line break, a terminal's escape character, or a bidirectional control (U+202E, RIGHT-TO-
LEFT OVERRIDE, shows ``txt.exe`` as ``exe.txt``). Wherever they are shown one to a line or as a
label, those characters are written as visible escapes (``\\n``, ``\\x1b``, ``\\u202e``):
:func:`shown` for people (tables, ``skipped …`` lines, the report), :func:`listed` for lists that
programs read (``--duplicates-only``), where a backslash is doubled too, so that every name
is written one way and no two names are written alike.

>>> shown("port-strike\\n.txt"), shown("\\u202etxt.exe")
('port-strike\\\\n.txt', '\\\\u202etxt.exe')
>>> listed("a\\\\nb") != listed("a\\nb")
True
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; line and paragraph separators; bidirectional marks, embeddings,
# overrides and isolates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_BACKSLASH = re.compile(_UNSAFE.pattern[:-1] + "\\\\]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with every control and bidirectional character written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def label(text: str, longest: int = 300) -> str:
    """``text`` as :func:`shown` writes it, cut to ``longest`` characters (with an ellipsis):
    a title of megabytes stays a title."""
    return shown(text if len(text) <= longest else text[: longest - 1] + "…")


def listed(text: str) -> str:
    """``text`` as :func:`shown` writes it, backslashes doubled: one line, unambiguous."""
    return _UNSAFE_OR_BACKSLASH.sub(_escape, text)


__all__ = ["label", "listed", "shown"]
