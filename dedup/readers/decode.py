"""Bytes to text: the encoding found (or forced), and mojibake repaired.

UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such.
Anything else is most often cp1252 (Windows' Western European, a superset of Latin-1's
printable range): it is read as cp1252 when every character that gives is one Western text
uses (Latin letters with accents, typographic quotes and dashes, € and the like) and accented
letters are a small share of the letters, which text in another single-byte code page or in
a CJK encoding read as cp1252 never is. Only the rest goes to a real detector (chardet, a few
milliseconds a file), which tells the other code pages apart. ``--encoding`` forces one. Text decoded twice the
wrong way on its travels ("countryâ€™s") is repaired with ftfy; nothing else about the text
is changed (quotes stay curly, line breaks stay as they were).

>>> decode("The café owner said “we are closed” — and the naïve strikers went home.".encode("cp1252"))
'The café owner said “we are closed” — and the naïve strikers went home.'
>>> decode("country\\u00e2\\u20ac\\u2122s".encode("utf-8"))
'country’s'
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from dedup.errors import Skip

if TYPE_CHECKING:
    import ftfy

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes, encoding: str | None = None) -> str:
    """The text of ``raw``, or :class:`~dedup.errors.Skip` with the skip reason."""
    if encoding:
        return _repair(_decode_as(raw, encoding, forced=True))
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return _repair(_decode_as(raw, name, forced=False))
    if b"\x00" in raw[:8192]:
        raise Skip("binary file (contains NUL bytes; if it is UTF-16 without a byte-order mark, use --encoding utf-16)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _western(raw) or _decode_as(raw, _detect(raw), forced=False)
    return _repair(text)


# what cp1252 text in a Western European language holds beyond ASCII: accented Latin letters,
# typographic punctuation, currency and a few signs (not the Icelandic letters ð, þ, ý, whose
# bytes are Turkish ğ, ş, ı in cp1254)
_WESTERN = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜßàáâãäåæçèéêëìíîïñòóôõöøùúûüÿ"
                     "ŒœŠšŽžŸƒ‘’‚“”„†‡•…‰‹›–—€™°§©®±«»¡¿·¢£¥ ")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ACCENTED_SHARE = 0.15  # of the letters; French, Spanish and German prose stay well under it


def _western(raw: bytes) -> str | None:
    """``raw`` as cp1252 if it reads as Western European text, else ``None``."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return None
    beyond = _NON_ASCII.findall(text)
    if not _WESTERN.issuperset(beyond):
        return None
    # letters are about four fifths of news text: the share is taken of all its characters
    return text if sum(1 for c in beyond if c.isalpha()) <= _ACCENTED_SHARE * 0.8 * len(text) else None


def _decode_as(raw: bytes, encoding: str, forced: bool) -> str:
    try:
        return raw.decode(encoding)
    except LookupError:
        raise Skip(f"unknown encoding {encoding!r}: name one Python knows, such as --encoding cp1252") from None
    except UnicodeDecodeError as err:
        how = "as forced by --encoding" if forced else "as detected"
        raise Skip(
            f"cannot decode: byte {err.start} is not {encoding} ({how}); name the right one with --encoding"
        ) from None


def _detect(raw: bytes) -> str:
    import chardet

    found = chardet.detect(raw[:65536])
    if not found.get("encoding"):
        raise Skip("cannot tell the encoding; name it with --encoding (for example --encoding cp1252)")
    return str(found["encoding"])


# UTF-8 read as cp1252 or Latin-1 leaves a lead byte (Â…ß, à…ï) before one or two characters
# that a continuation byte becomes (U+0080…U+00BF or cp1252's punctuation in 0x80…0x9F)
_CONTINUATION = "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
                "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
# (one leading class, so that the search skips ahead to a lead character: three times as
# fast as the two alternatives side by side, on the real-world corpus's texts)
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00ef](?:(?<=[\u00c2-\u00df])[{_CONTINUATION}]|(?<=[\u00e0-\u00ef])[{_CONTINUATION}]{{2}})")


def _repair(text: str) -> str:
    # ftfy costs up to a millisecond a page: only texts that show the mark of mojibake go to it
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


@lru_cache(maxsize=1)
def _ftfy_config() -> ftfy.TextFixerConfig:
    """Repair encodings; keep everything else (quotes, widths, line breaks) as it was."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        normalization=None,
        explain=False,
    )
