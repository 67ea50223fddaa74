"""Clusters without chaining: every member is similar to its cluster's canonical member.

Connected components over verified pairs can chain (A~B, B~C, C~D while A and D share
little). Each component is therefore split: its members are ordered by canonical preference
(earliest dated, then most complete, then first by id); the first takes every member similar
to it, the first member left takes every remaining member similar to it, and so on. Every
member of a cluster is thus similar to its canonical member, and the work is linear in the
component for copies of one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numba import njit

from dedup.lsh import components
from dedup.compiled import CACHE
from dedup.read.dates import date_key
from dedup.similarity import containment_from_jaccard, is_similar, jaccard


@dataclass(frozen=True)
class Group:
    """Row indices of one cluster; ``rows[0]`` is canonical, with measures against it."""

    rows: np.ndarray
    similarity: np.ndarray
    containment: np.ndarray


def canonical_key(date: str | None, size: int, doc_id: str) -> tuple:
    """Sort key of the canonical choice: earliest date (undated last), largest, first id."""
    return (*date_key(date), -size, doc_id)


def cluster(
    sigs: np.ndarray,
    sizes: np.ndarray,
    rows: np.ndarray,
    key: Callable[[int], tuple],
    bands: int,
    rows_per_band: int,
    threshold: float,
    containment: float,
) -> list[Group]:
    """Split the linked components of ``rows`` (in id order) into chain-free groups of two or
    more. ``key(row)`` is the row's :func:`canonical_key`."""
    groups: list[Group] = []
    for members in components(sigs, sizes, rows, bands, rows_per_band, threshold, containment):
        ordered = np.asarray(sorted(members, key=key), dtype=np.int64)
        pivot_of, sim, con = peel(sigs, sizes, ordered, threshold, containment)
        for pivot in np.unique(pivot_of[pivot_of >= 0]):
            taken = np.flatnonzero(pivot_of == pivot)
            taken = taken[taken != pivot]
            groups.append(
                Group(
                    rows=np.concatenate(([ordered[pivot]], ordered[taken])),
                    similarity=np.concatenate(([1.0], sim[taken])),
                    containment=np.concatenate(([1.0], con[taken])),
                )
            )
    return groups


@njit(cache=CACHE)
def peel(sigs, sizes, ordered, threshold, containment):
    """Walk ``ordered`` (best canonical first): each member not yet taken becomes a pivot and
    takes every untaken member similar to it. Returns, per position, the position of its pivot
    (-1 for a member left alone) and its Jaccard and containment against that pivot."""
    n = ordered.shape[0]
    pivot_of = np.full(n, -1, dtype=np.int64)
    sim = np.zeros(n)
    con = np.zeros(n)
    for p in range(n):
        if pivot_of[p] >= 0:
            continue
        a = ordered[p]
        took = False
        for q in range(p + 1, n):
            if pivot_of[q] >= 0:
                continue
            b = ordered[q]
            j = jaccard(sigs[b], sigs[a])
            c = containment_from_jaccard(j, sizes[b], sizes[a])
            if is_similar(j, c, threshold, containment):
                pivot_of[q] = p
                sim[q] = j
                con[q] = c
                took = True
        if took:
            pivot_of[p] = p
            sim[p] = 1.0
            con[p] = 1.0
    return pivot_of, sim, con
