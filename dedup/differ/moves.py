"""Moved text: a stretch cut in one place and one added in another that are the same text
(the Dice coefficient of their character 3-grams at least ``MOVED``).

Every cut stretch is not compared with every added one (a long text with thousands of each
would take the square of that): two sets this similar share at least two thirds of their
union, so with the 3-grams of every stretch in one order (rarest first), the first third of
one stretch's grams and the first third of the other's have a gram in common (prefix
filtering). Added stretches are found through an index of those first grams, and at most
``CANDIDATES`` of them (those sharing the rarest grams) are compared with each cut stretch,
as a scan pairs each article with a bounded number of others.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from dedup.differ.align import dice, grams

MOVED = 0.8  # similarity at which a cut stretch and an added one are the same text moved
SHORTEST = 20  # characters (without surrounding space) a stretch needs to count as moved text
CANDIDATES = 16  # added stretches compared with one cut stretch at most
_OVERLAP = MOVED / (2 - MOVED)  # the Jaccard coefficient that Dice MOVED implies


def moved(cut: Sequence[str], added: Sequence[str]) -> tuple[set[int], set[int]]:
    """The positions in ``cut`` and in ``added`` of the stretches that are moved text."""
    cut_grams = [grams(text) if len(text.strip()) >= SHORTEST else frozenset() for text in cut]
    added_grams = [grams(text) if len(text.strip()) >= SHORTEST else frozenset() for text in added]
    frequency = Counter(g for sets in (cut_grams, added_grams) for s in sets for g in s)
    index: dict[str, list[int]] = defaultdict(list)
    for position, found in enumerate(added_grams):
        for gram in _prefix(found, frequency):
            index[gram].append(position)
    from_cut: set[int] = set()
    into: set[int] = set()
    for position, found in enumerate(cut_grams):
        for other in _candidates(_prefix(found, frequency), index):
            other_grams = added_grams[other]
            small, large = sorted((len(found), len(other_grams)))
            if small >= _OVERLAP * large and dice(found, other_grams) >= MOVED:  # sizes first: a cheap bound
                from_cut.add(position)
                into.add(other)
    return from_cut, into


def _candidates(prefix: list[str], index: dict[str, list[int]]) -> list[int]:
    """The first ``CANDIDATES`` added stretches that share a gram of ``prefix`` (rarest first)."""
    found: dict[int, None] = {}
    for gram in prefix:
        for other in index.get(gram, ()):
            found[other] = None
            if len(found) == CANDIDATES:
                return list(found)
    return list(found)


def _prefix(found: frozenset[str], frequency: Counter) -> list[str]:
    """The grams of ``found`` that any set similar enough to it must share one of: all but
    the share it is sure to have in common, rarest first."""
    if not found:
        return []
    sure = math.floor(_OVERLAP * len(found) - 1e-9)  # rounded down: a float's error can only lengthen the prefix
    keep = len(found) - sure + 1
    return sorted(found, key=lambda gram: (frequency[gram], gram))[:keep]
