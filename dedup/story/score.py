"""The same-story score of two profiles: near 0 for unrelated texts, near 1 for one story told
twice however it was reworded.

The evidence is the cosine of the two weighted-term vectors: rewrites keep the names, places
and rare words of the event even when no phrase survives, and two stories on one topic share
its common vocabulary only.

Passages the two texts share word for word (runs of ``RUN`` terms or more in both) are set
aside first: a page template, a press-release footer, a background paragraph pasted into two
different stories say nothing about whether the stories are one, and they made most of the
false rewrites among human-judged news pairs. The texts are compared whole when one of them
has hardly anything of its own: no more than one rare word's weight left (a copy, two copies
that differ by a word or a figure), or at least ``CONTAINED`` of its words in shared passages
while the other has not (an excerpt, a brief). Near-copies are the duplicate tier's to judge
(:func:`dedup.comparison.verdict`); the story score says whether what two texts do *not* share
tells the same story, so two copies that differ in several names score low on it (and are
duplicates all the same).

Each vector is taken to hold one more term of its own, of weight ``sqrt(PRIOR)`` (scaled down
with the share of the text left), that the other lacks: a news article (norm 10 to 40) hardly
notices it, but two snippets of common words no longer look alike for want of anything else to
compare. The score maps the cosine through a logistic curve,

    story = 1 / (1 + exp(-SLOPE * (sqrt(cosine) - MIDPOINT)))

so that it tracks human judgement: ``SLOPE`` and ``MIDPOINT`` were fitted to same-story
judgements of news pairs and rounded (``benchmarks/bench_story.py`` measures the fit), and the
score is flat where the evidence is clear either way. A *rewrite* verdict asks for more than
an even chance (``Config.story``, 0.8: a cosine of about 0.32), because two stories on one
topic from one town share names and vocabulary too. Sentence-level coverage and entity overlap
were tried as further evidence and added nothing the cosine lacked.

This module is the readable reference; :func:`dedup.story.fast.story_cosine` computes the same,
compiled, for ``compare`` and (on a scan's packed profiles) for ``scan --stories``.

>>> story_of(0.0) < 0.02, round(story_of(MIDPOINT ** 2), 4), story_of(0.8) > 0.98
(True, 0.5, True)
"""

from __future__ import annotations

import math

import numpy as np

from dedup.story.profiles import TF_POWER, Profile
from dedup.story.weights import MAX_WEIGHT

MIDPOINT = 0.425
SLOPE = 10.0
PRIOR = 16.0  # squared weight of the term each text is taken to hold alone
RUN = 8  # terms in a row that make a shared passage
CONTAINED = 0.8  # share of a text's words in shared passages that makes it an excerpt
LITTLE = 1.25 * MAX_WEIGHT**2  # squared weight left at or below which a text has nothing of its own: one rare word


def cosine(a: Profile, b: Profile) -> float:
    """The cosine of two profiles' weighted terms outside the passages they share (each with
    its ``PRIOR`` term), or of the whole profiles when one text has hardly anything else."""
    if a.empty or b.empty:
        return 0.0
    shared_a, shared_b = shared_runs(a.sequence, b.sequence), shared_runs(b.sequence, a.sequence)
    if shared_a.any() or shared_b.any():
        left_a, left_b = outside(a, shared_a), outside(b, shared_b)
        na, nb = float(left_a @ left_a), float(left_b @ left_b)
        share_a, share_b = shared_a.mean(), shared_b.mean()
        if min(na, nb) > LITTLE and not max(share_a, share_b) >= CONTAINED > min(share_a, share_b):
            prior_a, prior_b = PRIOR * na / a.norm**2, PRIOR * nb / b.norm**2
            return min(1.0, float(left_a @ _aligned(b.terms, left_b, a.terms)) / math.sqrt((na + prior_a) * (nb + prior_b)))
    return whole_cosine(a, b)


def whole_cosine(a: Profile, b: Profile) -> float:
    """The cosine of the whole profiles, shared passages and all (each with its ``PRIOR`` term)."""
    if a.empty or b.empty:
        return 0.0
    return min(1.0, float(a.weights @ _aligned(b.terms, b.weights, a.terms)) / math.sqrt((a.norm**2 + PRIOR) * (b.norm**2 + PRIOR)))


def shared_runs(sequence: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Which positions of ``sequence`` lie in a run of ``RUN`` terms that ``other`` also has."""
    runs = {tuple(other[i : i + RUN]) for i in range(len(other) - RUN + 1)}
    shared = np.zeros(len(sequence), dtype=bool)
    for i in range(len(sequence) - RUN + 1):
        if tuple(sequence[i : i + RUN]) in runs:
            shared[i : i + RUN] = True
    return shared


def outside(profile: Profile, shared: np.ndarray) -> np.ndarray:
    """The profile's weights counting only the words outside ``shared`` positions (aligned with
    ``profile.terms``): a term said ``n`` times, ``m`` of them outside, weighs
    ``(m / n) ** TF_POWER`` of its weight."""
    terms, everywhere = np.unique(profile.sequence, return_counts=True)
    kept, left = np.unique(profile.sequence[~shared], return_counts=True)
    counts = np.zeros(len(terms))
    counts[np.searchsorted(terms, kept)] = left
    at = np.searchsorted(terms, profile.terms)
    return profile.weights * (counts[at] / everywhere[at]) ** TF_POWER


def _aligned(terms: np.ndarray, weights: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The ``weights`` of sorted ``terms``, looked up for ``wanted`` (0 for a term not there)."""
    at = np.minimum(np.searchsorted(terms, wanted), len(terms) - 1)
    return np.where(terms[at] == wanted, weights[at], 0.0)


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
