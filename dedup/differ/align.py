"""Pairing the sentences of two versions: a monotone alignment that allows a sentence split in
two or two merged into one, and sentences added or cut.

Similarity is the Dice coefficient of the sentences' character 3-grams in matching form, which
survives reworded quotes and changed inflections ("colonies" against "colony") better than
word overlap; all of them come from two matrix products. Dynamic programming maximises the summed similarity of the pairs; pairs below
``MIN_SIMILARITY`` are not made. Sentences moved elsewhere come out as a cut here and an
addition there; the change list tags those ``moved``.
"""

from __future__ import annotations

import numpy as np

from dedup.differ.records import Alignment
from dedup.normalize import normalize

MIN_SIMILARITY = 0.25


def grams(text: str) -> frozenset[str]:
    """Character 3-grams of ``text`` in matching form (spaces collapsed)."""
    flat = " ".join(normalize(text).replace("'", "").split())
    return frozenset(flat[i : i + 3] for i in range(max(1, len(flat) - 2)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def align(a: list[str], b: list[str]) -> list[Alignment]:
    """Alignment of sentence lists ``a`` and ``b``, covering every sentence once, in order."""
    n, m = len(a), len(b)
    one, one_two, two_one = _similarities(a, b)
    # best[i][j]: best score aligning a[:i] with b[:j]; step[i][j]: how it got there
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        row, above = best[i], best[i - 1] if i else None
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            score, move = (above[j], (1, 0, 0.0)) if i else (-1.0, (0, 0, 0.0))
            if j and row[j - 1] > score:
                score, move = row[j - 1], (0, 1, 0.0)
            for di, dj, table in ((1, 1, one), (1, 2, one_two), (2, 1, two_one)):
                if i >= di and j >= dj:
                    sim = table[i - di][j - dj]
                    if sim >= MIN_SIMILARITY and best[i - di][j - dj] + sim > score:
                        score, move = best[i - di][j - dj] + sim, (di, dj, sim)
            row[j], step[i][j] = score, move
    out = []
    i, j = n, m
    while i or j:
        di, dj, sim = step[i][j]
        out.append(Alignment(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(sim, 4)))
        i, j = i - di, j - dj
    return out[::-1]


def _similarities(a: list[str], b: list[str]) -> tuple[list[list[float]], list[list[float]], list[list[float]]]:
    """Dice similarities of every sentence of ``a`` with every sentence of ``b``, with every
    two consecutive sentences of ``b``, and of every two consecutive sentences of ``a`` with
    every sentence of ``b`` (row k of a pair table starts at sentence k)."""
    ga, gb = [grams(s) if s else frozenset() for s in a], [grams(s) if s else frozenset() for s in b]
    vocabulary: dict[str, int] = {}
    for g in (*ga, *gb):
        for gram in g:
            vocabulary.setdefault(gram, len(vocabulary))
    va, vb = _vectors(ga, vocabulary), _vectors(gb, vocabulary)
    pa, pb = np.maximum(va[:-1], va[1:]), np.maximum(vb[:-1], vb[1:])  # two sentences' grams together
    return _dice(va, vb), _dice(va, pb), _dice(pa, vb)


def _vectors(sets: list[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), max(1, len(vocabulary))), dtype=np.float32)
    for row, g in enumerate(sets):
        out[row, [vocabulary[x] for x in g]] = 1.0
    return out


def _dice(x: np.ndarray, y: np.ndarray) -> list[list[float]]:
    if len(x) == 0 or len(y) == 0:
        return [[0.0] * len(y) for _ in range(len(x))]
    shared = x @ y.T
    total = x.sum(axis=1)[:, None] + y.sum(axis=1)[None, :]
    return np.where(total > 0, 2 * shared / np.maximum(total, 1), 0.0).tolist()
