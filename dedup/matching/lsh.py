"""Candidate pairs from LSH bands, verified and linked as they are found.

Each band's keys are sorted (no hash table, a few bytes of working memory per article); the
articles that share a key are candidates. Each candidate pair that is not already linked is
verified on its signatures and, if similar or too near a threshold to tell
(:func:`dedup.matching.similarity.may_be_similar`; the walk of :mod:`dedup.matching.walk` settles those), joined
in a union-find forest. A band bucket larger
than ``MAX_RUN`` (thousands of copies of one story, or a shared boilerplate shingle) pairs each
member with its first ``MAX_RUN`` members only, so work stays linear in the bucket size.

:func:`link` is compiled; :func:`link_plain` finds the same forest in numpy and plain Python,
for a scan too small to pay for loading the compiled code (a test holds them equal).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from dedup.compiled import CACHE
from dedup.matching.similarity import jaccard, may_be_similar, signature_jaccard

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
def key_runs(keys):
    """The positions of ``keys`` in sorted order (equal keys in the order they came), and the
    bounds of each run of two or more equal keys in it: run ``k`` is
    ``order[runs[k, 0]:runs[k, 1]]``. The one walk of sorted keys: LSH bands here, salient
    term pairs in :mod:`dedup.story.candidates`."""
    order = np.argsort(keys, kind="mergesort")
    n = keys.shape[0]
    runs = np.empty((n // 2, 2), dtype=np.int64)
    k = start = 0
    while start < n:
        stop = start + 1
        while stop < n and keys[order[stop]] == keys[order[start]]:
            stop += 1
        if stop - start > 1:
            runs[k, 0], runs[k, 1] = start, stop
            k += 1
        start = stop
    return order, runs[:k]


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
        order, runs = key_runs(keys)
        for k in range(runs.shape[0]):
            start, stop = runs[k, 0], runs[k, 1]
            for x in range(start + 1, stop):
                for y in range(start, min(x, start + max_run)):
                    a, b = order[y], order[x]
                    ra, rb = find(parent, a), find(parent, b)
                    if ra == rb:
                        continue
                    sa, sb = rows[a], rows[b]
                    if may_be_similar(jaccard(sigs[sa], sigs[sb]), sizes[sa], sizes[sb], threshold, containment, sigs.shape[1]):
                        join(parent, ra, rb)
    for i in range(n):
        find(parent, i)
    return parent


def link_plain(sigs: np.ndarray, sizes: np.ndarray, rows: np.ndarray, bands: int, rows_per_band: int, threshold: float,
               containment: float, max_run: int) -> np.ndarray:
    """:func:`link` without compiled code. Its forest is the components of the candidate pairs
    that may be similar, each rooted at its lowest position (the order pairs are tried in
    changes nothing), which is what this computes."""
    n = len(rows)
    sub = sigs[rows].astype(np.uint64)
    pairs: list[tuple[int, int]] = []
    for band in range(bands):
        keys = np.full(n, band, dtype=np.uint64)
        for r in range(band * rows_per_band, (band + 1) * rows_per_band):
            keys = (keys ^ sub[:, r]) * _MIX
            keys ^= keys >> np.uint64(29)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        for run in np.split(order, cuts):
            for x in range(1, len(run)):
                pairs.extend((int(run[y]), int(run[x])) for y in range(min(x, max_run)))
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in sorted(set(pairs)):
        sa, sb = rows[a], rows[b]
        j = signature_jaccard(sigs[sa], sigs[sb])
        if _may_be_similar(j, int(sizes[sa]), int(sizes[sb]), threshold, containment, sigs.shape[1]):
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return np.asarray([root(i) for i in range(n)], dtype=np.int64)


def _may_be_similar(j: float, size_a: int, size_b: int, threshold: float, containment: float, slots: int) -> bool:
    """:func:`dedup.matching.similarity.may_be_similar` in plain Python, operation for operation."""
    smaller = min(size_a, size_b)
    c = 0.0 if smaller <= 0 else min(1.0, j * (size_a + size_b) / (1.0 + j) / smaller)
    if j >= threshold or c >= containment:
        return True
    spread = 3.0 * math.sqrt(max(j * (1.0 - j), 1.0 / slots) / slots)
    if abs(j - threshold) <= spread:
        return True
    if smaller <= 0:
        return False
    return abs(c - containment) <= spread * ((size_a + size_b) / (smaller * (1.0 + j) ** 2))


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
    # a forest whose every position points at its root needs no compiled walk up to them
    roots = parent if np.array_equal(parent[parent], parent) else _roots(parent)
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
