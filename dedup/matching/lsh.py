"""Candidate pairs from LSH bands, verified and linked as they are found.

Each band's keys are sorted (no hash table, a few bytes of working memory per article); the
articles that share a key are candidates. Each candidate pair that is not already linked is
verified on its signatures: a pair similar by its estimate alone is joined in a union-find
forest at once; a pair too near a threshold to tell, or similar by containment alone
(:func:`dedup.matching.similarity.settled_exactly`), is kept, and joined once its shingles
show it similar (:func:`join_settled`, the walk's own pair test). So a linked group is a
component of similar pairs: pairs that only might have been similar do not join, for they
would join unrelated articles of one language or outlet (sharing stock phrases) into groups
of thousands that the walk, quadratic in a group's size, then takes apart. A band bucket
larger than ``MAX_RUN`` (thousands of copies of one story, or a shared boilerplate shingle)
pairs each member with its first ``MAX_RUN`` members only, so work stays linear in the
bucket size.

:func:`link` and :func:`join_settled` are compiled; :func:`link_plain` and
:func:`join_settled_plain` find the same forest in numpy and plain Python, for a scan too
small to pay for loading the compiled code (a test holds them equal).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from dedup.compiled import CACHE
from dedup.matching.similarity import (
    jaccard,
    may_be_similar,
    may_be_similar_plain,
    settled_exactly,
    settled_exactly_plain,
    signature_jaccard,
)
from dedup.matching.walk import kept_shingles, pair, pair_reference, sort_kept

MAX_RUN = 64
BANDS_AT_ONCE = 4  # bands keyed and sorted at once, on all threads (16 bytes an article each for their orders and runs)
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
    joined by the candidate pairs similar by their estimate alone, and the pairs of positions
    in different trees whose estimate is to be settled from their shingles
    (:func:`dedup.matching.similarity.settled_exactly`; :func:`join_settled` joins those).
    Equal keys keep id order, so results do not depend on the order the articles arrived in."""
    n = rows.shape[0]
    parent = np.arange(n)
    pending = np.empty((1024, 2), dtype=np.int64)
    k = 0
    orders = np.empty((BANDS_AT_ONCE, n), dtype=np.int64)
    all_runs = np.empty((BANDS_AT_ONCE, n // 2 + 1, 2), dtype=np.int64)
    counts = np.empty(BANDS_AT_ONCE, dtype=np.int64)
    for band in range(bands):
        if band % BANDS_AT_ONCE == 0:
            _band_runs(sigs, rows, band, min(BANDS_AT_ONCE, bands - band), rows_per_band, orders, all_runs, counts)
        order, runs = orders[band % BANDS_AT_ONCE], all_runs[band % BANDS_AT_ONCE, : counts[band % BANDS_AT_ONCE]]
        for r in range(runs.shape[0]):
            start, stop = runs[r, 0], runs[r, 1]
            for x in range(start + 1, stop):
                for y in range(start, min(x, start + max_run)):
                    a, b = order[y], order[x]
                    ra, rb = find(parent, a), find(parent, b)
                    if ra == rb:
                        continue
                    sa, sb = rows[a], rows[b]
                    j = jaccard(sigs[sa], sigs[sb])
                    if not may_be_similar(j, sizes[sa], sizes[sb], threshold, containment, sigs.shape[1]):
                        continue
                    if settled_exactly(j, sizes[sa], sizes[sb], threshold, containment, sigs.shape[1]):
                        if k == pending.shape[0]:  # full: the pairs joined since, or seen in other bands, go
                            found = _open(parent, pending)
                            k = found.shape[0]
                            if 2 * k > pending.shape[0]:
                                pending = np.concatenate((pending, np.empty_like(pending)))
                            pending[:k] = found
                        pending[k, 0], pending[k, 1] = min(a, b), max(a, b)
                        k += 1
                    else:
                        join(parent, ra, rb)
    for i in range(n):
        find(parent, i)
    return parent, _open(parent, pending[:k])


@njit(parallel=True, cache=CACHE)
def _band_runs(sigs, rows, first, count, rows_per_band, orders, runs, counts):
    """The sorted order and runs of equal keys (:func:`key_runs`) of bands ``first`` to
    ``first + count``, on all threads, into ``orders[i]``, ``runs[i, :counts[i]]``."""
    for i in prange(count):
        keys = np.empty(rows.shape[0], dtype=np.uint64)
        _band_keys(sigs, rows, first + i, rows_per_band, keys)
        order, found = key_runs(keys)
        orders[i] = order
        runs[i, : found.shape[0]] = found
        counts[i] = found.shape[0]


@njit(cache=CACHE)
def _open(parent, pairs):
    """The distinct ``pairs`` whose positions are in different trees of ``parent``, in order."""
    keep = np.zeros(pairs.shape[0], dtype=np.bool_)
    for k in range(pairs.shape[0]):
        keep[k] = find(parent, pairs[k, 0]) != find(parent, pairs[k, 1])
    found = pairs[keep]
    if found.shape[0] == 0:
        return found
    order = np.argsort(found[:, 0] * parent.shape[0] + found[:, 1], kind="mergesort")
    found = found[order]
    distinct = np.ones(found.shape[0], dtype=np.bool_)
    for k in range(1, found.shape[0]):
        distinct[k] = found[k, 0] != found[k - 1, 0] or found[k, 1] != found[k - 1, 1]
    return found[distinct]


@njit(cache=CACHE)
def join_settled(parent, pairs, local, sigs, sizes, hashes, starts, threshold, containment, profiles):
    """Join the ``pairs`` of positions (from :func:`link`) that the walk's pair test
    (:func:`dedup.matching.walk.pair`, near-duplicates only) finds similar from their shingles:
    ``local`` holds each pair's members as rows of ``sigs`` and ``sizes``, whose shingle hashes
    are ``hashes[starts[x]:starts[x + 1]]``. The tests run on all threads; the joins follow."""
    similar = _similar(local, sigs, sizes, kept_shingles(hashes, starts), threshold, containment, profiles)
    for k in range(pairs.shape[0]):
        if similar[k]:
            ra, rb = find(parent, pairs[k, 0]), find(parent, pairs[k, 1])
            if ra != rb:
                join(parent, ra, rb)


@njit(parallel=True, cache=CACHE)
def _similar(local, sigs, sizes, kept, threshold, containment, profiles):
    """The pair test of each pair of rows in ``local``: every row's shingles sorted first (each
    by one thread), so that the tests only read them."""
    for x in prange(sizes.shape[0]):
        sort_kept(x, kept)
    no_rows = np.zeros(sizes.shape[0], dtype=np.int64)
    similar = np.zeros(local.shape[0], dtype=np.bool_)
    for k in prange(local.shape[0]):
        similar[k] = pair(local[k, 0], local[k, 1], sigs, sizes, kept, threshold, containment, profiles, no_rows, 2.0)[0]
    return similar


@njit(cache=CACHE)
def joined(parent, pairs):
    """The roots of ``parent`` once ``pairs`` are joined too (``parent`` is left as it is)."""
    whole = parent.copy()
    for k in range(pairs.shape[0]):
        ra, rb = find(whole, pairs[k, 0]), find(whole, pairs[k, 1])
        if ra != rb:
            join(whole, ra, rb)
    return _roots(whole)


def link_plain(sigs: np.ndarray, sizes: np.ndarray, rows: np.ndarray, bands: int, rows_per_band: int, threshold: float,
               containment: float, max_run: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`link` without compiled code: the components of the candidate pairs similar by
    their estimate, each rooted at its lowest position (the order pairs are tried in changes
    nothing), and the distinct pairs to settle that join different components. (Which pairs
    those are may differ from :func:`link`'s, which passes over a pair already joined when it
    comes to it; the forest they settle to is the same.)"""
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
                pairs.extend((int(min(run[y], run[x])), int(max(run[y], run[x]))) for y in range(min(x, max_run)))
    parent = list(range(n))
    pending: list[tuple[int, int]] = []
    for a, b in sorted(set(pairs)):
        sa, sb = rows[a], rows[b]
        j = signature_jaccard(sigs[sa], sigs[sb])
        size_a, size_b = int(sizes[sa]), int(sizes[sb])
        if not may_be_similar_plain(j, size_a, size_b, threshold, containment, sigs.shape[1]):
            continue
        if settled_exactly_plain(j, size_a, size_b, threshold, containment, sigs.shape[1]):
            pending.append((a, b))
        else:
            _join_plain(parent, a, b)
    roots = np.asarray([_root(parent, i) for i in range(n)], dtype=np.int64)
    found = np.asarray([(a, b) for a, b in pending if roots[a] != roots[b]], dtype=np.int64).reshape(-1, 2)
    return roots, found


def join_settled_plain(parent: np.ndarray, pairs: np.ndarray, sigs: np.ndarray, sizes: np.ndarray, rows: np.ndarray,
                       sequences: dict[int, list[int]], threshold: float, containment: float) -> np.ndarray:
    """:func:`join_settled` in plain Python, for the forest of :func:`link_plain`:
    ``sequences`` holds the shingle hashes of the pairs' rows (by row). Returns the roots."""
    forest = parent.tolist()
    for a, b in pairs.tolist():
        sa, sb = int(rows[a]), int(rows[b])
        if _root(forest, a) != _root(forest, b) and pair_reference(sigs[sa], sigs[sb], int(sizes[sa]), int(sizes[sb]), sequences[sa],
                                                                 sequences[sb], threshold, containment)[0]:
            _join_plain(forest, a, b)
    return np.asarray([_root(forest, i) for i in range(len(forest))], dtype=np.int64)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join_plain(parent: list[int], a: int, b: int) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    parent[max(ra, rb)] = min(ra, rb)


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
