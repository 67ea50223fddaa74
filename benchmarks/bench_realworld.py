"""Speed on the real-world corpus (the figure of record): ``dedup scan`` beside the plain
datasketch script on the same mixed folder, and beside rensa on the same records as one JSON
Lines file, side by side in one run; then where a scan's time goes, stage by stage.

The folders come from ``realworld.py`` (real article text from ``../shared/data``, about 60%
``.txt``, 10% ``.md``, 20% ``.html``, 10% ``.json``/``.jsonl``, some cp1252 and UTF-16, site
chrome and house footers), written once under ``benchmarks/out/`` and reused; without
``../shared/data`` the synthetic sources stand in, and the script says so. Every command runs
as a child process: seconds and peak resident memory of its whole process tree (reading
workers included), the median of ``--repeats`` runs taken in turn.

    python benchmarks/bench_realworld.py [--docs 10000 100000] [--repeats 3] [--stages]
    python benchmarks/bench_realworld.py --growth --docs 10000 100000 1000000 --repeats 1
    python benchmarks/bench_realworld.py --cold [--growth] ...

With ``--cold`` every run of the mixed folder starts with the folder dropped from the page
cache, as a folder on disk is read the first time (the JSON Lines file is left as it is).

With ``--stages``, the stage table of the smallest size, for the folder and for its JSON Lines
form, each from one in-process scan on one reading process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import realworld
from bench_quality import plain_documents
from common import HERE, machine, run_measured_tree

OUT = HERE / "out"


def corpus(n: int, seed: int = 11) -> Path:
    out, _ = realworld.build(n, OUT / f"speed-realworld-{n}-{seed}", seed=seed)
    return out / "articles"


def records(folder: Path) -> Path:
    """The folder's documents as one JSON Lines file (the plain reader's text), once."""
    path = folder.parent / "records.jsonl"
    if not path.exists():
        with open(path.with_suffix(".part"), "w", encoding="utf-8") as out:
            for doc_id, text in plain_documents(folder):
                out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        path.with_suffix(".part").rename(path)
    return path


def dedup_command(source: Path, *options: str, python: str = sys.executable) -> list[str]:
    return [python, "-m", "dedup", "scan", str(source), "-q", "-f", "jsonl", "-o", os.devnull, *options]


def plain_command(kind: str, source: Path) -> list[str]:
    return [sys.executable, str(HERE / "plain_scripts.py"), kind, str(source)]


def evict(source: Path) -> None:
    """Drop the files of ``source`` from this machine's page cache (``posix_fadvise(DONTNEED)``
    on each, which leaves a file's pages alone only while something maps them): the next read
    goes to the disk (or to a virtual disk's host, which may still hold them)."""
    for folder, _, names in os.walk(source):
        for name in names:
            descriptor = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(descriptor)


def timed(commands: dict[str, list[str]], repeats: int, cold: Path | None = None) -> dict[str, tuple[float, int]]:
    """Median seconds and peak bytes of each command, the commands run in turn each round;
    with ``cold``, that folder evicted from the page cache before each run."""
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            if cold is not None:
                evict(cold)
            runs[name].append(run_measured_tree(command))
    return {name: (statistics.median(r[0] for r in got), int(statistics.median(r[1] for r in got))) for name, got in runs.items()}


def stages(path: Path) -> dict[str, float]:
    """Seconds of each stage of one in-process scan on one reading process: the stage
    functions wrapped with timers for this measurement only. A stage's time leaves out the
    stages timed inside it, so the stages add up to the total."""
    import dedup.batch as batch
    import dedup.matching.cluster as cluster
    import dedup.readers.entries as entries
    import dedup.readers.fields as fields
    import dedup.readers.files as files
    import dedup.readers.source as source
    import dedup.readers.units as units

    spent: dict[str, float] = {}
    inside: list[float] = []  # time of the stages timed inside the running ones

    def timer(module, name: str, stage: str) -> None:
        original = getattr(module, name)

        def wrapped(*args, **kwargs):
            inside.append(0.0)
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                took = time.process_time() - start
                nested = inside.pop()
                spent[stage] = spent.get(stage, 0.0) + took - nested
                if inside:
                    inside[-1] += took

        setattr(module, name, wrapped)

    def walk_timer() -> None:
        original = source.walk

        def wrapped(paths, *args):
            it = original(paths, *args)
            while True:
                start = time.process_time()
                entry = next(it, None)
                spent["walk"] = spent.get("walk", 0.0) + time.process_time() - start
                if entry is None:
                    return
                yield entry

        source.walk = wrapped

    walk_timer()
    timer(files, "read_bytes", "read")
    timer(entries, "read_bytes", "read")
    timer(entries, "decode", "decode")
    timer(entries, "extract", "extract (HTML)")
    timer(fields, "extract", "extract (HTML)")
    timer(fields, "find_chrome", "site chrome")
    timer(entries, "split_header", "text headers")
    timer(units, "parse_line", "parse JSON lines")
    timer(units, "signing_form", "signing form (normalise)")
    timer(batch, "signing_form", "signing form (normalise)")
    timer(batch, "sign_forms", "sign")
    timer(batch, "_survey", "boilerplate survey")
    timer(batch, "_resign", "boilerplate re-sign")
    timer(batch, "_rows_by_id", "ids")
    timer(cluster, "link", "candidates + verify")
    timer(cluster, "_fetch", "walk: shingles signed again")
    timer(cluster, "needs_shingles", "walk (chain-free split)")
    timer(cluster, "split", "walk (chain-free split)")
    start = time.process_time()
    result = batch.scan(path, jobs=1)
    total = time.process_time() - start
    start = time.process_time()
    from dedup.cli.render import render

    with open(os.devnull, "w") as out:
        render(result, "jsonl", out)
    spent["write"] = time.process_time() - start
    spent["everything else"] = total - sum(v for k, v in spent.items() if k != "write")
    spent["total"] = total + spent["write"]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="also the stage table of the smallest size")
    parser.add_argument("--growth", action="store_true", help="only `dedup scan` of each mixed folder: its time and "
                        "peak per size and growth per tenfold, without the other commands (the plain script "
                        "would take some 25 minutes at 1,000,000)")
    parser.add_argument("--before", metavar="PYTHON", help="also time `dedup scan` as this interpreter runs it (an "
                        "environment holding an earlier checkout), side by side, as 'before'")
    parser.add_argument("--cold", action="store_true", help="the mixed folder dropped from the page cache before "
                        "every run (a folder read from disk), and `dedup scan --read-ahead 0` beside the rest")
    parser.add_argument("--stage-table", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.growth and args.before:
        parser.error("--growth times this checkout's `dedup scan` alone: leave out --before")
    if args.cold and not hasattr(os, "posix_fadvise"):
        parser.error("--cold drops files from the page cache with posix_fadvise, which this system lacks")
    if args.stage_table:
        print(json.dumps(stages(args.stage_table)))
        return
    if not realworld.DATA.is_file():
        print(f"# {realworld.DATA} is absent: the synthetic sources stand in for real article text")
    sizes = sorted(set(args.docs))
    folders = {n: corpus(n) for n in sizes}
    run_measured_tree(dedup_command(folders[sizes[0]]))  # compiled kernels and file cache warm
    before: dict[str, list[str]] = {}
    if args.before:
        run_measured_tree(dedup_command(folders[sizes[0]], python=args.before))
    cold = ", each run from disk (the folder dropped from the page cache first)" if args.cold else ""
    print(f"# real-world mixed folders, median of {args.repeats}{cold}; {machine()}")
    print(f"{'documents':>10s}  {'command':34s} {'seconds':>8s} {'docs/s':>8s} {'peak MiB':>9s} {'vs datasketch':>14s}")
    previous: dict[str, tuple[int, float]] = {}
    growth: dict[str, list[str]] = {}
    for n in sizes:
        folder = folders[n]
        if args.before:
            before = {"dedup scan (before)": dedup_command(folder, python=args.before),
                      "dedup scan --jobs 1 (before)": dedup_command(folder, "--jobs", "1", python=args.before)}
        commands = {"dedup scan": dedup_command(folder)}
        if args.cold:
            commands["dedup scan --read-ahead 0"] = dedup_command(folder, "--read-ahead", "0")
        if not args.growth:
            commands |= {"dedup scan --jobs 1": dedup_command(folder, "--jobs", "1"), **before,
                         "plain datasketch script": plain_command("datasketch", folder)}
        found = timed(commands, args.repeats, folder if args.cold else None)
        base = found.get("plain datasketch script")
        for name, (seconds, peak) in found.items():
            ratio = f"{base[0] / seconds:13.1f}x" if base else ""
            print(f"{n:10,d}  {name:34s} {seconds:8.1f} {n / seconds:8,.0f} {peak / 2**20:9,.0f} {ratio}")
            if name in previous:
                m, earlier_seconds = previous[name]
                growth.setdefault(name, []).append(f"{(seconds / earlier_seconds) ** (1 / math.log10(n / m)):.2f}")
            previous[name] = (n, seconds)
        if args.growth:
            continue
        lines = records(folder)
        earlier = {"dedup scan (JSON Lines, before)": dedup_command(lines, python=args.before)} if args.before else {}
        jsonl = timed({"dedup scan (JSON Lines)": dedup_command(lines), **earlier,
                       "rensa script (JSON Lines)": plain_command("rensa", lines)}, args.repeats)
        rensa = jsonl["rensa script (JSON Lines)"][0]
        for name, (seconds, peak) in jsonl.items():
            print(f"{n:10,d}  {name:34s} {seconds:8.1f} {n / seconds:8,.0f} {peak / 2**20:9,.0f}   {rensa / seconds:5.2f}x rensa")
    for name, factors in growth.items():
        print(f"# {name}: time x {' then '.join(factors)} per tenfold documents")
    if args.stages:
        # each in a fresh process, so that neither inherits the other's warm caches
        n = sizes[0]
        print(f"\n# where the time goes: one in-process scan of {n:,} documents, one reading process, CPU seconds")
        tables = [json.loads(subprocess.run([sys.executable, __file__, "--stage-table", str(path)], check=True,
                                            stdout=subprocess.PIPE, text=True).stdout)
                  for path in (folders[n], records(folders[n]))]
        print(f"{'stage':30s} {'mixed folder':>13s} {'JSON Lines':>11s}")
        for stage in dict.fromkeys([*tables[0], *tables[1]]):
            print(f"{stage:30s} {tables[0].get(stage, 0.0):13.2f} {tables[1].get(stage, 0.0):11.2f}")


if __name__ == "__main__":
    main()
