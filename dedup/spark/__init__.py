"""The same deduplication on Apache Spark: an adapter over the local engine's stage functions,
not a second implementation of the algorithm (extra ``newsdedup[spark]``).

- :func:`minhash_signatures`: each partition signs its articles with the local compiled kernel
  (:func:`dedup.minhash.signatures`, in ``mapInPandas``) and computes their band keys with
  :func:`dedup.lsh.band_keys`;
- :func:`candidate_pairs`: band keys grouped by Spark's shuffle; inside each run of equal keys
  (in id order) a member pairs with the run's first ``MAX_RUN`` members, as locally; pairs are
  verified on their signatures with the local measures;
- :func:`clusters`: connected components by iterated smallest-label propagation over the
  verified edges (DataFrame joins, no node holds all edges), then each component is split by
  the local chain-free walk (:func:`dedup.cluster.peel`, in ``applyInPandas``) in canonical
  order;
- :func:`deduplicate`: the input with ``cluster``, ``canonical`` and ``is_duplicate``.

Not done on Spark (yet): the corpus-boilerplate survey and the same-story tier; compare with
``dedup scan --boilerplate 0``. Ids must be unique.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterator

import numpy as np

from dedup.cluster import canonical_key, peel
from dedup.config import Config
from dedup.errors import DedupError
from dedup.lsh import MAX_RUN, band_keys
from dedup.minhash import signatures
from dedup.similarity import containment_from_jaccard, is_similar

SIGNED = "id string, date string, size long, words long, sig binary, keys array<long>"


def _spark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import functions as F, Window
    except ImportError as error:
        raise DedupError("the Spark engine needs PySpark: pip install 'newsdedup[spark]'") from error
    return F, Window


def session(master: str = "local[2]", driver_memory: str = "4g"):
    """A Spark session whose Python workers run this interpreter (so they find this package).
    ``driver_memory`` matters in local mode, where the driver also runs the tasks (Spark's
    default of 1 GB ran out at 1,000,000 articles)."""
    _spark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (SparkSession.builder.master(master).appName("newsdedup")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", driver_memory).getOrCreate())


def minhash_signatures(df, text_col: str = "text", id_col: str = "id", date_col: str | None = "date", config: Config | None = None):
    """One row per article long enough to sign: id, date, distinct-shingle count, words,
    signature (little-endian uint32 bytes) and LSH band keys (as signed 64-bit integers)."""
    config = config or Config()
    bands, rows_per_band = config.bands
    has_date = date_col is not None and date_col in df.columns
    columns = [df[id_col].cast("string").alias("id"), df[text_col].cast("string").alias("text")]
    columns.append(df[date_col].cast("string").alias("date") if has_date else _spark()[0].lit(None).cast("string").alias("date"))

    def sign(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            texts = batch["text"].fillna("").tolist()
            signed = signatures(texts, config)
            keys = band_keys(signed.matrix, bands, rows_per_band).view(np.int64)
            keep = signed.words >= config.min_words
            yield pd.DataFrame({
                "id": pd.Series(batch["id"][keep].tolist(), dtype=object),
                "date": pd.Series(batch["date"][keep].tolist(), dtype=object),
                "size": signed.shingles[keep].astype(np.int64),
                "words": signed.words[keep].astype(np.int64),
                "sig": pd.Series([row.astype("<u4").tobytes() for row in signed.matrix[keep]], dtype=object),
                "keys": pd.Series([k.tolist() for k in keys[keep]], dtype=object),
            })

    return df.select(*columns).mapInPandas(sign, SIGNED)


def candidate_pairs(signed, config: Config | None = None):
    """Verified similar pairs ``(a, b, similarity, containment)`` with ``a < b`` by id."""
    F, Window = _spark()
    config = config or Config()
    keyed = signed.select("id", F.posexplode("keys").alias("band", "key"))
    ranked = keyed.withColumn("rank", F.row_number().over(Window.partitionBy("band", "key").orderBy("id")) - 1)
    left, right = ranked.alias("l"), ranked.alias("r")
    pairs = (left.join(right, (F.col("l.band") == F.col("r.band")) & (F.col("l.key") == F.col("r.key"))
                       & (F.col("l.rank") < F.col("r.rank")) & (F.col("l.rank") < MAX_RUN))
             .select(F.col("l.id").alias("a"), F.col("r.id").alias("b")).distinct())
    sig = signed.select("id", "size", "sig")
    joined = (pairs.join(sig.withColumnRenamed("id", "a").withColumnRenamed("size", "size_a").withColumnRenamed("sig", "sig_a"), "a")
              .join(sig.withColumnRenamed("id", "b").withColumnRenamed("size", "size_b").withColumnRenamed("sig", "sig_b"), "b"))

    def verify(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            sim, con = [], []
            for sa, sb, na, nb in zip(batch["sig_a"], batch["sig_b"], batch["size_a"], batch["size_b"]):
                j = float(np.count_nonzero(np.frombuffer(sa, "<u4") == np.frombuffer(sb, "<u4"))) / config.num_perm
                sim.append(j)
                con.append(containment_from_jaccard(j, int(na), int(nb)))
            out = pd.DataFrame({"a": batch["a"], "b": batch["b"], "similarity": sim, "containment": con})
            yield out[[bool(is_similar(j, c, config.threshold, config.containment)) for j, c in zip(sim, con)]]

    return joined.mapInPandas(verify, "a string, b string, similarity double, containment double")


def components(pairs, max_rounds: int = 64):
    """``(id, component)`` for every id in a pair: the smallest id reachable, by propagating the
    smallest label over the edges until nothing changes."""
    F, _ = _spark()
    edges = pairs.select("a", "b").union(pairs.select(F.col("b").alias("a"), F.col("a").alias("b"))).cache()
    labels = edges.select(F.col("a").alias("id")).distinct().withColumn("component", F.col("id"))
    for _ in range(max_rounds):
        proposed = (edges.join(labels.withColumnRenamed("id", "b").withColumnRenamed("component", "offer"), "b")
                    .groupBy("a").agg(F.min("offer").alias("offer")).withColumnRenamed("a", "id"))
        # checkpointed each round: the plan would otherwise grow with every round's joins
        updated = (labels.join(proposed, "id", "left")
                   .select("id", F.least("component", F.coalesce("offer", "component")).alias("component"))).localCheckpoint()
        changed = updated.join(labels.withColumnRenamed("component", "before"), "id").where("component != before").count()
        labels = updated
        if not changed:
            return labels
    raise DedupError(f"components did not settle in {max_rounds} rounds")


def clusters(signed, pairs, config: Config | None = None):
    """``(id, canonical, similarity, containment)`` for every member of a cluster of two or
    more, split without chaining by the local walk, canonical first in canonical order."""
    config = config or Config()
    members = components(pairs).join(signed.select("id", "date", "size", "sig"), "id")

    def split(group: Any) -> Any:
        import pandas as pd

        order = sorted(range(len(group)), key=lambda i: canonical_key(group["date"].iloc[i], int(group["size"].iloc[i]), group["id"].iloc[i]))
        group = group.iloc[order].reset_index(drop=True)
        sigs = np.stack([np.frombuffer(s, "<u4") for s in group["sig"]]).astype(np.uint32)
        sizes = group["size"].to_numpy(np.int64)
        positions = np.arange(len(group), dtype=np.int64)
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.empty(0, np.uint32), np.empty(0, np.float32), np.zeros(0))
        pivot_of, sim, con, _ = peel(sigs, sizes, positions, config.threshold, config.containment, *empty, 2.0)
        taken = pivot_of >= 0
        return pd.DataFrame({
            "id": group["id"][taken],
            "canonical": group["id"].to_numpy()[pivot_of[taken]],
            "similarity": sim[taken],
            "containment": con[taken],
        })

    return members.groupBy("component").applyInPandas(split, "id string, canonical string, similarity double, containment double")


def deduplicate(df, text_col: str = "text", id_col: str = "id", date_col: str | None = "date", config: Config | None = None):
    """The input with ``cluster`` (a number: clusters by size, then canonical id, as
    ``dedup scan`` numbers them), ``canonical`` (its canonical member's id) and
    ``is_duplicate`` (a member other than the canonical one: what a pipeline drops)."""
    F, Window = _spark()
    config = config or Config()
    signed = minhash_signatures(df, text_col, id_col, date_col, config).cache()
    found = clusters(signed, candidate_pairs(signed, config), config).cache()
    sizes = found.groupBy("canonical").count()
    numbered = sizes.withColumn("cluster", F.row_number().over(Window.orderBy(F.desc("count"), "canonical")))
    labelled = found.join(numbered.select("canonical", "cluster"), "canonical").select(
        F.col("id").alias("__id"), "cluster", "canonical", (F.col("id") != F.col("canonical")).alias("is_duplicate"))
    out = df.join(labelled, df[id_col].cast("string") == labelled["__id"], "left").drop("__id")
    return out.withColumn("is_duplicate", F.coalesce("is_duplicate", F.lit(False)))


def run(paths: list[str], output: str, config: Config, master: str = "local[2]") -> int:
    """``dedup scan --engine spark``: read Parquet or JSON Lines inputs, write the input rows
    with ``cluster``, ``canonical`` and ``is_duplicate`` to ``output`` (Parquet when it ends in
    ``.parquet``, else JSON Lines part files in that folder). Returns the number of rows."""
    spark = session(master)
    try:
        parquet = [p for p in paths if p.endswith(".parquet") or os.path.isdir(p)]
        json_lines = [p for p in paths if p not in parquet]
        frames = ([spark.read.parquet(*parquet)] if parquet else []) + ([spark.read.json(json_lines)] if json_lines else [])
        if not frames:
            raise DedupError("no input: give Parquet files or folders, or JSON Lines files")
        df = frames[0]
        for other in frames[1:]:
            df = df.unionByName(other, allowMissingColumns=True)
        for column in (config.id_field, config.text_field):
            if column not in df.columns:
                raise DedupError(f"the input has no {column!r} column (see --id-field / --text-field)")
        date = config.date_field if config.date_field in df.columns else None
        out = deduplicate(df, config.text_field, config.id_field, date, config)
        writer = out.write.mode("errorifexists")
        (writer.parquet if output.endswith(".parquet") else writer.json)(output)
        return spark.read.parquet(output).count() if output.endswith(".parquet") else spark.read.json(output).count()
    finally:
        spark.stop()


__all__ = ["candidate_pairs", "clusters", "components", "deduplicate", "minhash_signatures", "run", "session"]
