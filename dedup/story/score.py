"""The same-story score of two profiles: near 0 for unrelated texts, near 1 for one story told
twice however it was reworded.

The evidence is the cosine of the two weighted-term vectors: rewrites keep the names, places
and rare words of the event even when no phrase survives, and two stories on one topic share
its common vocabulary only. Each vector is taken to hold one more term of its own, of weight
``sqrt(PRIOR)``, that the other lacks: a news article (norm 10 to 80) hardly notices it,
but two snippets of common words no longer look alike for want of anything else to compare.
The score maps the cosine through a logistic curve,

    story = 1 / (1 + exp(-SLOPE * (sqrt(cosine) - MIDPOINT)))

so that it tracks human judgement: ``SLOPE`` and ``MIDPOINT`` were fitted to same-story
judgements of news pairs and rounded (``benchmarks/bench_story.py`` measures the fit), and the
score is flat where the evidence is clear either way. A *rewrite* verdict asks for more than
an even chance (``Config.story``, 0.8: a cosine of about 0.32), because two stories on one
topic from one town share names and vocabulary too. Sentence-level coverage and entity overlap
were tried as further evidence and added nothing the cosine lacked.

>>> story_of(0.0) < 0.02, round(story_of(MIDPOINT ** 2), 4), story_of(0.8) > 0.98
(True, 0.5, True)
"""

from __future__ import annotations

import math

import numpy as np

from dedup.story.profiles import Profile

MIDPOINT = 0.425
SLOPE = 10.0
PRIOR = 16.0  # squared weight of the term each text is taken to hold alone (a rare word's, 4)


def cosine(a: Profile, b: Profile) -> float:
    """The cosine of two profiles' weighted terms (each with its ``PRIOR`` term)."""
    if a.empty or b.empty:
        return 0.0
    _, ia, ib = np.intersect1d(a.terms, b.terms, assume_unique=True, return_indices=True)
    return min(1.0, float(a.weights[ia] @ b.weights[ib]) / math.sqrt((a.norm**2 + PRIOR) * (b.norm**2 + PRIOR)))


def story_of(cosine_: float) -> float:
    """The story score of a cosine (unrounded: verdicts compare it, records round it)."""
    return 1.0 / (1.0 + math.exp(-SLOPE * (math.sqrt(max(cosine_, 0.0)) - MIDPOINT)))


def cosine_for(story_: float) -> float:
    """The cosine whose story score is ``story_`` (the inverse of :func:`story_of`).

    >>> round(story_of(cosine_for(0.8)), 2)
    0.8
    """
    root = MIDPOINT + math.log(story_ / (1.0 - story_)) / SLOPE if story_ < 1.0 else 1.0
    return min(1.0, max(0.0, root)) ** 2
