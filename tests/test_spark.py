"""The Spark engine on a real local Spark (``local[2]``): the same clusters, canonical choices
and numbering as the local engine on the same documents."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from corpus import generate  # noqa: E402

from dedup import Article, Config, read, scan
from tests.conftest import FIXTURES, ROOT
from tests.text import article, words


def need_pyspark() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("DEDUP_REQUIRE_SPARK"):
            pytest.fail("pyspark is missing (the test extra installs it)")
        pytest.skip("needs pyspark: pip install '.[spark]' from the checkout")


@pytest.fixture(scope="module")
def spark():
    need_pyspark()
    from dedup.spark import session

    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def spark_clusters(spark, articles: list[Article], config: Config) -> dict[str, tuple[int, frozenset[str]]]:
    """The Spark engine's clusters of the articles, given as the records a reader would see:
    full text (site chrome in), title, date."""
    from dedup.spark import deduplicate

    rows = [(a.id, a.text, a.title, a.date) for a in articles]
    df = spark.createDataFrame(rows, "id string, text string, title string, date string")
    found: dict[str, tuple[int, set[str]]] = {}
    for row in deduplicate(df, config=config).collect():
        if row.cluster is not None:
            found.setdefault(row.canonical, (row.cluster, set()))[1].add(row.id)
            assert row.is_duplicate == (row.id != row.canonical)
    return {k: (n, frozenset(ids)) for k, (n, ids) in found.items()}


def local_clusters(source, config: Config) -> dict[str, tuple[int, frozenset[str]]]:
    return {c.canonical: (c.cluster, frozenset(m.id for m in c.members)) for c in scan(source, config).clusters}


def with_footer(articles: list[Article], every: int) -> list[Article]:
    """Every ``every``-th article ends with one outlet's house footer."""
    footer = "\n\nThe Harbour Gazette is published by Gazette Media Group. Subscribe today for local news you can trust."
    return [Article(a.id, a.text + footer, date=a.date) if i % every == 0 else a for i, a in enumerate(articles)]


def test_fixture_corpus_gives_the_local_engines_clusters(spark):
    # the default settings: site chrome and the corpus's boilerplate footers left out
    config = Config()
    articles = [a for a in read(FIXTURES / "corpus") if isinstance(a, Article)]
    result = scan(FIXTURES / "corpus", config)
    # the survey has something to find: the Gazette's footer (the port strike's closing
    # paragraph, in three copies after different text, is the story's own and stays)
    assert result.summary.boilerplate_paragraphs == 1
    expected = local_clusters(FIXTURES / "corpus", config)
    assert len(expected) == 3
    assert spark_clusters(spark, articles, config) == expected


@pytest.mark.parametrize("boilerplate", [0, 3])
def test_a_generated_corpus_with_copies_gives_the_same_clusters(spark, boilerplate):
    config = Config(boilerplate=boilerplate)
    articles = with_footer([Article(d.id, d.text, date=d.date) for d in generate(400, seed=5)], every=7)
    expected = local_clusters(articles, config)
    assert len(expected) > 20
    assert spark_clusters(spark, articles, config) == expected


def test_the_footer_survey_finds_what_the_local_survey_finds(spark):
    from dedup.matching.boilerplate import find_boilerplate
    from dedup.minhash import signatures
    from dedup.spark.signing import _records, boilerplate

    config = Config()
    articles = with_footer([Article(d.id, d.text, date=d.date) for d in generate(200, seed=9)], every=5)
    local = signatures([a.text for a in articles], config)
    expected = find_boilerplate(local.unit_hashes, local.unit_contexts, local.unit_ends, config.boilerplate)
    df = spark.createDataFrame([(a.id, a.text) for a in articles], "id string, text string")
    found = boilerplate(_records(df, config), config)
    assert len(expected) >= 1
    assert found.tolist() == expected.tolist()


def test_components_of_a_long_chain_and_random_edges_match_union_find(spark):
    import random

    from dedup.spark import components

    rng = random.Random(3)
    ids = [f"n{i:04d}" for i in range(600)]
    chain = ids[:300]
    rng.shuffle(chain)  # a path of 300 nodes in no id order: label propagation needs ~300 rounds
    edges = list(zip(chain, chain[1:])) + [tuple(rng.sample(ids[300:], 2)) for _ in range(250)]
    parent = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, set[str]] = {}
    for a, b in edges:
        for x in (a, b):
            members.setdefault(root(x), set()).add(x)
    expected = {x: min(group) for group in members.values() for x in group}
    pairs = spark.createDataFrame([(min(a, b), max(a, b)) for a, b in edges], "a string, b string")
    got = {r.id: r.component for r in components(pairs).collect()}
    assert got == expected


