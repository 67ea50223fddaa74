"""The same-story tier: ``dedup.compare``, ``dedup compare`` and ``dedup scan --stories``,
on the labelled fixture pairs and on generated corpora."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from corpus import generate  # noqa: E402
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dedup import Article, Comparison, Config, ConfigError, compare, read, scan
from dedup.cli import app
from dedup.matching.similarity import shingle_set
from dedup.minhash import shingles
from dedup.story import cosine, cosine_for, profile, story_of, weights_for
from dedup.story.profiles import tokens
from dedup.story.score import shared_runs, whole_cosine
from tests.conftest import FIXTURES
from tests.text import article, edit

PAIRS = json.loads((FIXTURES / "stories.json").read_text(encoding="utf-8"))["pairs"]
PORT_STRIKE = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["clusters"][0]
REWRITES = [f"{path.split('/', 1)[1]}" for path in json.loads((FIXTURES / "expected.json").read_text())["rewrites"][0]["members"]]


def one(path: str) -> Article:
    [found] = [a for a in read(FIXTURES / path) if isinstance(a, Article)]
    return found


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['verdict']}:{Path(p['a']).stem}~{Path(p['b']).stem}")
def test_labelled_pair_gets_its_verdict(pair):
    a, b = one(pair["a"]), one(pair["b"])
    assert compare(a, b).verdict == pair["verdict"], pair["why"]
    assert compare(b, a).verdict == pair["verdict"]


def test_labelled_rewrites_score_above_every_lookalike():
    scores = {p["verdict"]: [] for p in PAIRS}
    for pair in PAIRS:
        scores[pair["verdict"]].append(compare(one(pair["a"]), one(pair["b"])).story)
    assert min(scores["rewrite"]) > max(scores["different"])
    assert min(scores["duplicate"]) > max(scores["different"])


def test_compare_takes_articles_or_their_text():
    a, b = one("corpus/wire/port-strike.txt"), one("corpus/seaboard-review/ardmore-harbour-silent.txt")
    assert compare(a, b) == compare(a.matching_text, b.matching_text)
    result = compare(a, b)
    assert isinstance(result, Comparison) and set(result.to_dict()) == {"jaccard", "containment", "story", "verdict"}
    assert result.jaccard < 0.05 and 0.0 <= result.story <= 1.0


def test_identical_texts_are_duplicates_and_one_story():
    text = article(300, seed=3)
    result = compare(text, text)
    assert (result.jaccard, result.containment, result.verdict) == (1.0, 1.0, "duplicate")
    assert result.story > 0.99


def test_only_common_words_are_no_evidence_of_one_story():
    a = "The people said that they would be there for the time that it takes, and then some more."
    b = "It was said that people would be there and that they would take the time, more or less."
    assert compare(a, b).story < 0.1
    assert compare(a, b).verdict == "different"


def test_overrides_change_the_verdict_thresholds():
    a, b = one("corpus/wire/port-strike.txt"), one("corpus/coastal-courier/kestrel-bay-port-strike.txt")
    story = compare(a, b).story  # rounded to 4 places
    assert compare(a, b, story=story - 0.0001).verdict == "rewrite"
    assert compare(a, b, story=story + 0.0001).verdict == "different"


def test_unknown_language_is_refused_naming_the_setting():
    with pytest.raises(ConfigError) as raised:
        compare("one text", "another", language="xx")
    assert raised.value.field == "language" and "'xx'" in str(raised.value)


def test_story_of_and_cosine_for_are_inverse():
    for story in (0.1, 0.5, 0.8, 0.95):
        assert story_of(cosine_for(story)) == pytest.approx(story, abs=1e-3)
    assert story_of(0.0) < story_of(0.1) < story_of(0.3) < story_of(1.0)


TEXTS = st.text(alphabet=st.sampled_from(list("ab cd'’ É\n.,-é’x1")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(1, 4))
def test_shingles_from_tokens_are_the_reference_shingles(text, n):
    config = Config(ngram=n)
    reference = set(shingles(text, config))
    from_text = {b" ".join(s) for s in shingle_set(text, config)}
    from_tokens = {" ".join(s).encode("utf-8", "surrogatepass") for s in shingle_set(text, config, tokens(text))}
    assert reference == from_text == from_tokens


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(2, 8))
def test_compare_is_symmetric(seed_a, seed_b, every):
    a = article(120, seed=seed_a)
    b = article(100, seed=seed_b) + "\n\n" + a[: len(a) // every]
    assert compare(a, b) == compare(b, a)


def test_profile_cosine_ignores_order_and_the_prior_fades_with_length():
    weights = weights_for("en")
    text = article(200, seed=8)
    reordered = "\n\n".join(reversed(text.split("\n\n")))
    same = profile(text, weights)
    assert cosine(same, profile(reordered, weights)) == pytest.approx(cosine(same, same))
    assert cosine(same, same) > 0.975  # a 200-word article: its own prior term costs it 2%
    short = profile(text[:60], weights)
    assert cosine(short, short) < cosine(same, same)


# passages shared word for word ----------------------------------------------------------


def test_a_pasted_background_paragraph_does_not_make_two_stories_one():
    weights = weights_for("en")
    a, b, background = article(250, seed=21), article(250, seed=22), article(120, seed=23)
    alone = cosine(profile(a, weights), profile(b, weights))
    pa, pb = profile(a + "\n\n" + background, weights), profile(background + "\n\n" + b, weights)
    assert whole_cosine(pa, pb) > alone + 0.2  # what the paragraph would have added
    assert cosine(pa, pb) == pytest.approx(alone, abs=0.03)


def test_copies_excerpts_and_briefs_keep_the_whole_texts_score():
    # (a copy that changed several names scores low: what differs is not one story; its
    # verdict is duplicate all the same)
    weights = weights_for("en")
    text = article(300, seed=31)
    whole = profile(text, weights)
    words = text.split(" ")
    renamed = " ".join(words[:150] + ["Zorbavent"] + words[151:])
    for other in (renamed,  # a copy with one name changed
                  text[: len(text) // 2],  # an excerpt
                  text.split("\n\n")[0] + "\n\nReporting by Marta Oyelaran; editing by Kestrel Vane."):  # a brief
        theirs = profile(other, weights)
        assert cosine(whole, theirs) == whole_cosine(whole, theirs) > 0.4


def test_shared_runs_are_runs_of_eight_terms_in_both():
    seq = np.arange(20, dtype=np.uint32)
    other = np.concatenate([np.array([99, 98], dtype=np.uint32), seq[3:11], np.array([97], dtype=np.uint32), seq[12:19]])
    shared = shared_runs(seq, other)
    assert shared.tolist() == [i in range(3, 11) for i in range(20)]  # 12..18 is a run of seven only


def test_weightless_words_sharing_a_stem_do_not_dilute_what_is_left():
    from dedup.story.score import outside

    weights = weights_for("en")
    text = "after the meeting and after the vote, after all that, Zorbavent met the press that afternoon"
    whole = profile(text, weights)
    inside = np.array([w in ("after", "the", "and", "all", "that") for w in tokens(text)])
    assert weights.weight("after") == 0.0 < weights.weight("afternoon")
    assert np.allclose(outside(whole, inside), whole.weights)  # every weighted word lies outside


PIECES = [article(n, seed=s) for s, n in enumerate((60, 90, 140, 200, 40, 120), start=40)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(PIECES) - 1), min_size=1, max_size=5),
       st.lists(st.integers(0, len(PIECES) - 1), min_size=1, max_size=5), st.integers(0, 40))
def test_the_compiled_cosine_of_packed_profiles_is_the_reference(left, right, every):
    from dedup.story.fast import row_cosine, story_cosine
    from dedup.story.packed import Profiles

    weights = weights_for("en")
    texts = ["\n\n".join(PIECES[i] for i in left), "\n\n".join(PIECES[i] for i in right)]
    if every:
        texts[1] = edit(texts[1], every + 4, seed=every)
    profiles = Profiles()
    a, b = (profile(t, weights) for t in texts)
    profiles.add(a)
    profiles.add(b)
    assert row_cosine(profiles.packed(), 0, 1) == pytest.approx(cosine(a, b), abs=1e-5)
    assert story_cosine(a.terms, a.weights, a.norm, a.sequence, b.terms, b.weights, b.norm, b.sequence) == pytest.approx(cosine(a, b))
    assert compare(*texts).story == round(story_of(cosine(a, b)), 4)


def test_packed_semantic_profiles_begin_with_the_lexical_fields():
    """The compiled lexical score reads both kinds by the same field names, and
    ``Pieces.packed`` builds the semantic kind from the lexical one's fields in order."""
    from dedup.story.packed import PackedProfiles, PackedSemantic

    assert PackedSemantic._fields[: len(PackedProfiles._fields)] == PackedProfiles._fields
    assert PackedSemantic._fields[len(PackedProfiles._fields) :] == ("body", "lead", "combination")


