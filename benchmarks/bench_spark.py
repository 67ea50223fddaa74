"""The Spark engine on ``local[2]`` against the local engine, on the same JSON Lines corpus of
synthetic articles: seconds and documents per second of each, the ratio, and whether their
clusters agree (both with ``--boilerplate 0``: the survey is local only).

    python benchmarks/bench_spark.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from common import HERE, machine, run_measured
from corpus import generate

OUT = HERE / "out"


def corpus(n: int):
    path = OUT / f"spark-{n}.jsonl"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            for d in generate(n, seed=17):
                out.write(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args()
    path = corpus(args.docs)
    local_out, spark_out = OUT / f"spark-local-{args.docs}.jsonl", OUT / f"spark-out-{args.docs}.parquet"
    import shutil

    shutil.rmtree(spark_out, ignore_errors=True)
    local_s, local_peak = run_measured([sys.executable, "-m", "dedup", "scan", str(path), "--boilerplate", "0", "--no-chrome",
                                        "-q", "-f", "jsonl", "-o", str(local_out)])
    start = time.perf_counter()
    spark_s, _ = run_measured([sys.executable, "-m", "dedup", "scan", "--engine", "spark", "--master", "local[2]", str(path),
                               "--boilerplate", "0", "--no-chrome", "-q", "-o", str(spark_out)])
    import pyarrow.parquet as pq

    rows = pq.read_table(spark_out, columns=["id", "canonical"]).to_pylist()
    spark_pairs = {(r["canonical"], r["id"]) for r in rows if r["canonical"] is not None and r["canonical"] != r["id"]}
    local_pairs = set()
    with open(local_out, encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            local_pairs |= {(cluster["canonical"], m["id"]) for m in cluster["members"][1:]}
    print(f"# {args.docs:,} JSON Lines documents, --boilerplate 0 --no-chrome; {machine()}")
    print(f"local engine (dedup scan):            {local_s:7.1f} s  {args.docs / local_s:8,.0f} docs/s  peak {local_peak / 2**20:,.0f} MiB")
    print(f"Spark engine (local[2], JVM included): {spark_s:7.1f} s  {args.docs / spark_s:8,.0f} docs/s  "
          f"({spark_s / local_s:.1f}x the local engine's time)")
    print(f"same (canonical, duplicate) pairs: {'yes' if spark_pairs == local_pairs else 'NO'} ({len(local_pairs):,} pairs)")


if __name__ == "__main__":
    main()
