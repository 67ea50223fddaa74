"""Who copied whom: each member of a cluster given the member it was most likely copied from.

Copies are often made from another outlet's copy and carry its edits along, so a copy is
nearer its own source than any other version: the changes between a copy and its source are
the copy's own, while any other version differs from it by those and by its own changes too.
On each version's word trigrams:

1. **The root** is the first publisher: the earliest dated member; among several of that day,
   or undated ones, the one that best covers the others (the fewest of their trigrams it
   lacks: copies are cut more often than added to), as the clusters' canonical choice has it.
   Content alone cannot tell an original from a copy that only cut it, or from one it only
   added to: an undated tree's direction is a guess, and its confidences say so (halved).
2. **The tree** grows from the root, Prim's way: each step places the version nearest
   (fewest trigrams in one and not the other) to a version already placed, and that version
   is its parent; a version is never given a parent dated after it.
3. **Confidence** is how much nearer the parent is than the next nearest placed version:
   ``1 - d(parent) / d(runner-up)``.

``benchmarks/bench_lineage.py`` measures it on generated trees of copies; clusters of more than
:data:`MOST` versions are not traced (the distances grow with the square of their size).

>>> root = "the port closed on monday as dock workers walked out over pay and the hours of the night shift, union leaders said"
>>> a = root.replace("monday", "tuesday").removesuffix(", union leaders said")
>>> b = a.replace("pay", "wages")
>>> c = root.replace("night", "late")
>>> [p for p, _ in lineage([root, a, b, c], ["2024-03-04", "2024-03-04", "2024-03-05", "2024-03-05"]).parents]
[None, 0, 1, 0]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from dedup.records import date_key

GRAM = 3
MOST = 500  # members of the largest cluster traced
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Lineage:
    root: int
    parents: list[tuple[int | None, float]]  #: each member's parent (``None`` for the root) and confidence


def grams(text: str, n: int = GRAM) -> frozenset[int]:
    """The word trigrams of ``text``, hashed (within one process: nothing of them is kept)."""
    words = _WORD.findall(text.casefold())
    if len(words) < n:
        return frozenset([hash(tuple(words))]) if words else frozenset()
    return frozenset(hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1))


def lineage(texts: Sequence[str], dates: Sequence[str | None], root: int | None = None) -> Lineage:
    """The parent of each of ``texts`` (versions of one story) and how sure it is; ``root``,
    when known, is the first publisher."""
    return lineage_of_sets([grams(t) for t in texts], dates, root)


def lineage_of_sets(sets: Sequence[frozenset[int]], dates: Sequence[str | None], root: int | None = None) -> Lineage:
    n = len(sets)
    root = first_publisher(sets, dates) if root is None else root
    parents: list[tuple[int | None, float]] = [(None, 1.0)] * n
    if n > MOST:
        return Lineage(root, [(None, 0.0)] * n)
    dated = all(not date_key(d)[0] for d in dates)
    known: dict[tuple[int, int], int] = {}

    def distance(a: int, b: int) -> int:
        key = (a, b) if a < b else (b, a)
        if key not in known:
            known[key] = len(sets[a] ^ sets[b])
        return known[key]

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
    return Lineage(root, parents)


def first_publisher(sets: Sequence[frozenset[int]], dates: Sequence[str | None]) -> int:
    """The earliest dated version; among several of the earliest day, or undated ones, the
    one that best covers the others (the fewest of their trigrams it lacks)."""
    keys = [date_key(d) for d in dates]
    dated = [i for i, k in enumerate(keys) if not k[0]]
    candidates = [i for i in dated if keys[i] == min(keys[j] for j in dated)] if dated else list(range(len(sets)))
    if len(candidates) == 1:
        return candidates[0]
    return min(candidates, key=lambda i: (sum(len(other - sets[i]) for other in sets), i))


def _not_later(parent: str | None, child: str | None) -> bool:
    """A parent dated after its child cannot be its source (undated ones can be anything)."""
    a, b = date_key(parent), date_key(child)
    return a[0] or b[0] or a[1][:10] <= b[1][:10]
