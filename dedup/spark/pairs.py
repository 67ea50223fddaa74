"""Candidate pairs on Spark: band keys grouped by the shuffle, each run of equal keys (in id
order) pairing a member with the run's first ``MAX_RUN`` members as :func:`dedup.matching.lsh.link`
does locally, and every pair verified with the local measures: similar by its signatures
alone, or, when too near a threshold to tell or similar by containment alone, settled from
the two articles' shingle hashes (joined for those pairs only) by the walk's pair test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.matching.lsh import MAX_RUN
from dedup.matching.similarity import containment_from_jaccard, may_be_similar, settled_exactly, signature_jaccard
from dedup.matching.walk import pair_reference
from dedup.spark.session import pyspark

PAIRS = "a string, b string, similarity double, containment double"
VERIFIED = PAIRS + ", settle boolean"


def candidate_pairs(signed, config: Config | None = None):
    """Linked pairs ``(a, b, similarity, containment)`` with ``a < b`` by id: measures
    estimated, or exact for the pairs settled from their shingles."""
    F, Window = pyspark()
    config = config or Config()
    keyed = signed.select("id", F.posexplode("keys").alias("band", "key"))
    ranked = keyed.withColumn("rank", F.row_number().over(Window.partitionBy("band", "key").orderBy("id")) - 1)
    left, right = ranked.alias("l"), ranked.alias("r")
    pairs = (left.join(right, (F.col("l.band") == F.col("r.band")) & (F.col("l.key") == F.col("r.key"))
                       & (F.col("l.rank") < F.col("r.rank")) & (F.col("l.rank") < MAX_RUN))
             .select(F.col("l.id").alias("a"), F.col("r.id").alias("b")).distinct())

    def verify(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            sim, con, keep, settle = [], [], [], []
            for sa, sb, na, nb in zip(batch["sig_a"], batch["sig_b"], batch["size_a"], batch["size_b"]):
                j = signature_jaccard(np.frombuffer(sa, "<u4"), np.frombuffer(sb, "<u4"))
                sim.append(j)
                con.append(containment_from_jaccard(j, int(na), int(nb)))
                keep.append(bool(may_be_similar(j, int(na), int(nb), config.threshold, config.containment, config.num_perm)))
                settle.append(bool(settled_exactly(j, int(na), int(nb), config.threshold, config.containment, config.num_perm)))
            out = pd.DataFrame({"a": batch["a"], "b": batch["b"], "similarity": sim, "containment": con, "settle": settle})
            yield out[keep]

    def settled(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            found = [pair_reference(np.frombuffer(sa, "<u4"), np.frombuffer(sb, "<u4"), int(na), int(nb),
                                    np.frombuffer(ha, "<u4").tolist(), np.frombuffer(hb, "<u4").tolist(), config.threshold,
                                    config.containment)
                     for sa, sb, na, nb, ha, hb in zip(batch["sig_a"], batch["sig_b"], batch["size_a"], batch["size_b"],
                                                       batch["hashes_a"], batch["hashes_b"])]
            out = pd.DataFrame({"a": batch["a"], "b": batch["b"], "similarity": [f[1] for f in found],
                                "containment": [f[2] for f in found]})
            yield out[[f[0] for f in found]]

    verified = _measured(pairs, signed, ("size", "sig")).mapInPandas(verify, VERIFIED)
    certain = verified.where(~F.col("settle")).drop("settle")
    pending = _measured(verified.where(F.col("settle")).select("a", "b"), signed, ("size", "sig", "hashes"))
    return certain.unionByName(pending.mapInPandas(settled, PAIRS))


def _measured(pairs, signed, columns: tuple[str, ...]):
    """``pairs`` with ``columns`` of ``signed`` for both of each pair (``size_a``, ``size_b``, …)."""
    for side in ("a", "b"):
        picked = signed.select("id", *columns).withColumnRenamed("id", side)
        for column in columns:
            picked = picked.withColumnRenamed(column, f"{column}_{side}")
        pairs = pairs.join(picked, side)
    return pairs
