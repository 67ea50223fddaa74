"""Signature throughput, side by side in one run on the same documents.

Each contender goes from article text to a 128-permutation MinHash of word 5-grams, as a user
of that library would write it: datasketch per-shingle ``update`` and ``MinHash.bulk`` (its
default sha1), rensa's ``RMinHash``, and dedup's compiled path on one thread and on all cores.
Prints documents per second (median of repeats) and how many times faster dedup on one
thread is than each.

    python benchmarks/bench_signatures.py [--docs 4000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os

import numpy as np
from common import machine, median_seconds, texts

from dedup import Config
from dedup.minhash import signatures


def user_shingles(text: str) -> list[str]:
    words = text.lower().split()
    return [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from datasketch import MinHash
    import rensa

    docs = texts(args.docs)
    size = np.mean([len(t.encode()) for t in docs])
    few = docs[: max(50, args.docs // 20)]  # the slowest contenders run on a slice

    def datasketch_update(batch):
        for text in batch:
            m = MinHash(num_perm=128, seed=1)
            for s in user_shingles(text):
                m.update(s.encode())

    def datasketch_bulk(batch):
        MinHash.bulk([[s.encode() for s in user_shingles(t)] for t in batch], num_perm=128, seed=1)

    def rensa_rminhash(batch):
        for text in batch:
            m = rensa.RMinHash(num_perm=128, seed=1)
            m.update(user_shingles(text))
            m.digest()

    one, every = Config(jobs=1), Config(jobs=0)
    signatures(docs[:10], one)  # compile (cached after the first run)

    rows = [
        ("datasketch MinHash.update per shingle", few, datasketch_update, max(1, args.repeats // 2)),
        ("datasketch MinHash.bulk", few, datasketch_bulk, max(1, args.repeats // 2)),
        ("rensa RMinHash", docs, rensa_rminhash, args.repeats),
        ("dedup, 1 thread", docs, lambda b: signatures(b, one), args.repeats),
        ("dedup, all cores", docs, lambda b: signatures(b, every), args.repeats),
    ]
    rates = {name: len(batch) / median_seconds(lambda: run(batch), reps) for name, batch, run, reps in rows}
    base = rates["dedup, 1 thread"]
    print(f"# signatures: {args.docs} docs of {size:,.0f} bytes, word 5-grams, 128 permutations; {machine()}")
    print(f"{'contender':40s} {'docs/s':>10s}   dedup on 1 thread is")
    for name, rate in rates.items():
        ratio = "" if name.startswith("dedup") else f"{base / rate:,.1f}x faster"
        print(f"{name:40s} {rate:10,.0f}   {ratio}")
    print(f"dedup on all cores: {rates['dedup, all cores'] / base:.2f}x its one-thread rate; "
          f"per core: {rates['dedup, all cores'] / os.cpu_count():,.0f} docs/s")


if __name__ == "__main__":
    main()
