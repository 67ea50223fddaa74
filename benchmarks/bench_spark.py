"""The Spark engine on ``local[2]`` against the local engine, on the same JSON Lines corpus of
synthetic articles, default settings.

1. End to end, each engine's command in a child process: seconds and documents per second
   of each, the ratio, and whether their (canonical, duplicate) pairs agree.
2. Stage by stage (``--stages``), in this process: the engine's public stage functions run
   one after another, each materialised, with Spark's own task metrics for each (task
   seconds, input, shuffle written and read, spill, from the Spark UI's REST API); then the
   same per article, and what they come to for a billion articles.

    python benchmarks/bench_spark.py [--docs 100000] [--stages]
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
    parser.add_argument("--stages", action="store_true", help="also run the stages one by one with Spark's task metrics")
    parser.add_argument("--no-end-to-end", dest="end_to_end", action="store_false", help="only the stages")
    args = parser.parse_args()
    path = corpus(args.docs)
    if args.end_to_end:
        end_to_end(path, args.docs)
    if args.stages:
        stages(path, args.docs)


def end_to_end(path, docs: int) -> None:
    import shutil

    import pyarrow.parquet as pq

    local_out, spark_out = OUT / f"spark-local-{docs}.jsonl", OUT / f"spark-out-{docs}.parquet"
    shutil.rmtree(spark_out, ignore_errors=True)
    local_s, local_peak = run_measured([sys.executable, "-m", "dedup", "scan", str(path), "-q", "-f", "jsonl", "-o", str(local_out)])
    spark_s, _ = run_measured([sys.executable, "-m", "dedup", "scan", "--engine", "spark", "--master", "local[2]", str(path),
                               "-q", "-o", str(spark_out)])
    rows = pq.read_table(spark_out, columns=["id", "canonical"]).to_pylist()
    spark_pairs = {(r["canonical"], r["id"]) for r in rows if r["canonical"] is not None and r["canonical"] != r["id"]}
    local_pairs = set()
    with open(local_out, encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            local_pairs |= {(cluster["canonical"], m["id"]) for m in cluster["members"][1:]}
    print(f"# {docs:,} JSON Lines documents, default settings; {machine()}")
    print(f"local engine (dedup scan):            {local_s:7.1f} s  {docs / local_s:8,.0f} docs/s  peak {local_peak / 2**20:,.0f} MiB")
    print(f"Spark engine (local[2], JVM included): {spark_s:7.1f} s  {docs / spark_s:8,.0f} docs/s  "
          f"({spark_s / local_s:.1f}x the local engine's time)")
    print(f"same (canonical, duplicate) pairs: {'yes' if spark_pairs == local_pairs else 'NO'} ({len(local_pairs):,} pairs)")


BILLION = 1_000_000_000
PARTITION_BYTES = 128 * 2**20  # a shuffle partition's size to aim for on a cluster


def stages(path, docs: int) -> None:
    import os
    import urllib.request

    from pyspark.sql import SparkSession

    from dedup import Config
    from dedup.spark import candidate_pairs, clusters, label
    from dedup.spark.signing import SIGNED, _records, _signer, boilerplate

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("bench-stages").config("spark.driver.memory", "4g")
             .config("spark.sql.shuffle.partitions", "8").config("spark.ui.enabled", "true").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc, config = spark.sparkContext, Config()
    out = OUT / f"spark-stages-{docs}.parquet"
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    wall: dict[str, float] = {}

    def stage(name: str, action):
        sc.setJobDescription(name)
        start = time.perf_counter()
        value = action()
        wall[name] = time.perf_counter() - start
        return value

    df = spark.read.json(str(path))
    records = _records(df, config)
    found = stage("1 read, sign, survey boilerplate", lambda: boilerplate(records, config))
    signed = records.mapInPandas(_signer(config, found), SIGNED).cache()
    stage("2 read, sign without boilerplate", signed.count)
    pairs = candidate_pairs(signed, config).cache()
    n_pairs = stage("3 band keys, candidate pairs, verify", pairs.count)
    members = stage("4 components (large/small star)", lambda: clusters(signed, pairs, config))
    members = members.cache()
    stage("5 chain-free split of components", members.count)
    stage("6 number clusters, label input, write Parquet", lambda: label(df, members).write.parquet(str(out)))
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/stages"
    with urllib.request.urlopen(url) as response:
        metrics = json.load(response)
    spark.stop()
    fields = ("executorRunTime", "inputBytes", "shuffleWriteBytes", "shuffleReadBytes", "diskBytesSpilled")
    totals = {name: dict.fromkeys(fields, 0) for name in wall}
    for data in metrics:
        name = data.get("description")
        if name in totals:
            for field in fields:
                totals[name][field] += data.get(field, 0)
    mib = 2**20
    print(f"# stages of the Spark engine, {docs:,} documents, local[2], {len(found)} boilerplate paragraphs, {n_pairs:,} verified pairs")
    print(f"{'stage':48} {'wall s':>7} {'task s':>7} {'input MiB':>10} {'shuffle w MiB':>14} {'shuffle r MiB':>14} {'spill MiB':>10}")
    for name, t in wall.items():
        m = totals[name]
        print(f"{name:48} {t:7.1f} {m['executorRunTime'] / 1000:7.1f} {m['inputBytes'] / mib:10.1f} "
              f"{m['shuffleWriteBytes'] / mib:14.1f} {m['shuffleReadBytes'] / mib:14.1f} {m['diskBytesSpilled'] / mib:10.1f}")
    print(f"# per article, and scaled linearly to {BILLION:,} articles (same copy rate; partitions of {PARTITION_BYTES // mib} MiB of shuffle)")
    print(f"{'stage':48} {'task ms':>8} {'shuffle B':>10} {'core-hours':>11} {'shuffle TB':>11} {'partitions':>11}")
    core_hours = 0.0
    for name in wall:
        m = totals[name]
        task = m["executorRunTime"] / 1000 / docs
        shuffled = m["shuffleWriteBytes"] / docs
        core_hours += task * BILLION / 3600
        print(f"{name:48} {task * 1000:8.3f} {shuffled:10.0f} {task * BILLION / 3600:11,.0f} {shuffled * BILLION / 1e12:11.2f} "
              f"{max(1, round(shuffled * BILLION / PARTITION_BYTES)):11,}")
    print(f"total: {core_hours:,.0f} core-hours of tasks for {BILLION:,} articles")


if __name__ == "__main__":
    main()
