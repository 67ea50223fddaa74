"""A fresh install's first run: ``dedup scan`` of the bundled fixtures (what ``make demo`` scans,
about 50 files) with an
empty compiled-kernel cache (``NUMBA_CACHE_DIR`` pointed to a new empty folder), then again
with the cache that run left, and ``dedup --help``. Each command runs in a child process:
wall seconds and CPU seconds (user + system, the process tree), the median of ``--repeats``.

    python benchmarks/bench_first_run.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import HERE, machine

ROOT = HERE.parent
FIXTURES = ROOT / "fixtures"


def folders() -> list[str]:
    """What ``make demo`` scans."""
    return [str(FIXTURES / "corpus"), str(FIXTURES / "malformed"),
            *sorted(str(p) for p in (FIXTURES / "realworld").iterdir() if p.is_dir())]


def files(paths: list[str]) -> int:
    return sum(len(names) for path in paths for _, _, names in os.walk(path))


def measured(command: list[str], cache: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` run with ``cache`` as the kernel cache."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    # CPU time of this child alone: measured by a launcher of its own, as RUSAGE_CHILDREN adds up
    launcher = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
                "r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", launcher, *command], env=env, stdout=subprocess.PIPE, text=True,
                          stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {done.returncode}")
    return wall, float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    paths = folders()
    scan = [sys.executable, "-m", "dedup", "scan", *paths, "-q", "-f", "jsonl", "-o", os.devnull]
    runs: dict[str, list[tuple[float, float]]] = {"first run (empty cache)": [], "second run (cache kept)": [],
                                                  "dedup --help": []}
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="dedup-first-run-") as cache:
            runs["first run (empty cache)"].append(measured(scan, cache))
            runs["second run (cache kept)"].append(measured(scan, cache))
            runs["dedup --help"].append(measured([sys.executable, "-m", "dedup", "--help"], cache))
    print(f"# dedup scan of {files(paths)} fixture files, median of {args.repeats}; {machine()}")
    print(f"{'command':28s} {'wall s':>8s} {'CPU s':>8s}")
    for name, got in runs.items():
        print(f"{name:28s} {statistics.median(w for w, _ in got):8.2f} {statistics.median(c for _, c in got):8.2f}")


if __name__ == "__main__":
    main()
