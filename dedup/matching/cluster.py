"""Clusters without chaining: every member is similar to its cluster's canonical member.

Rows are linked by LSH candidates that are similar: by their estimate, or, when it is too near
a threshold to tell, by their shingle hashes (:mod:`dedup.matching.lsh`, fetched for the
members of those pairs in batches; with story profiles, also by same-story candidates). Each
linked group is split by the walk of :mod:`dedup.matching.walk`, which settles its uncertain
pairs the same way, picks pivots by how many members they are similar to, and names as
canonical the earliest dated member similar to all the others. Groups go to the compiled walk
in batches, with the shingle hashes of the members it may need them for
(:func:`dedup.matching.walk.needs_shingles`) fetched for that batch only. A scan of at most
:data:`PLAIN_ROWS` rows links and walks them without compiled code while that code is not
loaded in the process (the same result: :func:`dedup.matching.lsh.link_plain`,
:func:`dedup.matching.walk.split_plain`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dedup.compiled import cached, loaded
from dedup.matching.lsh import MAX_RUN, groups, join_settled, join_settled_plain, joined, link, link_plain
from dedup.matching.walk import needs_shingles, split, split_plain
from dedup.progress import Stages
from dedup.records import date_key
from dedup.story.candidates import link as story_link
from dedup.story.packed import Packed, PackedProfiles

#: packed profiles of no article: what the compiled walk gets when stories are off
NO_PROFILES = PackedProfiles(terms_lo=np.zeros(0, dtype=np.int64), terms_hi=np.zeros(0, dtype=np.int64),
                             terms=np.empty(0, dtype=np.uint32), weights=np.empty(0, dtype=np.float32), norms=np.zeros(0),
                             sequences_lo=np.zeros(0, dtype=np.int64), sequences_hi=np.zeros(0, dtype=np.int64),
                             sequences=np.empty(0, dtype=np.uint32))
OFF = 2.0  # a cosine cut that nothing reaches
#: rows linked and walked in plain Python rather than load (or, on a fresh install, compile)
#: the compiled kernels: some 0.3 s to load and 30 to 40 s of CPU to compile them. On real
#: records (JSON Lines of real articles) a scan took as long either way at 500 and 1,000
#: rows (0.7 and 0.8 s) and 0.2 s less with the kernels at 2,000. So the cached kernels are
#: loaded from 512 rows, as the signing kernel is (:data:`dedup.minhash.fast.PLAIN_TEXTS_CACHED`).
PLAIN_ROWS, PLAIN_ROWS_CACHED = 2048, 512
BATCH_SHINGLES = 1 << 21  # shingle hashes fetched for one call of the walk (8 MB)
#: shingle hashes fetched to settle one batch of pending pairs (32 MB, some 100 MB with their
#: sorted copies): a group of 100,000 members (one language's articles at 1,000,000) is cut
#: in batches whose members are fetched again in the next; at 1,000,000 real-world records
#: a quarter of this budget fetched 3.7 times as many rows as the pairs have members, this
#: budget 2.4 times (the fetch costs some 14 microseconds a row)
SETTLE_SHINGLES = 1 << 23
#: each of some rows' distinct shingle hashes in reading order, one row after another, and
#: where each row's start (the total last)
Shingles = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Group:
    """Row indices of one cluster; ``rows[0]`` is canonical, with measures against it
    (``cosine`` is the story cosine, ``None`` without profiles)."""

    rows: np.ndarray
    similarity: np.ndarray
    containment: np.ndarray
    cosine: np.ndarray | None = None


def date_ranks(dates: Sequence[str | None]) -> np.ndarray:
    """Each date's rank among ``dates``, earliest 0; undated (or not a full date) last."""
    keys = [date_key(d) for d in dates]
    order = {k: rank for rank, k in enumerate(sorted(set(keys)))}
    return np.fromiter((order[k] for k in keys), dtype=np.int64, count=len(keys))


