"""The differ: aligned, word-bounded changes that rebuild B from A, tagged for what they touch."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, diff, read_articles
from tests.conftest import FIXTURES

PAIR = {a.id: a for a in read_articles(FIXTURES / "diff")}
WIRE, REWRITE = PAIR["wire.txt"], PAIR["rewrite.txt"]

SENTENCES = [
    "The port closed on Monday.", "“We will not back down,” she said.", "About 4,200 workers walked out.",
    "Talks resume on Friday in the city hall.", "Shipping lines diverted 12 vessels.", "The mayor urged calm — again.",
    "Nobody expected a deal before the weekend.", "Prices rose 3.5 percent.", "A second union joined the strike.",
]


@st.composite
def versions(draw):
    a = draw(st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=8))
    b = list(a)
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["drop", "add", "move", "word", "space", "quote", "merge"]))
        if kind == "drop" and b:
            b.pop(draw(st.integers(0, len(b) - 1)))
        elif kind == "add":
            b.insert(draw(st.integers(0, len(b))), draw(st.sampled_from(SENTENCES)))
        elif kind == "move" and len(b) > 1:
            b.insert(draw(st.integers(0, len(b) - 1)), b.pop(draw(st.integers(0, len(b) - 1))))
        elif kind == "word" and b:
            i = draw(st.integers(0, len(b) - 1))
            b[i] = b[i].replace("the", draw(st.sampled_from(["a", "its", "the old"])), 1)
        elif kind == "space" and b:
            i = draw(st.integers(0, len(b) - 1))
            b[i] = b[i].replace(" ", "  ", 1)
        elif kind == "quote" and b:
            i = draw(st.integers(0, len(b) - 1))
            b[i] = b[i].replace("“", '"').replace("”", '"').replace("—", "-")
        elif kind == "merge" and len(b) > 1:
            i = draw(st.integers(0, len(b) - 2))
            b[i : i + 2] = [b[i].rstrip(".") + " and " + b[i + 1][0].lower() + b[i + 1][1:]]
    sep_a, sep_b = draw(st.sampled_from([" ", "\n\n", "\n"])), draw(st.sampled_from([" ", "\n\n"]))
    return sep_a.join(a), sep_b.join(b)


@settings(max_examples=300, deadline=None)
@given(pair=versions())
def test_applying_the_changes_to_a_gives_b(pair):
    a, b = pair
    result = diff(a, b)
    assert result.apply() == b
    previous_end = 0
    for change in result.changes:
        assert a[change.a_span[0] : change.a_span[1]] == change.a_text
        assert b[change.b_span[0] : change.b_span[1]] == change.b_text
        assert change.a_span[0] >= previous_end
        previous_end = change.a_span[1]


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400), other=st.text(max_size=400))
def test_any_two_strings(text, other):
    assert diff(text, other).apply() == other


def test_identical_versions_have_no_changes():
    result = diff(WIRE, WIRE)
    assert result.changes == () and result.jaccard == 1.0


def test_quote_style_spacing_and_dashes_are_folded_away():
    a = "“We will not back down,” she said — twice.\n\nTalks resume on Friday."
    b = '"We will not back  down," she said - twice.\nTalks resume on Friday.'
    result = diff(a, b)
    assert result.visible == ()
    assert result.changes and all("cosmetic" in c.tags for c in result.changes)


def test_the_reworded_quote_is_aligned_and_tagged():
    result = diff(WIRE, REWRITE)
    quoted = [c for c in result.visible if "quote" in c.tags]
    assert any("trade our jobs" in c.a_text and "swap our livelihoods" in c.b_text for c in quoted)
    [drift] = [q for q in result.quotes if q.a_text.startswith("“We will not trade")]
    assert drift.verdict == "reworded" and drift.b_text.startswith("“We refuse to swap")


def test_a_changed_figure_is_tagged_number():
    result = diff(WIRE, REWRITE)
    assert any(c.a_text.strip() == "four" and c.b_text.strip() == "multiple" and "number" in c.tags for c in result.visible)


def test_a_moved_paragraph_is_tagged_moved():
    result = diff(WIRE, REWRITE)
    moved = [c for c in result.visible if "moved" in c.tags]
    assert {c.kind for c in moved} == {"delete", "insert"}
    assert all("Shipping lines have begun diverting" in (c.a_text + c.b_text) for c in moved)


def test_a_quote_kept_word_for_word_is_same_and_an_added_sentence_is_an_insert():
    result = diff(WIRE, REWRITE)
    [kept] = [q for q in result.quotes if "best this port can afford" in q.a_text]
    assert kept.verdict == "same"
    assert any(c.kind == "insert" and "Union members are expected" in c.b_text for c in result.visible)
    assert result.counts["added"] >= 1 and result.counts["aligned"] >= 4


def test_changes_start_and_end_on_word_boundaries():
    result = diff(WIRE, REWRITE)
    for change in result.visible:
        for text, (start, end) in ((WIRE.text, change.a_span), (REWRITE.text, change.b_span)):
            if start < end:
                assert not (start > 0 and text[start - 1].isalnum() and text[start].isalnum())
                assert not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def test_site_chrome_is_not_shown_as_a_change():
    body = "Dock workers walked out on Monday over pay and the night shift, union leaders said."
    a = Article("a", "Share\n\n" + body, matching=((7, 7 + len(body)),))
    b = Article("b", "3 min read\n\n" + body.replace("Monday", "Tuesday"), matching=((12, 12 + len(body) + 1),))
    result = diff(a, b)
    assert [(c.a_text, c.b_text) for c in result.visible] == [("Monday", "Tuesday")]
    assert result.apply() == b.text


def test_rewrites_never_come_out_as_delete_everything():
    rng = random.Random(3)
    words = REWRITE.text.split()
    rng.shuffle(words)
    result = diff(WIRE, REWRITE)
    biggest = max(len(c.a_text) for c in result.visible)
    assert biggest < len(WIRE.text) / 3