# scan --stories ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story_scan():
    return scan(FIXTURES / "corpus", stories=True)


def test_story_scan_joins_the_rewrites_to_their_story(story_scan):
    [port] = [c for c in story_scan.clusters if c.canonical == PORT_STRIKE["canonical"].split("/", 1)[1]]
    copies = {m.split("/", 1)[1] if m.startswith("corpus/") else m for m in PORT_STRIKE["members"]}
    assert {m.id for m in port.members} == copies | set(REWRITES)
    verdicts = {m.id: m.verdict for m in port.members}
    assert all(verdicts[r] == "rewrite" for r in REWRITES)
    assert all(verdicts[c] == "duplicate" for c in copies - {port.canonical})
    assert verdicts[port.canonical] is None and port.members[0].story == 1.0
    assert story_scan.summary.rewrites == 2


def test_story_scan_keeps_every_lookalike_out(story_scan):
    clustered = {m.id for c in story_scan.clusters for m in c.members}
    lookalikes = {p["b"].split("/", 1)[1] for p in PAIRS if p["verdict"] == "different"}
    assert not clustered & lookalikes
    # near-duplicate clusters are the labelled ones, with or without stories
    plain = scan(FIXTURES / "corpus")
    assert len(story_scan.clusters) == len(plain.clusters)


