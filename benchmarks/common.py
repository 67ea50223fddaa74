"""Shared helpers for the benchmark scripts: timing with medians, the corpus, the machine."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # benchmarks/corpus.py, run from anywhere

from corpus import generate  # noqa: E402


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    """Median wall-clock seconds of ``repeats`` runs (the machine is shared and noisy)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def texts(n: int, seed: int = 1) -> list[str]:
    """``n`` news-length synthetic article texts (about 4 KB each)."""
    return [doc.text for doc in generate(n, seed=seed)]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


_LAUNCHER = ("import resource, subprocess, sys; status = subprocess.call(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(status)")


def run_measured(command: list[str]) -> tuple[float, int]:
    """Seconds and peak resident bytes of ``command``, run from a small launcher process.

    A child forked straight from a benchmark that holds hundreds of megabytes starts with the
    parent's pages mapped, and Linux carries that high-water mark across ``exec``: its
    ``ru_maxrss`` would report the parent's size. The launcher is a fresh interpreter, so the
    command it starts is measured alone."""
    import subprocess

    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], stdout=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}… failed with status {done.returncode}")
    return seconds, int(done.stdout.strip().splitlines()[-1]) * 1024
