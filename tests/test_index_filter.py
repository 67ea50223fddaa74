"""The SQLite index's key filter (:mod:`dedup.index.keyfilter`): it never hides a band key the
band table holds, grows with the index, and is not trusted when it does not cover the table
(an index made before it, or merged by a version that did not keep it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup.index.sqlite
from dedup import Article, Index
from dedup.index.keyfilter import LEAST_BITS, KeyFilter
from tests.text import article

keys64 = st.lists(st.integers(0, (1 << 64) - 1), max_size=300)


@settings(max_examples=60, deadline=None)
@given(st.lists(keys64, min_size=1, max_size=5), keys64)
def test_the_filter_holds_every_key_added_and_few_others(batches, others):
    held = KeyFilter.sized(sum(map(len, batches)), merged=0)
    for batch in batches:
        held.add(np.array(batch, dtype=np.uint64))
    added = np.array([k for batch in batches for k in batch], dtype=np.uint64)
    assert held.may_hold(added).all()
    assert held.keys == len(added) and not held.full(0)
    absent = np.array(sorted(set(others) - set(added.tolist())), dtype=np.uint64)
    assert held.may_hold(absent).sum() <= max(3, len(absent) // 4)  # (well under 1 in 4 at 16 bits a key)


def test_a_filter_is_full_below_eight_bits_a_key():
    held = KeyFilter.sized(100, merged=0)
    assert len(held.bits) * 8 == LEAST_BITS and not held.full(LEAST_BITS // 8) and held.full(LEAST_BITS // 8 + 1)


def stored_filter(path: Path) -> tuple[int, int, bytes] | None:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT merged, keys, bits FROM keyfilter").fetchone()


def add(path: Path, seeds: range) -> None:
    with Index.open(path) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in seeds])


def found_all(index: Index, seeds: range) -> bool:
    return all(index.query(Article("q", article(100, seed=n))).duplicate_of == f"a{n}" for n in seeds)


def test_a_filter_built_again_when_full_keeps_finding_every_article(tmp_path, monkeypatch):
    monkeypatch.setattr(dedup.index.sqlite, "MERGE_ARTICLES", 40)
    path = tmp_path / "seen.db"
    with Index.open(path, batch_size=20) as index:
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(40)])
        first = stored_filter(path)
        index.add([Article(f"a{n}", article(100, seed=n)) for n in range(40, 300)])
    assert first is not None and len(first[2]) * 8 == LEAST_BITS  # 2,560 keys: the least size
    merged, keys, bits = stored_filter(path)
    assert merged == 300 and keys == 300 * 64 and len(bits) * 8 > LEAST_BITS  # built again, larger
    with Index.open(path) as index:
        assert found_all(index, range(300)) and index.check() == []


def test_an_index_made_before_the_filter_is_searched_in_full_and_gets_one_at_its_next_merge(tmp_path):
    path = tmp_path / "seen.db"
    add(path, range(20))
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE keyfilter")
    with Index.open(path) as reader:
        assert found_all(reader, range(20)) and reader.check() == []
    assert not sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE name = 'keyfilter'").fetchall()
    add(path, range(20, 21))
    assert stored_filter(path)[0] == 21
    with Index.open(path) as index:
        assert found_all(index, range(21)) and index.check() == []


def test_a_filter_left_behind_by_a_merge_that_did_not_keep_it_is_not_trusted(tmp_path):
    path = tmp_path / "seen.db"
    add(path, range(10))
    old = stored_filter(path)
    add(path, range(10, 20))
    with sqlite3.connect(path) as db:  # as a version that merged without the filter leaves it
        db.execute("UPDATE keyfilter SET merged = ?, keys = ?, bits = ?", old)
    with Index.open(path) as reader:
        assert found_all(reader, range(20)) and reader.check() == []
    add(path, range(20, 21))  # its next merge builds it again from the band table
    assert stored_filter(path)[:2] == (21, 21 * 64)
    with Index.open(path) as index:
        assert found_all(index, range(21))


def test_the_check_reports_keys_the_filter_misses(tmp_path):
    path = tmp_path / "seen.db"
    add(path, range(5))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE keyfilter SET bits = zeroblob(length(bits))")
    with Index.open(path) as index:
        assert index.check() == ["320 band keys missing from the key filter"]
