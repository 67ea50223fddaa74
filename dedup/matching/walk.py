"""The chain-free split of linked groups: who is canonical, and who is a copy of whom.

Linked groups (:func:`dedup.matching.lsh.link`) can chain: A~B, B~C, C~D while A and D share little,
and a text that carries two stories (one run on after the other by a bad feed) links both.
Each group is therefore split into clusters around a *pivot* that every member is similar to:

1. **Pivot order.** Each member is compared with a sample of the group (at most ``SAMPLE``
   members, evenly spaced in id order): its *degree* is how many of them it is similar to. A
   member whose most similar neighbour holds less than ``containment`` of its text (a text
   that carries a second story, or much appended material) is *unbacked* and tried after the
   others. Then: the highest degree first, the most shingles, the first id.
2. **Walk.** The first member in that order takes every member similar to it; the first member
   left takes every remaining member similar to it; and so on. A member no pivot takes stays
   alone, and nothing is ever joined through a third text.
3. **Canonical.** In each cluster, the earliest dated member that is similar to every other
   member is canonical (undated counts as latest; among equals, the pivot), and the measures
   are taken against it. So every member is similar to its canonical member, the version the
   others are copies of is named when its date shows it, and a copy with an appended story,
   teaser or update never leads a cluster it bridges.

*Similar* is :func:`pair`: estimated from the signatures, settled from the shingle hashes
(:func:`dedup.matching.similarity.shared_shingles`) when the estimate is near a threshold or the pair
is similar by containment alone, or (with story profiles) a story cosine of at least ``cut``.

:func:`split` is compiled; :func:`split_reference` is the same walk in plain Python on shingle
sets, and a test holds them equal. A scan too small to pay for loading the compiled walk runs
the reference (:func:`split_plain`).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from dedup.compiled import CACHE
from dedup.matching.similarity import (
    containment_from_jaccard,
    containment_plain,
    is_similar,
    jaccard,
    may_be_similar,
    opens_with,
    settled_exactly,
    settled_exactly_plain,
    shared_shingles,
    signature_jaccard,
)
from dedup.story.fast import row_cosine

SAMPLE = 64  # members a degree is counted on: the work per member stays constant
TRIES = 8  # earlier-dated members tried as canonical before the pivot keeps the name
LARGE = 256  # a group larger than this has all its members' shingles at hand


@njit(cache=CACHE)
def needs_shingles(ends, sigs, sizes, threshold, containment):
    """Which members of a batch's groups (as :func:`split` takes them) the walk may settle a
    pair of exactly: both of every pair whose estimate is uncertain or similar by containment
    alone (:func:`pair` decides from the estimate alone whether to look), and every member of a
    group too large to try all its pairs."""
    n = sizes.shape[0]
    needed = np.zeros(n, dtype=np.bool_)
    first = 0
    for end in ends:
        if end - first > LARGE:
            needed[first:end] = True
        else:
            for a in range(first, end):
                for b in range(a + 1, end):
                    if settled_exactly(jaccard(sigs[a], sigs[b]), sizes[a], sizes[b], threshold, containment, sigs.shape[1]):
                        needed[a] = needed[b] = True
        first = end
    return needed


@njit(cache=CACHE)
def pair(a, b, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut):
    """(similar, jaccard, containment, story cosine) of members ``a`` and ``b``; ``kept`` holds
    the members' shingles (:func:`kept_shingles`)."""
    return _pair_at(a, b, jaccard(sigs[a], sigs[b]), sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)


@njit(cache=CACHE)
def _pair_at(a, b, j, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut):
    """:func:`pair` of members whose signatures estimate a Jaccard of ``j``."""
    sa, sb = sizes[a], sizes[b]
    c = containment_from_jaccard(j, sa, sb)
    similar = is_similar(j, c, threshold, containment)
    if settled_exactly(j, sa, sb, threshold, containment, sigs.shape[1]):
        hashes, starts, sorted_hashes, positions, ready = kept
        sort_kept(a, kept)
        sort_kept(b, kept)
        shared, lead = shared_shingles(sorted_hashes, positions, starts[a], sa, starts[b], sb)
        j = shared / (sa + sb - shared)
        c = shared / min(sa, sb)
        similar = j >= threshold or (c >= containment and lead)
    cosine = row_cosine(profiles, profile_rows[a], profile_rows[b]) if cut <= 1.0 else 0.0
    return similar or cosine >= cut, j, c, cosine


