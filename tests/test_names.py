"""Names from articles never pass for other names: a file name with a line break in the
``--duplicates-only`` list (or the ``skipped …`` lines) is one escaped line, never two, so a
pipeline deleting what the list names cannot delete the canonical copy; ``--null`` writes
names as they are, NUL-separated; bidirectional controls show as escapes in every terminal
view."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.text import article

STORY = article(200, seed=8)


def dedup(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], cwd=ROOT, capture_output=True, text=True, **kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The original, dated first, and a copy whose name holds a line break and then the
    original's name."""
    root = tmp_path / "news"
    root.mkdir()
    (root / "port-strike.txt").write_text("Date: 2024-03-04\n\n" + STORY, encoding="utf-8")
    (root / "copy\nport-strike.txt").write_text("Date: 2024-03-05\n\n" + STORY + "\n\nMore soon.", encoding="utf-8")
    return root


def test_a_name_with_a_line_break_is_one_escaped_line_of_duplicates_only(folder):
    proc = dedup("scan", str(folder), "--duplicates-only", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["copy\\nport-strike.txt"]
    assert "port-strike.txt" not in proc.stdout.splitlines()  # the original is never listed to drop


def test_null_separated_ids_are_written_as_they_are(folder):
    proc = dedup("scan", str(folder), "--duplicates-only", "--null", "-q")
    assert proc.returncode == 0, proc.stderr
    names = proc.stdout.split("\0")
    assert names == ["copy\nport-strike.txt", ""]
    assert (folder / names[0]).exists()  # what xargs -0 would be given is the real file
    refused = dedup("scan", str(folder), "-0", "-q")
    assert refused.returncode == 1 and "--null separates the ids of --duplicates-only" in refused.stderr


def test_a_backslash_is_doubled_so_no_two_names_are_written_alike(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text("Date: 2024-03-04\n\n" + STORY, encoding="utf-8")
    (root / "b\\nc.txt").write_text("Date: 2024-03-05\n\n" + STORY, encoding="utf-8")  # a backslash, then n
    (root / "b\nc.txt").write_text("Date: 2024-03-06\n\n" + STORY, encoding="utf-8")  # a line break
    lines = dedup("scan", str(root), "--duplicates-only", "-q").stdout.splitlines()
    assert sorted(lines) == ["b\\\\nc.txt", "b\\nc.txt"]


def test_skipped_lines_cannot_be_forged(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    (root / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "x\nskipped story.txt: empty\n.txt").write_text("")
    proc = dedup("scan", str(root))
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 1 and skipped[0].startswith("skipped x\\nskipped story.txt: empty\\n.txt: empty article")


BIDI = "\u202eexe.txt"  # shows as "txt.exe" when the override is obeyed


def test_bidi_controls_show_as_escapes_in_the_terminal_views(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"{BIDI}-{n}", "title": f"Port {BIDI} strike", "source": f"Wire{BIDI}",
                                        "text": STORY}) + "\n" for n in range(2)), encoding="utf-8")
    table = dedup("scan", str(feed), "-f", "table", "-q")
    read = dedup("read", str(feed))
    index = tmp_path / "seen.db"
    assert dedup("index", "add", str(index), str(feed), "-q").returncode == 0
    query = dedup("index", "query", str(index), str(feed), "-f", "table")
    for view in (table, read, query):
        assert view.returncode == 0, view.stderr
        assert "\u202e" not in view.stdout and "\\u202eexe.txt" in view.stdout
