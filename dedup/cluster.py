"""Clusters without chaining: every member is similar to its cluster's canonical member.

Connected components over verified pairs can chain (A~B, B~C, C~D while A and D share
little). Each component is therefore split: its canonical member (earliest dated, then most
complete, then first by id) takes every member similar to it; what is left is linked again
among itself and split the same way, until nothing is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from dedup.lsh import components
from dedup.read.dates import date_key
from dedup.similarity import against


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
    pending = components(sigs, sizes, rows, bands, rows_per_band, threshold, containment)
    while pending:
        members = pending.pop()
        pivot = min(members, key=key)
        others = members[members != pivot]
        sim, con = against(sigs, sizes, others, pivot)
        close = (sim >= threshold) | (con >= containment)
        if close.any():
            groups.append(
                Group(
                    rows=np.concatenate(([pivot], others[close])),
                    similarity=np.concatenate(([1.0], sim[close])),
                    containment=np.concatenate(([1.0], con[close])),
                )
            )
        rest = others[~close]
        pending.extend(components(sigs, sizes, rest, bands, rows_per_band, threshold, containment))
    return groups