@njit(cache=CACHE)
def kept_shingles(hashes, starts):
    """The members' shingles, and room to sort each the first time a pair needs it."""
    return (hashes, starts, np.empty_like(hashes), np.empty(hashes.shape[0], dtype=np.int32),
            np.zeros(starts.shape[0] - 1, dtype=np.bool_))


@njit(cache=CACHE)
def sort_kept(x, kept):
    hashes, starts, sorted_hashes, positions, ready = kept
    if ready[x]:
        return
    lo, hi = starts[x], starts[x + 1]
    order = np.argsort(hashes[lo:hi])
    for i in range(hi - lo):
        sorted_hashes[lo + i] = hashes[lo + order[i]]
        positions[lo + i] = order[i]
    ready[x] = True


@njit(parallel=True, cache=CACHE)
def split(ends, sigs, sizes, hashes, starts, date_rank, threshold, containment, profiles, profile_rows, cut):
    """Split each group of a batch (members ``ends[k-1]:ends[k]``, in id order) into clusters.
    ``hashes[starts[x]:starts[x + 1]]`` are member ``x``'s shingle hashes in reading order
    (empty for a member :func:`needs_shingles` left out). Returns, per member, its canonical
    member (-1: alone) and its Jaccard, containment and story cosine against it (1.0 for the
    canonical member itself)."""
    n = sizes.shape[0]
    canonical = np.full(n, -1, dtype=np.int64)
    sim = np.zeros(n)
    con = np.zeros(n)
    cos = np.zeros(n)
    kept = kept_shingles(hashes, starts)
    # the groups on all threads: each writes its own members' places, and sorts only their shingles
    for k in prange(ends.shape[0]):
        _split_group(0 if k == 0 else ends[k - 1], ends[k], sigs, sizes, kept, date_rank, threshold, containment, profiles,
                     profile_rows, cut, canonical, sim, con, cos)
    return canonical, sim, con, cos


