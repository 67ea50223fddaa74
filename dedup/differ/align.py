"""Pairing the sentences of two versions: a monotone alignment that allows a sentence split in
two or two merged into one, and sentences added or cut.

Similarity is the Dice coefficient of the sentences' character 3-grams in matching form, which
survives reworded quotes and changed inflections ("colonies" against "colony") better than
word overlap; all of them come from products of sparse gram-incidence matrices. Dynamic
programming maximises the summed similarity of the pairs; pairs below ``MIN_SIMILARITY`` are
not made. Sentences moved elsewhere come out as a cut here and an addition there; the change
list tags those ``moved``.

The dynamic programme looks at every pair of sentences, so it runs on at most ``CELLS`` pairs
at a time, and time and memory grow with the texts, not with their product: a longer stretch
is first cut at its anchors (sentences that occur once in each version with the same words,
paired in order along their longest increasing run, as patience diff does), and what lies
between two anchors, if still too long, is cut into blocks along its diagonal. Articles of up
to a few hundred sentences are aligned whole, exactly as before.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter

import numpy as np
from scipy import sparse

from dedup.differ.records import Alignment
from dedup.normalize import normalize

MIN_SIMILARITY = 0.25
CELLS = 90_000  # sentence pairs one dynamic programme may look at (300 × 300)
SIDE = 1_000  # sentences of one version in one block at most


def flat(text: str) -> str:
    """``text`` in matching form, apostrophes dropped and spaces collapsed."""
    return " ".join(normalize(text).replace("'", "").split())


def grams(text: str) -> frozenset[str]:
    """Character 3-grams of ``text`` in matching form (spaces collapsed)."""
    squashed = flat(text)
    return frozenset(squashed[i : i + 3] for i in range(max(1, len(squashed) - 2)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def align(a: list[str], b: list[str]) -> list[Alignment]:
    """Alignment of sentence lists ``a`` and ``b`` (an empty string: a sentence that is not
    to be paired), covering every sentence once, in order."""
    if len(a) * len(b) <= CELLS:
        return _programme(a, b, 0, 0)
    out: list[Alignment] = []
    i = j = 0
    for anchor_i, anchor_j in _anchors(a, b) + [(len(a), len(b))]:
        out += _blocks(a, b, i, anchor_i, j, anchor_j)
        if anchor_i < len(a):
            out.append(Alignment((anchor_i,), (anchor_j,), 1.0))
        i, j = anchor_i + 1, anchor_j + 1
    return out


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs of sentences that occur once in each version with the same words, the longest
    run of them in the same order in both."""
    keys_a, keys_b = [flat(s) if s else "" for s in a], [flat(s) if s else "" for s in b]
    count_a, count_b = Counter(keys_a), Counter(keys_b)
    where_b = {key: j for j, key in enumerate(keys_b) if key and count_b[key] == 1}
    pairs = [(i, where_b[key]) for i, key in enumerate(keys_a) if key and count_a[key] == 1 and key in where_b]
    # the longest increasing run of b's positions, in a's order (patience sorting)
    tails: list[int] = []  # tails[k]: the smallest b position that ends a run of k + 1 pairs
    ends: list[int] = []  # ends[k]: the pair that does
    before = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k:
            before[n] = ends[k - 1]
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k], ends[k] = j, n
    run, n = [], ends[-1] if ends else -1
    while n != -1:
        run.append(pairs[n])
        n = before[n]
    return run[::-1]


def _blocks(a: list[str], b: list[str], i0: int, i1: int, j0: int, j1: int) -> list[Alignment]:
    """The stretch ``a[i0:i1]`` against ``b[j0:j1]``, whole when it is small enough, else in
    blocks along its diagonal."""
    n, m = i1 - i0, j1 - j0
    if n * m <= CELLS:
        return _programme(a[i0:i1], b[j0:j1], i0, j0)
    pieces = max(math.ceil(math.sqrt(n * m / CELLS)), math.ceil(max(n, m) / SIDE))
    out: list[Alignment] = []
    for k in range(pieces):
        ai, bi = i0 + n * k // pieces, j0 + m * k // pieces
        aj, bj = i0 + n * (k + 1) // pieces, j0 + m * (k + 1) // pieces
        out += _programme(a[ai:aj], b[bi:bj], ai, bi)
    return out


# the moves of the dynamic programme, in the order that breaks a tie (the first best wins)
UP, LEFT, ONE, ONE_TWO, TWO_ONE = range(5)
STEPS = {UP: (1, 0), LEFT: (0, 1), ONE: (1, 1), ONE_TWO: (1, 2), TWO_ONE: (2, 1)}