def cluster(
    sigs: np.ndarray,
    sizes: np.ndarray,
    shingles: Shingles,
    dates: Sequence[str | None],
    rows: np.ndarray,
    bands: int,
    rows_per_band: int,
    threshold: float,
    containment: float,
    profiles: Packed | None = None,
    cut: float = OFF,
    stages: Stages | None = None,
) -> list[Group]:
    """Split the linked groups of ``rows`` (in id order) into chain-free clusters of two or
    more. ``shingles`` gives rows' shingle hashes, ``dates`` holds each row's date; ``profiles``
    are packed story profiles (:mod:`dedup.story.packed`) and ``cut`` the story
    cosine that makes two rows similar; ``stages`` hears of each stage (candidates, stories,
    cluster: the walk, which settles pairs exactly)."""
    stages = stages or Stages()
    if len(rows) < 2:
        return []
    plain = profiles is None and _plain_pays(len(rows))
    with stages.stage("candidates"):
        if plain:
            parent, pending = link_plain(sigs, sizes, rows, bands, rows_per_band, threshold, containment, MAX_RUN)
            parent = _settle_plain(parent, pending, sigs, sizes, rows, shingles, threshold, containment)
        else:
            parent, pending = link(sigs, sizes, rows, bands, rows_per_band, threshold, containment, MAX_RUN)
            _settle(parent, pending, sigs, sizes, rows, shingles, threshold, containment)
    if profiles is not None:
        with stages.stage("stories"):
            story_link(parent, profiles, rows, cut)
    with stages.stage("cluster", total=len(rows)):
        return _walked(sigs, sizes, shingles, dates, rows, parent, threshold, containment, profiles, cut, stages, plain)


def _walked(sigs: np.ndarray, sizes: np.ndarray, shingles: Shingles, dates: Sequence[str | None], rows: np.ndarray,
            parent: np.ndarray, threshold: float, containment: float, profiles: Packed | None, cut: float,
            stages: Stages, plain: bool) -> list[Group]:
    """The linked groups split by the walk (in plain Python with ``plain``), in batches (each
    batch's rows counted as done)."""
    found: list[Group] = []
    linked = groups(parent, rows)
    done = len(rows) - sum(len(g) for g in linked)  # the rows linked to none need no walk
    for batch in _batches(linked, sizes):
        members = np.concatenate(batch)
        ends = np.cumsum([len(g) for g in batch])
        batch_sigs = np.ascontiguousarray(sigs[members])
        ranks = date_ranks([dates[r] for r in members])
        if plain:
            hashes, starts = _fetch(shingles, members, np.ones(len(members), dtype=bool))
            canonical, sim, con, cos = split_plain(ends, batch_sigs, sizes[members], hashes, starts, ranks, threshold,
                                                   containment)
        else:
            hashes, starts = _fetch(shingles, members, needs_shingles(ends, batch_sigs, sizes[members], threshold, containment))
            canonical, sim, con, cos = split(ends, batch_sigs, sizes[members], hashes, starts, ranks, threshold, containment,
                                             NO_PROFILES if profiles is None else profiles, members, cut)
        found += split_groups(members, canonical, sim, con, cos if profiles is not None else None)
        done += len(members)
        stages.advance(done)
    return found


def _settle(parent: np.ndarray, pending: np.ndarray, sigs: np.ndarray, sizes: np.ndarray, rows: np.ndarray,
            shingles: Shingles, threshold: float, containment: float) -> None:
    """Join the ``pending`` pairs of :func:`link` that their shingles show similar, in the
    batches of :func:`_pair_batches`."""
    if not len(pending):
        return
    group = joined(parent, pending)[pending[:, 0]]
    order = np.argsort(group, kind="stable")
    for batch in _pair_batches(pending[order], group[order], sizes[rows]):
        members, local = np.unique(batch, return_inverse=True)
        picked = rows[members]
        hashes, starts = _fetch(shingles, picked, np.ones(len(picked), dtype=bool))
        join_settled(parent, batch, local.reshape(batch.shape), np.ascontiguousarray(sigs[picked]), sizes[picked], hashes,
                     starts, threshold, containment, NO_PROFILES)


