"""Clusters on Spark: each connected component split by the local chain-free walk
(:func:`dedup.matching.walk.split`, in ``mapInPandas`` over partitions sorted by component, members in
id order, with their kept shingle hashes), and the input labelled with its cluster, numbered
as ``dedup scan`` numbers them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.errors import DedupError
from dedup.matching.cluster import NO_PROFILES, OFF, date_ranks
from dedup.matching.walk import split
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
    members = (components(pairs).join(signed.select("id", "date", "size", "sig", "hashes"), "id")
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
    """The local chain-free walk over the components of ``batch`` (whole components), in one
    call of the compiled walk."""
    import pandas as pd

    batch = batch.sort_values(["component", "id"], kind="mergesort")
    ends = np.flatnonzero(np.r_[batch["component"].to_numpy()[1:] != batch["component"].to_numpy()[:-1], True]) + 1
    sigs = np.frombuffer(b"".join(batch["sig"]), dtype="<u4").reshape(len(batch), -1).astype(np.uint32)
    sizes = batch["size"].to_numpy(np.int64)
    hashes = np.frombuffer(b"".join(batch["hashes"]), dtype="<u4").astype(np.uint32)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    canonical, sim, con, _ = split(ends, sigs, sizes, hashes, starts, date_ranks(batch["date"].tolist()), config.threshold,
                                   config.containment, NO_PROFILES, np.zeros(len(batch), dtype=np.int64), OFF)
    taken = canonical >= 0
    ids = batch["id"].to_numpy()
    return pd.DataFrame({"id": ids[taken], "canonical": ids[canonical[taken]], "similarity": sim[taken],
                         "containment": con[taken]})


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
