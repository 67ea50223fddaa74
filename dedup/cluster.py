"""Clusters without chaining: every member is similar to its cluster's canonical member.

Connected components over verified pairs can chain (A~B, B~C, C~D while A and D share
little). Each component is therefore split: its members are ordered by canonical preference
(earliest dated, then most complete, then first by id); the first takes every member similar
to it, the first member left takes every remaining member similar to it, and so on. Every
member of a cluster is thus similar to its canonical member, and the work is linear in the
component for copies of one story.

With same-story profiles (``dedup scan --stories``), "similar" also means a story cosine of
at least ``cut`` (:mod:`dedup.story`), found through the salient-term keys as well as the
bands; without them, ``cut`` is above 1 and no cosine is ever computed. The walk then
computes a cosine for each member a pivot tries, so a component of many stories that do not
take each other costs the square of its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numba import njit

from dedup.compiled import CACHE
from dedup.lsh import MAX_RUN, groups, link
from dedup.readers.dates import date_key
from dedup.similarity import containment_from_jaccard, is_similar, jaccard
from dedup.story.link import link as story_link, row_cosine

#: packed profiles of no article: what the compiled walk gets when stories are off
NO_PROFILES = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.empty(0, dtype=np.uint32),
               np.empty(0, dtype=np.float32), np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
               np.empty(0, dtype=np.uint32))
OFF = 2.0  # a cosine cut that nothing reaches


@dataclass(frozen=True)
class Group:
    """Row indices of one cluster; ``rows[0]`` is canonical, with measures against it
    (``cosine`` is the story cosine, ``None`` without profiles)."""

    rows: np.ndarray
    similarity: np.ndarray
    containment: np.ndarray
    cosine: np.ndarray | None = None


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
    profiles: tuple | None = None,
    cut: float = OFF,
) -> list[Group]:
    """Split the linked components of ``rows`` (in id order) into chain-free groups of two or
    more. ``key(row)`` is the row's :func:`canonical_key`; ``profiles`` are packed story
    profiles (:meth:`dedup.story.packed.Profiles.packed`) and ``cut`` the story cosine that
    links two rows."""
    if len(rows) < 2:
        return []
    parent = link(sigs, sizes, rows, bands, rows_per_band, threshold, containment, MAX_RUN)
    if profiles is not None:
        story_link(parent, profiles, rows, cut)
    found: list[Group] = []
    for members in groups(parent, rows):
        ordered = np.asarray(sorted(members, key=key), dtype=np.int64)
        pivot_of, sim, con, cos = peel(sigs, sizes, ordered, threshold, containment, profiles or NO_PROFILES, cut)
        for pivot in np.unique(pivot_of[pivot_of >= 0]):
            taken = np.flatnonzero(pivot_of == pivot)
            taken = taken[taken != pivot]
            found.append(
                Group(
                    rows=np.concatenate(([ordered[pivot]], ordered[taken])),
                    similarity=np.concatenate(([1.0], sim[taken])),
                    containment=np.concatenate(([1.0], con[taken])),
                    cosine=None if profiles is None else np.concatenate(([1.0], cos[taken])),
                )
            )
    return found


@njit(cache=CACHE)
def peel(sigs, sizes, ordered, threshold, containment, profiles, cut):
    """Walk ``ordered`` (best canonical first): each member not yet taken becomes a pivot and
    takes every untaken member similar to it (near-duplicate, or story cosine >= ``cut``).
    Returns, per position, the position of its pivot (-1 for a member left alone) and its
    Jaccard, containment and story cosine against that pivot (cosine 0 when not computed)."""
    n = ordered.shape[0]
    pivot_of = np.full(n, -1, dtype=np.int64)
    sim = np.zeros(n)
    con = np.zeros(n)
    cos = np.zeros(n)
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
            cosine = row_cosine(profiles, b, a) if cut <= 1.0 else 0.0
            if is_similar(j, c, threshold, containment) or cosine >= cut:
                pivot_of[q] = p
                sim[q] = j
                con[q] = c
                cos[q] = cosine
                took = True
        if took:
            pivot_of[p] = p
            sim[p] = 1.0
            con[p] = 1.0
            cos[p] = 1.0
    return pivot_of, sim, con, cos
