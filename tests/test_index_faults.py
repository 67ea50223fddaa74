"""The index on bad days, on a real redis-server and real SQLite files: a server that restarts
and loses keys mid-run, keys of another type, settings changed under a writer, a busy or a
damaged SQLite file, read-only commands on files that are not indexes, concurrent writers'
counts, and Redis stats estimated from a sample."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dedup import Article, DedupError, Index
from tests.conftest import ROOT
from tests.test_index import redis_server, start_redis  # noqa: F401  (the module's server is a fixture)
from tests.text import article


def dedup(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], cwd=ROOT, capture_output=True, text=True, **kwargs)


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def feed(n: int, start: int = 0) -> str:
    return "".join(json.dumps({"id": f"doc-{k}", "text": article(120, seed=k)}) + "\n" for k in range(start, start + n))


def redis_client(port: int):
    import redis

    return redis.Redis(port=port)


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


def test_a_stream_on_standard_input_is_indexed_as_it_comes(tmp_path):
    """Lines on a pipe that stays open are read as they arrive: the first batch is committed
    while the writer waits for more (a reader that looked ahead for reading workers' worth of
    articles before reading any would still be waiting)."""
    path = tmp_path / "seen.sqlite"
    writer = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", str(path), "-", "--batch-size", "50"],
                              cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        writer.stdin.write(feed(64))
        writer.stdin.flush()
        wait_until(lambda: _committed(path) == 50, seconds=120)
    finally:
        writer.stdin.close()
    assert writer.wait(timeout=120) == 0, writer.stderr.read()
    assert _committed(path) == 64


def _committed(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1) as db:
            return db.execute("SELECT count(*) FROM docs").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet, or being written
        return 0


# Redis ---------------------------------------------------------------------------------------


def test_a_redis_restart_that_lost_the_index_stops_the_writer_with_an_error(tmp_path):
    server, port = start_redis(tmp_path)
    url = f"redis://127.0.0.1:{port}/0?prefix=lost"
    writer = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", url, "-", "--batch-size", "50"], cwd=ROOT,
                              stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        writer.stdin.write(feed(64))  # one run of lines for the reader: a batch of 50 committed, 14 pending
        writer.stdin.flush()
        wait_until(lambda: redis_client(port).scard("lost:ids") == 50, seconds=120)
        wait_until(lambda: "pipe_read" in Path(f"/proc/{writer.pid}/wchan").read_text())  # waiting for more
        server.kill()
        server.wait()
        server, _ = start_redis(tmp_path, port)  # the same address, empty: no persistence
        try:
            writer.stdin.write(feed(400, start=64))
            writer.stdin.close()
        except BrokenPipeError:
            pass  # the writer stopped at the first batch after the restart, before reading all of them
        err = writer.stderr.read()
        assert writer.wait(timeout=120) == 1, err
        line = one_error_line(err)
        assert f"127.0.0.1:{port}" in line and "lost" in line and "nothing more was written" in line
        assert redis_client(port).keys("lost:*") == []  # nothing resumed on the empty server
        stats = dedup("index", "stats", url)
        assert stats.returncode == 1 and "no such index" in stats.stderr
    finally:
        writer.kill()
        server.kill()
        server.wait()


def test_a_batch_count_gone_back_is_refused(redis_server):
    url = f"redis://127.0.0.1:{redis_server['port']}/0?prefix=rollback"
    with Index.open(url, batch_size=10) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(30)])  # three batches
        redis_client(redis_server["port"]).hset("rollback:meta", "batches", 1)  # as an older snapshot would hold
        with pytest.raises(DedupError, match="fewer than the 3 written"):
            index.add([Article("late", article(100, seed=99))])
        assert "late" not in index


def test_a_prefix_with_articles_but_no_settings_is_refused(redis_server):
    url = f"redis://127.0.0.1:{redis_server['port']}/0?prefix=orphans"
    with Index.open(url) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(5)])
    redis_client(redis_server["port"]).delete("orphans:meta")
    for args in (["index", "add", url, "-", "--num-perm", "64"], ["index", "stats", url]):
        proc = dedup(*args, input=feed(3))
        assert proc.returncode == 1
        assert "holds 5 articles but not the settings" in one_error_line(proc.stderr)
    assert not redis_client(redis_server["port"]).exists("orphans:meta")


def test_settings_changed_under_a_writer_are_refused_on_add(redis_server):
    port = redis_server["port"]
    url = f"redis://127.0.0.1:{port}/0?prefix=swapped"
    with Index.open(url) as index:
        index.add([Article("a", article(100, seed=1))])
        client = redis_client(port)
        client.delete(*client.keys("swapped:*"))
        with Index.open(url, num_perm=64) as other:  # the prefix rebuilt with other settings
            other.add([Article("b", article(100, seed=2))])
        with pytest.raises(DedupError, match="num_perm=64.*num_perm=128"):
            index.add([Article("c", article(100, seed=3))])
    with Index.open(url) as again:
        assert again.config.num_perm == 64 and "c" not in again


@pytest.mark.parametrize("key, command", [("wrongtype:meta", ["index", "stats"]), ("wrongtype:ids", ["index", "add"])])
def test_a_key_of_another_type_is_a_one_line_error(redis_server, key, command):
    port = redis_server["port"]
    client = redis_client(port)
    client.delete(*client.keys("wrongtype:*") or ["none"])
    client.set(key, "somebody else's string")
    url = f"redis://127.0.0.1:{port}/0?prefix=wrongtype"
    proc = dedup(*command, url, *(["-"] if command[1] == "add" else []), input=feed(2))
    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert key in line and "?prefix=" in line
    assert client.get(key) == b"somebody else's string"


def test_redis_stats_estimate_the_memory_from_a_sample(redis_server):
    port = redis_server["port"]
    client = redis_client(port)

    def exact(prefix: str) -> int:
        return sum(client.memory_usage(k) for k in client.scan_iter(match=f"{prefix}:*", count=1000))

    small, large = (f"redis://127.0.0.1:{port}/0?prefix=size{n}" for n in (1, 2))
    with Index.open(small) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(40)])
        assert index.stats()["bytes"] == exact("size1")  # every article in the sample: exact
    with Index.open(large) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(1500)])
        estimate = index.stats()["bytes"]
        assert abs(estimate - exact("size2")) < 0.15 * exact("size2")


# SQLite --------------------------------------------------------------------------------------


HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()  # until told to let go
db.execute("ROLLBACK")
"""


