"""The Spark engine on a real local Spark (``local[2]``): the same clusters, canonical choices
and numbering as the local engine on the same documents."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from dedup import Article, Config, read, scan

from tests.conftest import FIXTURES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        if os.environ.get("DEDUP_REQUIRE_SPARK"):
            pytest.fail("pyspark is missing (the test extra installs it)")
        pytest.skip("needs pyspark: pip install 'newsdedup[spark]'")
    from dedup.spark import session

    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def spark_clusters(spark, articles: list[Article], config: Config) -> dict[str, tuple[int, frozenset[str]]]:
    from dedup.spark import deduplicate

    df = spark.createDataFrame([(a.id, a.matching_text, a.date) for a in articles], "id string, text string, date string")
    found: dict[str, tuple[int, set[str]]] = {}
    for row in deduplicate(df, config=config).collect():
        if row.cluster is not None:
            found.setdefault(row.canonical, (row.cluster, set()))[1].add(row.id)
            assert row.is_duplicate == (row.id != row.canonical)
    return {k: (n, frozenset(ids)) for k, (n, ids) in found.items()}


def local_clusters(source, config: Config) -> dict[str, tuple[int, frozenset[str]]]:
    return {c.canonical: (c.cluster, frozenset(m.id for m in c.members)) for c in scan(source, config).clusters}


def test_fixture_corpus_gives_the_local_engines_clusters(spark):
    config = Config(boilerplate=0)  # the survey of corpus boilerplate is local only
    articles = [a for a in read(FIXTURES / "corpus") if isinstance(a, Article)]
    expected = local_clusters(FIXTURES / "corpus", config)
    assert len(expected) == 3
    assert spark_clusters(spark, articles, config) == expected


def test_a_generated_corpus_with_copies_gives_the_same_clusters(spark):
    config = Config(boilerplate=0)
    articles = [Article(d.id, d.text, date=d.date) for d in generate(400, seed=5)]
    expected = local_clusters(articles, config)
    assert len(expected) > 20
    assert spark_clusters(spark, articles, config) == expected


def test_articles_too_short_are_left_unclustered(spark):
    from dedup.spark import deduplicate

    df = spark.createDataFrame([("a", "too short", None), ("b", "too short", None)], "id string, text string, date string")
    rows = deduplicate(df).collect()
    assert sorted(r.id for r in rows) == ["a", "b"]
    assert all(r.cluster is None and r.is_duplicate is False for r in rows)


def test_scan_command_with_the_spark_engine_writes_parquet(spark, tmp_path):
    import json

    from typer.testing import CliRunner

    from dedup.cli import app

    articles = [a for a in read(FIXTURES / "corpus") if isinstance(a, Article)]
    feed = tmp_path / "in.jsonl"
    feed.write_text("".join(json.dumps({"id": a.id, "text": a.matching_text, "date": a.date}) + "\n" for a in articles))
    spark.stop()  # the command starts and stops its own session
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(app, ["scan", "--engine", "spark", "--master", "local[2]", str(feed), "-o", str(out),
                                      "--boilerplate", "0"])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    table = pq.read_table(out).to_pylist()
    assert len(table) == len(articles)
    dropped = {r["id"] for r in table if r["is_duplicate"]}
    expected = {m.id for c in scan(FIXTURES / "corpus", boilerplate=0).clusters for m in c.duplicates}
    assert dropped == expected
