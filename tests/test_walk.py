"""The chain-free walk (dedup/matching/walk.py): the compiled split equals its plain-Python reference,
pairs near a threshold are settled from the kept shingles, and containment counts only for a
text that matches the top of the other."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Config
from dedup.matching.cluster import NO_PROFILES, OFF
from dedup.matching.walk import kept_shingles, needs_shingles, pair, split, split_reference
from dedup.minhash import signatures
from tests.text import article, edit

STORIES = [article(240, seed=s) for s in range(3)]


def variant(kind: str, story: str, other: str, seed: int) -> str:
    paragraphs = story.split("\n\n")
    return {
        "copy": story,
        "edit": edit(story, 12, seed=seed),
        "brief": "\n\n".join(paragraphs[:2]),
        "trim": "\n\n".join(paragraphs[:-2]),
        "appended": story + "\n\n" + other,  # a bad feed runs a second story on
        "update": story + "\n\n" + edit(other.split("\n\n")[0], 3, seed=seed),
    }[kind]


@st.composite
def groups(draw):
    members = []
    for i in range(draw(st.integers(2, 9))):
        a, b = draw(st.permutations(range(len(STORIES))))[:2]
        kind = draw(st.sampled_from(["copy", "edit", "brief", "trim", "appended", "update"]))
        members.append(variant(kind, STORIES[a], STORIES[b], seed=i))
    return members, draw(st.lists(st.integers(0, 3), min_size=len(members), max_size=len(members)))


def signed(texts: list[str], config: Config):
    found = signatures(texts, config, keep_hashes=True)
    starts = np.concatenate(([0], np.cumsum(found.shingles)))
    sequences = [found.hashes[starts[i] : starts[i + 1]].tolist() for i in range(len(texts))]
    return found, starts, sequences


@settings(max_examples=60, deadline=None)
@given(group=groups())
def test_compiled_walk_equals_the_reference(group):
    texts, dates = group
    config = Config()
    found, starts, sequences = signed(texts, config)
    rank = np.asarray(dates, dtype=np.int64)
    canonical, sim, con, _ = split(np.array([len(texts)]), found.matrix, found.shingles, found.hashes, starts, rank,
                                   config.threshold, config.containment, NO_PROFILES, np.zeros(len(texts), dtype=np.int64), OFF)
    ref_canonical, ref_sim, ref_con = split_reference(found.matrix, found.shingles, sequences, rank, config.threshold,
                                                      config.containment)
    assert canonical.tolist() == ref_canonical
    # with only the members that needs_shingles names given their shingles, the same walk
    needed = needs_shingles(np.array([len(texts)]), found.matrix, found.shingles, config.threshold, config.containment)
    counts = np.where(needed, found.shingles, 0)
    some = np.concatenate([found.hashes[starts[i] : starts[i + 1]] for i in np.flatnonzero(needed)] or [np.empty(0, np.uint32)])
    again = split(np.array([len(texts)]), found.matrix, found.shingles, some, np.concatenate(([0], np.cumsum(counts))), rank,
                  config.threshold, config.containment, NO_PROFILES, np.zeros(len(texts), dtype=np.int64), OFF)
    assert again[0].tolist() == canonical.tolist() and np.array_equal(again[1], sim) and np.array_equal(again[2], con)
    assert np.allclose(sim, ref_sim) and np.allclose(con, ref_con)
    # every member is similar to its canonical member
    for q, c in enumerate(canonical):
        if c >= 0 and c != q:
            assert sim[q] >= config.threshold or con[q] >= config.containment


def _pair(texts: list[str], sigs: np.ndarray | None = None):
    config = Config()
    found, starts, _ = signed(texts, config)
    return pair(0, 1, found.matrix if sigs is None else sigs, found.shingles, kept_shingles(found.hashes, starts), config.threshold,
                config.containment, NO_PROFILES, np.zeros(2, dtype=np.int64), OFF)


def test_an_estimate_near_the_cut_is_settled_from_the_shingles():
    config = Config()
    texts = [STORIES[0], STORIES[1]]  # two different stories
    found = signatures(texts, config)
    near = found.matrix.copy()
    near[1, :64] = near[0, :64]  # signatures that estimate Jaccard 0.5: too near to tell
    similar, j, c, _ = _pair(texts, near)
    assert not similar and j < 0.05 and c < 0.1
    # the same story, signatures that estimate 0.45 (under the cut): exact says 1.0
    same = signatures([STORIES[0]] * 2, config).matrix.copy()
    same[1, : int(0.55 * config.num_perm)] += 1
    similar, j, c, _ = _pair([STORIES[0], STORIES[0]], same)
    assert similar and j == 1.0 and c == 1.0


def test_containment_counts_for_the_top_of_a_text_not_for_a_story_run_on_below_it():
    lead = "\n\n".join(STORIES[0].split("\n\n")[:3])
    story = STORIES[1]
    assert _pair([lead, story + "\n\n" + lead])[0] is False  # the brief appended below another story
    assert _pair([lead, lead + "\n\n" + story])[0] is True  # the brief is the top of the text
    short = "\n\n".join(story.split("\n\n")[:2])
    assert _pair([short, lead + "\n\n" + short])[0] is False  # a short story run on after a longer one
    assert _pair([story, lead + "\n\n" + story])[0] is True  # mostly the same text: Jaccard decides


def test_the_measures_are_exact_where_settled_exactly():
    lead = "\n\n".join(STORIES[0].split("\n\n")[:3])
    similar, j, c, _ = _pair([lead, STORIES[0]])
    assert similar and c == 1.0  # estimated containment of a brief is off by up to a quarter
