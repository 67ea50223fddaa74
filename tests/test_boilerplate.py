"""Corpus boilerplate: the kernel's paragraph units equal the reference, and the decision keeps
syndicated paragraphs as evidence while dropping house footers."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, Config, scan
from dedup.matching.boilerplate import boilerplate_spans, find_boilerplate, without_boilerplate
from dedup.minhash import signatures
from dedup.paragraphs import MIN_WORDS, units
from tests.text import article, edit, words

PIECES = st.sampled_from(["word", "Dock", "strike", "4,200", "“quoted”", "—", "café", "東京", ".", ",", " ", "  ", "country's", "’", "'", "o’clock",
                          "\n", "\n\n", "\n \n", "\n\t\r\n", "\n.\n", "\u00a0", "\u2029", "\n\u00a0\n"])
TEXTS = st.lists(PIECES, max_size=120).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_kernel_units_equal_the_reference(texts):
    signed = signatures(texts, Config())
    start = 0
    for text, end in zip(texts, signed.unit_ends):
        expected = [(u.hash, u.context) for u in units(text)]
        got = list(zip(signed.unit_hashes[start:end].tolist(), signed.unit_contexts[start:end].tolist()))
        assert got == expected
        start = end


def survey(texts: list[str], min_docs: int = 3) -> np.ndarray:
    signed = signatures(texts, Config())
    return find_boilerplate(signed.unit_hashes, signed.unit_contexts, signed.unit_ends, min_docs)


FOOTER = " ".join(words(100, seed=99)).capitalize() + "."


def test_a_footer_after_different_stories_is_boilerplate():
    stories = [article(60, seed=s) + "\n\n" + FOOTER for s in range(3)]
    found = survey(stories)
    assert len(found) == 1
    for story in stories:
        assert [story[s:e] for s, e in boilerplate_spans(story, found)] == [FOOTER]


def test_a_footer_in_two_stories_is_not_yet_boilerplate():
    assert len(survey([article(60, seed=s) + "\n\n" + FOOTER for s in range(2)])) == 0


def test_copies_of_one_story_are_not_boilerplate():
    story = article(300, seed=5)
    paragraphs = story.split("\n\n")
    copies = [story, story, "\n\n".join(paragraphs[:3]), "\n\n".join(paragraphs[:-1])]
    copies += [edit(story, 90, seed=s) for s in range(76)]  # 80 copies, a word changed in every 90
    assert len(survey(copies)) == 0


def test_copies_in_other_outlets_pages_stay_evidence_while_a_footer_does_not():
    # the lead and the close of one wire story, each copy after its own outlet's byline and
    # before its own footer: many contexts, like a footer, but the copies share the middle
    story = article(200, seed=21).split("\n\n")
    footers = [" ".join(words(20, seed=50 + o)).capitalize() + "." for o in range(4)]
    copies = [f"By {name} staff\n\n" + "\n\n".join(story) + "\n\n" + footers[o]
              for o, name in enumerate(["Harbour", "Valley", "Metro", "Coastal"])]
    # each outlet's footer under its unrelated stories too, which share nothing else
    others = [article(60, seed=100 + k) + "\n\n" + footers[k % 4] for k in range(12)]
    found = set(survey(copies + others).tolist())
    assert not {u.hash for u in units("\n\n".join(story))} & found
    assert {u.hash for f in footers for u in units(f)} == found


def test_a_one_paragraph_story_copied_under_other_outlets_footers_stays_evidence():
    story = " ".join(words(40, seed=7)).capitalize() + "."
    footers = [" ".join(words(20, seed=60 + o)).capitalize() + "." for o in range(3)]
    copies = [f"{intro}\n\n{story}\n\n{footers[o]}" for o, intro in enumerate(["(AP) Staff", "Listen to this article", "Home / World"])]
    others = [article(60, seed=200 + k) + "\n\n" + footers[k % 3] for k in range(9)]
    found = survey(copies + others).tolist()
    assert units(story)[0].hash not in found
    result = scan([Article(f"copy{i}", text) for i, text in enumerate(copies)] + [Article(f"o{k}", t) for k, t in enumerate(others)])
    assert [sorted(m.id for m in c.members) for c in result.clusters] == [["copy0", "copy1", "copy2"]]


def test_short_paragraphs_are_not_units():
    assert units("Share this.\n\nToo short to be a unit here.") == []
    assert len(units(" ".join(["word"] * MIN_WORDS))) == 1


def test_switched_off_with_zero():
    assert len(survey([article(60, seed=s) + "\n\n" + FOOTER for s in range(5)], min_docs=0)) == 0


def test_scan_keeps_footer_sharing_stories_apart_and_copies_together():
    stories = [article(30, seed=s) for s in range(3)]
    docs = [Article(f"gazette/{i}", story + "\n\n" + FOOTER) for i, story in enumerate(stories)]
    docs += [Article("wire/0", stories[0] + "\n\nMore to follow.")]
    plain = scan(docs, boilerplate=0)
    assert len(plain.clusters) == 1 and plain.clusters[0].size == 4  # the footer links them all
    result = scan(docs)
    assert [sorted(m.id for m in c.members) for c in result.clusters] == [["gazette/0", "wire/0"]]
    assert (result.summary.boilerplate_paragraphs, result.summary.articles_with_boilerplate) == (1, 3)


def test_articles_that_are_only_boilerplate_are_skipped():
    docs = [Article(f"d{i}", article(40, seed=i) + "\n\n" + FOOTER) for i in range(3)]
    docs += [Article("bare1", "Notice.\n\n" + FOOTER), Article("bare2", "Alert.\n\n" + FOOTER)]
    result = scan(docs)
    reasons = {s.id: s.reason for s in result.skipped}
    assert reasons["bare1"].startswith("nothing but boilerplate") and reasons["bare2"].startswith("nothing but boilerplate")
    assert result.clusters == []


def test_boilerplate_found_in_json_lines_from_stdin(monkeypatch):
    lines = "".join(json.dumps({"id": f"s{i}", "text": article(30, seed=i) + "\n\n" + FOOTER}) + "\n" for i in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    result = scan("-")
    assert result.clusters == [] and result.summary.articles_with_boilerplate == 3


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4), data=st.data())
def test_kernel_leaves_out_exactly_the_reference_spans(texts, data):
    every = sorted({u.hash for t in texts for u in units(t)})
    skip = np.array(data.draw(st.lists(st.sampled_from(every), unique=True)) if every else [], dtype=np.uint32)
    skip.sort()
    fast = signatures(texts, Config(ngram=3), skip=skip)
    for i, text in enumerate(texts):
        kept = without_boilerplate(text, skip)
        assert np.array_equal(fast.matrix[i], signatures([kept], Config(ngram=3)).matrix[0])


def test_repeated_ids_are_paired_with_the_right_article_when_re_signed():
    from dedup.batch import _set_boilerplate_aside, _sign_all
    from dedup.readers import read
    from dedup.spool import Spool

    stories = [article(30, seed=s) for s in range(41, 44)]
    # id "x" twice in one feed: the first without the footer, the second with it
    docs = [Article("x", article(200, seed=40), path="feed.jsonl")]
    docs += [Article(i, story + "\n\n" + FOOTER, path="feed.jsonl") for i, story in zip("xyz", stories)]
    config = Config()
    with Spool() as spool:
        signed, skipped = _sign_all(read(docs, config), config, None, spool=spool)
        first = signed.sigs[0].copy()
        found, cleaned = _set_boilerplate_aside(signed, spool, config, skipped)
        assert (len(found), cleaned) == (1, 3)
    assert np.array_equal(signed.sigs[0], first)  # the clean "x" was not touched
    assert np.array_equal(signed.sigs[1], signatures([stories[0]], config).matrix[0])


def test_shingles_fetched_from_the_spool_are_those_of_each_text_without_boilerplate(monkeypatch):
    """What the settle and the walk fetch: each row's shingle hashes as its kept text gives
    them, in the rows' order, whether the rows are signed again in one part or in several."""
    import dedup.batch as batch
    from dedup.normalize import signing_form
    from dedup.spool import Spool

    config = Config()
    texts = [article(40 + 7 * (s % 5), seed=s) + ("\n\n" + FOOTER if s % 2 else "") for s in range(9)]
    skip = survey(texts)
    assert len(skip)
    rows = np.array([8, 0, 3, 3, 5, 1, 7])
    kept = signatures([without_boilerplate(texts[r], skip) for r in rows], config, keep_hashes=True)
    with Spool() as spool:
        spool.add([(Article(str(i), t), signing_form(t)) for i, t in enumerate(texts)])
        whole = batch._shingles(spool, skip, config)(rows)
        monkeypatch.setattr(batch, "FETCH_ROWS", 2)
        parts = batch._shingles(spool, skip, config)(rows)
        nothing = batch._shingles(spool, skip, config)(rows[:0])
    for hashes, starts in (whole, parts):
        assert hashes.tolist() == kept.hashes.tolist()
        assert starts.tolist() == [0, *np.cumsum(kept.shingles).tolist()]
    assert (len(nothing[0]), nothing[1].tolist()) == (0, [0])
