"""The matching form of a text: what shingles are cut from, never what users see.

Unicode NFKC, case folding, apostrophes inside words dropped ("country's" is "countrys", as
text that lost its apostrophes has it), and every non-ASCII punctuation, symbol, separator or
control character (curly quotes, dashes, no-break spaces, bullets) turned into a space. Words are then
the runs of ``[0-9a-z]`` and non-ASCII bytes in the UTF-8 encoding, so quote and dash styles,
line wraps and spacing cannot make two copies differ.

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
# "country's" and "countrys" (an apostrophe lost on the way) must be one word
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
#: A word in the UTF-8 matching form. The compiled kernel uses the same byte classes.
WORD = re.compile(rb"[0-9a-z\x80-\xff]+")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    return " " if unicodedata.category(ch)[0] in "PSZC" else ch


def _fold(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (same length or shorter words, no offsets kept)."""
    if text.isascii():
        text = text.lower()
        return _INNER_APOSTROPHE.sub("", text) if "'" in text else text
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _INNER_APOSTROPHE.sub("", text)
    return _NON_ASCII.sub(_fold, text)


def words(matching: str) -> list[bytes]:
    """The words of a matching-form text, as UTF-8 bytes."""
    return WORD.findall(matching.encode("utf-8"))
