"""Clustering: verified pairs, no chaining, the canonical choice, and the scan API."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, Config, ConfigError, scan
from dedup.config import probability_of_candidate
from dedup.matching.cluster import date_ranks
from dedup.minhash import signatures
from tests.text import article, edit, words

STORY = article(600, seed=10)


def groups(result):
    return sorted(sorted(m.id for m in c.members) for c in result.clusters)


def test_chain_of_overlaps_does_not_grow_one_cluster():
    # a~b, b~c, c~d by sliding windows, but a and c share only a third
    ws = words(700, seed=11)
    docs = [Article(name, " ".join(ws[i * 100 : i * 100 + 400])) for i, name in enumerate("abcd")]
    result = scan(docs)
    # b, similar to a and to c, takes both; d, similar only to c, is not chained on
    assert groups(result) == [["a", "b", "c"]] and result.clusters[0].canonical == "b"
    for cluster in result.clusters:
        for member in cluster.duplicates:
            assert member.similarity >= Config().threshold or member.containment >= Config().containment


def test_brief_with_the_top_third_joins_its_story():
    brief = "\n\n".join(STORY.split("\n\n")[:4])
    result = scan([Article("wire", STORY, date="2025-01-01"), Article("brief", brief, date="2025-01-02")])
    [cluster] = result.clusters
    member = cluster.members[1]
    assert member.id == "brief" and member.similarity < Config().threshold and member.containment >= Config().containment


def test_light_edits_cluster_and_unrelated_stories_do_not():
    docs = [Article("orig", STORY), Article("copy", edit(STORY, 25, seed=1)), Article("other", article(600, seed=99))]
    assert groups(scan(docs)) == [["copy", "orig"]]


def test_canonical_is_earliest_dated_then_the_pivot_then_first_id():
    short = "\n\n".join(STORY.split("\n\n")[:-1])
    assert scan([Article("a", STORY, date="2025-03-02"), Article("b", short, date="2025-03-01")]).clusters[0].canonical == "b"
    assert scan([Article("a", STORY), Article("b", short, date="2025-03-01")]).clusters[0].canonical == "b"
    assert scan([Article("a", short, date="2025-03-01"), Article("b", STORY, date="2025-03-01")]).clusters[0].canonical == "b"
    assert scan([Article("b", STORY), Article("a", STORY)]).clusters[0].canonical == "a"


def test_canonical_member_measures_one_against_itself():
    [cluster] = scan([Article("a", STORY), Article("b", edit(STORY, 30, seed=2))]).clusters
    assert (cluster.members[0].id, cluster.members[0].similarity, cluster.members[0].containment) == (cluster.canonical, 1.0, 1.0)


def test_singletons_on_request():
    docs = [Article("a", STORY), Article("b", STORY), Article("c", article(300, seed=5))]
    assert [c.size for c in scan(docs).clusters] == [2]
    assert [c.size for c in scan(docs, singletons=True).clusters] == [2, 1]


def test_overrides_change_settings_and_unknown_ones_are_refused():
    docs = [Article("orig", STORY), Article("copy", edit(STORY, 25, seed=3))]
    assert len(scan(docs).clusters) == 1
    assert scan(docs, threshold=0.95, containment=0.99).clusters == []
    with pytest.raises(ConfigError, match="unknown setting"):
        scan(docs, treshold=0.5)


def test_summary_counts():
    docs = [Article("a", STORY), Article("b", STORY), Article("c", STORY), Article("d", "too short")]
    summary = scan(docs).summary
    assert (summary.documents, summary.skipped, summary.clusters, summary.duplicates) == (3, 1, 1, 2)
    assert summary.skipped_by_reason == {"too short": 1}


def test_date_ranks_put_undated_last():
    assert date_ranks([None, "2025-01-02", "soon", "2024-12-31", "2025-01-02"]).tolist() == [2, 1, 2, 0, 1]


def test_bands_give_recall_down_to_a_brief():
    config = Config()
    bands, rows = config.bands
    assert bands * rows <= config.num_perm
    assert probability_of_candidate(0.25, bands, rows) >= 0.95
    assert probability_of_candidate(0.01, bands, rows) < 0.01


def test_config_names_its_matching_settings():
    assert str(Config(ngram=3, num_perm=64, seed=7)) == "word3-gram/xxh32/affine32/num_perm=64/seed=7/chrome=on"
    with pytest.raises(ConfigError, match="threshold must be in"):
        Config(threshold=0)


def test_repeated_id_is_skipped_and_the_first_is_kept():
    result = scan([Article("a", STORY, path="first.jsonl"), Article("b", STORY), Article("a", STORY + " x", path="second.jsonl")])
    [skip] = result.skipped
    assert (skip.id, skip.path, skip.reason) == ("a", "second.jsonl", "duplicate id (also read from first.jsonl)")
    assert [m.path for c in result.clusters for m in c.members if m.id == "a"] == ["first.jsonl"]
    assert result.summary.documents == 2


@pytest.mark.parametrize("text, words", [("Five words are not enough.", 5), ("★☆—" * 300, 0), ("word " * 9, 9)])
def test_too_short_articles_are_skipped_however_long_their_text(text, words):
    result = scan([Article("short", text), Article("other", "—" * 900)])
    reasons = {s.id: s.reason for s in result.skipped}
    assert reasons["short"] == f"too short: {words} words (minimum 10; see --min-words)"
    assert reasons["other"].startswith("too short: 0 words")
    assert result.clusters == [] and result.summary.documents == 0


def test_repeated_passages_do_not_inflate_containment():
    # b repeats half of a four times: its set still holds only half of a's shingles
    half = " ".join(STORY.split(" ")[:300])
    other = article(300, seed=77)
    result = scan([Article("a", STORY), Article("b", "\n\n".join([half] * 4 + [other]))])
    assert result.clusters == []


def test_which_of_two_articles_with_one_id_is_kept_does_not_depend_on_order():
    x_a, x_b, y_a = Article("x", STORY), Article("x", article(600, seed=31)), Article("y", STORY)
    forward, backward = scan([x_a, x_b, y_a]), scan([y_a, x_b, x_a])
    assert [c.to_dict() for c in forward.clusters] == [c.to_dict() for c in backward.clusters]
    assert [s.reason for s in forward.skipped] == ["duplicate id (another article has it)"]


def test_dates_given_through_the_api_are_read_like_file_dates():
    result = scan([Article("a", STORY, date="March 5, 2024"), Article("b", STORY, date="2024-03-04T23:00:00-05:00")])
    [cluster] = result.clusters
    assert [(m.id, m.date) for m in cluster.members] == [("a", "2024-03-05"), ("b", "2024-03-05T04:00:00+00:00")]


def test_a_copy_with_a_second_story_run_on_joins_its_own_story_only():
    other = article(400, seed=12)
    docs = [Article(f"a{i}", edit(STORY, 40, seed=i)) for i in range(3)] + [Article(f"b{i}", edit(other, 40, seed=9 + i)) for i in range(3)]
    docs.append(Article("spliced", STORY + "\n\n" + other, date="2025-01-01"))  # a bad feed, and the earliest date
    assert groups(scan(docs)) == [["a0", "a1", "a2", "spliced"], ["b0", "b1", "b2"]]


def test_canonical_is_the_earliest_dated_member_similar_to_all_the_others():
    paragraphs = STORY.split("\n\n")
    brief, trim = "\n\n".join(paragraphs[:3]), "\n\n".join(paragraphs[:-2])
    docs = [Article("original", STORY), Article("trim", trim, date="2025-02-03"), Article("brief", brief, date="2025-02-02")]
    [cluster] = scan(docs).clusters
    assert cluster.canonical == "brief"  # the earliest date: the others are similar to it
    for member in cluster.duplicates:
        assert member.containment == 1.0  # measured against it, exactly


def test_an_earliest_dated_member_not_similar_to_all_does_not_lead():
    ws = words(700, seed=11)
    docs = [Article(name, " ".join(ws[i * 100 : i * 100 + 400]), date="2025-01-01" if name == "a" else None)
            for i, name in enumerate("abc")]
    [cluster] = scan(docs).clusters
    assert cluster.canonical == "b"  # a is dated, but a and c share only a third


def test_a_copy_that_lost_its_accents_is_the_same_copy():
    accented = "La presidenta del Gobierno anunció en Málaga que la reunión con los sindicatos será el miércoles. " * 3
    plain = "La presidenta del Gobierno anuncio en Malaga que la reunion con los sindicatos sera el miercoles. " * 3
    assert scan([Article("es", accented), Article("ascii", plain)], min_words=5).clusters[0].members[1].similarity == 1.0


def _linked_texts(seed: int, n: int) -> list[str]:
    """``n`` texts: copies, edits, briefs, trims and run-on stories of a few articles, and
    unrelated articles of the same words (stock phrases shared by chance)."""
    rng = np.random.default_rng(seed)
    stories = [article(int(rng.integers(60, 400)), seed=seed * 7 + k) for k in range(max(1, n // 4))]
    texts = []
    for i in range(n):
        story = stories[int(rng.integers(len(stories)))]
        paragraphs = story.split("\n\n")
        kind = int(rng.integers(6))
        texts.append([story, edit(story, int(rng.integers(2, 40)), seed=i), "\n\n".join(paragraphs[: 1 + i % 3]),
                      "\n\n".join(paragraphs[: max(1, len(paragraphs) - 2)]), story + "\n\n" + stories[i % len(stories)],
                      article(int(rng.integers(40, 300)), seed=10_000 + seed + i)][kind])
    return texts


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), n=st.integers(2, 60), run=st.sampled_from([2, 64]), budget=st.sampled_from([1 << 21, 400]))
def test_linked_groups_are_the_components_of_similar_candidate_pairs(seed, n, run, budget):
    """The forest a scan links is, root for root, the components of the candidate pairs that
    the walk's pair test finds similar (pairs near a threshold settled from their shingles):
    by the compiled link and settle (its pairs in batches of many groups, or, with a small
    shingle budget, a group's pairs cut in several), by the plain ones a small scan takes,
    and (with no bucket cut by the run cap) by brute force over every pair that shares a
    band key."""
    import dedup.matching.cluster as cluster
    from dedup.matching.lsh import band_keys, link, link_plain
    from dedup.matching.walk import pair_reference

    config = Config(min_words=1)
    found = signatures(_linked_texts(seed, n), config, keep_hashes=True)
    sigs, sizes = found.matrix, found.shingles
    ends = np.concatenate(([0], np.cumsum(sizes)))

    def shingles(rows):
        return (np.concatenate([found.hashes[ends[r] : ends[r + 1]] for r in rows]),
                np.concatenate(([0], np.cumsum(sizes[rows]))))

    rows = np.random.default_rng(seed).permutation(n)
    for bands, per_band in ((64, 2), (32, 4)):
        parent, pending = link(sigs, sizes, rows, bands, per_band, 0.5, 0.6, run)
        saved, cluster.SETTLE_SHINGLES = cluster.SETTLE_SHINGLES, budget
        try:
            cluster._settle(parent, pending, sigs, sizes, rows, shingles, 0.5, 0.6)
        finally:
            cluster.SETTLE_SHINGLES = saved
        roots = np.array([_root(parent, i) for i in range(n)])
        plain, pending = link_plain(sigs, sizes, rows, bands, per_band, 0.5, 0.6, run)
        assert cluster._settle_plain(plain, pending, sigs, sizes, rows, shingles, 0.5, 0.6).tolist() == roots.tolist()
        if run == 64:
            keys = band_keys(sigs[rows], bands, per_band)
            reference = list(range(n))
            for a in range(n):
                for b in range(a + 1, n):
                    sa, sb = rows[a], rows[b]
                    if (keys[a] == keys[b]).any() and pair_reference(
                            sigs[sa], sigs[sb], sizes[sa], sizes[sb], shingles([sa])[0].tolist(), shingles([sb])[0].tolist(),
                            0.5, 0.6)[0]:
                        ra, rb = _root(reference, a), _root(reference, b)
                        reference[max(ra, rb)] = min(ra, rb)
            assert [_root(reference, i) for i in range(n)] == roots.tolist()


@settings(max_examples=100, deadline=None)
@given(groups=st.lists(st.integers(1, 12), min_size=1, max_size=12), budget=st.integers(1, 3000), seed=st.integers(0, 99))
def test_pending_pairs_go_in_batches_that_keep_every_pair_once_within_the_budget(groups, budget, seed):
    """Each pending pair is in one batch, in order, and a batch's members have at most twice
    the shingle budget, and one pair's more (whole groups fit the budget; a larger group is
    cut by its pairs' shingles counted with repeats)."""
    import dedup.matching.cluster as cluster

    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 400, 60)
    group = np.repeat(np.arange(len(groups)), groups)
    pending = np.sort(rng.integers(0, 60, (len(group), 2)), axis=1)
    saved, cluster.SETTLE_SHINGLES = cluster.SETTLE_SHINGLES, budget
    try:
        batches = list(cluster._pair_batches(pending, group, sizes))
    finally:
        cluster.SETTLE_SHINGLES = saved
    assert np.concatenate(batches).tolist() == pending.tolist()
    for batch in batches:
        distinct = int(sizes[np.unique(batch)].sum())
        assert distinct <= 2 * budget + int(sizes[batch].sum(axis=1).max())


def _root(parent, i):
    while parent[i] != i:
        i = parent[i]
    return int(i)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40))
def test_key_runs_are_the_runs_of_equal_keys_in_arrival_order(values):
    from dedup.matching.lsh import key_runs

    keys = np.asarray(values, dtype=np.uint64)
    order, runs = key_runs(keys)
    found = [list(order[start:stop]) for start, stop in runs]
    expected = [[i for i, v in enumerate(values) if v == key] for key in sorted(set(values))]
    assert found == [run for run in expected if len(run) > 1]
    assert sorted(order) == list(range(len(values)))
