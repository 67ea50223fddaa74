"""End-to-end ``dedup scan`` of folders of text files at growing sizes: seconds, documents per
second, peak memory of the whole process tree (reading workers included), memory per extra
document, and how time grows per tenfold documents, measured on the real command.

Corpora (news-length synthetic articles with syndicated copies) are written once under
``benchmarks/out/`` and reused. Memory per document is the growth of the peak from the
smallest run to each larger one, divided by the extra documents.

    python benchmarks/bench_scan.py [--docs 10000 100000 1000000] [--repeats 3] [--jobs 0]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

from common import HERE, machine, run_measured_tree
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
    """Seconds and peak resident bytes (process tree) of one ``dedup scan`` run."""
    command = [sys.executable, "-m", "dedup", "scan", str(folder), "-f", "jsonl", "-q", "-o", os.devnull,
               "--jobs", str(jobs)]
    return run_measured_tree(command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[SMALL, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    sizes = sorted(set(args.docs))
    folders = {n: corpus_folder(n) for n in sizes}
    run_scan(folders[sizes[0]], args.jobs)  # warm the compiled-kernel cache and the file cache
    print(f"# dedup scan of text-file folders, jobs={args.jobs or 'all'}, median of {args.repeats}; {machine()}")
    print(f"{'documents':>10s} {'seconds':>8s} {'docs/s':>8s} {'peak MiB':>9s} {'bytes/extra doc':>16s} {'time x per 10x docs':>20s}")
    previous = None
    for n in sizes:
        runs = [run_scan(folders[n], args.jobs) for _ in range(args.repeats)]
        seconds = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        if previous is None:
            base = (n, peak)
            extra, growth = "-", "-"
        else:
            extra = f"{(peak - base[1]) / (n - base[0]):,.0f}"
            growth = f"{(seconds / previous[1]) ** (1 / math.log10(n / previous[0])):.2f}"
        print(f"{n:10,d} {seconds:8.1f} {n / seconds:8,.0f} {peak / 2**20:9,.0f} {extra:>16s} {growth:>20s}")
        previous = (n, seconds)


if __name__ == "__main__":
    main()
