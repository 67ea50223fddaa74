"""What the same-story score reads from one article: its weighted terms, and its terms in order.

A term is a word's first ``STEM`` characters in matching form: "injured" and "injuries",
"colonies" and "colony", "Venezuela" and "Venezuelan" meet, at the price of a few unrelated
words sharing a stem. A term weighs its word's background weight
(:mod:`dedup.story.weights`; the heaviest, when several words share the stem) times its count
to the power ``TF_POWER``: a name repeated through a story counts for more than one mentioned
once, but a town named in every paragraph does not drown the rest, and "the" counts for
nothing. (Counting the lead's words three times was tried: it raised agreement with human
judgements a little, but it also made forty times more rewrites out of stories that share one
background paragraph near the top, so every word counts the same wherever it stands.)

Terms are 32-bit xxHash values of the stems, the same in every process: two articles' few
hundred terms each share a value by accident about once in 30,000 pairs.

>>> from dedup.story.weights import weights_for
>>> len(profile("Colonies, colony; injured, injuries.", weights_for("en")).terms)  # colon, injur
2
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import xxhash

from dedup.normalize import normalize
from dedup.story.weights import Weights

STEM = 5
WEIGHTLESS = 0x9E3779B9  # flips the term of a weightless word in a profile's sequence
TF_POWER = 0.75  # a term said n times weighs n ** 0.75 times its word weight
# a word of the matching form as text (the compiled kernel's byte classes: ASCII letters and
# digits and every non-ASCII character, which the matching form keeps only inside words)
_WORD = re.compile(r"[0-9a-z\u0080-\U0010ffff]+(?:'[0-9a-z\u0080-\U0010ffff]+)*")


@dataclass(frozen=True)
class Profile:
    """Sorted unique term hashes and their weights (``norm``: their Euclidean norm), and the
    text's terms in reading order, one per word, weightless words included under a flipped
    term (``sequence``: where two texts share a passage word for word, see
    :mod:`dedup.story.score`; empty, no passage is ever shared)."""

    terms: np.ndarray
    weights: np.ndarray
    norm: float
    sequence: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint32))

    @property
    def empty(self) -> bool:
        return self.norm == 0.0


def tokens(text: str) -> list[str]:
    """The words of ``text`` in matching form, apostrophes inside them kept."""
    return _WORD.findall(normalize(text))


def profile(text: str, weights: Weights) -> Profile:
    """The profile of ``text`` (a matching text: chrome and boilerplate already left out)."""
    return profile_of(tokens(text), weights)


def profile_of(words: list[str], weights: Weights) -> Profile:
    """The profile of a text's :func:`tokens`."""
    known = _terms_of(weights)
    # each word's term (high 32 bits) and weight in millionths (low 32 bits)
    packed = np.fromiter((known.get(w) or _remember(known, w, weights) for w in words), dtype=np.uint64, count=len(words))
    terms = (packed >> 32).astype(np.uint32)
    weight = (packed & 0xFFFFFFFF) / _SCALE
    keep = weight > 0
    # a weightless word keeps its place in the sequence under a term of its own, so that
    # "after" never counts as a use of "afternoon"
    sequence = np.where(keep, terms, terms ^ np.uint32(WEIGHTLESS))
    if not keep.any():
        return Profile(np.empty(0, dtype=np.uint32), np.empty(0), 0.0, sequence)
    # words sharing a stem: counts add up, the heaviest word's weight stands
    term, weight = terms[keep], weight[keep]
    order = np.argsort(term, kind="stable")
    term, weight = term[order], weight[order]
    starts = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1])))
    count = np.diff(np.append(starts, len(term))).astype(np.float64)
    values = count ** TF_POWER * np.maximum.reduceat(weight, starts)
    return Profile(terms=term[starts], weights=values, norm=math.sqrt(float(values @ values)), sequence=sequence)


def _term(word: str, weights: Weights) -> int:
    """A word's term (its stem's hash) and weight in millionths, packed in one integer;
    "country's" weighs as "country" and shares its stem, and an elided article or preposition
    gives way to its word ("l'accord" is "accord", "d'Ardmore" is "ardmore")."""
    head = _head(word) if "'" in word else word
    term = xxhash.xxh32_intdigest(head[:STEM].encode("utf-8", "surrogatepass"))
    return term << 32 | round(weights.weight(head) * _SCALE)


def _head(word: str) -> str:
    before, _, after = word.partition("'")
    after = after.split("'", 1)[0]
    return after if len(before) <= 2 and len(after) >= 3 else before


_SCALE = 1_000_000
_CACHE_LIMIT = 1 << 20  # words remembered per language before the cache starts over
_TERMS: dict[str, dict[str, int]] = {}


def _terms_of(weights: Weights) -> dict[str, int]:
    terms = _TERMS.setdefault(weights.language, {})
    if len(terms) >= _CACHE_LIMIT:
        terms.clear()
    return terms


def _remember(terms: dict[str, int], word: str, weights: Weights) -> int:
    found = terms[word] = _term(word, weights)
    return found
