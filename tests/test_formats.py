"""Files pipelines use — JSON arrays, CSV, Parquet, compressed JSON Lines — and data frames in
and out (pandas, polars, pyarrow): the same articles, ids and clusters whatever the container."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from dedup import Article, article, deduplicate, read, scan
from dedup.errors import NotAnArticle
from dedup.records import Skipped
from tests.text import article as text_of

BODY = text_of(150, seed=3)
RECORDS = [
    {"id": "wire-1", "text": BODY, "title": "Port strike", "date": "March 4, 2024", "source": "Wire"},
    {"id": "copy-1", "text": "Advertisement\n" + BODY + "\n\nMore to follow.", "title": "Dockers out", "date": "2024-03-05"},
    {"id": "other", "text": text_of(150, seed=4), "title": "Harvest", "date": "2024-03-06"},
    {"id": 17, "text": text_of(150, seed=5)},
]


def items(path) -> list:
    return list(read(path, jobs=1))


def articles_of(path) -> dict[str, Article]:
    return {a.id: a for a in items(path) if isinstance(a, Article)}


def same_articles(found: dict[str, Article]) -> None:
    """The records as every container must give them: ids, ISO dates, chrome left out."""
    assert sorted(found) == ["17", "copy-1", "other", "wire-1"]
    assert found["wire-1"].date == "2024-03-04" and found["wire-1"].source == "Wire"
    assert found["copy-1"].matching_text.startswith(BODY[:40])  # 'Advertisement' is chrome
    assert not found["wire-1"].whole_file


def test_a_json_array_is_records(tmp_path):
    (tmp_path / "feed.json").write_text(json.dumps(RECORDS))
    same_articles(articles_of(tmp_path / "feed.json"))


def test_json_lines_gzip_and_zstd(tmp_path):
    import zstandard

    lines = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "b.ndjson.zst").write_bytes(zstandard.ZstdCompressor().compress(lines))
    (tmp_path / "c.json.gz").write_bytes(gzip.compress(json.dumps(RECORDS).encode()))
    for name in ("a.jsonl.gz", "b.ndjson.zst", "c.json.gz"):
        same_articles(articles_of(tmp_path / name))


def test_csv_and_tsv(tmp_path):
    import csv

    for name, delimiter in (("feed.csv", ","), ("feed.tsv", "\t")):
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ["id", "text", "title", "date", "source"], delimiter=delimiter)
            writer.writeheader()
            writer.writerows(RECORDS)  # the texts hold line breaks: quoted fields
        same_articles(articles_of(tmp_path / name))


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{**r, "id": str(r["id"])} for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "feed.parquet")
    same_articles(articles_of(tmp_path / "feed.parquet"))


def test_dotted_field_paths_reach_into_nested_records(tmp_path):
    nested = [{"meta": {"id": r["id"], "headline": r.get("title")}, "content": {"body": r["text"]}} for r in RECORDS]
    (tmp_path / "nested.jsonl").write_text("".join(json.dumps(n) + "\n" for n in nested))
    found = {a.id: a for a in read(tmp_path, jobs=1, text_field="content.body", id_field="meta.id",
                                   title_field="meta.headline") if isinstance(a, Article)}
    assert sorted(found) == ["17", "copy-1", "other", "wire-1"] and found["wire-1"].title == "Port strike"


def test_record_ids_fall_back_to_file_and_number(tmp_path):
    (tmp_path / "feed.csv").write_text("text\n" + "\n".join(json.dumps(text_of(40, seed=n)) for n in range(3)) + "\n")
    assert sorted(articles_of(tmp_path / "feed.csv")) == ["feed.csv:1", "feed.csv:2", "feed.csv:3"]


def test_a_table_without_the_text_column_is_one_skip(tmp_path):
    (tmp_path / "notes.csv").write_text("date,note\n2024-03-04,filed\n2024-03-05,fixed\n")
    [skip] = items(tmp_path / "notes.csv")
    assert isinstance(skip, Skipped) and "no 'text' column (it has date, note;" in skip.reason


@pytest.mark.parametrize("name, data, reason", [
    ("bad.jsonl.gz", b"\x1f\x8b\x08\x00not really gzip", "unreadable"),
    ("bad.parquet", b"PAR1 this is not parquet", "not a Parquet file"),
    ("bad.csv", "text\n\"caf\xe9\"\n".encode("latin-1"), "cannot decode"),
])
def test_damaged_record_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    found = items(tmp_path / name)
    assert isinstance(found[-1], Skipped) and reason in found[-1].reason


def test_a_missing_optional_reader_names_its_pip_install(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"id": "a", "text": BODY}]), tmp_path / "feed.parquet")
    blocked = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'pyarrow': raise ImportError('blocked for the test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dedup\n"
        f"print([s.reason for s in dedup.scan({str(tmp_path)!r}).skipped])\n"
    )
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Parquet needs the parquet extra: pip install 'pyarrow>=10'" in done.stdout
    assert "pip install 'pyarrow>=10'" in done.stderr  # and the dedup logger says so


# one way to make an article -------------------------------------------------------------


def test_article_applies_the_readers_rules(tmp_path):
    page = (f"<html><head><title>Port strike</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><p>{BODY.replace(chr(10) * 2, '</p><p>')}</p></article></body></html>")
    made = article("p", page, date="March 4, 2024")
    assert made.title == "Port strike" and made.date == "2024-03-04" and "Home" not in made.text
    text = "Title: Port strike\nBy Ana Writer\n\nShare this article\n" + BODY
    plain = article("t", text, header=True)
    assert (plain.title, plain.byline) == ("Port strike", "Ana Writer")
    assert plain.matching_text.strip().startswith(BODY[:30])  # the share line is chrome
    (tmp_path / "t.txt").write_text(text)
    [read_back] = articles_of(tmp_path / "t.txt").values()
    assert (read_back.title, read_back.byline, read_back.matching_text) == (plain.title, plain.byline, plain.matching_text)


def test_articles_made_from_records_cluster_as_the_cli_does(tmp_path):
    """Records handed over with dedup.article give the clusters that `dedup scan` gives on the
    same records in a JSON Lines file (site chrome, HTML and dates treated alike)."""
    from typer.testing import CliRunner

    from dedup.cli import app
    from tests.conftest import FIXTURES

    fields = ("title", "date", "source", "url")
    records = [{"id": a.id, "text": a.text, **{k: getattr(a, k) for k in fields}}
               for root in ("corpus", "realworld") for a in read(FIXTURES / root, jobs=1) if isinstance(a, Article)]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    cli = CliRunner().invoke(app, ["scan", str(tmp_path / "feed.jsonl"), "-f", "jsonl", "-q"])
    assert cli.exit_code == 0, cli.output
    from_cli = [(c["canonical"], sorted(m["id"] for m in c["members"])) for c in map(json.loads, cli.stdout.splitlines())]
    made = []
    for r in records:
        try:
            made.append(article(r["id"], r["text"], **{k: r[k] for k in fields}))
        except NotAnArticle:
            pass  # a page with no article text, which the reader skips too
    from_records = [(c.canonical, sorted(m.id for m in c.members)) for c in scan(made).clusters]
    assert len(from_cli) >= 3 and from_records == from_cli


# frames -------------------------------------------------------------------------------


def frame_rows() -> list[dict]:
    base = text_of(160, seed=21)
    rows = [{"id": f"r{n}", "text": (base if n % 3 == 0 else text_of(160, seed=50 + n)) + f" Item {n}.",
             "date": f"2024-03-{n % 28 + 1:02d}"} for n in range(30)]
    rows.append({"id": None, "text": base})  # no id: left unclustered
    return rows


EXPECTED_COLUMNS = ["id", "text", "date", "cluster", "canonical", "is_duplicate"]


def labels(records: list[dict]) -> list[tuple]:
    return [(r["id"], r["cluster"], r["canonical"], r["is_duplicate"]) for r in records]


def test_deduplicate_pandas_polars_and_arrow_agree():
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    rows = frame_rows()
    from_pandas = deduplicate(pd.DataFrame(rows), date_col="date")
    assert isinstance(from_pandas, pd.DataFrame) and list(from_pandas.columns) == EXPECTED_COLUMNS
    from_polars = deduplicate(pl.DataFrame(rows), date_col="date")
    assert isinstance(from_polars, pl.DataFrame) and from_polars.columns == EXPECTED_COLUMNS
    from_arrow = deduplicate(pa.Table.from_pylist(rows), date_col="date")
    assert isinstance(from_arrow, pa.Table) and from_arrow.column_names == EXPECTED_COLUMNS
    pandas_labels = labels([{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in from_pandas.to_dict("records")])
    assert pandas_labels == labels(from_polars.to_dicts()) == labels(from_arrow.to_pylist())
    found = {i: (c, k, d) for i, c, k, d in pandas_labels}
    copies = [f"r{n}" for n in range(0, 30, 3)]
    assert {found[i][1] for i in copies} == {"r0"}  # the earliest dated copy is canonical
    assert [found[i][2] for i in copies] == [False] + [True] * 9
    assert found[None] == (None, None, False) and found["r1"] == (None, None, False)


def test_deduplicate_refuses_repeated_ids():
    import pandas as pd

    from dedup import DedupError

    with pytest.raises(DedupError, match="ids must be unique.*'a'"):
        deduplicate(pd.DataFrame({"id": ["a", "a"], "text": [BODY, BODY]}))


def test_scan_reads_a_frame_as_rows():
    import pandas as pd

    result = scan(pd.DataFrame(frame_rows()), min_words=5)
    assert [sorted(m.id for m in c.members) for c in result.clusters] == [sorted(f"r{n}" for n in range(0, 30, 3))]
    assert [s.reason for s in result.skipped] == ["no id"]


def test_a_large_json_lines_file_reads_the_same_in_one_process_and_on_every_core(tmp_path):
    """JSON Lines are cut into runs of lines for the reading workers: the same items, in the
    same order, as one process reading line by line (a broken line, a line over the limit and
    blank lines among 3,000 records included)."""
    lines = []
    for n in range(3000):
        if n == 700:
            lines.append('{"id": "broken", "text": "cut off')
        elif n == 1400:
            lines.append(json.dumps({"id": "long", "text": "word " * 5000}))
        elif n % 500 == 0:
            lines.append("   ")
        else:
            lines.append(json.dumps({"id": f"r{n}", "text": text_of(40, seed=n), "date": "March 4, 2024"}))
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n")
    one = list(read(tmp_path / "big.jsonl", jobs=1, max_file_size=20_000))
    many = list(read(tmp_path / "big.jsonl", jobs=2, max_file_size=20_000))
    assert one == many
    assert len(one) == 3000 - 6 and sum(isinstance(i, Skipped) for i in one) == 2
    assert {i.id: i.reason.split(":")[0] for i in one if isinstance(i, Skipped)} == {"big.jsonl:701": "invalid JSON",
                                                                                      "big.jsonl:1401": "line too long"}
