"""The compiled story score: what :mod:`dedup.story.score` computes in plain Python, on the
packed profiles of :mod:`dedup.story.packed` (a test holds the two equal). ``row_cosine`` and
``whole_cosine`` read rows of the packed profiles; with ``semantic`` they come as a
:class:`~dedup.story.packed.PackedSemantic`, which carries the embeddings too, and the score
combines them by the fitted rule."""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.extending import overload

from dedup.compiled import CACHE
from dedup.story.packed import PackedSemantic
from dedup.story.profiles import TF_POWER
from dedup.story.score import CONTAINED, LITTLE, MIDPOINT, PRIOR, RUN, SLOPE


@njit(cache=CACHE)
def _dot(terms_a, weights_a, terms_b, weights_b):
    """The dot product of two weight vectors over sorted terms (a merge)."""
    i, j, dot = 0, 0, 0.0
    while i < terms_a.shape[0] and j < terms_b.shape[0]:
        if terms_a[i] == terms_b[j]:
            dot += np.float64(weights_a[i]) * np.float64(weights_b[j])
            i += 1
            j += 1
        elif terms_a[i] < terms_b[j]:
            i += 1
        else:
            j += 1
    return dot


@njit(cache=CACHE)
def _runs(sequence):
    """A 64-bit hash (FNV-1a over the terms) of each run of ``RUN`` terms, by start."""
    n = max(sequence.shape[0] - RUN + 1, 0)
    out = np.empty(n, dtype=np.uint64)
    for i in range(n):
        h = np.uint64(14695981039346656037)
        for k in range(RUN):
            h = (h ^ np.uint64(sequence[i + k])) * np.uint64(1099511628211)
        out[i] = h
    return out


@njit(cache=CACHE)
def _shared_runs(sequence, other):
    """:func:`dedup.story.score.shared_runs` on hashes of the runs."""
    mine, theirs = _runs(sequence), np.sort(_runs(other))
    shared = np.zeros(sequence.shape[0], dtype=np.bool_)
    for i in range(mine.shape[0]):
        at = np.searchsorted(theirs, mine[i])
        if at < theirs.shape[0] and theirs[at] == mine[i]:
            shared[i : i + RUN] = True
    return shared


@njit(cache=CACHE)
def _outside(terms, weights, sequence, shared):
    """:func:`dedup.story.score.outside`: weights counting only words outside ``shared``."""
    everywhere = np.sort(sequence)
    left = np.sort(sequence[~shared])
    out = np.zeros(terms.shape[0])
    for k in range(terms.shape[0]):
        n = np.searchsorted(everywhere, terms[k], side="right") - np.searchsorted(everywhere, terms[k])
        m = np.searchsorted(left, terms[k], side="right") - np.searchsorted(left, terms[k])
        if n > 0:
            out[k] = np.float64(weights[k]) * (m / n) ** TF_POWER
    return out


@njit(cache=CACHE)
def story_cosine(terms_a, weights_a, norm_a, seq_a, terms_b, weights_b, norm_b, seq_b):
    """:func:`dedup.story.score.cosine` of two profiles given as their arrays and norms."""
    if norm_a == 0.0 or norm_b == 0.0:
        return 0.0
    shared_a, shared_b = _shared_runs(seq_a, seq_b), _shared_runs(seq_b, seq_a)
    if shared_a.any() or shared_b.any():
        left_a = _outside(terms_a, weights_a, seq_a, shared_a)
        left_b = _outside(terms_b, weights_b, seq_b, shared_b)
        na, nb = left_a @ left_a, left_b @ left_b
        share_a, share_b = shared_a.mean(), shared_b.mean()
        if min(na, nb) > LITTLE and not max(share_a, share_b) >= CONTAINED > min(share_a, share_b):
            prior_a, prior_b = PRIOR * na / norm_a**2, PRIOR * nb / norm_b**2
            return min(1.0, _dot(terms_a, left_a, terms_b, left_b) / np.sqrt((na + prior_a) * (nb + prior_b)))
    return _whole(terms_a, weights_a, norm_a, terms_b, weights_b, norm_b)


@njit(cache=CACHE)
def _whole(terms_a, weights_a, norm_a, terms_b, weights_b, norm_b):
    if norm_a == 0.0 or norm_b == 0.0:
        return 0.0
    return min(1.0, _dot(terms_a, weights_a, terms_b, weights_b) / np.sqrt((norm_a**2 + PRIOR) * (norm_b**2 + PRIOR)))


@njit(cache=CACHE)
def row_cosine(profiles, a, b):
    """:func:`story_cosine` of rows ``a`` and ``b`` of ``profiles`` (a
    :class:`~dedup.story.packed.PackedProfiles`); of a
    :class:`~dedup.story.packed.PackedSemantic`, its :func:`~dedup.story.semantic.semantic_cosine`."""
    return _evidence(profiles, a, b)


def _evidence(profiles, a, b):  # typed by _evidence_of: lexical, or semantic by the named tuple's class
    raise NotImplementedError


@overload(_evidence)
def _evidence_of(profiles, a, b):
    if isinstance(profiles, types.BaseNamedTuple) and profiles.instance_class is PackedSemantic:
        return lambda profiles, a, b: _semantic(profiles, a, b)
    return lambda profiles, a, b: _lexical(profiles, a, b)


@njit(cache=CACHE)
def _lexical(profiles, a, b):
    lo, hi, terms, weights = profiles.terms_lo, profiles.terms_hi, profiles.terms, profiles.weights
    norms, seq_lo, seq_hi, sequences = profiles.norms, profiles.sequences_lo, profiles.sequences_hi, profiles.sequences
    return story_cosine(terms[lo[a] : hi[a]], weights[lo[a] : hi[a]], norms[a], sequences[seq_lo[a] : seq_hi[a]],
                        terms[lo[b] : hi[b]], weights[lo[b] : hi[b]], norms[b], sequences[seq_lo[b] : seq_hi[b]])


@njit(cache=CACHE)
def _semantic(profiles, a, b):
    """:func:`dedup.story.semantic.semantic_cosine` of rows ``a`` and ``b``."""
    body, lead, w = profiles.body, profiles.lead, profiles.combination
    z = (w[0] * np.sqrt(max(_lexical(profiles, a, b), 0.0)) + w[1] * np.float64(body[a] @ body[b])
         + w[2] * np.float64(lead[a] @ lead[b]) + w[3])
    root = min(1.0, max(0.0, MIDPOINT + z / SLOPE))
    return root * root


@njit(cache=CACHE)
def whole_cosine(profiles, a, b):
    """The cosine of rows ``a`` and ``b``'s whole profiles (each with its ``PRIOR`` term)."""
    lo, hi, terms, weights, norms = profiles.terms_lo, profiles.terms_hi, profiles.terms, profiles.weights, profiles.norms
    return _whole(terms[lo[a] : hi[a]], weights[lo[a] : hi[a]], norms[a], terms[lo[b] : hi[b]], weights[lo[b] : hi[b]], norms[b])
