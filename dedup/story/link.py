"""Same-story candidates in a corpus, found without comparing every pair.

Two reports of one story share their *salient* terms: names, places, rare words, the terms
that weigh most in each and are rare in the corpus (weight times ``log(1 + N / df)``, where
``df`` counts the corpus's articles holding the term, so that a town every local story names,
or a common word of a language the background table does not know, does not make keys; a term
of one article only makes none). Each
article gets a key for every pair of its ``SALIENT`` most salient terms; articles that share a
key share two salient terms and are candidates (16 salient terms: 120 keys an article);
``benchmarks/bench_story.py`` measures the recall of planted rewrites in a scan. Keys are sorted, not hashed into a table, and a run of
equal keys pairs each article with the first ``MAX_RUN`` only, as the near-duplicate bands do,
so the work stays linear however common a pair of terms is. Candidates are verified on the
full profiles and joined in the same union-find forest as near-duplicates.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.extending import overload

from dedup.compiled import CACHE
from dedup.lsh import MAX_RUN, find, join
from dedup.story.profiles import TF_POWER
from dedup.story.score import CONTAINED, LITTLE, MIDPOINT, PRIOR, RUN, SLOPE

SALIENT = 16


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
    """:func:`story_cosine` of rows ``a`` and ``b`` (``profiles`` as
    :meth:`dedup.story.packed.Profiles.packed` gives them); with the embeddings and weights
    of :mod:`dedup.story.semantic` after them, its :func:`~dedup.story.semantic.semantic_cosine`."""
    return _evidence(profiles, a, b)


def _evidence(profiles, a, b):  # typed by _evidence_of: lexical, or semantic by the tuple's length
    raise NotImplementedError


@overload(_evidence)
def _evidence_of(profiles, a, b):
    if len(profiles) == 8:
        return lambda profiles, a, b: _lexical(profiles, a, b)
    return lambda profiles, a, b: _semantic(profiles, a, b)


@njit(cache=CACHE)
def _lexical(profiles, a, b):
    lo, hi, terms, weights, norms, seq_lo, seq_hi, sequences = (profiles[0], profiles[1], profiles[2], profiles[3],
                                                                 profiles[4], profiles[5], profiles[6], profiles[7])
    return story_cosine(terms[lo[a] : hi[a]], weights[lo[a] : hi[a]], norms[a], sequences[seq_lo[a] : seq_hi[a]],
                        terms[lo[b] : hi[b]], weights[lo[b] : hi[b]], norms[b], sequences[seq_lo[b] : seq_hi[b]])


@njit(cache=CACHE)
def _semantic(profiles, a, b):
    """:func:`dedup.story.semantic.semantic_cosine` of rows ``a`` and ``b``."""
    body, lead, w = profiles[8], profiles[9], profiles[10]
    z = (w[0] * np.sqrt(max(_lexical(profiles, a, b), 0.0)) + w[1] * np.float64(body[a] @ body[b])
         + w[2] * np.float64(lead[a] @ lead[b]) + w[3])
    root = min(1.0, max(0.0, MIDPOINT + z / SLOPE))
    return root * root


@njit(cache=CACHE)
def whole_cosine(profiles, a, b):
    """The cosine of rows ``a`` and ``b``'s whole profiles (each with its ``PRIOR`` term)."""
    lo, hi, terms, weights, norms = profiles[0], profiles[1], profiles[2], profiles[3], profiles[4]
    return _whole(terms[lo[a] : hi[a]], weights[lo[a] : hi[a]], norms[a], terms[lo[b] : hi[b]], weights[lo[b] : hi[b]], norms[b])


@njit(cache=CACHE)
def _salient_count(weights, lo, hi, count):
    positive = 0
    for k in range(lo, hi):
        if weights[k] > 0:
            positive += 1
    return min(count, positive)


