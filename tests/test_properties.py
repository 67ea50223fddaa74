"""Invariants of a scan, over generated sets of articles."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, Config, scan
from tests.text import article, edit

STORIES = [article(150, seed=s) for s in range(4)]


@st.composite
def articles(draw, unique_ids: bool):
    n = draw(st.integers(0, 14))
    out = []
    for i in range(n):
        story = STORIES[draw(st.integers(0, len(STORIES) - 1))]
        kind = draw(st.sampled_from(["copy", "edit", "brief", "short", "empty"]))
        text = {
            "copy": story,
            "edit": edit(story, draw(st.integers(6, 40)), seed=i),
            "brief": "\n\n".join(story.split("\n\n")[:2]),
            "short": "A few words only.",
            "empty": "   ",
        }[kind]
        doc_id = f"doc{i}" if unique_ids else f"doc{draw(st.integers(0, 5))}"
        date = draw(st.sampled_from([None, "2025-01-01", "2025-01-02"]))
        out.append(Article(doc_id, text, date=date))
    return out


@settings(max_examples=60, deadline=None)
@given(docs=articles(unique_ids=False))
def test_every_input_is_reported_exactly_once(docs):
    result = scan(docs, singletons=True)
    reported = [m.id for c in result.clusters for m in c.members] + [s.id for s in result.skipped]
    assert Counter(reported) == Counter(d.id for d in docs)
    assert result.summary.documents + result.summary.skipped == len(docs)


@settings(max_examples=40, deadline=None)
@given(docs=articles(unique_ids=True), data=st.data())
def test_input_order_does_not_change_clusters(docs, data):
    shuffled = data.draw(st.permutations(docs))
    assert [c.to_dict() for c in scan(shuffled, singletons=True).clusters] == [
        c.to_dict() for c in scan(docs, singletons=True).clusters
    ]


@settings(max_examples=40, deadline=None)
@given(docs=articles(unique_ids=True))
def test_every_member_is_similar_to_its_canonical(docs):
    for cluster in scan(docs).clusters:
        assert cluster.members[0].id == cluster.canonical
        for member in cluster.duplicates:
            assert member.similarity >= Config().threshold or member.containment >= Config().containment
