"""Signing on Spark: each partition reads its records as the local JSON Lines reader does
(HTML extracted, site chrome left out, dates made ISO: :func:`dedup.readers.article_from_fields`)
and signs them with the local compiled kernel (:func:`dedup.minhash.signatures`), band keys
from :func:`dedup.matching.lsh.band_keys`.

Corpus boilerplate is surveyed as locally: the kernel reports each article's paragraph units,
Spark's shuffle counts every unit's articles, contexts and occurrences, the local rule
(:func:`dedup.matching.boilerplate.is_boilerplate`) picks the candidates, joins of each candidate's
articles with their other units count how many of them are copies of one another or have
nothing of their own (:func:`dedup.matching.boilerplate.copies_carry` keeps those as evidence), and the articles are signed
again without the boilerplate (a second pass over the input, no shuffle: cheaper than joining
the few articles that carry it back to their texts).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.errors import DedupError, Skip
from dedup.matching.boilerplate import copies_carry, is_boilerplate
from dedup.matching.lsh import band_keys
from dedup.minhash import signatures
from dedup.readers import accept, article_from_fields
from dedup.readers.jsonrec import record_fields
from dedup.records import Article
from dedup.spark.session import pyspark

SIGNED = "id string, date string, size long, words long, sig binary, keys array<long>, hashes binary"
UNITS = "id string, units array<long>, contexts array<int>"


def minhash_signatures(df, text_col: str = "text", id_col: str = "id", date_col: str | None = "date", config: Config | None = None):
    """One row per article long enough to sign: id, ISO date, distinct-shingle count, words,
    signature (little-endian uint32 bytes), LSH band keys (as signed 64-bit integers) and the
    distinct shingle hashes in reading order (little-endian uint32 bytes), which the walk
    settles uncertain pairs from.

    With ``config.boilerplate`` above 0 (the default) corpus boilerplate is found first and
    left out, which takes a pass over the input and a shuffle of paragraph hashes.
    """
    config = (config or Config()).replace(text_field=text_col, id_field=id_col, date_field=date_col or "")
    records = _records(df, config)
    skip = boilerplate(records, config) if config.boilerplate > 0 else np.empty(0, dtype=np.uint32)
    return records.mapInPandas(_signer(config, skip), SIGNED)


def boilerplate(records, config: Config) -> np.ndarray:
    """The corpus boilerplate's unit hashes (sorted ``uint32``), counted by Spark's shuffle."""
    F, _ = pyspark()
    units = records.mapInPandas(_units(config), UNITS)
    occurrences = units.select("id", F.explode(F.arrays_zip("units", "contexts")).alias("u")).select(
        "id", F.col("u.units").alias("unit"), F.col("u.contexts").alias("context"))
    counted = occurrences.groupBy("unit").agg(F.count(F.lit(1)).alias("occurrences"), F.countDistinct("id").alias("docs"),
                                               F.countDistinct("context").alias("settings"))

    def pick(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            keep = is_boilerplate(batch["docs"].to_numpy(), batch["settings"].to_numpy(), batch["occurrences"].to_numpy(),
                                  config.boilerplate)
            yield batch[["unit", "docs"]][keep]

    candidates = counted.where(F.col("docs") >= config.boilerplate).mapInPandas(pick, "unit long, docs long")
    # how many of each candidate's articles share another unit with another article that has it
    held = occurrences.select("id", "unit").distinct()
    shared = held.join(held.groupBy("unit").count().where(F.col("count") >= 2).select("unit"), "unit")
    carrying = held.join(F.broadcast(candidates.select(F.col("unit").alias("candidate"))), F.col("unit") == F.col("candidate"))
    paired = carrying.select("id", "candidate").join(shared, "id").where(F.col("unit") != F.col("candidate"))
    corroborating = paired.groupBy("candidate", "unit").agg(F.collect_set("id").alias("ids")).where(F.size("ids") >= 2)
    # and the articles with no unit but candidates
    own = held.join(F.broadcast(candidates.select("unit")), "unit", "left_anti").select("id").distinct()
    bare = carrying.select("candidate", "id").join(own, "id", "left_anti")
    votes = (corroborating.select("candidate", F.explode("ids").alias("id")).unionByName(bare).distinct()
             .groupBy(F.col("candidate").alias("unit")).agg(F.count(F.lit(1)).alias("corroborated")))

    def judge(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            yield batch[["unit"]][~copies_carry(batch["docs"].to_numpy(), batch["corroborated"].to_numpy())]

    # only the boilerplate reaches the driver, not every paragraph that a few copies share
    found = (candidates.join(votes, "unit", "left").fillna(0, ["corroborated"])
             .mapInPandas(judge, "unit long").toPandas())
    return np.sort(found["unit"].to_numpy().astype(np.uint32))


def _records(df, config: Config):
    """The input's article fields as strings, named as the config names them."""
    fields = (config.id_field, config.text_field, config.title_field, config.date_field, config.source_field, config.url_field)
    for required in fields[:2]:
        if required not in df.columns:
            raise DedupError(f"the input has no {required!r} column (see --id-field / --text-field)")
    present = list(dict.fromkeys(f for f in fields if f and f in df.columns))
    return df.select(*(df[f].cast("string").alias(f) for f in present))


