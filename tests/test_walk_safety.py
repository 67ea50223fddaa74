"""What a walk meets besides articles: a file swapped for a named pipe after the walk saw it
(skipped, never waited on), and symlinks that lead out of the folders given (skipped with the
reason unless --follow-links: a link to / does not walk the machine, one to a file under /etc
is not read)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dedup import Article, Skipped, read
from dedup.readers.files import read_bytes
from tests.conftest import ROOT
from tests.text import article


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)
    outcome: list[BaseException | bytes] = []

    def attempt() -> None:
        try:
            outcome.append(read_bytes(str(pipe), 1000))
        except (OSError, ValueError) as error:
            outcome.append(error)

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # let the blocked open() go before failing
        with open(pipe, "wb"):
            pass
        pytest.fail("reading a named pipe waited for a writer")
    assert isinstance(outcome[0], OSError) and "not a regular file" in str(outcome[0])


RACE = """
import json, os, sys
import dedup.readers.source as source
walked = source.walk
def swapping(paths, *args, **kwargs):
    # each file is turned into a named pipe just after the walk has seen it as a regular file
    for entry in walked(paths, *args, **kwargs):
        if os.path.basename(entry.path).startswith("swapped"):
            os.unlink(entry.path)
            os.mkfifo(entry.path)
        yield entry
source.walk = swapping
from dedup import Skipped, read
print(json.dumps({i.id: i.reason for i in read(sys.argv[1]) if isinstance(i, Skipped)}))
"""


def test_files_swapped_for_pipes_after_the_walk_are_skipped_not_waited_on(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "kept.txt").write_text(article(100, seed=1), encoding="utf-8")
    (folder / "swapped.txt").write_text(article(100, seed=2), encoding="utf-8")
    (folder / "swapped-feed.jsonl").write_text(json.dumps({"id": "x", "text": article(100, seed=3)}) + "\n")
    proc = subprocess.run([sys.executable, "-c", RACE, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    skipped = json.loads(proc.stdout)
    assert set(skipped) == {"swapped.txt", "swapped-feed.jsonl"}, skipped
    assert all("not a regular file" in reason for reason in skipped.values())


def test_a_symlink_to_the_root_does_not_walk_the_machine(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text(article(100, seed=1), encoding="utf-8")
    (folder / "everything").symlink_to("/")
    items = list(read(folder))
    assert [i.id for i in items if isinstance(i, Article)] == ["story.txt"]
    [link] = [i for i in items if isinstance(i, Skipped)]
    assert link.id == "everything" and "symlink out of the folders scanned" in link.reason and "--follow-links" in link.reason


def test_a_symlink_to_a_system_file_is_not_read_or_printed(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text(article(100, seed=1), encoding="utf-8")
    secret = Path("/etc/passwd")
    (folder / "passwd.txt").symlink_to(secret)
    proc = subprocess.run([sys.executable, "-m", "dedup", "read", str(folder), "--min-words", "1"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    first_line = secret.read_text().splitlines()[0]
    assert first_line not in proc.stdout and first_line not in proc.stderr
    assert "passwd.txt: skipped: symlink out of the folders scanned" in proc.stdout


def test_follow_links_reads_what_links_out_of_the_folder_lead_to(tmp_path):
    folder, elsewhere = tmp_path / "news", tmp_path / "archive"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "old.txt").write_text(article(100, seed=5), encoding="utf-8")
    (folder / "old.txt").symlink_to(elsewhere / "old.txt")
    (folder / "archive").symlink_to(elsewhere, target_is_directory=True)
    assert [i.id for i in read(folder) if isinstance(i, Article)] == []
    followed = [i.id for i in read(folder, follow_links=True) if isinstance(i, Article)]
    assert followed == ["archive/old.txt", "old.txt"]
