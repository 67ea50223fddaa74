"""What the same-story score reads from one article: its weighted terms, in two arrays.

A term is a word's first ``STEM`` characters in matching form: "injured" and "injuries",
"colonies" and "colony", "Venezuela" and "Venezuelan" meet, at the price of a few unrelated
words sharing a stem. Each occurrence adds its word's background weight
(:mod:`dedup.story.weights`), so a name repeated through a story counts for more than one
mentioned once, and "the" counts for nothing. Terms are 64-bit xxHash values of the stems, the
same in every process.

>>> from dedup.story.weights import weights_for
>>> p = profile("Colonies and a colony: the injured, the injuries.", weights_for("en"))
>>> len(p.terms)  # colon, injur ("and", "a", "the" weigh nothing)
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
# a word of the matching form as text (the compiled kernel's byte classes: ASCII letters and
# digits and every non-ASCII character, which the matching form keeps only inside words)
_WORD = re.compile(r"[0-9a-z\u0080-\U0010ffff]+(?:'[0-9a-z\u0080-\U0010ffff]+)*")


@dataclass(frozen=True)
class Profile:
    """Sorted unique term hashes and their summed weights over the text; ``norm`` is the
    Euclidean norm of the weights."""

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
    found: dict[str, float] = {}
    for word in tokens(text):
        # "country's" weighs as "country" and shares its stem
        head = word.split("'", 1)[0] if "'" in word else word
        weight = weights.weight(head)
        if weight:
            stem = head[:STEM]
            found[stem] = found.get(stem, 0.0) + weight
    terms = np.fromiter((xxhash.xxh64_intdigest(s.encode("utf-8", "surrogatepass")) for s in found), dtype=np.uint64, count=len(found))
    values = np.fromiter(found.values(), dtype=np.float64, count=len(found))
    order = np.argsort(terms)
    return Profile(terms=terms[order], weights=values[order], norm=math.sqrt(float(values @ values)))
