"""The labelled fixture corpus: the scan must find exactly the labelled clusters."""

from __future__ import annotations

import json
import random

import pytest

from dedup import Article, read, scan
from tests.conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
ROOTS = [FIXTURES / "corpus", FIXTURES / "malformed"]


@pytest.fixture(scope="module")
def result():
    return scan(ROOTS)


def clusters_by_canonical(result):
    return {c.canonical: {m.id for m in c.members} for c in result.clusters}


@pytest.mark.parametrize("expected", EXPECTED["clusters"], ids=lambda c: c["name"])
def test_labelled_cluster_is_found_whole(result, expected):
    found = clusters_by_canonical(result)
    assert expected["canonical"] in found, f"{expected['name']}: no cluster led by {expected['canonical']}"
    assert found[expected["canonical"]] == set(expected["members"])


def test_no_other_clusters(result):
    assert len(result.clusters) == len(EXPECTED["clusters"])


@pytest.mark.parametrize("pair", EXPECTED["apart"], ids=lambda p: " / ".join(p))
def test_look_alike_pair_stays_apart(result, pair):
    for members in clusters_by_canonical(result).values():
        assert not set(pair) <= members


def test_rewrites_are_not_near_duplicates(result):
    clustered = set().union(*clusters_by_canonical(result).values())
    for rewrite in EXPECTED["rewrites"]:
        assert not clustered & set(rewrite["members"])


@pytest.mark.parametrize("expected", EXPECTED["skipped"], ids=lambda s: s["id"])
def test_malformed_input_is_skipped_with_its_reason(result, expected):
    reasons = {s.id: s.reason for s in result.skipped}
    assert expected["id"] in reasons
    assert expected["reason_contains"].lower() in reasons[expected["id"]].lower()


def test_every_input_is_accounted_for_once(result):
    inputs = [item.id for item in read(ROOTS)]
    members = [m.id for c in scan(ROOTS, singletons=True).clusters for m in c.members]
    skipped = [s.id for s in result.skipped]
    assert sorted(members + skipped) == sorted(inputs)
    assert len(set(inputs)) == len(inputs)


def test_input_order_does_not_change_the_clusters(result):
    articles = [a for a in read(ROOTS) if isinstance(a, Article)]
    for seed in range(3):
        random.Random(seed).shuffle(articles)
        shuffled = scan(articles)
        assert [c.to_dict() for c in shuffled.clusters] == [c.to_dict() for c in result.clusters]
