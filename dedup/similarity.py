"""Similarity of two articles: estimated from their signatures in a scan, exact for a lone pair.

``jaccard`` is the share of equal signature slots. ``containment`` is how much of the smaller
article's shingle set lies in the larger one's, from Jaccard and the two set sizes:
``|A ∩ B| = J (|A| + |B|) / (1 + J)``. A pair is *similar* when either reaches its threshold,
so that a brief carrying only the top of a wire story still joins the story.

>>> round(containment_from_jaccard(1 / 3, 100, 300), 3)
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from numba import njit

from dedup.compiled import CACHE

if TYPE_CHECKING:
    from dedup.config import Config


@njit(inline="always", cache=CACHE)
def jaccard(sig_a, sig_b):
    equal = 0
    for k in range(sig_a.shape[0]):
        if sig_a[k] == sig_b[k]:
            equal += 1
    return equal / sig_a.shape[0]


@njit(inline="always", cache=CACHE)
def containment_from_jaccard(j, size_a, size_b):
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    shared = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, shared / smaller)


@njit(inline="always", cache=CACHE)
def is_similar(j, c, threshold, containment):
    return j >= threshold or c >= containment


def exact_overlap(text_a: str, text_b: str, config: "Config") -> tuple[float, float]:
    """Exact Jaccard and containment of two texts' shingle sets (what the signatures estimate).

    >>> from dedup.config import Config
    >>> exact_overlap("one two three four", "one two three four five", Config(ngram=2))
    (0.75, 1.0)
    """
    return overlap(shingle_set(text_a, config), shingle_set(text_b, config))


def overlap(a: set, b: set) -> tuple[float, float]:
    """Jaccard and containment (of the smaller in the larger) of two shingle sets; 0 when
    either is empty (a text without words shares nothing, not even with another)."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return round(shared / len(a | b), 4), round(shared / min(len(a), len(b)), 4)


def shingle_set(text: str, config: "Config", tokens: list[str] | None = None) -> set:
    """The distinct shingles of ``text``, as :func:`dedup.minhash.shingles` cuts them; word
    shingles are kept as tuples of words (no joining), which compare the same way. ``tokens``,
    when given, are the text's words as :func:`dedup.story.profiles.tokens` reads them (with
    apostrophes), so that a caller that has them does not read the text twice."""
    from dedup.minhash import shingles
    from dedup.normalize import matching, words

    if config.shingle != "word":
        return set(shingles(text, config))
    if tokens is None:
        found: list = words(matching(text))
    else:
        # the tokens keep their accents (the story tier looks words up with them); shingles do not
        joined = " ".join(tokens)
        found = tokens if joined.isascii() and "'" not in joined else [w for w in (matching(t.replace("'", "")) for t in tokens) if w]
    n = config.ngram
    if len(found) <= n:
        return {tuple(found)} if found else set()
    return set(zip(*(found[i:] for i in range(n))))
