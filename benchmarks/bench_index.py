"""The persistent index: add throughput, size on disk, and query latency of a 1,000-word article
against indexes of growing size, beside datasketch's in-memory ``MinHashLSH``; ``dedup.stream``
of new articles into the first index, and the close that merges them into its band table;
then a writer killed with SIGKILL mid-batch, and what the reopened index holds.

Indexes are built once under ``benchmarks/out/`` from synthetic ~700-word articles (30%
syndicated copies) and reused. Queries are 1,000-word articles: half new stories, half edited
copies of indexed ones (so the latency covers verifying real candidates).

    python benchmarks/bench_index.py [--docs 100000 1000000] [--queries 1000] [--stream 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from common import HERE, machine, median_seconds
from corpus import generate

import dedup
from dedup import Article, Index
from dedup.index.sqlite import FORMAT
from dedup.minhash.fast import PLAIN_TEXTS

OUT = HERE / "out"


def build(n: int) -> tuple[Path, float | None]:
    """The index of ``n`` articles, and the seconds its build took (``None`` when reused)."""
    path = OUT / f"index-{n}-format{FORMAT}.db"
    done = path.with_suffix(".complete")
    if done.exists():
        return path, None
    OUT.mkdir(exist_ok=True)
    for stale in OUT.glob(f"{path.name}*"):
        stale.unlink()
    start = time.perf_counter()
    with Index.open(path) as index:
        index.add(Article(d.id, d.text, title=d.title, date=d.date, source=d.source) for d in generate(n, seed=31))
    seconds = time.perf_counter() - start
    done.write_text(f"{seconds}\n")
    return path, seconds


def queries(n: int, count: int) -> list[Article]:
    rng = random.Random(5)
    fresh = [Article(f"q{i}", d.text) for i, d in enumerate(generate(count // 2, seed=77, dup_fraction=0.0, words_per_doc=1000))]
    copies = []
    for i, d in enumerate(generate(min(n, 20_000), seed=31)):
        if len(copies) < count - len(fresh) and rng.random() < 0.2:
            words = d.text.split(" ")
            extra = fresh[i % len(fresh)].text.split(" ")[: max(0, 1000 - len(words))]
            copies.append(Article(f"c{i}", " ".join(words + extra)))
    return fresh + copies


def warm_up(index: Index) -> None:
    """Query as many articles as a process signs in plain Python before it loads the compiled
    kernel (:data:`dedup.minhash.fast.PLAIN_TEXTS`): the figures are of a long-running
    service, not of its first few hundred queries."""
    for warm in generate(PLAIN_TEXTS + 1, seed=61):
        index.query(Article(warm.id, warm.text))


def latency(index: Index, probes: list[Article]) -> tuple[float, float, int]:
    times, found = [], 0
    for article in probes:
        start = time.perf_counter()
        decision = index.query(article)
        times.append(time.perf_counter() - start)
        found += not decision.first_seen
    return float(np.median(times)) * 1000, float(np.percentile(times, 99)) * 1000, found


def datasketch_latency(n: int, probes: list[Article]) -> tuple[float, float, float]:
    """Build ``MinHashLSH(0.5)`` in memory over the same articles (signatures from dedup, so the
    build is not the datasketch hashing cost), then time query = ``MinHash.bulk`` + ``query``."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    from dedup.minhash import shingles, to_lean_minhash
    from dedup.minhash.reference import shingle_hash

    config = dedup.Config()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    start = time.perf_counter()
    batch: list = []

    def flush() -> None:
        signed = dedup.minhash.signatures([d.text for d in batch], config)
        with lsh.insertion_session() as session:
            for d, row in zip(batch, signed.matrix):
                session.insert(d.id, to_lean_minhash(row, config))
        batch.clear()

    for d in generate(n, seed=31):
        batch.append(d)
        if len(batch) == 4096:
            flush()
    if batch:
        flush()
    built = time.perf_counter() - start
    times = []
    for article in probes:
        start = time.perf_counter()
        m = MinHash(num_perm=128, seed=1, hashfunc=shingle_hash, scheme="affine32")
        m.update_batch(shingles(article.text, config))
        lsh.query(LeanMinHash(m))
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000, float(np.percentile(times, 99)) * 1000, built


def redis_figures(n: int, probes: list[Article]) -> None:
    """The same on a Redis index: a redis-server on a free loopback port, built and queried."""
    import shutil
    import socket

    binary = shutil.which("redis-server")
    if binary is None:
        print("\n# redis-server not found: the Redis figures are left out")
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        start = time.perf_counter()
        with Index.open(f"redis://127.0.0.1:{port}/0") as index:
            index.add(Article(d.id, d.text, title=d.title, date=d.date, source=d.source) for d in generate(n, seed=31))
            seconds = time.perf_counter() - start
            warm_up(index)
            p50, p99, found = latency(index, probes)
            size = index.stats()["bytes_per_article"]
            stats_seconds = median_seconds(index.stats, 3)
        print("\n# Redis index (redis-server on loopback, same articles and queries)")
        print(f"{n:10,d} {seconds:8.1f} {n / seconds:8,.0f} {size:14,d} {p50:13.2f} {p99:7.2f} {found:8,d}   (bytes: Redis memory)")
        print(f"dedup index stats on it: {stats_seconds:.2f} s (median of 3; memory estimated from a sample of articles)")
    finally:
        server.kill()
        server.wait()