def _articles(batch: Any, config: Config) -> list[Article | None]:
    """Each row's article as the local reader makes it, or None when it would be skipped."""
    out: list[Article | None] = []
    for record in batch.to_dict("records"):
        try:
            fields = record_fields({k: v for k, v in record.items() if isinstance(v, str)}, config)
            article = article_from_fields(fields, None, config)
        except Skip:
            out.append(None)
            continue
        item = next(accept([article], config))
        out.append(item if isinstance(item, Article) else None)
    return out


def _signed(batches: Iterator[Any], config: Config, skip: np.ndarray | None,
            keep_hashes: bool = False) -> Iterator[tuple[list[Article], Any, np.ndarray]]:
    """Each batch's articles, their signatures, and which of them are long enough to keep."""
    for batch in batches:
        articles = [a for a in _articles(batch, config) if a is not None]
        signed = signatures([a.matching_text for a in articles], config, skip=skip, keep_hashes=keep_hashes)
        yield articles, signed, np.flatnonzero(signed.words >= config.min_words)


def _signer(config: Config, skip: np.ndarray):
    """Rows of ``SIGNED`` from batches of records."""
    bands, rows_per_band = config.bands

    def sign(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for articles, signed, kept in _signed(batches, config, skip, keep_hashes=True):
            keys = band_keys(signed.matrix[kept], bands, rows_per_band).view(np.int64)
            ends = np.cumsum(signed.shingles)
            yield pd.DataFrame({
                "id": pd.Series([articles[i].id for i in kept], dtype=object),
                "date": pd.Series([articles[i].date for i in kept], dtype=object),
                "size": signed.shingles[kept].astype(np.int64),
                "words": signed.words[kept].astype(np.int64),
                "sig": pd.Series([signed.matrix[i].astype("<u4").tobytes() for i in kept], dtype=object),
                "keys": pd.Series([row.tolist() for row in keys], dtype=object),
                "hashes": pd.Series([signed.hashes[ends[i] - signed.shingles[i] : ends[i]].astype("<u4").tobytes() for i in kept],
                                    dtype=object),
            })

    return sign


def _units(config: Config):
    """Rows of ``UNITS`` (each article's paragraph units and their contexts) from batches of
    records."""

    def report(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for articles, signed, kept in _signed(batches, config, None):
            ends = signed.unit_ends
            starts = np.concatenate(([0], ends[:-1])).astype(np.int64)
            yield pd.DataFrame({
                "id": pd.Series([articles[i].id for i in kept], dtype=object),
                "units": pd.Series([signed.unit_hashes[starts[i] : ends[i]].astype(np.int64) for i in kept], dtype=object),
                "contexts": pd.Series([signed.unit_contexts[starts[i] : ends[i]].astype(np.int32) for i in kept], dtype=object),
            })

    return report