def test_articles_too_short_are_left_unclustered(spark):
    from dedup.spark import deduplicate

    df = spark.createDataFrame([("a", "too short", None), ("b", "too short", None)], "id string, text string, date string")
    rows = deduplicate(df).collect()
    assert sorted(r.id for r in rows) == ["a", "b"]
    assert all(r.cluster is None and r.is_duplicate is False for r in rows)


def test_repeated_ids_are_refused_naming_them(spark):
    from dedup.errors import DedupError
    from dedup.spark import deduplicate

    text = " ".join(f"word{i}" for i in range(60))
    df = spark.createDataFrame([("a", text), ("a", text), ("b", text)], "id string, text string")
    with pytest.raises(DedupError, match="ids must be unique.*'a'"):
        deduplicate(df)


def test_the_survey_keeps_copies_in_other_outlets_pages_as_locally(spark):
    from dedup.matching.boilerplate import find_boilerplate
    from dedup.minhash import signatures
    from dedup.spark.signing import _records, boilerplate

    config = Config()
    story, lone = article(200, seed=21).split("\n\n"), " ".join(words(40, seed=7)).capitalize() + "."
    footers = [" ".join(words(20, seed=50 + o)).capitalize() + "." for o in range(4)]
    texts = [f"By {o} staff\n\n" + "\n\n".join(story) + "\n\n" + footers[o] for o in range(4)]
    texts += [f"Listen {o}\n\n{lone}\n\n{footers[o]}" for o in range(3)]
    texts += [article(60, seed=100 + k) + "\n\n" + footers[k % 4] for k in range(12)]
    local = signatures(texts, config)
    expected = find_boilerplate(local.unit_hashes, local.unit_contexts, local.unit_ends, config.boilerplate)
    found = boilerplate(_records(spark.createDataFrame([(f"t{i}", t) for i, t in enumerate(texts)], "id string, text string"),
                                 config), config)
    assert len(expected) == 4  # the four footers; the copies' paragraphs are evidence
    assert found.tolist() == expected.tolist()


def test_local_deduplicate_of_a_frame_labels_rows_as_spark_does(spark):
    """dedup.deduplicate on a pandas frame and dedup.spark.deduplicate on the same rows give
    every row the same cluster, canonical and is_duplicate."""
    import pandas as pd

    import dedup
    from dedup.spark import deduplicate as spark_deduplicate

    articles = with_footer([Article(d.id, d.text, date=d.date) for d in generate(300, seed=13)], every=6)
    rows = [(a.id, a.text, a.date) for a in articles] + [(None, articles[0].text, None), ("short", "Too short.", None)]
    local = dedup.deduplicate(pd.DataFrame(rows, columns=["id", "text", "date"]), date_col="date")
    on_spark = spark_deduplicate(spark.createDataFrame(rows, "id string, text string, date string"), date_col="date").toPandas()

    def labelled(frame):
        return sorted((r["id"] or "", None if pd.isna(r["cluster"]) else int(r["cluster"]),
                       None if pd.isna(r["canonical"]) else r["canonical"], bool(r["is_duplicate"]))
                      for r in frame.to_dict("records"))

    assert sum(1 for row in labelled(local) if row[3]) > 20
    assert labelled(local) == labelled(on_spark)


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


def fixture_feed(path: Path) -> list[Article]:
    """The fixture corpus as one JSON Lines file, as a pipeline would hold it."""
    import json

    articles = [a for a in read(FIXTURES / "corpus") if isinstance(a, Article)]
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text, "title": a.title, "date": a.date}) + "\n" for a in articles))
    return articles


