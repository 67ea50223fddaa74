"""The dedup command, run as users run it: formats, field names, exit codes, stdin."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dedup.cli import app

from tests.conftest import FIXTURES, tree_digest
from tests.text import article

ROOTS = [str(FIXTURES / "corpus"), str(FIXTURES / "malformed")]
MEMBER_FIELDS = {"id", "path", "title", "date", "source", "similarity", "containment"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_jsonl_has_exactly_the_contract_fields():
    result = run("scan", *ROOTS, "--format", "jsonl", "--quiet")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"cluster", "size", "canonical", "members"}
        assert row["size"] == len(row["members"]) and row["members"][0]["id"] == row["canonical"]
        for member in row["members"]:
            assert set(member) == MEMBER_FIELDS
    assert [r["cluster"] for r in rows] == [1, 2, 3]


def test_json_holds_clusters_skipped_and_summary():
    result = run("scan", *ROOTS, "-f", "json", "-q")
    data = json.loads(result.stdout)
    assert set(data) == {"clusters", "skipped", "summary"}
    assert {s["id"] for s in data["skipped"]} >= {"malformed/binary.txt", "corpus/feeds/wire-feed.jsonl:6"}
    assert set(data["skipped"][0]) == {"id", "path", "reason"}
    assert data["summary"]["skipped"] == len(data["skipped"])


def test_csv_has_a_row_per_member():
    result = run("scan", *ROOTS, "-f", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 14
    assert rows[0]["canonical"] == rows[0]["id"] == "corpus/wire/port-strike.txt"


def test_duplicates_only_lists_the_ids_to_drop():
    result = run("scan", *ROOTS, "--duplicates-only", "-q")
    ids = result.stdout.split()
    assert len(ids) == 11
    assert "corpus/wire/port-strike.txt" not in ids and "corpus/ardmore-daily/port-strike-brief.md" in ids


def test_all_adds_singletons():
    rows = [json.loads(l) for l in run("scan", *ROOTS, "--all", "-q", "-f", "jsonl").stdout.splitlines()]
    assert sum(r["size"] for r in rows) == 31


def test_summary_and_skips_go_to_stderr():
    result = run("scan", *ROOTS, "-f", "jsonl")
    assert "Read 31 documents, skipped 10" in result.stderr
    assert "skipped malformed/notes.csv: unsupported file type '.csv'" in result.stderr
    assert "Read" not in result.stdout


def test_strict_fails_when_anything_was_skipped():
    result = run("scan", *ROOTS, "--strict", "-q")
    assert result.exit_code == 1
    assert "Error: 10 input(s) skipped (--strict)" in result.stderr
    assert run("scan", ROOTS[0] + "/wire", "--strict", "-q").exit_code == 0


def test_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run("scan", *ROOTS, "-o", str(out), "-q").exit_code == 0
    assert len(out.read_text().splitlines()) == 3


def test_stdin_json_lines():
    story = article(200, seed=3)
    lines = "\n".join(json.dumps({"id": i, "text": story}) for i in ("x", "y")) + "\n"
    result = run("scan", "-", "-f", "jsonl", "-q", input=lines)
    [row] = [json.loads(l) for l in result.stdout.splitlines()]
    assert {m["id"] for m in row["members"]} == {"x", "y"}


def test_matching_options_reach_the_config():
    loose = run("scan", *ROOTS, "--duplicates-only", "-q").stdout.split()
    strict = run("scan", *ROOTS, "--duplicates-only", "-q", "--threshold", "0.99", "--containment", "1.0").stdout.split()
    assert len(strict) < len(loose)


@pytest.mark.parametrize("args, message", [
    (["scan", "nope/"], "Error: nope/: no such file or folder"),
    (["scan", "fixtures", "--threshold", "1.5"], "Error: threshold must be in (0, 1], not 1.5"),
    (["scan", "fixtures", "--format", "xml"], "Error: unknown format 'xml'"),
])
def test_errors_say_what_is_wrong(args, message):
    proc = subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, cwd=FIXTURES.parent)
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_scan_never_touches_the_inputs():
    before = tree_digest(FIXTURES)
    run("scan", str(FIXTURES), "-q", "--all")
    assert tree_digest(FIXTURES) == before


def test_every_command_has_help():
    for command in ("scan",):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout
    assert "scan" in run("--help").stdout
