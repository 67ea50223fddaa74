"""What the same-story score reads from one article: its weighted terms, in two arrays.

A term is a word's first ``STEM`` characters in matching form: "injured" and "injuries",
"colonies" and "colony", "Venezuela" and "Venezuelan" meet, at the price of a few unrelated
words sharing a stem. A term weighs its word's background weight
(:mod:`dedup.story.weights`; the heaviest, when several words share the stem) times its count
to the power ``TF_POWER``: a name repeated through a story counts for more than one mentioned
once, but a town named in every paragraph does not drown the rest, and "the" counts for
nothing. Terms are 32-bit xxHash values of the stems, the same in every process: two articles'
few hundred terms each share a value by accident about once in 30,000 pairs.

>>> from dedup.story.weights import weights_for
>>> len(profile("Colonies, colony; injured, injuries.", weights_for("en")).terms)  # colon, injur
2
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import xxhash

from dedup.normalize import normalize
from dedup.story.weights import Weights

STEM = 5
TF_POWER = 0.75  # a term said n times weighs n ** 0.75 times its word weight
# a word of the matching form as text (the compiled kernel's byte classes: ASCII letters and
# digits and every non-ASCII character, which the matching form keeps only inside words)
_WORD = re.compile(r"[0-9a-z\u0080-\U0010ffff]+(?:'[0-9a-z\u0080-\U0010ffff]+)*")


@dataclass(frozen=True)
class Profile:
    """Sorted unique term hashes and their weights; ``norm`` is the weights' Euclidean norm."""

    terms: np.ndarray
    weights: np.ndarray
    norm: float

    @property
    def empty(self) -> bool:
        return self.norm == 0.0

    def salient(self, count: int) -> np.ndarray:
        """The ``count`` heaviest terms (ties broken by hash), sorted by hash."""
        if len(self.terms) <= count:
            return self.terms
        order = np.lexsort((self.terms, -self.weights))[:count]
        return np.sort(self.terms[order])


def tokens(text: str) -> list[str]:
    """The words of ``text`` in matching form, apostrophes inside them kept."""
    return _WORD.findall(normalize(text))


def profile(text: str, weights: Weights) -> Profile:
    """The profile of ``text`` (a matching text: chrome and boilerplate already left out)."""
    counts: dict[str, int] = {}
    heaviest: dict[str, float] = {}
    for word in tokens(text):
        # "country's" weighs as "country" and shares its stem
        head = word.split("'", 1)[0] if "'" in word else word
        weight = weights.weight(head)
        if weight:
            stem = head[:STEM]
            counts[stem] = counts.get(stem, 0) + 1
            if weight > heaviest.get(stem, 0.0):
                heaviest[stem] = weight
    terms = np.fromiter((xxhash.xxh32_intdigest(s.encode("utf-8", "surrogatepass")) for s in counts), dtype=np.uint32, count=len(counts))
    values = np.fromiter((n**TF_POWER * heaviest[s] for s, n in counts.items()), dtype=np.float64, count=len(counts))
    order = np.argsort(terms)
    return Profile(terms=terms[order], weights=values[order], norm=math.sqrt(float(values @ values)))
