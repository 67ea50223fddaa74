"""Lineage accuracy: on generated trees of copies (``copytrees.py``), the share of copies whose
inferred parent (``dedup.lineage``) is their true source, by tree size, shape, dates and noise.

Stories are real article texts from ``../shared/data`` (the real-world corpus's sources) when
present, else synthetic ones; each tree takes one story. Floor: >= 90% of the copies of
dated trees of up to 8 versions in every cell (the script exits 1 below it); undated trees are
measured too, with no floor (their direction is a guess: see ``dedup/lineage.py``).

    python benchmarks/bench_lineage.py [--trees 300]
"""

from __future__ import annotations

import argparse
import itertools
import time

import realworld
from common import machine
from copytrees import copy_tree

from dedup.lineage import lineage

FLOOR = 0.90


def stories(count: int) -> tuple[list[str], str]:
    sources, real = realworld.load_sources()
    texts = [t for t in (" ".join(s.paragraphs) for s in sources) if len(t.split()) >= 150][:count]
    return texts, "real article text" if real else "synthetic text (../shared/data is absent)"


def accuracy(texts: list[str], versions: int, noise: float, dated: bool, shape: str) -> tuple[float, float]:
    right = total = 0
    start = time.perf_counter()
    for seed, text in enumerate(texts):
        tree = copy_tree(text, versions, seed=seed, noise=noise, dated=dated, shape=shape)
        found = lineage(tree.texts, tree.dates)
        for member in range(1, versions):
            total += 1
            right += found.parents[member][0] == tree.parents[member]
    return right / total, (time.perf_counter() - start) / len(texts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=300)
    args = parser.parse_args()
    texts, kind = stories(args.trees)
    print(f"# lineage: parent chosen correctly, {len(texts)} trees per cell from {kind}; {machine()}")
    print(f"{'versions':>8s} {'shape':>7s} {'dates':>6s} {'noise':>6s} {'correct':>8s} {'ms/tree':>8s}")
    worst, right, total = 1.0, 0.0, 0
    for versions, shape, dated, noise in itertools.product((3, 5, 8), ("random", "chain"), (True, False), (0.0, 0.1, 0.3)):
        share, ms = accuracy(texts, versions, noise, dated, shape)
        if dated:
            worst = min(worst, share)
            right += share * (versions - 1)
            total += versions - 1
        print(f"{versions:8d} {shape:>7s} {'yes' if dated else 'no':>6s} {noise:6.1f} {share:8.1%} {ms:8.2f}")
    print(f"# dated trees: worst cell {worst:.1%} (floor {FLOOR:.0%} in every cell); all cells {right / total:.1%}")
    if worst < FLOOR:
        raise SystemExit("below the floor")


if __name__ == "__main__":
    main()