def _pair_batches(pending: np.ndarray, group: np.ndarray, sizes: np.ndarray) -> Iterator[np.ndarray]:
    """The ``pending`` pairs (in order of ``group``: the group that they and the forest would
    form) in batches of whole groups whose members have some ``SETTLE_SHINGLES`` shingles in
    all, so that each member's shingles are fetched once; a group with more has its pairs
    cut in runs whose members have at most twice that, counted with repeats (``sizes``: each
    position's shingles)."""
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True])
    # each group's distinct members, and their shingles summed per group
    n = len(sizes)
    keys = np.unique(np.repeat(group, 2) * n + pending.ravel())
    per_group = np.bincount(np.searchsorted(group[bounds[:-1]], keys // n), weights=sizes[keys % n])
    start = total = 0
    for i, shingles in enumerate(per_group.tolist()):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        if start < lo and (total + shingles > SETTLE_SHINGLES or shingles > SETTLE_SHINGLES):
            yield pending[start:lo]
            start, total = lo, 0
        if shingles > SETTLE_SHINGLES:
            weight = np.cumsum(sizes[pending[lo:hi]].sum(axis=1)) // (2 * SETTLE_SHINGLES)
            yield from np.split(pending[lo:hi], np.flatnonzero(np.diff(weight)) + 1)
            start = hi
        else:
            total += shingles
    if start < len(pending):
        yield pending[start:]


def _settle_plain(parent: np.ndarray, pending: np.ndarray, sigs: np.ndarray, sizes: np.ndarray, rows: np.ndarray,
                  shingles: Shingles, threshold: float, containment: float) -> np.ndarray:
    """:func:`_settle` in plain Python, for the forest of :func:`link_plain` (all at once: the
    plain path takes small scans). Returns the roots."""
    picked = rows[np.unique(pending)]
    hashes, starts = _fetch(shingles, picked, np.ones(len(picked), dtype=bool))
    sequences = {int(row): hashes[starts[k] : starts[k + 1]].tolist() for k, row in enumerate(picked)}
    return join_settled_plain(parent, pending, sigs, sizes, rows, sequences, threshold, containment)


def _plain_pays(rows: int) -> bool:
    """Whether linking and walking ``rows`` in plain Python costs less than loading the
    compiled kernels (which a process that has them loaded always uses)."""
    kernels = (link, join_settled, split)
    if any(loaded(kernel) for kernel in kernels):
        return False
    return rows <= (PLAIN_ROWS_CACHED if all(cached(kernel) for kernel in kernels) else PLAIN_ROWS)


def _fetch(shingles: Shingles, members: np.ndarray, needed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shingles of the ``needed`` members, where the walk finds them (none for the others)."""
    if not needed.any():
        return np.empty(0, dtype=np.uint32), np.zeros(len(members) + 1, dtype=np.int64)
    hashes, got = shingles(members[needed])
    counts = np.zeros(len(members), dtype=np.int64)
    counts[needed] = np.diff(got)
    starts = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return hashes, starts


def split_groups(members: np.ndarray, canonical: np.ndarray, sim: np.ndarray, con: np.ndarray,
                 cos: np.ndarray | None) -> list[Group]:
    """The clusters of a walked batch: each canonical member first, then its members in the
    batch's order."""
    clustered = np.flatnonzero(canonical >= 0)
    # each cluster's positions together (stable: the batch's order), its canonical member first
    order = clustered[np.lexsort((clustered != canonical[clustered], canonical[clustered]))]
    cuts = np.flatnonzero(np.diff(canonical[order])) + 1
    return [Group(rows=members[taken], similarity=sim[taken], containment=con[taken],
                  cosine=None if cos is None else cos[taken]) for taken in np.split(order, cuts) if len(taken)]


def _batches(linked: list[np.ndarray], sizes: np.ndarray) -> Iterator[list[np.ndarray]]:
    """The groups in batches of about ``BATCH_SHINGLES`` shingles (a large group alone)."""
    batch: list[np.ndarray] = []
    total = 0
    for group in linked:
        batch.append(group)
        total += int(sizes[group].sum())
        if total >= BATCH_SHINGLES:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