def _programme(a: list[str], b: list[str], i0: int, j0: int) -> list[Alignment]:
    """The best alignment of ``a`` with ``b`` by dynamic programming, numbered from ``i0`` and
    ``j0``. A row at a time: a cell's best is the best of the cell above and the pairs that end
    in it (``reach``), or of the cell to its left, so a row is a running maximum of ``reach``.
    ``programme_reference`` is the same programme a cell at a time."""
    n, m = len(a), len(b)
    if not n or not m:  # nothing to pair: every sentence is cut, or every one added
        return [Alignment((i0 + i,), (), 0.0) for i in range(n)] + [Alignment((), (j0 + j,), 0.0) for j in range(m)]
    tables = dict(zip((ONE, ONE_TWO, TWO_ONE), _similarities(a, b)))
    for table in tables.values():
        table[table < MIN_SIMILARITY] = -np.inf  # too unlike to be paired
    best = np.zeros((n + 1, m + 1))
    step = np.full((n + 1, m + 1), LEFT, dtype=np.int8)
    step[1:, 0] = UP
    for i in range(1, n + 1):
        up = best[i - 1]
        options = [up[1:], up[:-1] + tables[ONE][i - 1], np.full(m, -np.inf), np.full(m, -np.inf)]
        if m >= 2:
            options[2][1:] = up[:-2] + tables[ONE_TWO][i - 1][: m - 1]
        if i >= 2:
            options[3][:] = best[i - 2][:-1] + tables[TWO_ONE][i - 2]
        stacked = np.stack(options)
        reach = stacked.max(axis=0)
        row = best[i]
        row[1:] = np.maximum.accumulate(reach)  # (the first cell, 0, is under every reach: scores are never negative)
        left = row[:-1]
        moves = np.array([UP, ONE, ONE_TWO, TWO_ONE], dtype=np.int8)[stacked.argmax(axis=0)]
        moves[(up[1:] != row[1:]) & (left == row[1:])] = LEFT  # up wins a tie, left the pairs
        step[i, 1:] = moves
    out = []
    i, j = n, m
    while i or j:
        move = int(step[i, j])
        di, dj = STEPS[move]
        sim = float(tables[move][i - di, j - dj]) if move in tables else 0.0
        out.append(Alignment(tuple(range(i0 + i - di, i0 + i)), tuple(range(j0 + j - dj, j0 + j)), round(sim, 4)))
        i, j = i - di, j - dj
    return out[::-1]


def programme_reference(a: list[str], b: list[str], i0: int, j0: int) -> list[Alignment]:
    """``_programme`` a cell at a time, as readable as it gets: the test's reference."""
    n, m = len(a), len(b)
    if not n or not m:
        return [Alignment((i0 + i,), (), 0.0) for i in range(n)] + [Alignment((), (j0 + j,), 0.0) for j in range(m)]
    one, one_two, two_one = _similarities(a, b)
    # best[i][j]: best score aligning a[:i] with b[:j]; step[i][j]: how it got there
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        row, above = best[i], best[i - 1] if i else None
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            score, move = (above[j], (1, 0, 0.0)) if i else (-1.0, (0, 0, 0.0))  # type: ignore[index]  # set once i > 0
            if j and row[j - 1] > score:
                score, move = row[j - 1], (0, 1, 0.0)
            for di, dj, table in ((1, 1, one), (1, 2, one_two), (2, 1, two_one)):
                if i >= di and j >= dj:
                    sim = float(table[i - di][j - dj])
                    if sim >= MIN_SIMILARITY and best[i - di][j - dj] + sim > score:
                        score, move = best[i - di][j - dj] + sim, (di, dj, sim)
            row[j], step[i][j] = score, move
    out = []
    i, j = n, m
    while i or j:
        di, dj, sim = step[i][j]
        out.append(Alignment(tuple(range(i0 + i - di, i0 + i)), tuple(range(j0 + j - dj, j0 + j)), round(sim, 4)))
        i, j = i - di, j - dj
    return out[::-1]


def _similarities(a: list[str], b: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dice similarities of every sentence of ``a`` with every sentence of ``b``, with every
    two consecutive sentences of ``b``, and of every two consecutive sentences of ``a`` with
    every sentence of ``b`` (row k of a pair table starts at sentence k)."""
    ga, gb = [grams(s) if s else frozenset() for s in a], [grams(s) if s else frozenset() for s in b]
    vocabulary: dict[str, int] = {}
    for g in (*ga, *gb):
        for gram in g:
            vocabulary.setdefault(gram, len(vocabulary))
    va, vb = _incidence(ga, vocabulary), _incidence(gb, vocabulary)
    pa, pb = va[:-1].maximum(va[1:]), vb[:-1].maximum(vb[1:])  # two sentences' grams together
    return _dice(va, vb), _dice(va, pb), _dice(pa, vb)


def _incidence(sets: list[frozenset[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """One row per set, a 1 in the column of each of its grams."""
    columns = [vocabulary[x] for g in sets for x in g]
    starts = np.cumsum([0] + [len(g) for g in sets])
    ones = np.ones(len(columns), dtype=np.float32)
    return sparse.csr_matrix((ones, np.array(columns, dtype=np.int64), starts), shape=(len(sets), max(1, len(vocabulary))))


def _dice(x: sparse.csr_matrix, y: sparse.csr_matrix) -> np.ndarray:
    """Dice similarity of each row of ``x`` with each row of ``y`` (float64, from float32 counts)."""
    if x.shape[0] == 0 or y.shape[0] == 0:
        return np.zeros((x.shape[0], y.shape[0]))
    shared = (x @ y.T).toarray()
    total = np.asarray(x.sum(axis=1), dtype=np.float32) + np.asarray(y.sum(axis=1), dtype=np.float32).T
    return np.where(total > 0, 2 * shared / np.maximum(total, 1), 0.0).astype(np.float64)
