"""The persistent index on a real SQLite file and on a real redis-server on loopback:
agreement with the batch scan, persistence, settings checks, concurrent writers and readers,
a writer killed mid-batch, and a server that goes away."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from dedup import Article, Config, ConfigError, DedupError, Index, read, scan, stream
from dedup.cli import app
from dedup.index import identity
from dedup.matching.similarity import containment_from_jaccard, is_similar
from dedup.minhash import signatures
from tests.conftest import FIXTURES, ROOT
from tests.text import article

CORPUS = FIXTURES / "corpus"


def articles() -> list[Article]:
    return [a for a in read(CORPUS) if isinstance(a, Article)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder: Path, port: int | None = None) -> tuple[subprocess.Popen, int]:
    """A real redis-server on a free loopback port (or on ``port``: a server restarted),
    keeping its files in ``folder``, once it accepts connections (skipped without
    redis-server, failed in CI, which installs it)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("DEDUP_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = port or free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, port


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A redis-server for this module."""
    proc, port = start_redis(tmp_path_factory.mktemp("redis"))
    yield {"port": port, "proc": proc}
    proc.terminate()
    proc.wait()


@pytest.fixture(params=["sqlite", "redis"])
def index_path(request, tmp_path: Path) -> str:
    """Where a test's index lives: a new SQLite file, or a new prefix on the Redis server."""
    if request.param == "sqlite":
        return str(tmp_path / "seen.db")
    server = request.getfixturevalue("redis_server")
    return f"redis://127.0.0.1:{server['port']}/0?prefix=t{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sqlite_path(tmp_path: Path) -> str:
    return str(tmp_path / "seen.db")


def similar_pairs(docs: list[Article], config: Config) -> set[frozenset[str]]:
    """Every verified-similar pair, by brute force over all pairs of signatures."""
    signed = signatures([d.matching_text for d in docs], config)
    found = set()
    for i, j in itertools.combinations(range(len(docs)), 2):
        jac = float(np.mean(signed.matrix[i] == signed.matrix[j]))
        con = containment_from_jaccard(jac, signed.shingles[i], signed.shingles[j])
        if is_similar(jac, con, config.threshold, config.containment):
            found.add(frozenset((identity(docs[i]), identity(docs[j]))))
    return found


def test_index_finds_the_pairs_a_scan_verifies(index_path):
    docs = articles()
    with Index.open(index_path) as index:
        assert index.add(docs) == []
        found = {frozenset((identity(d), m.id)) for d in docs for m in index.query(d).matches}
    assert found == similar_pairs(docs, Config())
    # and every cluster of the batch scan (corpus boilerplate kept, as the index keeps it)
    result = scan(CORPUS, boilerplate=0)
    assert result.clusters
    known = {d.id: identity(d) for d in docs}
    for cluster in result.clusters:
        for member in cluster.duplicates:
            assert frozenset((known[cluster.canonical], known[member.id])) in found


def test_index_persists_and_reopens_with_its_own_settings(index_path):
    docs = articles()
    with Index.open(index_path, ngram=4, threshold=0.6) as index:
        index.add(docs)
        before = {d.id: index.query(d) for d in docs}
    with Index.open(index_path) as again:
        assert (again.config.ngram, again.config.threshold) == (4, 0.6)
        assert len(again) == len(docs)
        assert {d.id: again.query(d) for d in docs} == before


def test_other_matching_settings_are_refused_naming_both(index_path):
    with Index.open(index_path) as index:
        index.add(articles()[:3])
    with pytest.raises(ConfigError) as raised:
        Index.open(index_path, num_perm=64)
    message = str(raised.value)
    assert "num_perm=128" in message and "num_perm=64" in message
    # verification thresholds may differ: they do not change what is stored
    with Index.open(index_path, threshold=0.9) as stricter:
        assert stricter.config.threshold == 0.9


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database, just notes\n" * 100)
    with pytest.raises(DedupError, match="not a usable index"):
        Index.open(bogus)
    assert bogus.read_text().startswith("not a database")


def test_re_adding_an_id_replaces_it_and_remove_forgets_it(index_path):
    story, other = article(200, seed=1), article(200, seed=2)
    with Index.open(index_path) as index:
        index.add([Article("a", story), Article("b", story)])
        assert index.query(Article("q", story)).duplicate_of in {"a", "b"}
        index.add([Article("a", other)])  # "a" now tells another story
        assert len(index) == 2
        assert [m.id for m in index.query(Article("q", story)).matches] == ["b"]
        assert [m.id for m in index.query(Article("q", other)).matches] == ["a"]
        assert index.remove(["b", "missing"]) == 1
        assert index.query(Article("q", story)).first_seen
        assert "a" in index and "b" not in index
        assert index.check() == []


def test_an_id_twice_in_one_batch_keeps_the_later_article(index_path):
    first, second = article(200, seed=11), article(200, seed=12)
    with Index.open(index_path) as index:
        index.add([Article("x", first), Article("y", first), Article("x", second)])
        assert len(index) == 2
        assert [m.id for m in index.query(Article("q", second)).matches] == ["x"]
        assert [m.id for m in index.query(Article("q", first)).matches] == ["y"]
        assert index.check() == []


def test_too_short_articles_are_skipped_with_a_reason(index_path):
    with Index.open(index_path) as index:
        skipped = index.add([Article("short", "Three words only."), Article("long", article(100, seed=3))])
        assert [s.id for s in skipped] == ["short"] and "too short" in skipped[0].reason
        assert len(index) == 1


def test_stream_decides_each_article_against_those_before_it(index_path):
    story = article(300, seed=5)
    arriving = [Article("wire", story), Article("other", article(300, seed=6)), Article("copy", story + "\n\nUpdated.")]
    with Index.open(index_path) as index:
        decisions = [(a.id, d.duplicate_of) for a, d in stream(arriving, index)]
        assert decisions == [("wire", None), ("other", None), ("copy", "wire")]
        assert len(index) == 3


WRITER = """
import sys
from dedup import Article, Index
from tests.text import article
path, start, count, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with Index.open(path, batch_size=batch) as index:
    for first in range(start, start + count, batch):
        index.add([Article(f"doc-{n}", article(150, seed=n)) for n in range(first, first + batch)])
        print(first + batch, flush=True)  # every article below this number is committed
"""


def writer(path: str, start: int, count: int, batch: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(start), str(count), str(batch)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_writer_killed_mid_batch_loses_only_that_batch(index_path):
    proc = writer(index_path, 0, 100_000, 50)
    committed = 0
    while committed < 400:
        committed = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Index.open(index_path) as index:
        assert index.check() == []
        held = len(index)
        assert held >= committed and held % 50 == 0  # whole batches only
        assert len({m.id for m in index.query(Article("probe", article(150, seed=7))).matches}) == 1
        for n in range(committed):
            assert f"doc-{n}" in index
        assert index.query(Article("probe", article(150, seed=7))).duplicate_of == "doc-7"
        index.add([Article("after", article(150, seed=10**6))])  # still writable
        assert index.check() == []


def test_two_writers_at_once_both_succeed(index_path):
    with Index.open(index_path) as index:  # created first, so both writers agree on settings
        pass
    first, second = writer(index_path, 0, 300, 20), writer(index_path, 1000, 300, 20)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    with Index.open(index_path) as index:
        assert len(index) == 600 and index.check() == []


def test_a_reader_queries_while_a_writer_writes(sqlite_path):
    index_path = sqlite_path
    with Index.open(index_path) as index:
        index.add([Article("known", article(150, seed=99))])
    proc = writer(index_path, 0, 2000, 20)
    try:
        answers = []
        with Index.open(index_path) as reader:
            deadline = time.time() + 60
            while len(answers) < 20 and time.time() < deadline:
                answers.append(reader.query(Article("probe", article(150, seed=99))).duplicate_of)
        assert answers and set(answers) == {"known"}
    finally:
        proc.kill()
        proc.wait()


# the command ------------------------------------------------------------------------------


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_index_commands_add_query_stats_remove(sqlite_path):
    index_path = sqlite_path
    added = run("index", "add", str(index_path), str(CORPUS))
    assert added.exit_code == 0, added.output
    query = run("index", "query", str(index_path), str(CORPUS / "coastal-courier" / "port-strike.txt"), "--format", "jsonl")
    assert query.exit_code == 0, query.output
    decision = json.loads(query.stdout)
    assert set(decision) == {"id", "duplicate_of", "matches"}
    ids = [m["id"] for m in decision["matches"]]
    assert decision["id"] == str((CORPUS / "coastal-courier" / "port-strike.txt").resolve())
    assert str((CORPUS / "wire" / "port-strike.txt").resolve()) in ids
    assert set(decision["matches"][0]) == {"id", "path", "title", "date", "source", "similarity", "containment", "verdict"}
    stats = run("index", "stats", str(index_path))
    assert stats.exit_code == 0 and "articles           31" in stats.stdout
    removed = run("index", "remove", str(index_path), str(CORPUS / "wire" / "port-strike.txt"), "nothing-by-this-id")
    assert removed.exit_code == 1 and "removed 1 of 2" in removed.output


def test_index_add_reads_stdin_once(sqlite_path):
    lines = "".join(json.dumps({"id": f"s{n}", "text": article(80, seed=n)}) + "\n" for n in range(3)) + "not json\n"
    added = run("index", "add", sqlite_path, "-", input=lines)
    assert added.exit_code == 0, added.output
    assert "3 articles (+3); skipped 1" in added.output
    with Index.open(sqlite_path) as index:
        assert len(index) == 3


def test_an_index_that_does_not_exist_is_not_created_by_asking(index_path):
    with pytest.raises(DedupError, match="no such index"):
        Index.open(index_path, existing=True)
    with Index.open(index_path) as index:  # nor left half-made
        assert len(index) == 0
        index.add([Article("a", article(80, seed=1))])
        assert index.remove(["a", "a", "b"]) == 1


def test_index_query_reads_stdin_and_refuses_a_missing_index(sqlite_path, tmp_path):
    index_path = sqlite_path
    run("index", "add", str(index_path), str(CORPUS / "wire"))
    line = json.dumps({"id": "incoming", "text": (CORPUS / "wire" / "pilots-president.txt").read_text()})
    query = run("index", "query", str(index_path), "-", input=line + "\n")
    assert query.exit_code == 0, query.output
    assert json.loads(query.stdout)["duplicate_of"] == str((CORPUS / "wire" / "pilots-president.txt").resolve())
    missing = run("index", "query", str(tmp_path / "nope.db"), str(CORPUS / "wire"))
    assert missing.exit_code == 1 and "no such index" in missing.output
    assert not (tmp_path / "nope.db").exists()


def test_redis_prefixes_with_pattern_characters_stay_apart(redis_server):
    base = f"redis://127.0.0.1:{redis_server['port']}/0?prefix="
    with Index.open(base + "a*") as star, Index.open(base + "ab") as plain:
        star.add([Article("x", article(100, seed=1))])
        plain.add([Article("y", article(100, seed=2)), Article("z", article(100, seed=3))])
        assert star.check() == [] and plain.check() == []
        assert star.stats()["bytes"] < plain.stats()["bytes"]


def test_redis_that_cannot_be_reached_is_named(redis_server):
    closed = free_port()
    with pytest.raises(DedupError) as raised:
        Index.open(f"redis://127.0.0.1:{closed}/0")
    assert f"127.0.0.1:{closed}" in str(raised.value) and "redis-server" in str(raised.value)


def test_redis_going_away_mid_run_is_an_error_and_leaves_no_half_batch(tmp_path):
    server, port = start_redis(tmp_path)
    try:
        with Index.open(f"redis://127.0.0.1:{port}/0") as index:
            index.add([Article(f"a{n}", article(120, seed=n)) for n in range(10)])
            server.kill()
            server.wait()
            with pytest.raises(DedupError) as raised:
                index.add([Article(f"b{n}", article(120, seed=100 + n)) for n in range(10)])
            assert f"127.0.0.1:{port}" in str(raised.value)
            with pytest.raises(DedupError):
                index.query(Article("q", article(120, seed=1)))
    finally:
        server.kill()
        server.wait()


# identity: a file is known by its real path, a record by its id ---------------------------


def test_two_outlets_files_of_one_name_are_two_articles(sqlite_path):
    with Index.open(sqlite_path) as index:
        index.add(read(CORPUS / "harbour-gazette"))
        before = len(index)
        index.add(a for a in read(CORPUS / "metro-herald") if isinstance(a, Article))
        metro = [a for a in read(CORPUS / "metro-herald") if isinstance(a, Article)]
        # both outlets have a port-strike.txt: neither replaces the other
        assert len(index) == before + len(metro)
        assert {a.id for a in metro} & {a.id for a in read(CORPUS / "harbour-gazette") if isinstance(a, Article)}
        wire = next(a for a in read(CORPUS / "wire") if isinstance(a, Article) and a.id == "port-strike.txt")
        decision = index.query(wire)  # same file name as both outlets' copies, and a copy of each
        assert str((CORPUS / "harbour-gazette" / "port-strike.txt").resolve()) in [m.id for m in decision.matches]
        assert str((CORPUS / "metro-herald" / "port-strike.txt").resolve()) in [m.id for m in decision.matches]


def test_re_adding_a_file_however_typed_replaces_it(sqlite_path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    with Index.open(sqlite_path) as index:
        index.add(read("wire"))
        held = len(index)
        index.add(read("./wire/../wire/"))
        index.add(read(str(CORPUS)))  # ids relative to another folder, same files
        assert len(index) == held + len([a for a in read(str(CORPUS)) if isinstance(a, Article)]) - held


def test_a_stored_article_queried_is_not_its_own_match(sqlite_path):
    docs = articles()
    with Index.open(sqlite_path) as index:
        index.add(docs)
        for doc in docs:
            assert identity(doc) not in [m.id for m in index.query(doc).matches]


def test_records_are_known_by_their_id(sqlite_path):
    story = article(120, seed=7)
    with Index.open(sqlite_path) as index:
        index.add([Article("r1", story, path="feed.jsonl"), Article("r1", story + " Updated.", path="other.jsonl")])
        assert len(index) == 1  # the same record id: the second replaces the first
        assert "r1" in index


def test_a_stream_sees_its_own_uncommitted_articles_and_commits_them(sqlite_path):
    story = article(150, seed=11)
    items = [Article(f"s{n}", story if n % 2 else article(150, seed=100 + n)) for n in range(6)]
    with Index.open(sqlite_path) as index:
        decisions = [d for _, d in stream(items, index)]
        assert [d.duplicate_of for d in decisions] == [None, None, None, "s1", None, "s1"]
    with Index.open(sqlite_path) as again:  # committed when the stream ended
        assert len(again) == 6 and again.check() == []


def test_the_readme_streaming_example_finds_the_syndicated_copy(sqlite_path):
    with Index.open(sqlite_path) as index:
        index.add(read(CORPUS / "wire"))
        found = dict((a.id, d.duplicate_of) for a, d in stream(
            (a for a in read(CORPUS / "harbour-gazette") if isinstance(a, Article)), index))
    assert found["port-strike.txt"] == str((CORPUS / "wire" / "port-strike.txt").resolve())