def hold_lock(path: Path) -> subprocess.Popen:
    """Another process in the middle of a write transaction on ``path``, until a line on its stdin."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "holding\n"
    return proc


@pytest.fixture
def index_file(tmp_path) -> Path:
    path = tmp_path / "seen.db"
    with Index.open(path) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(20)])
    return path


def test_a_busy_index_is_waited_for_with_a_message_then_an_error(index_file):
    holder = hold_lock(index_file)
    try:
        proc = dedup("index", "add", str(index_file), "-", "--timeout", "1", input=feed(3))
        assert proc.returncode == 1
        assert "another process is writing to this index; waiting up to 1 s" in proc.stderr
        line = one_error_line(proc.stderr)
        assert str(index_file) in line and "still locked" in line and "--timeout" in line
    finally:
        holder.kill()
        holder.wait()


def test_a_busy_index_is_written_once_the_other_writer_is_done(index_file):
    holder = hold_lock(index_file)
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", str(index_file), "-", "--timeout", "120"],
                            cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(feed(3, start=100))
    proc.stdin.close()
    waiting = proc.stderr.readline()
    assert "another process is writing to this index; waiting up to 120 s" in waiting
    holder.communicate("done\n", timeout=30)  # the other writer finishes
    rest = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, rest
    assert "23 articles (+3)" in rest


def _damage(path: Path) -> None:
    """Overwrite every page after the first (the schema) with garbage."""
    with Index.open(path) as index:
        index.add([Article(f"b{n}", article(300, seed=n)) for n in range(200)])
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    for at in range(page, len(data), 997):
        data[at] = (data[at] + 101) % 256
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["index", "add", "{path}", "-"], ["index", "remove", "{path}", "a1", "a2"],
                                     ["index", "query", "{path}", "-"]])
def test_a_damaged_index_is_a_one_line_error(index_file, command):
    _damage(index_file)
    proc = dedup(*(a.format(path=index_file) for a in command), input=feed(5, start=500))
    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert str(index_file) in line and "build it again" in line


def _foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (name TEXT)")
        db.execute("INSERT INTO customers VALUES ('Ada')")
    return path


READING = [["index", "stats"], ["index", "query", "{path}", "-"], ["index", "remove", "{path}", "some-id"]]


# (an empty file is an empty database: dedup index add may make its index there)
@pytest.mark.parametrize("kind, command", [("another application's database", c) for c in READING + [["index", "add", "{path}", "-"]]]
                         + [("an empty file", c) for c in READING])
def test_index_commands_never_change_a_file_that_is_not_an_index(tmp_path, command, kind):
    path = tmp_path / "other.db"
    if kind == "an empty file":
        path.touch()
    else:
        _foreign_database(path)
    before = (path.read_bytes(), sorted(p.name for p in tmp_path.iterdir()))
    args = [a.format(path=path) for a in command] + ([] if "{path}" in " ".join(command) else [str(path)])
    proc = dedup(*args, input=feed(2))
    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert str(path) in line and ("not a dedup index" in line or "no such index" in line)
    assert (path.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == before
    if kind != "an empty file":
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# both stores ---------------------------------------------------------------------------------


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_concurrent_writers_each_count_their_own_articles(tmp_path, store, request):
    if store == "sqlite":
        location = str(tmp_path / "shared.db")
    else:
        server = request.getfixturevalue("redis_server")
        location = f"redis://127.0.0.1:{server['port']}/0?prefix=counts"
    folder = tmp_path / "other"
    folder.mkdir()
    for n in range(20):
        (folder / f"{n:02d}.txt").write_text(article(120, seed=1000 + n), encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", location, "-"], cwd=ROOT,
                             stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first.stdin.write(feed(30))
    first.stdin.flush()
    wait_until(lambda: "pipe_read" in Path(f"/proc/{first.pid}/wchan").read_text())  # opened, reading
    second = dedup("index", "add", location, str(folder))
    assert second.returncode == 0, second.stderr
    assert "(+20)" in second.stderr
    first.stdin.write(feed(10, start=30))
    first.stdin.close()
    err = first.stderr.read()
    assert first.wait(timeout=120) == 0, err
    assert "60 articles (+40)" in err


def test_option_values_are_checked_before_any_work(tmp_path):
    for option, value, message in (("--batch-size", "0", "--batch-size must be at least 1"),
                                   ("--batch-size", "-1", "--batch-size must be at least 1"),
                                   ("--max-file-size", "99999999999999999999", "--max-file-size must be between 1 and"),
                                   ("--encoding", "nope", "--encoding 'nope' is not an encoding")):
        for command in (["scan", str(ROOT / "fixtures" / "corpus" / "wire")], ["index", "add", str(tmp_path / "i.db"), "-"]):
            proc = dedup(*command, option, value, input=feed(1))
            assert proc.returncode == 1
            assert message in one_error_line(proc.stderr)
    assert not (tmp_path / "i.db").exists()
    assert os.listdir(tmp_path) == []
