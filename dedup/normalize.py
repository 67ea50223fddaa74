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


def _class_of(wanted) -> re.Pattern[str]:
    """A character class of the Basic Multilingual Plane's non-ASCII characters that ``wanted``
    picks, as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF or not wanted(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return re.compile("[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                                    for a, b in ranges) + "]")


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    """The non-ASCII characters that fold: the Basic Multilingual Plane's punctuation,
    symbols, separators and controls (letters, the bulk of non-English text, are never
    visited), and anything beyond the plane (emoji), checked one by one."""
    plane = _class_of(lambda ch: ch in _APOSTROPHES or unicodedata.category(ch)[0] in "PSZC")
    return re.compile(plane.pattern[:-1] + "\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Non-ASCII punctuation, symbols, separators and controls as spaces, curly apostrophes
    straight: one character for one, so offsets into ``text`` still hold."""
    return text if text.isascii() else _foldable().sub(_fold, text)


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


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """Combining marks (what NFKD leaves of accents), as ranges."""
    return _class_of(lambda ch: unicodedata.category(ch) == "Mn")


@lru_cache(maxsize=1)
def _spelled_or_foldable() -> re.Pattern[str]:
    """:func:`_foldable`'s characters and the letters spelled out in ASCII (``_PLAIN``): what
    the last pass of :func:`matching` maps, one character at a time."""
    return re.compile(_foldable().pattern[:-1] + "".join(map(re.escape, _PLAIN)) + "]")


def matching(text: str) -> str:
    """:func:`normalize`, with accents and other combining marks dropped: the form that
    shingles, signatures and paragraph units are cut from."""
    if text.isascii():
        return text.lower()
    text = _marks().sub("", unicodedata.normalize("NFKD", text).casefold())
    return _spelled_or_foldable().sub(_plain, text)  # beyond the plane, a mark is dropped here too


def signing_form(text: str) -> bytes:
    """What the compiled kernel signs: the matching form in UTF-8 (reading workers make it,
    so that the signing process does not)."""
    return matching(text).encode("utf-8", "surrogatepass")


def words(matching: str) -> list[bytes]:
    """The words of a matching-form text, as UTF-8 bytes (inner apostrophes dropped)."""
    return [w.replace(b"'", b"") if b"'" in w else w for w in WORD.findall(matching.encode("utf-8"))]
