"""End-to-end ``dedup scan`` of a folder of text files: seconds, documents per second, and peak
memory per document, measured on the real command in a child process.

The corpus (news-length synthetic articles with syndicated copies) is written once under
``benchmarks/out/`` and reused. Memory per document is the growth of the scan's peak resident
memory from a 10,000-document run to the large one, divided by the extra documents: what each
further article costs, without the interpreter, the compiled kernels and the batch in flight.

    python benchmarks/bench_scan.py [--docs 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import HERE, machine
from corpus import generate, write_folder

OUT = HERE / "out"
SMALL = 10_000


def corpus_folder(n: int, seed: int = 7) -> Path:
    folder = OUT / f"scan-{n}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        start = time.perf_counter()
        write_folder(generate(n, seed=seed), folder)
        done.write_text(str(n))
        print(f"# wrote {n:,} files in {time.perf_counter() - start:.0f} s to {folder}", file=sys.stderr)
    return folder


def run_scan(folder: Path, jobs: int) -> tuple[float, int]:
    """Seconds and peak resident bytes of one ``dedup scan`` run."""
    command = [sys.executable, "-m", "dedup", "scan", str(folder), "-f", "jsonl", "-q", "-o", os.devnull,
               "--jobs", str(jobs)]
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"dedup scan failed with status {status}")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()

    small, large = corpus_folder(SMALL), corpus_folder(args.docs)
    run_scan(small, args.jobs)  # warm the compiled-kernel cache and the file cache
    base = statistics.median(run_scan(small, args.jobs)[1] for _ in range(args.repeats))
    runs = [run_scan(large, args.jobs) for _ in range(args.repeats)]
    seconds = statistics.median(r[0] for r in runs)
    peak = statistics.median(r[1] for r in runs)
    print(f"# dedup scan of {args.docs:,} text files, jobs={args.jobs or 'all'}; {machine()}")
    print(f"seconds (median of {args.repeats}): {seconds:.1f}")
    print(f"documents per second: {args.docs / seconds:,.0f}")
    print(f"peak memory: {peak / 2**20:,.0f} MiB ({SMALL:,}-document run: {base / 2**20:,.0f} MiB)")
    print(f"peak memory per extra document: {(peak - base) / (args.docs - SMALL):,.0f} bytes")


if __name__ == "__main__":
    main()
