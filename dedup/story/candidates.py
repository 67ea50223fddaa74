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

from dedup.compiled import CACHE
from dedup.matching.lsh import MAX_RUN, find, join, key_runs
from dedup.story.fast import row_cosine, whole_cosine
from dedup.story.packed import Packed, PackedSemantic

SALIENT = 16


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
    order, runs = key_runs(keys)
    for k in range(runs.shape[0]):
        start, stop = runs[k, 0], runs[k, 1]
        for x in range(start + 1, stop):
            for y in range(start, min(x, start + max_run)):
                a, b = owners[order[y]], owners[order[x]]
                ra, rb = find(parent, a), find(parent, b)
                if ra == rb:
                    continue
                if whole_cosine(profiles, rows[a], rows[b]) >= whole_cut and row_cosine(profiles, rows[a], rows[b]) >= cut:
                    join(parent, ra, rb)


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


def link(parent: np.ndarray, packed: Packed, rows: np.ndarray, cut: float) -> None:
    """Add the verified same-story pairs among ``rows`` to ``parent`` (``packed``: the
    profiles, with ``semantic`` the embeddings too)."""
    lo, hi, terms = packed.terms_lo, packed.terms_hi, packed.terms
    keys, owners = salient_keys(lo, hi, terms, _salience(lo, hi, terms, packed.weights, rows), rows, SALIENT)
    link_stories(parent, packed, rows, keys, owners, cut, 0.0 if isinstance(packed, PackedSemantic) else cut, MAX_RUN)