def test_story_scan_verdicts_agree_with_compare(story_scan):
    by_id = {a.id: a for a in read(FIXTURES / "corpus") if isinstance(a, Article)}
    for cluster in story_scan.clusters:
        canonical = by_id[cluster.canonical]
        for member in cluster.duplicates:
            if member.id in by_id:
                assert compare(canonical, by_id[member.id]).verdict == member.verdict


def test_story_scan_ignores_input_order(story_scan):
    articles = [a for a in read(FIXTURES / "corpus") if isinstance(a, Article)]
    random.Random(4).shuffle(articles)
    shuffled = scan(articles, stories=True)
    ours = {c.canonical: {(m.id, m.verdict, m.story) for m in c.members} for c in story_scan.clusters}
    theirs = {c.canonical: {(m.id, m.verdict, m.story) for m in c.members} for c in shuffled.clusters}
    assert ours == theirs


def rewrite(text: str, rng: random.Random) -> str:
    """A rewrite that keeps a story's words and hardly any of its phrases: each sentence with
    a third of its words dropped and the rest in reverse order."""
    out = []
    for paragraph in text.split("\n\n"):
        words = [w for w in paragraph.split() if rng.random() > 0.33]
        out.append(" ".join(reversed(words)))
    return "\n\n".join(out)


def test_story_scan_finds_rewrites_among_many_articles():
    rng = random.Random(11)
    originals = [d for d in generate(1500, seed=21, dup_fraction=0.0)]
    docs = [Article(d.id, d.text, date=d.date) for d in originals]
    planted = {}
    for doc in rng.sample(originals, 5):
        planted[doc.id] = f"rewrite-of-{doc.id}"
        docs.append(Article(planted[doc.id], rewrite(doc.text, rng), date=doc.date))
    result = scan(docs, stories=True)
    pairs = {(c.canonical, m.id): m.verdict for c in result.clusters for m in c.duplicates}
    for original, rewritten in planted.items():
        assert compare(docs[[d.id for d in docs].index(original)], docs[[d.id for d in docs].index(rewritten)]).jaccard < 0.1
        assert pairs.get((original, rewritten)) == "rewrite" or pairs.get((rewritten, original)) == "rewrite"
    assert result.summary.rewrites <= 2 * len(planted)


