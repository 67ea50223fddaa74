"""Candidate pairs from LSH bands, verified and linked as they are found.

Each band's keys are sorted (no hash table, a few bytes of working memory per article); the
articles that share a key are candidates. Each candidate pair that is not already linked is
verified on its signatures and, if similar or too near a threshold to tell
(:func:`dedup.matching.similarity.may_be_similar`; the walk of :mod:`dedup.matching.walk` settles those), joined
in a union-find forest. A band bucket larger
than ``MAX_RUN`` (thousands of copies of one story, or a shared boilerplate shingle) pairs each
member with its first ``MAX_RUN`` members only, so work stays linear in the bucket size.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dedup.compiled import CACHE
from dedup.matching.similarity import jaccard, may_be_similar

MAX_RUN = 64
_MIX = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=CACHE)
def find(parent, i):
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


@njit(inline="always", cache=CACHE)
def join(parent, ra, rb):
    """Join two roots; the lower position stays root, so results follow id order."""
    if ra < rb:
        parent[rb] = ra
    else:
        parent[ra] = rb


@njit(cache=CACHE)
def _band_keys(sigs, rows, band, rows_per_band, keys):
    for i in range(rows.shape[0]):
        d = rows[i]
        key = np.uint64(band)
        for r in range(band * rows_per_band, (band + 1) * rows_per_band):
            key = (key ^ np.uint64(sigs[d, r])) * _MIX
            key ^= key >> np.uint64(29)
        keys[i] = key


@njit(cache=CACHE)
def link(sigs, sizes, rows, bands, rows_per_band, threshold, containment, max_run):
    """Union-find parents over positions in ``rows`` (indices into ``sigs``, in id order),
    joined by verified candidate pairs. Equal keys keep id order, so results do not depend on
    the order the articles arrived in."""
    n = rows.shape[0]
    parent = np.arange(n)
    keys = np.empty(n, dtype=np.uint64)
    for band in range(bands):
        _band_keys(sigs, rows, band, rows_per_band, keys)
        order = np.argsort(keys, kind="mergesort")
        start = 0
        while start < n:
            stop = start + 1
            while stop < n and keys[order[stop]] == keys[order[start]]:
                stop += 1
            for x in range(start + 1, stop):
                for y in range(start, min(x, start + max_run)):
                    a, b = order[y], order[x]
                    ra, rb = find(parent, a), find(parent, b)
                    if ra == rb:
                        continue
                    sa, sb = rows[a], rows[b]
                    if may_be_similar(jaccard(sigs[sa], sigs[sb]), sizes[sa], sizes[sb], threshold, containment, sigs.shape[1]):
                        join(parent, ra, rb)
            start = stop
    for i in range(n):
        find(parent, i)
    return parent


def band_keys(sigs: np.ndarray, bands: int, rows_per_band: int) -> np.ndarray:
    """Every band key of every signature row: ``(len(sigs), bands)``, the keys a scan sorts
    (an index stores them)."""
    out = np.empty((len(sigs), bands), dtype=np.uint64)
    _all_band_keys(sigs, bands, rows_per_band, out)
    return out


@njit(cache=CACHE)
def _all_band_keys(sigs, bands, rows_per_band, out):
    rows = np.arange(sigs.shape[0])
    keys = np.empty(sigs.shape[0], dtype=np.uint64)
    for band in range(bands):
        _band_keys(sigs, rows, band, rows_per_band, keys)
        out[:, band] = keys


def groups(parent: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """The groups of two or more of ``rows`` that ``parent`` (a union-find forest over
    positions in ``rows``, as :func:`link` returns it) joins, each in the order of ``rows``."""
    roots = _roots(parent)
    linked = np.flatnonzero(roots != np.arange(len(roots)))
    if not len(linked):
        return []
    # every linked position with its root; singletons never become arrays
    members = np.unique(np.concatenate((linked, roots[linked])))
    order = members[np.argsort(roots[members], kind="stable")]
    cuts = np.flatnonzero(np.diff(roots[order])) + 1
    return [rows[group] for group in np.split(order, cuts)]


@njit(cache=CACHE)
def _roots(parent):
    out = np.empty_like(parent)
    for i in range(parent.shape[0]):
        out[i] = find(parent, i)
    return out
