"""Who copied whom: each member of a cluster given the member it was most likely copied from.

Copies are often made from another outlet's copy and carry its edits along, so a copy is
nearer its own source than any other version: the changes between a copy and its source are
the copy's own, while any other version differs from it by those and by its own changes too.
On each version's shingles (those the scan signs: word 5-grams by default, boilerplate left
out), as the signing kernel gives them back:

1. **The root** is the first publisher: the earliest dated member. Among several of that day,
   or undated ones, content has to say which came first, and the one sign it gives is that
   copies are cut more often than added to: whole passages (runs of more than ``PASSAGE``
   times ``ngram`` shingles) dropped, where a replaced word or an outlet's own closing line is
   a short run either way. A tree is grown from each candidate (the :data:`CANDIDATES` that
   best cover the others: the fewest of their shingles they lack), and the root is the one
   whose tree, read outward, cuts the most passages net of those it adds (on a tie, the best
   covering). Content alone cannot tell an original from a copy that only reworded it: an
   undated tree's direction is a guess, and its confidences say so (halved).
2. **The tree** grows from the root, Prim's way: each step places the version nearest
   (fewest shingles in one and not the other) to a version already placed, and that version
   is its parent; a version is never given a parent dated after it.
3. **Confidence** is how much nearer the parent is than the next nearest placed version:
   ``1 - d(parent) / d(runner-up)``; the root's is 1 when it is the only version of the
   earliest date, else 0.5 (one guess among several).

``benchmarks/bench_lineage.py`` measures it on generated trees of copies; clusters of more than
:data:`MOST` versions are not traced (the distances grow with the square of their size): their
first publisher is the earliest dated member (the canonical one among several), and no member
gets a parent (confidence 0).

>>> root = "the port closed on monday as dock workers walked out over pay and the hours of the night shift, union leaders said"
>>> a = root.replace("monday", "tuesday").removesuffix(", union leaders said")
>>> b = a.replace("pay", "wages")
>>> c = root.replace("night", "late")
>>> found = lineage([root, a, b, c], ["2024-03-04", "2024-03-04", "2024-03-05", "2024-03-05"])
>>> found.root, [p for p, _ in found.parents]
(0, [None, 0, 1, 0])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dedup.config import Config
from dedup.minhash.fast import signatures
from dedup.records import date_key

MOST = 500  # members of the largest cluster traced
CANDIDATES = 8  # roots tried among the versions of the earliest date
PASSAGE = 3  # a cut or added passage: a run of more than this many times `ngram` shingles
BATCH_SHINGLES = 1 << 21  # shingle hashes fetched at once for the clusters of a scan (8 MB)


@dataclass(frozen=True)
class Lineage:
    """Who copied whom in one cluster: its first publisher and each version's parent (places
    in the versions given)."""

    root: int
    parents: list[tuple[int | None, float]]  #: each member's parent (``None`` for the root) and confidence


def lineage(texts: Sequence[str], dates: Sequence[str | None], config: Config | None = None) -> Lineage:
    """The parent of each of ``texts`` (versions of one story) and how sure it is, on the
    shingles ``config`` signs."""
    config = config or Config()
    signed = signatures(list(texts), config, keep_hashes=True)
    return lineage_of_shingles(np.split(signed.hashes, np.cumsum(signed.shingles)[:-1]), dates, config.ngram)


def trace(groups: Sequence[np.ndarray], shingles: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
          dates: Sequence[str | None], sizes: np.ndarray, ngram: int) -> list[Lineage | None]:
    """The lineage of each group of rows (``None`` for a group of more than :data:`MOST`), from
    ``shingles`` (rows' shingle hashes in reading order, and where each row's start), fetched for
    about :data:`BATCH_SHINGLES` hashes at a time."""
    found: list[Lineage | None] = [None] * len(groups)
    batch: list[int] = []
    total = 0

    def flush() -> None:
        hashes, starts = shingles(np.concatenate([groups[g] for g in batch]))
        at = 0
        for g in batch:
            rows = len(groups[g])
            found[g] = lineage_of_shingles([hashes[starts[at + k] : starts[at + k + 1]] for k in range(rows)],
                                           [dates[r] for r in groups[g]], ngram)
            at += rows
        batch.clear()

    for g, rows in enumerate(groups):
        if len(rows) > MOST:
            continue
        batch.append(g)
        total += int(sizes[rows].sum())
        if total >= BATCH_SHINGLES:
            flush()
            total = 0
    if batch:
        flush()
    return found


def lineage_of_shingles(shingles: Sequence[np.ndarray], dates: Sequence[str | None], ngram: int = 5) -> Lineage:
    """:func:`lineage` of versions given as their shingle hashes in reading order (shingles of
    ``ngram`` words: a passage is a run of more than ``PASSAGE * ngram`` of them)."""
    n = len(shingles)
    if n > MOST:
        return Lineage(first_by_date(dates), [(None, 0.0)] * n)
    tracer = _Tracer([s.tolist() for s in shingles], dates, PASSAGE * ngram)
    root, parents = tracer.best_rooted()
    keys = [date_key(d) for d in dates]
    alone = not keys[root][0] and sum(k == keys[root] for k in keys) == 1
    parents[root] = (None, 1.0 if alone else 0.5)
    return Lineage(root, parents)


class _Tracer:
    """The distances between one cluster's versions, kept as they are measured, and the trees
    grown from its candidate roots."""

    def __init__(self, sequences: list[list[int]], dates: Sequence[str | None], passage: int) -> None:
        self.sequences, self.sets = sequences, [frozenset(s) for s in sequences]
        self.dates, self.passage = dates, passage
        self.known: dict[tuple[int, int], int] = {}

    def distance(self, a: int, b: int) -> int:
        key = (a, b) if a < b else (b, a)
        if key not in self.known:
            self.known[key] = len(self.sets[a] ^ self.sets[b])
        return self.known[key]

    def candidates(self) -> list[int]:
        """The versions of the earliest date (or every version, undated), best covering first,
        at most :data:`CANDIDATES`."""
        keys = [date_key(d) for d in self.dates]
        dated = [i for i, k in enumerate(keys) if not k[0]]
        first = [i for i in dated if keys[i] == min(keys[j] for j in dated)] if dated else list(range(len(keys)))
        if len(first) == 1:
            return first
        return sorted(first, key=lambda i: (sum(len(other - self.sets[i]) for other in self.sets), i))[:CANDIDATES]

    def best_rooted(self) -> tuple[int, list[tuple[int | None, float]]]:
        """The tree, grown from each candidate root, whose copies cut the most passages from
        their parents net of the passages they added (the best covering root on a tie)."""
        best: tuple[int, int, list[tuple[int | None, float]]] | None = None
        for root in self.candidates():
            parents = self.grow(root)
            cuts = sum(self.cut(p, c) - self.cut(c, p) for c, (p, _) in enumerate(parents) if p is not None)
            if best is None or cuts > best[0]:
                best = (cuts, root, parents)
        assert best is not None
        return best[1], best[2]

    def cut(self, source: int, copy: int) -> int:
        """Shingles of ``source`` in passages (runs of more than ``passage``) that ``copy`` lacks."""
        kept, run, total = self.sets[copy], 0, 0
        for h in self.sequences[source]:
            if h in kept:
                total += run if run > self.passage else 0
                run = 0
            else:
                run += 1
        return total + (run if run > self.passage else 0)

    def grow(self, root: int) -> list[tuple[int | None, float]]:
        """Prim's tree from ``root``: each step places the version nearest to one already
        placed (never one dated after it), with the confidence of that choice."""
        n, dates, distance = len(self.sets), self.dates, self.distance
        dated = all(not date_key(d)[0] for d in dates)
        parents: list[tuple[int | None, float]] = [(None, 1.0)] * n
        placed = [root]
        nearest = {m: (distance(root, m), root) for m in range(n) if m != root and _not_later(dates[root], dates[m])}
        waiting = {m for m in range(n) if m != root}
        while waiting:
            reachable = [m for m in waiting if m in nearest] or list(waiting)  # (a version dated before the root: the root)
            member = min(reachable, key=lambda m: (nearest.get(m, (0, root))[0], *date_key(dates[m]), m))
            parent = nearest.get(member, (0, root))[1]
            rivals = sorted(distance(q, member) for q in placed if q != parent and _not_later(dates[q], dates[member]))
            confidence = 1.0 if not rivals else max(0.0, 1.0 - distance(parent, member) / max(1, rivals[0]))
            parents[member] = (parent, round(confidence if dated else confidence / 2, 4))
            placed.append(member)
            waiting.discard(member)
            for other in waiting:
                if _not_later(dates[member], dates[other]):
                    d = distance(member, other)
                    if other not in nearest or d < nearest[other][0]:
                        nearest[other] = (d, member)
        return parents


def first_by_date(dates: Sequence[str | None]) -> int:
    """The earliest dated version (the first of several, or of none)."""
    keys = [date_key(d) for d in dates]
    return min(range(len(keys)), key=lambda i: (keys[i], i))


def _not_later(parent: str | None, child: str | None) -> bool:
    """A parent dated after its child cannot be its source (undated ones can be anything)."""
    a, b = date_key(parent), date_key(child)
    return a[0] or b[0] or a[1][:10] <= b[1][:10]
