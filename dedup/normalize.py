"""The matching form of a text: what shingles are cut from, never what users see.

Unicode NFKC, case folding, curly apostrophes made straight, and every other non-ASCII
punctuation, symbol, separator or control character (curly quotes, dashes, no-break spaces,
bullets) turned into a space. Words are then the runs of ``[0-9a-z]`` and non-ASCII bytes in
the UTF-8 encoding, and an apostrophe inside a word joins it ("country's" is the word
"countrys", as text that lost its apostrophes has it), so quote and dash styles, line wraps
and spacing cannot make two copies differ.

>>> normalize("“We refuse” — he said,\\u00a0twice")
' we refuse    he said, twice'
>>> words(normalize("“We refuse” — he said,\\u00a0twice")) == words(normalize('"we refuse" - He said, twice'))
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_APOSTROPHES = frozenset("\u2019\u02bc")
# letters that carry their mark in themselves (no decomposition), as ASCII-only text writes them
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
#: A word in the UTF-8 matching form, apostrophes inside it included (``words`` drops them).
#: The compiled kernel reads the same byte classes.
WORD = re.compile(rb"[0-9a-z\x80-\xff]+(?:'[0-9a-z\x80-\xff]+)*")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    return " " if unicodedata.category(ch)[0] in "PSZC" else ch


def _fold(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """Non-ASCII punctuation, symbols, separators and controls as spaces, curly apostrophes
    straight: one character for one, so offsets into ``text`` still hold."""
    return text if text.isascii() else _NON_ASCII.sub(_fold, text)


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (same length or shorter words, no offsets kept)."""
    if text.isascii():
        return text.lower()
    return fold(unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=65536)
def _plain_char(ch: str) -> str:
    if unicodedata.category(ch) == "Mn":
        return ""
    return _PLAIN.get(ch) or _fold_char(ch)


def _plain(match: re.Match[str]) -> str:
    return _plain_char(match.group())


def matching(text: str) -> str:
    """:func:`normalize`, with accents and other combining marks dropped: the form that
    shingles, signatures and paragraph units are cut from."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_plain, unicodedata.normalize("NFKD", text).casefold())


def words(matching: str) -> list[bytes]:
    """The words of a matching-form text, as UTF-8 bytes (inner apostrophes dropped)."""
    return [w.replace(b"'", b"") if b"'" in w else w for w in WORD.findall(matching.encode("utf-8"))]
