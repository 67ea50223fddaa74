"""The SQLite index's unmerged articles (:mod:`dedup.index.fresh`): kept out of the band table
until a writer merges them, found all the same by every open index, and answered exactly as
a plain search over every earlier article's band keys answers."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedup.index.sqlite
from dedup import Article, Config, DedupError, Index, stream
from dedup.index.fresh import Fresh
from dedup.index.pending import Pending
from dedup.index.store import Row
from dedup.matching.lsh import band_keys
from dedup.matching.similarity import containment_from_jaccard, is_similar
from dedup.minhash import signatures
from tests.text import article, edit

STORIES = [article(120, seed=400 + n) for n in range(4)]


def band_rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM bands").fetchone()[0]


def spread(n: int) -> int:
    """A small number as a 64-bit key the way band keys are spread (a few small ones share
    leading bits, as keys sometimes do)."""
    return (n * 0x9E3779B97F4A7C15) % (1 << 64) if n % 5 else n


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 50), min_size=1, max_size=6), min_size=1, max_size=12),
       st.lists(st.integers(0, 50), min_size=1, max_size=8))
def test_fresh_lookup_agrees_with_a_plain_map(batches, asked):
    fresh, plain, doc = Fresh(merged=3), {}, 3
    for batch in batches:  # one read of new articles each: one run, merged with others as they come
        docs = np.arange(doc + 1, doc + 1 + len(batch))
        keys = np.array([[spread(k), spread(k + 100)] for k in batch], dtype=np.uint64)
        fresh.add(docs, keys)
        for d, row in zip(docs.tolist(), keys.tolist()):
            for k in row:
                plain.setdefault(k, set()).add(d)
        doc += len(batch)
    query = np.array([spread(k) for k in asked], dtype=np.uint64)
    assert fresh.docs(query) == sorted(set().union(*(plain.get(k, set()) for k in query.tolist())))
    keys, docs = fresh.pairs()
    assert sorted(zip(keys.tolist(), docs.tolist())) == list(zip(keys.tolist(), docs.tolist()))
    assert len(keys) == sum(len(v) for v in plain.values()) and fresh.seen == doc


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.lists(st.integers(0, 30), min_size=1, max_size=5)), min_size=1, max_size=12),
       st.lists(st.integers(0, 30), min_size=1, max_size=6))
def test_pending_lookup_agrees_with_a_plain_map(added, asked):
    pending, rows = Pending(), []
    for position, (doc_id, keys) in enumerate(added):
        row = Row(doc_id, None, None, None, None, position, b"")
        pending.add(row, np.array([spread(k) for k in keys], dtype=np.uint64))
        rows.append((row, {spread(k) for k in keys}))
    newest = {row.id: (row, keys) for row, keys in rows}  # a re-added id replaces itself
    query = {spread(k) for k in asked}
    assert pending.candidates(np.array(sorted(query), dtype=np.uint64)) == sorted(
        (row for row, keys in newest.values() if keys & query), key=lambda row: row.size)


def reference(items: list[Article], config: Config) -> list[list[tuple[str, float]]]:
    """Each article's matches among the newest version of each earlier id, by brute force:
    a match shares a band key and passes the thresholds."""
    signed = signatures([a.text for a in items], config)
    keys = band_keys(signed.matrix, *config.bands)
    answers, latest = [], {}
    for i, item in enumerate(items):
        found = []
        for other_id, j in latest.items():
            if other_id == item.id or not np.intersect1d(keys[i], keys[j]).size or signed.shingles[i] == 0:
                continue
            jac = float(np.count_nonzero(signed.matrix[i] == signed.matrix[j])) / config.num_perm
            con = containment_from_jaccard(jac, int(signed.shingles[i]), int(signed.shingles[j]))
            if is_similar(jac, con, config.threshold, config.containment):
                found.append((other_id, round(jac, 4)))
        answers.append(sorted(found, key=lambda m: (-m[1], m[0])))
        latest[item.id] = i
    return answers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=14),
       st.integers(1, 4), st.integers(1, 5))
def test_a_stream_answers_as_a_search_over_every_earlier_article(monkeypatch, arrivals, batch, merge_at):
    # small batches and merges: commits and merges happen mid-stream, replacements cross them
    monkeypatch.setattr(dedup.index.sqlite, "MERGE_ARTICLES", merge_at)
    items = [Article(name, edit(STORIES[story], 9, seed=change) if change else STORIES[story])
             for name, story, change in arrivals]
    with tempfile.TemporaryDirectory() as folder, Index.open(Path(folder) / "i.db", batch_size=batch) as index:
        answers = [[(m.id, m.similarity) for m in d.matches] for _, d in stream(items, index)]
        assert answers == reference(items, index.config)
        assert index.check() == []
        assert len(index) == len({a.id for a in items})


def test_unmerged_articles_are_found_by_another_reader_then_merged_when_the_writer_closes(tmp_path):
    path = tmp_path / "seen.db"
    with Index.open(path) as index:
        index.add([Article("old", article(150, seed=1))])
    assert band_rows(path) == 64
    reader = Index.open(path)
    writer = Index.open(path, batch_size=3)
    copies = [Article(f"new-{n}", article(150, seed=2) + f"\n\nUpdate {n}.") for n in range(7)]
    for item in copies[:6]:
        writer.add_and_query(item)
    writer.commit()
    writer.add_and_query(copies[6])  # not committed yet: the reader cannot see it
    assert band_rows(path) == 64  # the six committed are not in the band table yet
    assert {m.id for m in reader.query(Article("q", article(150, seed=2))).matches} == {f"new-{n}" for n in range(6)}
    assert reader.query(Article("q", article(150, seed=1))).duplicate_of == "old"
    with Index.open(path) as another:  # a reader merges nothing when it closes
        assert len(another) == 7 and another.check() == []
    assert band_rows(path) == 64
    writer.close()
    assert band_rows(path) == 64 * 8
    # the reader notices the merge and finds them in the band table instead, once each
    assert sorted(m.id for m in reader.query(Article("q", article(150, seed=2))).matches) == [f"new-{n}" for n in range(7)]
    assert reader.check() == []
    reader.close()


def test_a_writer_merges_once_enough_articles_wait(tmp_path, monkeypatch):
    monkeypatch.setattr(dedup.index.sqlite, "MERGE_ARTICLES", 10)
    path = tmp_path / "seen.db"
    with Index.open(path, batch_size=4) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(25)])
        assert band_rows(path) == 64 * 24  # merged at 12 articles (three batches) and at 24, not yet the last
        assert all(index.query(Article("q", article(100, seed=n))).duplicate_of == f"a{n}" for n in range(25))
        assert index.check() == []
    assert band_rows(path) == 64 * 25


def test_an_index_of_an_earlier_format_is_refused_saying_what_changed(tmp_path):
    path = tmp_path / "old.db"
    with Index.open(path) as index:
        index.add([Article("a", article(100, seed=1))])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    with pytest.raises(DedupError) as raised:
        Index.open(path)
    message = str(raised.value)
    assert "index format 2" in message and "band table" in message and "build it again with dedup index add" in message