def streaming(path: Path, count: int) -> tuple[float, float, float, int, float]:
    """``dedup.stream`` of ``count`` new ~700-word articles (30% copies of each other) into a
    copy of the index at ``path``, signing included, on one core: articles per second, the
    median and p99 of each decision (query and add), duplicates found, and the seconds the
    index's close then takes (merging the stream's articles into the band table)."""
    import shutil
    import tempfile

    articles = [Article(f"s-{d.id}", d.text) for d in generate(count, seed=59)]
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})  # one core, literally (restored below)
    with tempfile.TemporaryDirectory(dir=OUT) as folder:
        copy = Path(folder) / "stream.db"
        shutil.copyfile(path, copy)
        times, duplicates = [], 0
        index = Index.open(copy, jobs=1)
        try:
            warm_up(index)
            pulled: list[float] = []

            def source():
                for article in articles:
                    pulled.append(time.perf_counter())
                    yield article

            begin = time.perf_counter()
            for _, decision in dedup.stream(source(), index):
                times.append(time.perf_counter() - pulled[-1])  # from taking the article to its decision
                duplicates += not decision.first_seen
            seconds = time.perf_counter() - begin
        finally:
            closing = time.perf_counter()
            index.close()
            closed = time.perf_counter() - closing
            os.sched_setaffinity(0, cores)
    return count / seconds, float(np.median(times)) * 1000, float(np.percentile(times, 99)) * 1000, duplicates, closed


WRITER = """
import sys
from dedup import Article, Index
sys.path.insert(0, sys.argv[3])
from corpus import generate
with Index.open(sys.argv[1], batch_size=500) as index:
    batch = []
    for d in generate(int(sys.argv[2]), seed=41):
        batch.append(Article("crash-" + d.id, d.text))
        if len(batch) == 500:
            index.add(batch)
            print(batch[-1].id, flush=True)  # every article up to this one is committed
            batch = []
"""


def crash_test() -> None:
    path = OUT / "crash.db"
    for stale in OUT.glob("crash.db*"):
        stale.unlink()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "100000", str(HERE)], stdout=subprocess.PIPE, text=True)
    last = ""
    for _ in range(6):
        last = proc.stdout.readline().strip()
    time.sleep(0.3)  # into the next batch
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = int(last.split("-d")[-1]) + 1
    with Index.open(path) as index:
        problems = index.check()
        held = len(index)
        missing = [n for n in range(committed) if f"crash-d{n:07d}" not in index]
    print(f"\n# crash test: writer killed with SIGKILL after reporting {committed:,} committed articles; the reopened index "
          f"holds {held:,} (whole batches of 500), misses {len(missing)} committed ones, integrity check: "
          f"{'ok' if not problems else problems}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--datasketch-up-to", type=int, default=100_000, help="largest size to build MinHashLSH for")
    parser.add_argument("--stream", type=int, default=10_000, help="articles streamed into the first index (0: none)")
    parser.add_argument("--stream-repeats", type=int, default=3, help="streams to take the median of")
    parser.add_argument("--redis-docs", type=int, default=100_000, help="size of the Redis index (0: none)")
    args = parser.parse_args()
    print(f"# dedup index (SQLite file); {machine()}")
    print(f"{'articles':>10s} {'build s':>8s} {'adds/s':>8s} {'bytes/article':>14s} {'query ms p50':>13s} {'p99':>7s} "
          f"{'matched':>8s} {'MinHashLSH p50':>15s} {'p99':>7s}")
    for n in args.docs:
        path, seconds = build(n)
        probes = queries(n, args.queries)
        with Index.open(path) as index:
            warm_up(index)
            p50, p99, found = latency(index, probes)
            size = index.stats()["bytes_per_article"]
        ds = datasketch_latency(n, probes) if n <= args.datasketch_up_to else None
        print(f"{n:10,d} {seconds or float('nan'):8.1f} {n / seconds if seconds else float('nan'):8,.0f} {size:14,d} {p50:13.2f} "
              f"{p99:7.2f} {found:8,d} {(f'{ds[0]:.2f}' if ds else '-'):>15s} {(f'{ds[1]:.2f}' if ds else '-'):>7s}")
    print("(build s and adds/s are blank when an index built by an earlier run was reused)")
    if args.stream:
        path, _ = build(args.docs[0])
        runs = [streaming(path, args.stream) for _ in range(args.stream_repeats)]
        rate, p50, p99, found, closed = (float(np.median([r[i] for r in runs])) for i in range(5))
        print(f"\n# dedup.stream of {args.stream:,} new ~700-word articles into the {args.docs[0]:,}-article index, one core, "
              f"signing included (median of {len(runs)})")
        print(f"{rate:,.0f} articles/s; decision median {p50:.2f} ms, p99 {p99:.2f} ms; {found:,.0f} duplicates found; "
              f"closing the index then (merging the stream's articles into the band table) {closed:.2f} s, "
              f"{args.stream / (args.stream / rate + closed):,.0f} articles/s with it")
    if args.redis_docs:
        redis_figures(args.redis_docs, queries(args.redis_docs, args.queries))
    crash_test()


if __name__ == "__main__":
    main()
