"""The same deduplication on Apache Spark: an adapter over the local engine's stage functions,
not a second implementation of the algorithm (the ``spark`` extra, imported only here).

- :mod:`~dedup.spark.signing`: records read as the local reader reads them, signed by the
  local compiled kernel in ``mapInPandas``; corpus boilerplate counted by the shuffle and
  left out by the local rule;
- :mod:`~dedup.spark.pairs`: band keys grouped by the shuffle, runs capped as locally, pairs
  verified with the local measures;
- :mod:`~dedup.spark.connected`: connected components by large-star/small-star on DataFrames;
- :mod:`~dedup.spark.clustering`: each component split by the local chain-free walk, and the
  input labelled with ``cluster``, ``canonical`` and ``is_duplicate``;
- :mod:`~dedup.spark.job`: ``dedup scan --engine spark`` and the ``spark-submit`` script.

Not on Spark (yet): the same-story tier. Ids must be unique; a record without an id or text
is left unclustered (the local reader would number it by its line).
"""

from __future__ import annotations

from dedup.spark.clustering import clusters, deduplicate, label
from dedup.spark.connected import components
from dedup.spark.job import run
from dedup.spark.pairs import candidate_pairs
from dedup.spark.session import session
from dedup.spark.signing import boilerplate, minhash_signatures

__all__ = ["boilerplate", "candidate_pairs", "clusters", "components", "deduplicate", "label", "minhash_signatures", "run", "session"]