def readme_recipe() -> list[str]:
    """The shell lines of the README's spark-submit recipe (continuation lines joined)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", readme, re.S) if "venv-pack" in b)
    return [line.split("  #")[0].strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def test_the_readme_spark_submit_recipe_runs_from_this_checkout(tmp_path):
    """The cluster recipe as the README writes it, from a copy of this checkout: the wheel built
    from it, the environment installed and packed with venv-pack, the archive unpacked as a
    node unpacks it, and PySpark's bundled spark-submit (on PATH from the environment) running
    the job script of the packed environment on local[2]. (The one slow test: it installs
    the spark extra into a new environment, about 1.3 GB, and packs it uncompressed to save a
    minute.)"""
    need_pyspark()
    import shutil
    import subprocess
    import tarfile

    import pyarrow.parquet as pq

    steps = readme_recipe()
    build, pack, path, submit = steps[0], steps[1:3], steps[3], steps[4]
    assert build == "pip wheel --no-deps -w dist ." and path == 'export PATH="$PWD/env/bin:$PATH"'
    assert pack == ['python -m venv env && env/bin/pip install "$(ls dist/newsdedup-*.whl)[spark]" venv-pack',
                    "env/bin/venv-pack -p env -o env.tar.gz"]
    assert submit.startswith("spark-submit ") and "--archives env.tar.gz#env" in submit
    assert "--conf spark.pyspark.python=./env/bin/python" in submit

    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, symlinks=True, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                                                  ".pytest_cache", ".hypothesis", "out", ".fuzz"))
    shell = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    for step in [build, *pack]:
        done = subprocess.run(["bash", "-ec", step.replace("venv-pack -p", "venv-pack --compress-level 0 -p")],
                              cwd=checkout, env=shell, capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, (step, done.stderr[-3000:])
    wheel = next((checkout / "dist").glob("newsdedup-*.whl"))
    import zipfile

    import dedup

    assert wheel.name.startswith(f"newsdedup-{dedup.__version__}-")
    assert {"dedup/py.typed", "dedup/spark/log4j2.properties"} <= set(zipfile.ZipFile(wheel).namelist())

    node = tmp_path / "node"  # what YARN makes of --archives env.tar.gz#env
    with tarfile.open(checkout / "env.tar.gz") as archive:
        archive.extractall(node / "env")
    feed = node / "articles.jsonl"
    articles = fixture_feed(feed)
    job = subprocess.run([str(node / "env" / "bin" / "python"), "-c", "import dedup.spark.job as job; print(job.__file__)"],
                         cwd=node, capture_output=True, text=True, check=True).stdout.strip()
    assert job.startswith(str(node / "env"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK", "SPARK_HOME", "VIRTUAL_ENV"))}
    clean["PATH"] = f"{node / 'env' / 'bin'}:{os.environ['PATH']}"
    done = subprocess.run(["spark-submit", "--master", "local[2]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false",
                           "--conf", "spark.pyspark.python=./env/bin/python", job, feed.name, "-o", "out.parquet", "-q"],
                          cwd=node, env=clean, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = pq.read_table(node / "out.parquet").to_pylist()
    assert len(rows) == len(articles)
    expected = {m.id for c in scan(feed).clusters for m in c.duplicates}
    assert {r["id"] for r in rows if r["is_duplicate"]} == expected and expected


def test_spark_errors_are_one_line_and_the_trace_only_with_verbose(tmp_path):
    need_pyspark()
    import subprocess

    command = [sys.executable, "-m", "dedup", "scan", "--engine", "spark", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out")]
    quiet = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert quiet.returncode == 1
    said = [line for line in quiet.stderr.splitlines() if not line.startswith("WARNING: Using incubator modules")]
    assert len(said) == 1 and said[0].startswith("Error: Spark could not run the job: [PATH_NOT_FOUND]"), quiet.stderr
    verbose = subprocess.run([*command, "--verbose"], capture_output=True, text=True, timeout=600)
    assert verbose.returncode == 1 and "\tat org.apache.spark" in verbose.stderr
    assert verbose.stderr.strip().splitlines()[-1].startswith("Error: Spark could not run the job")


def test_a_folder_of_text_files_is_refused_in_one_line_before_spark_starts(tmp_path):
    from typer.testing import CliRunner

    from dedup.cli import app

    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.txt").write_text(article(120, seed=n))
    result = CliRunner().invoke(app, ["scan", "--engine", "spark", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {folder}: --engine spark reads Parquet and JSON Lines, and this holds 3 other "
                                     f"file(s) (.txt): scan files of articles with the local engine (dedup scan {folder}), "
                                     "or give their records as JSON Lines")
    assert not (tmp_path / "out").exists()


def test_spark_job_errors_say_what_to_fix(tmp_path):
    need_pyspark()
    from typer.testing import CliRunner

    from dedup.cli import app

    result = CliRunner().invoke(app, ["scan", "--engine", "spark", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Spark could not run the job" in result.output and "missing.jsonl" in result.output


def test_spark_engine_refuses_the_local_engines_options(tmp_path):
    from typer.testing import CliRunner

    from dedup.cli import app

    for option in (["--stories"], ["--lineage"], ["--all"], ["--format", "csv"], ["--strict"], ["--report", str(tmp_path / "r.html")],
                   ["--duplicates-only"]):
        result = CliRunner().invoke(app, ["scan", "--engine", "spark", "in.jsonl", "-o", str(tmp_path / "out"), *option])
        assert result.exit_code == 1 and f"{option[0]}: not with --engine spark" in result.output


def test_spark_output_on_cluster_storage_reaches_spark_as_written(monkeypatch):
    """A remote output keeps its '//' (a path type would make s3://bucket/x into s3:/bucket/x)."""
    need_pyspark()
    from typer.testing import CliRunner

    import dedup.spark
    from dedup.cli import app

    seen = {}
    monkeypatch.setattr(dedup.spark, "run", lambda paths, output, config, master, verbose=False: seen.update(paths=paths, output=output) or 0)
    result = CliRunner().invoke(app, ["scan", "--engine", "spark", "s3://news/in/*.jsonl.gz", "-o", "s3://news/out.parquet"])
    assert result.exit_code == 0, result.output
    assert seen == {"paths": ["s3://news/in/*.jsonl.gz"], "output": "s3://news/out.parquet"}
