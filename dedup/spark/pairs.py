"""Candidate pairs on Spark: band keys grouped by the shuffle, each run of equal keys (in id
order) pairing a member with the run's first ``MAX_RUN`` members as :func:`dedup.matching.lsh.link`
does locally, and every pair verified on its signatures with the local measures (similar, or
too near a threshold to tell: the walk settles those)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.matching.lsh import MAX_RUN
from dedup.matching.similarity import containment_from_jaccard, may_be_similar, signature_jaccard
from dedup.spark.session import pyspark

PAIRS = "a string, b string, similarity double, containment double"


def candidate_pairs(signed, config: Config | None = None):
    """Linked pairs ``(a, b, similarity, containment)`` with ``a < b`` by id, measures estimated."""
    F, Window = pyspark()
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
            sim, con, keep = [], [], []
            for sa, sb, na, nb in zip(batch["sig_a"], batch["sig_b"], batch["size_a"], batch["size_b"]):
                j = signature_jaccard(np.frombuffer(sa, "<u4"), np.frombuffer(sb, "<u4"))
                sim.append(j)
                con.append(containment_from_jaccard(j, int(na), int(nb)))
                keep.append(bool(may_be_similar(j, int(na), int(nb), config.threshold, config.containment, config.num_perm)))
            out = pd.DataFrame({"a": batch["a"], "b": batch["b"], "similarity": sim, "containment": con})
            yield out[keep]

    return joined.mapInPandas(verify, PAIRS)
