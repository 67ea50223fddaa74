"""Clustering quality at default settings on the synthetic corpus, against its true stories,
with the plain datasketch recipe a user would otherwise write run on the same documents.

Pairwise precision: of the article pairs put in one cluster, the share that derive from the
same story. Pairwise recall: of the pairs that derive from one story, the share put in one
cluster. Floors for dedup: precision >= 0.99, recall >= 0.97 (the script exits 1 below them).

    python benchmarks/bench_quality.py [--docs 20000] [--seed 3]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from common import machine
from corpus import generate

import dedup

FLOORS = {"precision": 0.99, "recall": 0.97}


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: list[list[str]], story: dict[str, int]) -> dict[str, float]:
    true_pairs = sum(pairs(k) for k in Counter(story.values()).values())
    found = sum(pairs(len(c)) for c in predicted)
    agreed = sum(pairs(k) for c in predicted for k in Counter(story[i] for i in c).values())
    return {"precision": agreed / found if found else 1.0, "recall": agreed / true_pairs if true_pairs else 1.0}


def datasketch_recipe(docs, threshold: float) -> list[list[str]]:
    """MinHash per document, MinHashLSH, union-find over every candidate: the usual recipe."""
    from datasketch import MinHash, MinHashLSH

    def shingles(text):
        words = text.lower().split()
        return [" ".join(words[i : i + 5]).encode() for i in range(len(words) - 4)]

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc, minhash in zip(docs, datasketch_bulk(docs, shingles)):
        parent[doc.id] = doc.id
        for other in lsh.query(minhash):
            parent[find(other)] = find(doc.id)
        lsh.insert(doc.id, minhash)
    groups: dict[str, list[str]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    return [g for g in groups.values() if len(g) > 1]


def datasketch_bulk(docs, shingles):
    from datasketch import MinHash

    return MinHash.generator((shingles(d.text) for d in docs), num_perm=128)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()

    docs = list(generate(args.docs, seed=args.seed))
    story = {d.id: d.story for d in docs}
    articles = [dedup.Article(d.id, d.text, title=d.title, date=d.date, source=d.source) for d in docs]

    print(f"# clustering quality, {args.docs:,} synthetic docs (seed {args.seed}), default settings; {machine()}")
    print(f"{'method':34s} {'precision':>9s} {'recall':>7s} {'seconds':>8s}")
    start = time.perf_counter()
    result = dedup.scan(articles)
    seconds = time.perf_counter() - start
    scores = pairwise([[m.id for m in c.members] for c in result.clusters], story)
    print(f"{'dedup scan':34s} {scores['precision']:9.4f} {scores['recall']:7.4f} {seconds:8.1f}")
    if args.baseline:
        start = time.perf_counter()
        base = pairwise(datasketch_recipe(docs, threshold=0.5), story)
        print(f"{'datasketch MinHashLSH(0.5) + union-find':34s} {base['precision']:9.4f} {base['recall']:7.4f} "
              f"{time.perf_counter() - start:8.1f}")
    missed = [k for k, floor in FLOORS.items() if scores[k] < floor]
    if missed:
        raise SystemExit(f"below the floor: {', '.join(missed)}")


if __name__ == "__main__":
    main()
