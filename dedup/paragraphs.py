"""Paragraph units: the blocks between blank lines that the boilerplate survey counts.

A paragraph of at least ``MIN_WORDS`` words is a *unit*; its *context* is the five words before
it and the five words after it (:mod:`dedup.matching.boilerplate` says why). The compiled
signing kernel (:mod:`dedup.minhash.fast`) reports every article's units while it signs; this
module is the readable reference of what a unit, its hash and its context are.

>>> text = "First paragraph of the story, long enough to count.\\n\\nSubscribe to the Gazette for the news you need today."
>>> [(u.start, u.end) for u in units(text)]
[(0, 51), (53, 106)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import xxhash

from dedup.normalize import fold, matching, words

MIN_WORDS = 8
CONTEXT_WORDS = 5
#: xxHash32 seeds of a unit's hash and of its context windows. 32 bits are plenty: among
#: millions of paragraphs a few may share a hash, and the worst that does is set aside one
#: paragraph that shares its hash with a footer; each article's units cost 6 bytes.
SEED_UNIT, SEED_CONTEXT = 1, 3
START, END = 0, 1  # context of a unit at the very start or end of an article
_BREAK = re.compile(r"\n[ \t\r\x0b\x0c\x1c-\x1f]*\n")
_M32 = 0xFFFFFFFF


@dataclass(frozen=True)
class Unit:
    """A paragraph of a text: ``text[start:end]``, its hash and its context."""

    start: int
    end: int
    hash: int
    context: int


def unit_hash(joined_words: bytes) -> int:
    """The hash of a unit's words joined by single spaces."""
    return xxhash.xxh32_intdigest(joined_words, SEED_UNIT)


def combine_context(before: int, after: int) -> int:
    """16 bits of the two context windows: enough to count how many settings a unit has."""
    both = (before ^ ((after * 0x9E3779B1) & _M32)) & _M32
    return (both ^ (both >> 16)) & 0xFFFF


def units(text: str) -> list[Unit]:
    """The units of ``text`` with offsets into it (paragraphs of ``MIN_WORDS`` words or more)."""
    folded = fold(text)  # same length as text: offsets carry over
    spans, pos = [], 0
    for match in _BREAK.finditer(folded):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    per_span = [words(matching(text[s:e])) for s, e in spans]
    flat = [w for ws in per_span for w in ws]
    out, first = [], 0
    for (s, e), ws in zip(spans, per_span):
        last = first + len(ws)
        if len(ws) >= MIN_WORDS:
            before = _window(flat[max(0, first - CONTEXT_WORDS) : first], START)
            after = _window(flat[last : last + CONTEXT_WORDS], END)
            out.append(Unit(s, e, unit_hash(b" ".join(ws)), combine_context(before, after)))
        first = last
    return out


def _window(ws: list[bytes], empty: int) -> int:
    return xxhash.xxh32_intdigest(b" ".join(ws), SEED_CONTEXT) if ws else empty