# the command ------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_compare_command_prints_exactly_the_contract_fields():
    result = run("compare", str(FIXTURES / "corpus/wire/port-strike.txt"),
                 str(FIXTURES / "corpus/riverside-observer/ardmore-walkout-explained.md"), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert set(found) == {"jaccard", "containment", "story", "verdict"}
    assert found["verdict"] == "rewrite"


def test_compare_command_text_names_the_verdict_and_thresholds():
    result = run("compare", str(FIXTURES / "corpus/wire/port-strike.txt"),
                 str(FIXTURES / "corpus/coastal-courier/kestrel-bay-port-strike.txt"), "--story", "0.9")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "different"
    assert "rewrite at 0.9" in result.stdout


def test_compare_command_errors_name_what_to_fix(tmp_path):
    missing = run("compare", str(tmp_path / "nope.txt"), str(FIXTURES / "corpus/wire/port-strike.txt"))
    assert missing.exit_code == 1 and "nope.txt" in missing.output
    language = run("compare", str(FIXTURES / "corpus/wire/port-strike.txt"), str(FIXTURES / "corpus/wire/port-strike.txt"),
                   "--language", "xx")
    assert language.exit_code == 1 and "--language" in language.output


def test_scan_command_with_stories_adds_story_columns():
    result = run("scan", str(FIXTURES / "corpus"), "--stories", "--format", "csv", "--quiet")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.endswith(",story,verdict")
    assert sum(row.endswith(",rewrite") for row in rows) == 2


# edge cases -------------------------------------------------------------------------------


def test_story_scan_survives_repeated_ids_and_boilerplate():
    common = "the of and to in a is that for it " * 3
    rare = "zebra quokka narwhal axolotl pangolin okapi tapir " * 3
    docs = [Article("b", common), Article("c", common + "of"), Article("a", common + "the"), Article("a", rare)]
    result = scan(docs, stories=True, min_words=5)
    assert result.summary.documents == 3 and [s.id for s in result.skipped] == ["a"]
    footer = "The Gazette has served the northern coast since 1921; subscribe to read every story first, today."
    stories_ = [article(120, seed=s) for s in range(6)]
    docs = [Article(f"s{i}", text + "\n\n" + footer) for i, text in enumerate(stories_)]
    docs += [Article("s0", stories_[0]), Article("rewrite-s1", rewrite(stories_[1], random.Random(2)))]
    result = scan(docs, stories=True)
    assert result.summary.boilerplate_paragraphs == 1
    together = {frozenset(m.id for m in c.members) for c in result.clusters}
    assert frozenset({"s1", "rewrite-s1"}) in together


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 6), st.booleans()), min_size=1, max_size=12))
def test_story_scan_of_any_small_corpus_accounts_for_every_article(spec):
    footer = "Subscribe to the Harbour Gazette for every story first, and support local news reporting."
    docs = [Article(doc_id, article(60, seed=seed) + ("\n\n" + footer if with_footer else "")) for doc_id, seed, with_footer in spec]
    result = scan(docs, stories=True, boilerplate=2)
    listed = [m.id for c in result.clusters for m in c.members]
    assert len(listed) == len(set(listed))
    assert result.summary.documents + result.summary.skipped == len(docs)


def same_profile(a, b) -> bool:
    return np.array_equal(a.terms, b.terms) and np.allclose(a.weights, b.weights)


def test_elided_articles_give_way_to_their_word():
    weights = weights_for("fr")
    assert same_profile(profile("l'accord d'Ardmore", weights), profile("accord Ardmore", weights))
    english = weights_for("en")
    assert same_profile(profile("it's the port's strike", english), profile("it the port strike", english))


def test_settings_outside_what_the_score_can_mean_are_refused():
    for bad in ({"story": 0.005}, {"story": 0.999}, {"language": "EN"}, {"language": "english"}):
        with pytest.raises(ConfigError):
            Config(**bad)
    with pytest.raises(ConfigError, match="without spaces"):
        compare("一个故事", "另一个故事", language="zh")


def test_texts_without_words_are_different_not_duplicates():
    assert compare("", "").verdict == "different"
    assert compare("...", "!!!").verdict == "different"


def test_duplicates_only_with_stories_keeps_rewrites():
    result = run("scan", str(FIXTURES / "corpus"), "--stories", "--duplicates-only", "--quiet")
    assert result.exit_code == 0, result.output
    dropped = set(result.stdout.split())
    assert not dropped & set(REWRITES)
    assert "bay-times/port-strike.json" in dropped
