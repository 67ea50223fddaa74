"""Corpus boilerplate: paragraphs that recur across many articles after different text each
time, such as an outlet's house footer, do not count as evidence of duplication.

A paragraph (a block between blank lines, of at least ``MIN_WORDS`` words) is a *unit*; its
*context* is the five words before it and the five words after it. A syndicated story repeats
its paragraphs in the same context in every copy; a footer follows a different story each
time. So a unit is boilerplate when it occurs in at least ``min_docs`` articles **and** in at
least ``min_docs`` different contexts, which must also be at least half of its occurrences
(eighty copies of a wire story, a few with a typo next to a paragraph, stay evidence).

The compiled signing kernel reports every article's units while it signs; this module is the
readable reference of what a unit and its context are, and decides which units are
boilerplate from what the kernel reported.

>>> text = "First paragraph of the story, long enough to count.\\n\\nSubscribe to the Gazette for the news you need today."
>>> [(u.start, u.end) for u in units(text)]
[(0, 51), (53, 106)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import xxhash

from dedup.normalize import normalize, words

MIN_WORDS = 8
CONTEXT_WORDS = 5
#: xxHash32 seeds: the two halves of a unit's 64-bit hash, and its context windows
SEED_HIGH, SEED_LOW, SEED_CONTEXT = 1, 2, 3
START, END = 0, 1  # context of a unit at the very start or end of an article
_BREAK = re.compile(r"\n[ \t\r\x0b\x0c\x1c-\x1f]*\n")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_M32 = 0xFFFFFFFF


@dataclass(frozen=True)
class Unit:
    """A paragraph of a text: ``text[start:end]``, its hash and its context."""

    start: int
    end: int
    hash: int
    context: int


def unit_hash(joined_words: bytes) -> int:
    """64-bit hash of a unit's words joined by single spaces."""
    return (xxhash.xxh32_intdigest(joined_words, SEED_HIGH) << 32) | xxhash.xxh32_intdigest(joined_words, SEED_LOW)


def combine_context(before: int, after: int) -> int:
    return (before ^ ((after * 0x9E3779B1) & _M32)) & _M32


def units(text: str) -> list[Unit]:
    """The units of ``text`` with offsets into it (paragraphs of ``MIN_WORDS`` words or more)."""
    folded = _NON_ASCII.sub(_fold, text)  # same length as text: offsets carry over
    spans, pos = [], 0
    for match in _BREAK.finditer(folded):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    per_span = [words(normalize(text[s:e])) for s, e in spans]
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


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    # as normalize() sees it: punctuation, symbols, separators and controls are spaces
    return " " if unicodedata.category(ch)[0] in "PSZC" else "a"


def _fold(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def find_boilerplate(hashes: np.ndarray, contexts: np.ndarray, ends: np.ndarray, min_docs: int) -> np.ndarray:
    """The unit hashes that are boilerplate, sorted.

    ``hashes`` and ``contexts`` hold every article's units one article after another;
    ``ends[i]`` is where article i's units end.
    """
    if min_docs <= 0 or len(hashes) == 0:
        return np.empty(0, dtype=np.uint64)
    found, occurrences = np.unique(hashes, return_counts=True)
    candidates = found[occurrences >= min_docs]  # most units occur once: look no further at them
    if len(candidates) == 0:
        return candidates
    at = np.flatnonzero(np.isin(hashes, candidates))
    unit, context, row = hashes[at], contexts[at], np.searchsorted(ends, at, side="right")
    docs = _distinct_per_unit(unit, row, candidates)
    settings = _distinct_per_unit(unit, context, candidates)
    occurrences = occurrences[occurrences >= min_docs]
    keep = (docs >= min_docs) & (settings >= min_docs) & (2 * settings >= occurrences)
    return candidates[keep]


def _distinct_per_unit(unit: np.ndarray, other: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """For each of ``candidates`` (sorted), how many distinct ``other`` values it occurs with."""
    order = np.lexsort((other, unit))
    unit, other = unit[order], other[order]
    new = np.ones(len(unit), dtype=bool)
    new[1:] = (unit[1:] != unit[:-1]) | (other[1:] != other[:-1])
    return np.bincount(np.searchsorted(candidates, unit[new]), minlength=len(candidates))


def boilerplate_spans(text: str, boilerplate: np.ndarray) -> list[tuple[int, int]]:
    """The units of ``text`` that are boilerplate, as spans of ``text``."""
    if len(boilerplate) == 0:
        return []
    found = [u for u in units(text) if _contains(boilerplate, u.hash)]
    return [(u.start, u.end) for u in found]


def _contains(sorted_hashes: np.ndarray, value: int) -> bool:
    i = int(np.searchsorted(sorted_hashes, np.uint64(value)))
    return i < len(sorted_hashes) and int(sorted_hashes[i]) == value