@njit(cache=CACHE)
def salient_keys(lo_, hi_, terms, weights, rows, count):
    """One key per pair of each row's ``count`` heaviest terms of positive weight (ties: lower
    term first), and the position in ``rows`` that owns it."""
    total = 0
    for i in range(rows.shape[0]):
        m = _salient_count(weights, lo_[rows[i]], hi_[rows[i]], count)
        total += m * (m - 1) // 2
    keys = np.empty(total, dtype=np.uint64)
    owners = np.empty(total, dtype=np.int64)
    k = 0
    for i in range(rows.shape[0]):
        lo, hi = lo_[rows[i]], hi_[rows[i]]
        m = _salient_count(weights, lo, hi, count)
        # terms are sorted, so a stable sort by weight breaks ties by term
        order = np.argsort(-weights[lo:hi], kind="mergesort")[:m]
        top = np.sort(terms[lo:hi][order])
        for x in range(m):
            for y in range(x + 1, m):
                keys[k] = (np.uint64(top[x]) << np.uint64(32)) | np.uint64(top[y])
                owners[k] = i
                k += 1
    return keys, owners


@njit(cache=CACHE)
def link_stories(parent, profiles, rows, keys, owners, cut, whole_cut, max_run):
    """Join in ``parent`` (union-find over positions in ``rows``) the candidates whose
    cosine reaches ``cut``. The whole-profile cosine goes first when it must reach
    ``whole_cut`` (the lexical score's ``cut``; 0 with embeddings, which can lift a pair the
    words alone leave under it), the cheaper (finding shared
    passages for every candidate doubled the time of a scan), and a pair under the cut whole
    is passed by: setting shared passages aside lowers the cosine of two texts of equal
    weight, and lowered it in each of the 86 human-judged news pairs (six languages) that
    share a passage. It can raise it when it leaves one text much lighter than the other, so
    a scan may miss such a pair that ``compare`` calls a rewrite."""
    order = np.argsort(keys, kind="mergesort")
    n = keys.shape[0]
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and keys[order[stop]] == keys[order[start]]:
            stop += 1
        for x in range(start + 1, stop):
            for y in range(start, min(x, start + max_run)):
                a, b = owners[order[y]], owners[order[x]]
                ra, rb = find(parent, a), find(parent, b)
                if ra == rb:
                    continue
                if whole_cosine(profiles, rows[a], rows[b]) >= whole_cut and row_cosine(profiles, rows[a], rows[b]) >= cut:
                    join(parent, ra, rb)
        start = stop


def _salience(lo: np.ndarray, hi: np.ndarray, terms: np.ndarray, weights: np.ndarray, rows: np.ndarray,
              chunk: int = 1 << 20) -> np.ndarray:
    """Each stored weight times its term's rarity among ``rows``, ``log(1 + N / df)``; 0 for a
    term no other article holds (it cannot pair anything). Gathered in chunks, so that the
    transient index arrays stay a few megabytes."""
    unique, counts = np.unique(terms[_live(lo, hi, rows, len(terms))], return_counts=True)
    if not len(unique):
        return np.zeros(len(terms), dtype=np.float32)
    rarity = np.where(counts > 1, np.log1p(len(rows) / counts), 0.0).astype(np.float32)
    out = np.empty(len(terms), dtype=np.float32)
    for start in range(0, len(terms), chunk):
        part = slice(start, start + chunk)
        # entries outside the live rows (left-overs of replaced or dropped rows) may hold terms
        # no live row has: they get 0, and no key reads them anyway
        at = np.minimum(np.searchsorted(unique, terms[part]), len(unique) - 1)
        out[part] = np.where(unique[at] == terms[part], weights[part] * rarity[at], 0.0)
    return out


@njit(cache=CACHE)
def _live(lo, hi, rows, size):
    """Which stored entries belong to the profiles of ``rows``."""
    live = np.zeros(size, dtype=np.bool_)
    for r in rows:
        live[lo[r] : hi[r]] = True
    return live


def link(parent: np.ndarray, packed: tuple, rows: np.ndarray, cut: float) -> None:
    """Add the verified same-story pairs among ``rows`` to ``parent`` (``packed``: the
    profiles, and with ``semantic`` the embeddings and weights after them)."""
    lo, hi, terms, weights = packed[:4]
    keys, owners = salient_keys(lo, hi, terms, _salience(lo, hi, terms, weights, rows), rows, SALIENT)
    link_stories(parent, packed, rows, keys, owners, cut, cut if len(packed) == 8 else 0.0, MAX_RUN)
