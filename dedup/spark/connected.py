"""Connected components on Spark DataFrames by alternating large-star and small-star
operations (Kiveris et al., "Connected Components in MapReduce and Beyond", SoCC 2014): no
node ever holds more than its own edges, and the rounds are bounded by the square of the
logarithm of the number of nodes, not by a component's diameter as label propagation's are
(a 300-node chain settles in a few rounds: ``tests/test_spark.py``).

Edges are kept as ``(child, parent)`` with ``parent < child``. Large-star points every
larger neighbour of a node at the node's smallest neighbour (itself included); small-star
points a node and its smaller neighbours at the smallest of them. Both keep connectivity;
when every child has one parent and every parent is a root (no one's child) the graph is a
set of stars, one a component, each centred on the component's smallest id.
"""

from __future__ import annotations

from dedup.errors import DedupError
from dedup.spark.session import pyspark


def components(pairs, max_rounds: int = 64):
    """``(id, component)`` for every id in a pair ``(a, b)``: the component's smallest id."""
    F, _ = pyspark()
    # materialised once: every round reads its edges several times, and the pairs behind them
    # (band keys joined and verified) must not be computed again for each read
    edges = (pairs.select(F.greatest("a", "b").alias("child"), F.least("a", "b").alias("parent")).where("child != parent")
             .distinct().localCheckpoint())
    for _ in range(max_rounds):
        # checkpointed each round: the plan would otherwise grow with every round's joins
        edges = _small_star(_large_star(edges)).localCheckpoint()
        if _stars(edges):
            roots = edges.select(F.col("parent").alias("id"), F.col("parent").alias("component")).distinct()
            return edges.select(F.col("child").alias("id"), F.col("parent").alias("component")).union(roots)
    raise DedupError(f"components did not settle in {max_rounds} rounds")


def _stars(edges) -> bool:
    """Whether every child has one parent and every parent is a root."""
    F, _ = pyspark()
    children = edges.select(F.col("child").alias("parent")).distinct()
    return edges.join(children, "parent", "left_semi").isEmpty() and edges.groupBy("child").count().where("count > 1").isEmpty()


def _large_star(edges):
    """Each node's larger neighbours point at its smallest neighbour (itself included)."""
    F, _ = pyspark()
    both = edges.select(F.col("parent").alias("node"), F.col("child").alias("other")).union(
        edges.select(F.col("child").alias("node"), F.col("parent").alias("other")))
    smallest = both.groupBy("node").agg(F.least(F.min("other"), F.col("node")).alias("star"))
    return (both.where(F.col("other") > F.col("node")).join(smallest, "node")
            .select(F.col("other").alias("child"), F.col("star").alias("parent")).distinct())


def _small_star(edges):
    """Each node and its smaller neighbours point at the smallest of them."""
    F, _ = pyspark()
    smallest = edges.groupBy("child").agg(F.min("parent").alias("star"))
    moved = (edges.join(smallest, "child").where(F.col("parent") != F.col("star"))
             .select(F.col("parent").alias("child"), F.col("star").alias("parent")))
    return moved.union(smallest.select("child", F.col("star").alias("parent"))).distinct()
