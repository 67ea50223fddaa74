"""Real-world article files (fixtures/realworld): one story saved as a web page, as cp1252, as
mojibake and as a dump full of site chrome clusters as one; three short stories that share a
long house footer stay apart; broken files are reported."""

from __future__ import annotations

import json

import pytest

from dedup import Article, read, scan
from tests.conftest import FIXTURES

HERE = FIXTURES / "realworld"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
ROOTS = [p for p in sorted(HERE.iterdir()) if p.is_dir()]  # not the README or the labels


@pytest.fixture(scope="module")
def result():
    return scan(ROOTS)


def test_the_four_copies_cluster_under_the_earliest(result):
    expected = EXPECTED["cluster"]
    found = {c.canonical: {m.id for m in c.members} for c in result.clusters}
    assert found.get(expected["canonical"]) == set(expected["members"])


def test_footer_sharing_stories_stay_apart(result):
    for cluster in result.clusters:
        assert len(set(EXPECTED["apart"]) & {m.id for m in cluster.members}) <= 1
    assert result.summary.articles_with_boilerplate >= 3


def test_without_boilerplate_detection_the_footer_links_them():
    plain = scan(ROOTS, boilerplate=0)
    linked = [c for c in plain.clusters if set(EXPECTED["apart"]) <= {m.id for m in c.members}]
    assert linked, "the fixture no longer shows what boilerplate detection is for"


@pytest.mark.parametrize("doc_id", sorted(EXPECTED["title"]))
def test_titles_and_dates_are_read(doc_id):
    article = next(read(ROOTS, only={doc_id}))
    assert article.title == EXPECTED["title"][doc_id]
    assert article.date == EXPECTED["date"][doc_id]


def test_encodings_are_repaired_to_the_same_text():
    by_id = {a.id: a for a in read(ROOTS) if isinstance(a, Article)}
    for doc_id in ("valley-courier/nurses-strike.txt", "metro-wire/nurses-strike.txt"):
        text = by_id[doc_id].text
        assert "Castaño" in text and "’" in text and "â€" not in text and "Ã" not in text


def test_page_chrome_never_reaches_the_text():
    for article in read(ROOTS):
        if isinstance(article, Article):
            for chrome in EXPECTED["must_not_appear"]:
                assert chrome not in article.text, (article.id, chrome)


@pytest.mark.parametrize("doc_id, reason", [(k, v) for k, v in EXPECTED["skipped"].items() if v])
def test_broken_files_are_reported(result, doc_id, reason):
    reasons = {s.id: s.reason for s in result.skipped}
    assert reason.lower() in reasons[doc_id].lower()


def test_good_json_lines_around_a_broken_one_are_read(result):
    ids = {m.id for c in scan(ROOTS, singletons=True).clusters for m in c.members}
    assert {"r1", "r2", "r4"} <= ids
    assert {"a1", "a2"} <= ids  # broken/array.json: an array of two records
