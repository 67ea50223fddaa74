"""Similarity of two articles: estimated from their signatures in a scan, exact for a lone pair.

``jaccard`` is the share of equal signature slots. ``containment`` is how much of the smaller
article's shingle set lies in the larger one's, from Jaccard and the two set sizes:
``|A ∩ B| = J (|A| + |B|) / (1 + J)``. A pair is *similar* when either reaches its threshold,
so that a brief carrying only the top of a wire story still joins the story.

An estimate from 128 slots has a standard error of ``sqrt(J (1 - J) / 128)`` on Jaccard (0.044
at 0.5), and containment derived from it more for pairs of unequal size (about 0.1 for a
third-length brief). A scan settles from the articles' shingle hashes (signed again from
the forms its spool keeps, :mod:`dedup.spool`, for the articles of linked groups) every pair
whose estimate lies within three standard errors of a threshold (:func:`uncertain`), and
every pair similar by containment alone, which must also pass
:func:`shared_shingles`' test that the smaller text matches the top of the larger: briefs and
trims keep a story's top, while a story found further down another text was appended to it
(an unrelated teaser, or a second story run on by a bad feed).

>>> round(containment_from_jaccard(1 / 3, 100, 300), 3)
1.0
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
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


def signature_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """:func:`jaccard` outside compiled code: the share of equal slots of two signatures."""
    return int(np.count_nonzero(sig_a == sig_b)) / sig_a.shape[0]


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


@njit(inline="always", cache=CACHE)
def uncertain(j, size_a, size_b, threshold, containment, slots):
    """Whether Jaccard ``j`` estimated from ``slots`` signature slots, or the containment derived
    from it, lies within three standard errors of its threshold."""
    spread = 3.0 * math.sqrt(max(j * (1.0 - j), 1.0 / slots) / slots)
    if abs(j - threshold) <= spread:
        return True
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return False
    # containment moves (|A| + |B|) / (min (1 + J)^2) times as far as the Jaccard it comes from
    slope = (size_a + size_b) / (smaller * (1.0 + j) ** 2)
    return abs(containment_from_jaccard(j, size_a, size_b) - containment) <= spread * slope


@njit(inline="always", cache=CACHE)
def may_be_similar(j, size_a, size_b, threshold, containment, slots):
    """Similar by the estimate, or too near a threshold to tell: the pairs that link articles
    into the groups a scan then settles (:mod:`dedup.matching.walk`)."""
    return (is_similar(j, containment_from_jaccard(j, size_a, size_b), threshold, containment)
            or uncertain(j, size_a, size_b, threshold, containment, slots))


@njit(inline="always", cache=CACHE)
def settled_exactly(j, size_a, size_b, threshold, containment, slots):
    """Whether a pair whose signatures estimate a Jaccard of ``j`` is settled from its
    shingles: its estimate is uncertain, or it is similar by containment alone (which must
    pass the lead test). The other pairs that :func:`may_be_similar` keeps are similar by the
    estimate alone."""
    similar = is_similar(j, containment_from_jaccard(j, size_a, size_b), threshold, containment)
    return uncertain(j, size_a, size_b, threshold, containment, slots) or (similar and j < threshold)


def may_be_similar_plain(j: float, size_a: int, size_b: int, threshold: float, containment: float, slots: int) -> bool:
    """:func:`dedup.matching.similarity.may_be_similar` in plain Python, operation for operation."""
    c = containment_plain(j, size_a, size_b)
    return j >= threshold or c >= containment or _uncertain_plain(j, c, size_a, size_b, threshold, containment, slots)


def settled_exactly_plain(j: float, size_a: int, size_b: int, threshold: float, containment: float, slots: int) -> bool:
    """:func:`dedup.matching.similarity.settled_exactly` in plain Python, operation for operation."""
    c = containment_plain(j, size_a, size_b)
    return _uncertain_plain(j, c, size_a, size_b, threshold, containment, slots) or (c >= containment and j < threshold)


def containment_plain(j: float, size_a: int, size_b: int) -> float:
    """:func:`containment_from_jaccard` in plain Python, operation for operation."""
    smaller = min(size_a, size_b)
    return 0.0 if smaller <= 0 else min(1.0, j * (size_a + size_b) / (1.0 + j) / smaller)


def _uncertain_plain(j: float, c: float, size_a: int, size_b: int, threshold: float, containment: float, slots: int) -> bool:
    spread = 3.0 * math.sqrt(max(j * (1.0 - j), 1.0 / slots) / slots)
    if abs(j - threshold) <= spread:
        return True
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return False
    return abs(c - containment) <= spread * ((size_a + size_b) / (smaller * (1.0 + j) ** 2))


@njit(cache=CACHE)
def shared_shingles(sorted_hashes, positions, start_a, count_a, start_b, count_b):
    """Exact overlap of two texts' shingles (``sorted_hashes[start:start + count]`` each: the
    distinct hashes sorted, with ``positions`` their places in reading order): how many they
    share, and whether the smaller text matches the top of the larger (the shared shingles'
    median position in the larger is below their number, give or take a few lines of page
    furniture above the story: :func:`opens_with`)."""
    if count_a > count_b:
        start_a, count_a, start_b, count_b = start_b, count_b, start_a, count_a
    found = np.empty(count_a, dtype=np.int64)
    shared = i = j = 0
    while i < count_a and j < count_b:
        x, y = sorted_hashes[start_a + i], sorted_hashes[start_b + j]
        if x == y:
            found[shared] = positions[start_b + j]
            shared += 1
            i += 1
            j += 1
        elif x < y:
            i += 1
        else:
            j += 1
    if shared == 0:
        return 0, False
    # opens_with(the median of found): the median is at most the limit exactly when more
    # than half the positions are, which a count tells without sorting them
    limit = shared + min(16, shared // 2)
    below = 0
    for k in range(shared):
        if found[k] <= limit:
            below += 1
    return shared, below > shared // 2


@njit(inline="always", cache=CACHE)
def opens_with(median_position, shared):
    """The lead test: a brief or trim of a text has its shingles at the text's top, so their
    median position is about half their number; an appended story's lie further down."""
    return median_position <= shared + min(16, shared // 2)


def exact_overlap(text_a: str, text_b: str, config: Config) -> tuple[float, float]:
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


def shingle_set(text: str, config: Config, tokens: list[str] | None = None) -> set:
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
