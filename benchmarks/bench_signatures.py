"""Signature throughput, side by side in one run on the same documents.

Each contender goes from article text to a 128-permutation MinHash of word 5-grams, as a user
of that library would write it: datasketch per-shingle ``update`` and ``MinHash.bulk`` (its
default sha1), rensa's ``RMinHash``, and dedup's compiled path on one thread and on all cores.
Prints documents per second (median of repeats) and how many times faster dedup on one
thread is than each; then the machine's limit for the same work: xxHash32 streaming over a
large buffer (for the bytes of every shingle a document has) and a bare fused permute-and-min
loop (for its shingle count times 128 permutations), each in documents per second, and dedup's
one-thread rate as a fraction of the two together.

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

    import rensa
    from datasketch import MinHash

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
    hashing_limit(docs, base, args.repeats)


def hashing_limit(docs: list[str], dedup_rate: float, repeats: int) -> None:
    """What one core could do if signing were nothing but hashing the shingles and the
    permute-and-min loop over them."""
    import xxhash
    from numba import njit

    shingle_bytes = np.mean([sum(len(s) for s in user_shingles(t)) for t in docs])
    shingles = np.mean([len(user_shingles(t)) for t in docs])
    buffer = np.random.default_rng(0).integers(0, 256, 64 << 20, dtype=np.uint8).tobytes()
    xxh_bytes = len(buffer) / median_seconds(lambda: xxhash.xxh32_intdigest(buffer), repeats)

    @njit(cache=False)
    def permute_min(hashes, a, b, sig):
        for h in hashes:
            for k in range(a.shape[0]):
                v = (a[k] * np.uint64(h) + b[k]) & np.uint64(0xFFFFFFFF)
                if v < sig[k]:
                    sig[k] = v

    rng = np.random.default_rng(1)
    hashes = rng.integers(0, 2**32, 4_000_000, dtype=np.uint64).astype(np.uint32)
    a = rng.integers(1, 2**32, 128, dtype=np.uint64)
    b = rng.integers(0, 2**32, 128, dtype=np.uint64)
    sig = np.full(128, 2**32, dtype=np.uint64)
    permute_min(hashes[:10], a, b, sig)
    loop_hashes = len(hashes) / median_seconds(lambda: permute_min(hashes, a, b, sig), repeats)
    hash_docs = xxh_bytes / shingle_bytes
    loop_docs = loop_hashes / shingles
    both = 1 / (1 / hash_docs + 1 / loop_docs)
    print(f"# the hashing limit on one core ({shingles:,.0f} shingles, {shingle_bytes / 1024:,.1f} KiB of shingle bytes a document)")
    print(f"{'xxHash32 over a 64 MiB buffer':40s} {xxh_bytes / 2**30:6.2f} GiB/s = {hash_docs:10,.0f} docs/s")
    print(f"{'bare permute-and-min loop, 128 perms':40s} {loop_hashes / 1e6:6.1f} M shingles/s = {loop_docs:10,.0f} docs/s")
    print(f"{'the two together':40s} {'':17s}{both:10,.0f} docs/s; dedup on 1 thread reaches {dedup_rate / both:.0%} of it")


if __name__ == "__main__":
    main()
