"""The dedup command, run as users run it: formats, field names, exit codes, stdin."""

from __future__ import annotations

import csv
import io
import json
import os
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
    assert "Read 31 documents, skipped 11" in result.stderr
    assert "skipped malformed/scan.pdf: unsupported file type: '.pdf'" in result.stderr
    assert "skipped malformed/notes.csv: no text: no 'text' column (it has date, outlet, note;" in result.stderr
    assert "Read" not in result.stdout


def test_strict_fails_when_anything_was_skipped():
    result = run("scan", *ROOTS, "--strict", "-q")
    assert result.exit_code == 1
    assert "Error: 11 input(s) skipped (--strict)" in result.stderr
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
    (["scan", "fixtures", "--threshold", "1.5"], "Error: --threshold must be in (0, 1], not 1.5"),
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
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"scan", "read"} <= set(names)
    for command in names:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout
        assert command in run("--help").stdout


def test_markup_in_titles_and_ids_is_shown_as_written(tmp_path):
    story = article(120, seed=8)
    for name, title in (("x[bold].txt", "[/b] Strike"), ("y[red].txt", "[red]Strike")):
        (tmp_path / name).write_text(f"Title: {title}\n\n{story}", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "-f", "table", "-q"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("x[bold].txt", "y[red].txt", "[/b] Strike", "[red]Strike"):
        assert text in result.stdout


def test_file_names_that_are_not_utf8_survive_every_format(tmp_path):
    story = article(120, seed=9)
    odd = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(odd, "wb") as handle:
        handle.write(story.encode())
    (tmp_path / "plain.txt").write_text(story, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "jsonl", "json", "table"):
        assert run("scan", str(tmp_path / "caf\udce9.txt"), str(tmp_path / "plain.txt"),
                   "-f", fmt, "-q", "-o", str(out / f"r.{fmt}")).exit_code == 0
    assert b"caf\xe9.txt" in (out / "r.csv").read_bytes()
    assert json.loads((out / "r.jsonl").read_text())["members"][0]["id"] in ("caf\udce9.txt", "plain.txt")
    drop = run("scan", str(tmp_path / "caf\udce9.txt"), str(tmp_path / "plain.txt"), "--duplicates-only", "-q")
    assert drop.stdout_bytes.strip() in (b"caf\xe9.txt", b"plain.txt")


def test_lone_surrogate_id_from_json_is_escaped():
    story = article(120, seed=10)
    lines = json.dumps({"id": "a\ud800", "text": story}) + "\n" + json.dumps({"id": "b", "text": story}) + "\n"
    result = run("scan", "-", "-f", "jsonl", "-q", input=lines)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["members"][0]["id"] == "a\ud800"


@pytest.mark.parametrize("target, message", [("missing/out.jsonl", "does not exist"), (".", "is a folder")])
def test_bad_output_path_is_refused_before_scanning(tmp_path, target, message):
    result = run("scan", ROOTS[0], "-o", str(tmp_path / target), "-q")
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_output_is_replaced_whole_or_not_at_all(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous result\n")
    assert run("scan", str(tmp_path / "nope"), "-o", str(out), "-q").exit_code == 1
    assert out.read_text() == "previous result\n"
    assert list(tmp_path.iterdir()) == [out]


def test_closed_pipe_ends_quietly(tmp_path):
    story = article(120, seed=11)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": str(i), "text": f"{i} {story}"}) + "\n" for i in range(2000)))
    proc = subprocess.run(f"{sys.executable} -m dedup scan {feed} --all -q | head -c 10", shell=True,
                          capture_output=True, text=True)
    assert len(proc.stdout) == 10 and proc.stderr == ""


def test_read_shows_what_was_left_out():
    result = run("read", str(FIXTURES / "realworld" / "harbour-daily" / "nurses-strike.txt"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "== nurses-strike.txt"
    assert "✗ • 4 min read   [reading time]" in lines
    assert "✗ Advertisement   [advertisement]" in lines
    assert any(line.startswith("byline:") for line in lines)


def test_read_json_offsets_point_into_the_text():
    result = run("read", str(FIXTURES / "realworld" / "lakeside-gazette"), "--format", "json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    for row in rows:
        kinds = {d["kind"] for d in row["dropped"]}
        assert "boilerplate" in kinds
        for dropped in row["dropped"]:
            assert row["text"][dropped["start"] : dropped["end"]] == dropped["text"]
        kept = "".join(row["text"][s:e] for s, e in row["matching"])
        assert "Lakeside Gazette has been published" not in kept


DIFF_PAIR = [str(FIXTURES / "diff" / "wire.txt"), str(FIXTURES / "diff" / "rewrite.txt")]


def test_diff_text_marks_the_changes_and_the_quotes():
    result = run("diff", *DIFF_PAIR, "--format", "text")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("jaccard ") and "aligned" in first and "added" in first
    assert "[-four-]{+multiple+}⟨number⟩" in result.stdout
    assert "reworded  “We will not trade our jobs" in result.stdout


def test_diff_json_has_the_contract_fields():
    data = json.loads(run("diff", *DIFF_PAIR, "--format", "json").stdout)
    assert {"a", "b", "jaccard", "containment", "sentences", "changes", "quotes"} <= set(data)
    for change in data["changes"]:
        assert set(change) == {"kind", "a_text", "b_text", "a_span", "b_span", "tags"}
    assert {"same", "reworded"} <= {q["verdict"] for q in data["quotes"]}


def test_diff_exact_shows_cosmetic_changes(tmp_path):
    (tmp_path / "a.txt").write_text("“We will not back down,” she said on Monday at the gate.")
    (tmp_path / "b.txt").write_text('"We will not back down," she said on Monday at the gate.')
    plain = run("diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json")
    exact = run("diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json", "--exact")
    assert json.loads(plain.stdout)["changes"] == []
    assert all("cosmetic" in c["tags"] for c in json.loads(exact.stdout)["changes"])


def test_diff_html_escapes_everything(tmp_path):
    hostile = "<script>window.pwned = 1</script> <img src=x onerror=alert(1)> The port closed on Monday."
    (tmp_path / "a.txt").write_text(hostile)
    (tmp_path / "b.txt").write_text(hostile.replace("Monday", "Tuesday"))
    page = run("diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "html").stdout
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "<ins" in page


def test_diff_side_by_side_and_terminal_run():
    for fmt in ("side-by-side", "terminal"):
        result = run("diff", *DIFF_PAIR, "-f", fmt)
        assert result.exit_code == 0 and "multiple" in result.stdout


def test_diff_needs_one_article_per_side(tmp_path):
    result = run("diff", str(FIXTURES / "corpus" / "wire"), DIFF_PAIR[1])
    assert result.exit_code == 1 and "expected one article" in result.stderr


def test_the_first_compile_on_a_machine_is_announced_once(tmp_path):
    """A fresh install's small scan compiles nothing (the plain path signs, links and walks
    it) and so says nothing; a scan large enough to compile the kernels says so in one line (a
    silent minute looks like a hang); the next run, finding them compiled, says nothing."""
    cache = tmp_path / "numba"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    # the corpus holds pairs the plain path settles on their shingles (a brief of a longer story)
    small = subprocess.run([sys.executable, "-m", "dedup", "scan", str(FIXTURES / "corpus"), "-q", "-f", "jsonl",
                            "--all"], env=env, capture_output=True, text=True, timeout=600)
    assert small.returncode == 0 and small.stdout and "compiling" not in small.stderr, small.stderr
    assert not cache.exists() or not any(cache.rglob("*.nbi"))  # nothing was compiled
    records = tmp_path / "many.jsonl"
    records.write_text("".join(json.dumps({"id": f"r{i}", "text": " ".join(f"w{i}x{j}" for j in range(30))}) + "\n"
                               for i in range(2600)), encoding="utf-8")
    command = [sys.executable, "-m", "dedup", "scan", str(records), "-q", "-f", "jsonl"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("compiling the matching kernels for this machine, once") == 1
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "compiling" not in again.stderr
