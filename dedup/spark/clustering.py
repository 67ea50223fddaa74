"""Clusters on Spark: each connected component split by the local chain-free walk
(:func:`dedup.cluster.peel`, in ``mapInPandas`` over partitions sorted by component) in
canonical order, and the input labelled with its cluster, numbered as ``dedup scan`` numbers
them."""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from dedup.cluster import NO_PROFILES, OFF, canonical_key, peel
from dedup.config import Config
from dedup.errors import DedupError
from dedup.spark.connected import components
from dedup.spark.pairs import candidate_pairs
from dedup.spark.session import pyspark
from dedup.spark.signing import minhash_signatures

MEMBERS = "id string, canonical string, similarity double, containment double"


def clusters(signed, pairs, config: Config | None = None):
    """``(id, canonical, similarity, containment)`` for every member of a cluster of two or
    more, split without chaining by the local walk, canonical first in canonical order.

    Components are hashed to partitions and sorted within them, so each partition streams
    its components one after another: a component cut by the end of an Arrow batch is carried
    over to the next (``applyInPandas`` would pay a round trip per component, most of them of
    two or three members)."""
    config = config or Config()
    members = (components(pairs).join(signed.select("id", "date", "size", "sig"), "id")
               .repartition("component").sortWithinPartitions("component"))

    def split(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        carried = None
        for batch in batches:
            if carried is not None:
                batch = pd.concat([carried, batch], ignore_index=True)
            last = batch["component"].to_numpy() == batch["component"].iloc[-1]
            carried = batch[last]
            if not last.all():
                yield _split_components(batch[~last], config)
        if carried is not None and len(carried):
            yield _split_components(carried, config)

    return members.mapInPandas(split, MEMBERS)


def _split_components(batch: Any, config: Config) -> Any:
    """The local chain-free walk over each component of ``batch`` (whole components)."""
    import pandas as pd

    out = []
    for _, group in batch.groupby("component", sort=False):
        order = sorted(range(len(group)), key=lambda i: canonical_key(group["date"].iat[i], int(group["size"].iat[i]), group["id"].iat[i]))
        group = group.iloc[order]
        sigs = np.frombuffer(b"".join(group["sig"]), dtype="<u4").reshape(len(group), -1).astype(np.uint32)
        pivot_of, sim, con, _ = peel(sigs, group["size"].to_numpy(np.int64), np.arange(len(group), dtype=np.int64),
                                     config.threshold, config.containment, NO_PROFILES, OFF)
        taken = pivot_of >= 0
        ids = group["id"].to_numpy()
        out.append(pd.DataFrame({"id": ids[taken], "canonical": ids[pivot_of[taken]], "similarity": sim[taken],
                                 "containment": con[taken]}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=["id", "canonical", "similarity", "containment"])


def deduplicate(df, text_col: str = "text", id_col: str = "id", date_col: str | None = "date", config: Config | None = None):
    """The input with ``cluster`` (a number: clusters by size, then canonical id, as
    ``dedup scan`` numbers them), ``canonical`` (its canonical member's id) and
    ``is_duplicate`` (a member other than the canonical one: what a pipeline drops)."""
    config = config or Config()
    signed = minhash_signatures(df, text_col, id_col, date_col, config).cache()
    _refuse_repeated_ids(signed)
    return label(df, clusters(signed, candidate_pairs(signed, config), config).cache(), id_col)


def _refuse_repeated_ids(signed) -> None:
    """Ids name the rows of the output, so they must be unique (the local engine keeps one
    article of an id and skips the others; here the input rows are labelled by id)."""
    F, _ = pyspark()
    repeated = signed.groupBy("id").count().where(F.col("count") > 1)
    examples = [row["id"] for row in repeated.limit(3).collect()]
    if examples:
        raise DedupError(f"ids must be unique, and some occur more than once (for example {', '.join(map(repr, examples))}): "
                         "drop the repeated rows first (df.dropDuplicates(['id'])) or give each row its own id")


def label(df, members, id_col: str = "id"):
    """``df`` with the ``cluster``, ``canonical`` and ``is_duplicate`` of its rows in
    ``members`` (from :func:`clusters`); other rows get nulls and ``is_duplicate`` false."""
    F, _ = pyspark()
    # numbered by a distributed sort, not a window over one partition
    sizes = members.groupBy("canonical").count().orderBy(F.desc("count"), "canonical")
    numbered = sizes.rdd.zipWithIndex().map(lambda pair: (pair[0]["canonical"], pair[1] + 1)).toDF("canonical string, cluster long")
    labelled = members.join(numbered, "canonical").select(
        F.col("id").alias("__id"), "cluster", "canonical", (F.col("id") != F.col("canonical")).alias("is_duplicate"))
    out = df.join(labelled, df[id_col].cast("string") == labelled["__id"], "left").drop("__id")
    return out.withColumn("is_duplicate", F.coalesce("is_duplicate", F.lit(False)))