@njit(cache=CACHE)
def _split_group(lo, hi, sigs, sizes, kept, date_rank, threshold, containment, profiles, profile_rows, cut,
                 canonical, sim, con, cos):
    m = hi - lo
    if m < 2:
        return
    step = max(1, m // SAMPLE)
    sample = np.arange(lo, hi, step)[:SAMPLE]
    known = _all_pairs(lo, hi, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)
    degree = np.zeros(m, dtype=np.int64)
    keys = np.empty(m, dtype=np.int64)
    for x in range(lo, hi):
        backed = 0.0
        for s in sample:
            if s == x:
                continue
            similar, j, c, _ = _pair_of(x, s, lo, known, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)
            if similar:
                degree[x - lo] += 1
                backed = max(backed, j * (sizes[x] + sizes[s]) / (1.0 + j) / sizes[x])
        unbacked = 0 if backed >= containment else 1
        keys[x - lo] = (unbacked << 62) | ((SAMPLE - degree[x - lo]) << 40) | (0xFFFFFFFFFF - min(sizes[x], 0xFFFFFFFFFF))
    order = lo + np.argsort(keys, kind="mergesort")  # equal keys keep id order
    pivot_of = np.full(m, -1, dtype=np.int64)
    for p in order:
        if pivot_of[p - lo] >= 0:
            continue
        took = False
        for q in range(lo, hi):
            if q == p or pivot_of[q - lo] >= 0:
                continue
            similar, j, c, cosine = _pair_of(p, q, lo, known, sigs, sizes, kept, threshold, containment, profiles,
                                             profile_rows, cut)
            if similar:
                pivot_of[q - lo] = p
                canonical[q], sim[q], con[q], cos[q] = p, j, c, cosine
                took = True
        if took:
            pivot_of[p - lo] = p
            canonical[p], sim[p], con[p], cos[p] = p, 1.0, 1.0, 1.0
    for p in order:
        if pivot_of[p - lo] == p:
            _name_canonical(p, lo, hi, pivot_of, degree, known, sigs, sizes, kept, date_rank, threshold, containment,
                            profiles, profile_rows, cut, canonical, sim, con, cos)


@njit(cache=CACHE)
def _all_pairs(lo, hi, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut):
    """Every ordered pair of a group of at most ``SAMPLE`` members (all of whom are its
    sample) measured once: ``known[x - lo, y - lo]`` holds :func:`pair` of ``x`` and ``y`` as
    (similar, Jaccard, containment, cosine). Of two texts with different shingle counts,
    either order is the same pair (the pair test puts the smaller first), so without story
    profiles it is measured once. A larger group gets no table (each pair measured where it
    is needed)."""
    m = hi - lo
    if m > SAMPLE:
        return np.empty((0, 0, 4))
    known = np.empty((m, m, 4))
    for x in range(lo, hi):
        for y in range(x + 1, hi):
            known[x - lo, y - lo] = _measures(x, y, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)
            if cut > 1.0 and sizes[x] != sizes[y]:
                known[y - lo, x - lo] = known[x - lo, y - lo]
            else:
                known[y - lo, x - lo] = _measures(y, x, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)
    return known


@njit(inline="always", cache=CACHE)
def _measures(x, y, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut):
    similar, j, c, cosine = _pair_of(x, y, 0, np.empty((0, 0, 4)), sigs, sizes, kept, threshold, containment, profiles,
                                     profile_rows, cut)
    return np.array([1.0 if similar else 0.0, j, c, cosine])


@njit(inline="always", cache=CACHE)
def _pair_of(x, y, lo, known, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut):
    """Whether ``x`` and ``y`` are similar, and their measures where they are: from ``known``
    when the group has the table (:func:`_all_pairs`), else :func:`pair`, passing over a
    pair that the signatures show is neither similar nor near enough to settle (what the
    pair test would find) without its call."""
    if known.shape[0]:
        found = known[x - lo, y - lo]
        return found[0] > 0.5, found[1], found[2], found[3]
    j = jaccard(sigs[x], sigs[y])
    if cut > 1.0 and not may_be_similar(j, sizes[x], sizes[y], threshold, containment, sigs.shape[1]):
        return False, j, 0.0, 0.0
    return _pair_at(x, y, j, sigs, sizes, kept, threshold, containment, profiles, profile_rows, cut)


@njit(cache=CACHE)
def _name_canonical(p, lo, hi, pivot_of, degree, known, sigs, sizes, kept, date_rank, threshold, containment,
                    profiles, profile_rows, cut, canonical, sim, con, cos):
    """Make the earliest dated member of ``p``'s cluster that is similar to all the others its
    canonical member (trying at most ``TRIES`` dated before the pivot, earliest first)."""
    members = lo + np.flatnonzero(pivot_of == p)
    earlier = members[date_rank[members] < date_rank[p]]
    if len(earlier) == 0:
        return
    keys = np.empty(len(earlier), dtype=np.int64)
    for i in range(len(earlier)):
        q = earlier[i]
        keys[i] = (date_rank[q] << 40) | ((SAMPLE - degree[q - lo]) << 32) | (0xFFFFFFFF - min(sizes[q], 0xFFFFFFFF))
    for i in np.argsort(keys, kind="mergesort")[:TRIES]:
        c = earlier[i]
        found = np.zeros((len(members), 3))
        ok = True
        for k in range(len(members)):
            q = members[k]
            if q == c:
                continue
            similar, jq, cq, cosq = _pair_of(c, q, lo, known, sigs, sizes, kept, threshold, containment, profiles, profile_rows,
                                             cut)
            if not similar:
                ok = False
                break
            found[k, 0], found[k, 1], found[k, 2] = jq, cq, cosq
        if ok:
            for k in range(len(members)):
                q = members[k]
                canonical[q] = c
                if q == c:
                    sim[q], con[q], cos[q] = 1.0, 1.0, 1.0
                else:
                    sim[q], con[q], cos[q] = found[k, 0], found[k, 1], found[k, 2]
            return


# ---------------------------------------------------------------------------------------------
# the readable reference


def split_plain(ends, sigs, sizes, hashes, starts, date_rank, threshold, containment):
    """:func:`split` of a batch (near-duplicates only, every member's shingles given) by
    :func:`split_reference`, group by group."""
    n = sizes.shape[0]
    canonical = np.full(n, -1, dtype=np.int64)
    sim, con = np.zeros(n), np.zeros(n)
    first = 0
    for end in ends.tolist():
        members = range(first, end)
        sequences = [hashes[starts[x] : starts[x + 1]].tolist() for x in members]
        found, s, c = split_reference(sigs[first:end], sizes[first:end], sequences, date_rank[first:end], threshold, containment)
        canonical[first:end] = [first + k if k >= 0 else -1 for k in found]
        sim[first:end], con[first:end] = s, c
        first = end
    return canonical, sim, con, np.zeros(n)


def split_reference(sigs, sizes, sequences, date_rank, threshold, containment):
    """:func:`split` of one group (near-duplicates only) in plain Python: ``sequences`` are the
    members' distinct shingle hashes in reading order. Returns the same four lists."""
    m = len(sizes)

    def similar(a, b):
        return pair_reference(sigs[a], sigs[b], sizes[a], sizes[b], sequences[a], sequences[b], threshold, containment)

    step = max(1, m // SAMPLE)
    sample = list(range(0, m, step))[:SAMPLE]
    degree = [0] * m
    unbacked = [True] * m
    for x in range(m):
        best = 0.0
        for s in sample:
            if s != x:
                ok, j, _ = similar(x, s)
                if ok:
                    degree[x] += 1
                    best = max(best, j * (sizes[x] + sizes[s]) / (1 + j) / sizes[x])
        unbacked[x] = best < containment
    order = sorted(range(m), key=lambda x: (unbacked[x], -degree[x], -int(sizes[x]), x))
    pivot_of = [-1] * m
    measures = [(0.0, 0.0)] * m
    for p in order:
        if pivot_of[p] >= 0:
            continue
        took = [q for q in range(m) if q != p and pivot_of[q] < 0 and similar(p, q)[0]]
        for q in took:
            pivot_of[q] = p
            measures[q] = similar(p, q)[1:]
        if took:
            pivot_of[p] = p
            measures[p] = (1.0, 1.0)
    canonical = list(pivot_of)
    for p in [p for p in order if pivot_of[p] == p]:
        members = [q for q in range(m) if pivot_of[q] == p]
        earlier = sorted((q for q in members if date_rank[q] < date_rank[p]),
                         key=lambda q: (date_rank[q], -degree[q], -int(sizes[q]), q))
        for c in earlier[:TRIES]:
            if all(similar(c, q)[0] for q in members if q != c):
                for q in members:
                    canonical[q] = c
                    measures[q] = (1.0, 1.0) if q == c else similar(c, q)[1:]
                break
    return canonical, [s for s, _ in measures], [c for _, c in measures]


def pair_reference(sig_a, sig_b, size_a, size_b, sequence_a, sequence_b, threshold, containment):
    """:func:`pair` (near-duplicates only) in plain Python: ``size_a`` and ``size_b`` are the
    two texts' distinct shingle counts, ``sequence_a`` and ``sequence_b`` those shingles'
    hashes in reading order. Returns (similar, Jaccard, containment)."""
    j = signature_jaccard(sig_a, sig_b)
    c = containment_plain(j, size_a, size_b)
    decided = j >= threshold or c >= containment
    if settled_exactly_plain(j, size_a, size_b, threshold, containment, len(sig_a)):
        small, large = sorted((sequence_a, sequence_b), key=len)
        held = set(small)
        positions = [i for i, h in enumerate(large) if h in held]
        shared = len(positions)
        j = shared / (size_a + size_b - shared)
        c = shared / min(size_a, size_b)
        lead = bool(shared) and opens_with.py_func(positions[shared // 2], shared)  # not its compiled code
        decided = j >= threshold or (c >= containment and lead)
    return decided, j, c
