"""Shared helpers for the benchmark scripts: timing with medians, the corpus, the machine."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

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


def run_measured_tree(command: list[str], every: float = 0.05) -> tuple[float, int]:
    """Seconds and peak resident bytes of ``command`` and every process it starts (summed over
    the tree, sampled from /proc every ``every`` seconds): reading workers count too."""
    import subprocess
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(command)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(every)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    status = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if status != 0:
        raise SystemExit(f"{' '.join(command[:4])}… failed with status {status}")
    return seconds, peak


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total
