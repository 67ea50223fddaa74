"""Who copied whom, through a scan: a wire story copied by outlet A, and A's copy copied again
by outlets B and C, each adding edits of its own. Every member must name its true source,
through the API (articles handed over once, as an iterator: nothing can be read twice) and
through ``dedup scan --lineage`` in every format."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dedup
from dedup.cli import app
from dedup.lineage import MOST, lineage_of_shingles

WIRE = (
    "Dock workers at the port of Kestrel Bay walked off the job on Monday morning after talks over pay and "
    "night shift hours broke down late on Sunday, union leaders said. The stoppage halted the loading of "
    "eleven container ships and left trucks queued along the coast road for several kilometres. "
    "\"We have been patient for two years and the company has offered us nothing but promises,\" said "
    "Marta Ilves, who chairs the dockers' branch of the transport union. The port authority said it regretted "
    "the action and urged both sides to return to the table before the weekend. A spokesman for the operator, "
    "Harwick Terminals, said its offer of a four percent rise over two years remained on the table and that "
    "it had proposed an independent review of the shift rota. Exporters of timber and frozen fish warned that "
    "a long dispute would cost them contracts abroad. The last strike at the port, in 2019, lasted nine days "
    "and ended with a settlement brokered by the regional labour office. Talks are expected to resume on "
    "Wednesday at the offices of the mediation service in the old customs house."
)


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


A = _edit(WIRE, ("walked off the job", "downed tools"), ("several kilometres", "miles"),
          ("Exporters of timber and frozen fish", "Timber and seafood exporters"))
B = _edit(A, ("eleven container ships", "a dozen cargo vessels"), ("regretted", "deeply regretted"),
          ("independent review", "outside review"))
C = _edit(A, ("Marta Ilves, who chairs", "Marta Ilves, head of"), ("before the weekend", "within days"),
          (" Talks are expected to resume on Wednesday at the offices of the mediation service in the old customs house.", ""))
VERSIONS = {  # id: (outlet, date, text, true source)
    "wire/strike.txt": ("Meridian Wire", "2024-03-04", WIRE, None),
    "outlet-a/strike.txt": ("Outlet A", "2024-03-05", A, "wire/strike.txt"),
    "outlet-b/strike.txt": ("Outlet B", "2024-03-05", B, "outlet-a/strike.txt"),
    "outlet-c/strike.txt": ("Outlet C", "2024-03-06", C, "outlet-a/strike.txt"),
}
UNRELATED = ("The city library will open its new reading room for children on Saturday, with a puppet show, "
             "storytelling in three languages and a stall selling second-hand picture books for charity.")


def _articles(dated: bool = True):
    for id_, (outlet, date, text, _) in VERSIONS.items():
        yield dedup.article(id_, text, source=outlet, date=date if dated else None)
    yield dedup.article("other/library.txt", UNRELATED)


def test_the_api_names_each_copys_source_and_the_first_publisher():
    result = dedup.scan(iter(_articles()), lineage=True)
    (cluster,) = result.clusters
    assert cluster.first_publisher == "wire/strike.txt"
    parents = {m.id: m.parent for m in cluster.members}
    assert parents == {id_: source for id_, (_, _, _, source) in VERSIONS.items()}
    confidence = {m.id: m.parent_confidence for m in cluster.members}
    assert confidence["wire/strike.txt"] == 1.0  # the only version of the earliest day
    assert all(0.0 < confidence[id_] <= 1.0 for id_ in VERSIONS)
    record = cluster.to_dict()
    assert record["first_publisher"] == "wire/strike.txt"
    assert [m["parent"] for m in record["members"]] == [parents[m.id] for m in cluster.members]


def test_a_scan_without_lineage_keeps_its_fields():
    (cluster,) = dedup.scan(iter(_articles())).clusters
    assert cluster.first_publisher is None and all(m.parent_confidence is None for m in cluster.members)
    record = cluster.to_dict()
    assert list(record) == ["cluster", "size", "canonical", "members"]
    assert list(record["members"][0]) == ["id", "path", "title", "date", "source", "similarity", "containment"]


def _links(members) -> set[frozenset[str]]:
    return {frozenset((m.id, m.parent)) for m in members if m.parent is not None}


def test_undated_copies_get_the_tree_with_halved_confidence():
    """Without dates, content alone cannot tell the wire story from A, which only replaced
    words: the links between versions are found, the direction is a guess and says so."""
    (cluster,) = dedup.scan(list(_articles(dated=False)), lineage=True).clusters
    assert _links(cluster.members) == {frozenset((i, s)) for i, (_, _, _, s) in VERSIONS.items() if s}
    assert cluster.first_publisher in ("wire/strike.txt", "outlet-a/strike.txt")
    assert all(m.parent_confidence <= 0.5 for m in cluster.members)


def test_the_command_line_traces_lineage_in_every_format(tmp_path):
    for id_, (_outlet, date, text, _) in VERSIONS.items():
        path = tmp_path / id_
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Title: Port strike\nDate: {date}\n\n{text}\n", encoding="utf-8")
    runner = CliRunner()
    lines = runner.invoke(app, ["scan", str(tmp_path), "--lineage", "-f", "jsonl", "-q"])
    assert lines.exit_code == 0, lines.output
    (record,) = [json.loads(line) for line in lines.stdout.splitlines()]
    assert record["first_publisher"] == "wire/strike.txt"
    assert {m["id"]: m["parent"] for m in record["members"]} == {id_: s for id_, (_, _, _, s) in VERSIONS.items()}
    assert {m["id"]: m["source"] for m in record["members"]}["outlet-b/strike.txt"] == "outlet-b"  # from the folder
    whole = json.loads(runner.invoke(app, ["scan", str(tmp_path), "--lineage", "-f", "json", "-q"]).stdout)
    assert whole["clusters"][0]["members"] == record["members"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["scan", str(tmp_path), "--lineage", "-f", "csv", "-q"]).stdout)))
    assert {r["id"]: r["parent"] for r in rows} == {id_: s or "" for id_, (_, _, _, s) in VERSIONS.items()}
    assert {r["first_publisher"] for r in rows} == {"wire/strike.txt"}
    assert all(0.0 <= float(r["parent_confidence"]) <= 1.0 for r in rows)
    table = runner.invoke(app, ["scan", str(tmp_path), "--lineage", "-f", "table", "-q"]).stdout
    assert "copied from" in table and "first publisher" in table.splitlines()[1]
    plain = runner.invoke(app, ["scan", str(tmp_path), "-f", "jsonl", "-q"]).stdout
    assert "parent" not in plain and "first_publisher" not in plain


def test_scan_with_a_report_keeps_its_output_plain(tmp_path):
    folder = tmp_path / "in"
    for id_, (_outlet, date, text, _) in VERSIONS.items():
        (folder / id_).parent.mkdir(parents=True, exist_ok=True)
        (folder / id_).write_text(f"Date: {date}\n\n{text}\n", encoding="utf-8")
    made = CliRunner().invoke(app, ["scan", str(folder), "-f", "jsonl", "-q", "--report", str(tmp_path / "r.html")])
    assert made.exit_code == 0, made.output
    assert "parent" not in made.stdout and (tmp_path / "r.html").exists()


def test_clusters_over_the_cap_are_not_traced():
    shingles = [np.array([i, i + 1], dtype=np.uint32) for i in range(MOST + 1)]
    dates = [None] * 3 + ["2024-01-02"] + [None] * (MOST - 3)
    found = lineage_of_shingles(shingles, dates)
    assert found.root == 3 and found.parents == [(None, 0.0)] * (MOST + 1)


@pytest.mark.parametrize("shape", ["chain", "random"])
def test_generated_trees_of_copies(shape):
    """Dated trees of five versions from the benchmark's generator: most parents found."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from copytrees import copy_tree

    from dedup.lineage import lineage

    right = total = 0
    for seed in range(20):
        tree = copy_tree(WIRE + " " + A, versions=5, seed=seed, shape=shape)
        found = lineage(tree.texts, tree.dates)
        right += sum(found.parents[m][0] == tree.parents[m] for m in range(1, 5))
        total += 4
    assert right / total >= 0.85


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sets(st.integers(0, 40), max_size=30), st.sampled_from([None, "2024-03-04", "2024-03-05", "2024-03-06"])),
                min_size=1, max_size=9))
def test_parents_always_form_a_tree_from_the_first_publisher(versions):
    """Whatever the versions: every one reaches the root through its parents, none is its own
    ancestor, no parent is dated after its child, and confidences lie in [0, 1]."""
    shingles = [np.array(sorted(s), dtype=np.uint32) for s, _ in versions]
    dates = [d for _, d in versions]
    found = lineage_of_shingles(shingles, dates)
    assert found.parents[found.root][0] is None
    for member, (parent, confidence) in enumerate(found.parents):
        assert 0.0 <= confidence <= 1.0
        seen, at = set(), member
        while found.parents[at][0] is not None:
            assert at not in seen
            seen.add(at)
            at = found.parents[at][0]
        assert at == found.root
        if parent is not None and dates[parent] and dates[member]:
            assert dates[parent] <= dates[member]
