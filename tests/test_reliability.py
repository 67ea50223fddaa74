"""Promises about bad days: Ctrl-C, pathological corpora, hostile ids, and what is never done
with stored data. (Killed index writers, concurrent writers and a vanishing Redis are in
tests/test_index.py; hostile HTML in tests/test_report.py; arbitrary bytes in
tests/test_read_any_bytes.py.)"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from dedup import Article, Skipped, read, scan
from tests.conftest import FIXTURES, ROOT
from tests.text import article


def test_ctrl_c_stops_with_a_message_and_writes_nothing(tmp_path):
    out = tmp_path / "result.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", "-", "-o", str(out)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(json.dumps({"id": "a", "text": article(50, seed=1)}) + "\n")
    proc.stdin.flush()
    deadline = time.time() + 30
    while time.time() < deadline and "pipe_read" not in Path(f"/proc/{proc.pid}/wchan").read_text():
        time.sleep(0.05)  # until the scan waits for more input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Interrupted" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_ten_thousand_copies_of_one_article_make_one_cluster():
    text = article(200, seed=3)
    result = scan(Article(f"copy-{n:05d}", text) for n in range(10_000))
    assert len(result.clusters) == 1 and result.clusters[0].size == 10_000
    assert result.summary.largest_cluster == 10_000 and result.summary.duplicates == 9_999


def test_ten_thousand_empty_files_are_each_skipped_with_a_reason(tmp_path):
    for n in range(10_000):
        (tmp_path / f"{n:05d}.txt").touch()
    result = scan(tmp_path)
    assert result.summary.documents == 0 and result.summary.skipped == 10_000
    assert result.summary.skipped_by_reason == {"empty article": 10_000}


def test_ids_from_article_content_never_choose_where_output_goes(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    text = article(120, seed=4)
    hostile = ["../../escaped.txt", "/tmp/dedup-escaped.txt", "..", "nested/../../up.txt", "x\x00y"]
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in hostile), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = subprocess.run([sys.executable, "-m", "dedup", "scan", str(feed), "-o", str(folder / "out.jsonl"),
                           "--report", str(folder / "report.html"), "-q"], cwd=folder, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert set(after) - set(before) == {"out.jsonl", "report.html"}
    assert not Path("/tmp/dedup-escaped.txt").exists()
    ids = {m["id"] for line in (folder / "out.jsonl").read_text().splitlines() for m in json.loads(line)["members"]}
    assert ids == set(hostile)


def test_nothing_is_ever_unpickled_or_evaluated():
    risky = re.compile(r"^\s*(import|from)\s+(pickle|cPickle|marshal|shelve|dill|joblib)\b|\byaml\.load\(|\beval\(|\bexec\(",
                       re.M)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "dedup").rglob("*.py") if risky.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_fuzzing_finds_and_seeds_are_read_without_raising(tmp_path):
    """Every input kept from fuzzing (fixtures/fuzz/: crashes found by `make fuzz`, and the
    fuzzer's seeds), read under each name it may come as."""
    cases = sorted((FIXTURES / "fuzz").glob("*")) + sorted((ROOT / "fuzz" / "seeds").glob("*"))
    cases = [c for c in cases if c.name != "README.md"]
    assert cases
    for case in cases:
        data = case.read_bytes()
        for suffix in (".txt", ".md", ".json", ".jsonl", ".html", ".ndjson"):
            path = tmp_path / ("input" + suffix)
            path.write_bytes(data[1:])
            items = list(read(path))
            assert items and all(isinstance(i, (Article, Skipped)) for i in items), case.name


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_ctrl_c_with_reading_workers_running_prints_no_traceback(tmp_path):
    folder = tmp_path / "many"
    for n in range(3000):
        sub = folder / f"f{n % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(article(200, seed=n), encoding="utf-8")
    out = tmp_path / "result.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", str(folder), "-o", str(out), "-q", "--jobs", "2"], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None and len(_children(proc.pid)) < 2:
        time.sleep(0.05)  # until the reading workers are up
    workers = _children(proc.pid)
    assert len(workers) == 2, "the scan finished before its reading workers could be seen"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process of the group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.count("Interrupted") == 1
    assert not out.exists()
    assert _gone(workers), "reading workers outlived the interrupted scan"


def test_reading_workers_end_when_their_parent_is_killed(tmp_path):
    folder = tmp_path / "many"
    for n in range(3000):
        sub = folder / f"f{n % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(article(200, seed=n), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", str(folder), "-q", "--jobs", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None and len(_children(proc.pid)) < 2:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.kill()  # SIGKILL: no handler, no clean-up of its own
    proc.wait()
    assert _gone(workers), "reading workers outlived their killed parent"


def test_a_reading_worker_killed_mid_scan_loses_nothing(tmp_path, caplog):
    """A reading worker that dies (here SIGKILL, with chunks given to it unanswered) is
    dropped, and the reading process reads its chunks itself: every file comes back once, in
    walk order, as one process reads it, and the log says what happened."""
    from dedup.config import Config
    from dedup.readers.files import walk
    from dedup.readers.units import read_unit
    from dedup.readers.workers import START_AFTER, read_in_order

    for n in range(3000):
        sub = tmp_path / f"f{n % 10}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(article(120, seed=n), encoding="utf-8")
    config = Config(jobs=2)
    units = list(walk([str(tmp_path)]))
    got, killed = [], []
    with caplog.at_level("WARNING", logger="dedup"):
        for n, found in enumerate(read_in_order(units, config)):
            got.append(found)
            if n == START_AFTER:  # this process has read its share: the workers hold the rest
                killed = [pid for pid in _children(os.getpid()) if b"readers.workers" in _cmdline(pid)][:1]
                os.kill(killed[0], signal.SIGKILL)
    assert killed and _gone(killed)
    assert "a reading worker stopped" in caplog.text
    assert got == [read_unit(unit, config) for unit in units]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _gone(pids: list[int], within: float = 3.0) -> bool:
    deadline = time.time() + within
    while time.time() < deadline:
        alive = [p for p in pids if os.path.exists(f"/proc/{p}") and "zombie" not in _state(p)]
        if not alive:
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return next((line for line in handle if line.startswith("State:")), "").lower()
    except OSError:
        return "zombie"
