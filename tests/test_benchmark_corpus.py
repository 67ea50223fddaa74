"""The synthetic benchmark corpus (benchmarks/corpus.py): its labels are what quality
figures are measured against, so they are tested like the package."""

from __future__ import annotations

import json
import re

import corpus  # noqa: E402
import pytest
from corpus import SyntheticDoc, generate, write_folder, write_jsonl  # noqa: E402

_TOKEN = re.compile(r"[a-z0-9]+")


def shingles(text: str, k: int = 5) -> set[str]:
    t = _TOKEN.findall(text.lower())
    return {" ".join(t[i:i + k]) for i in range(len(t) - k + 1)}


@pytest.fixture(scope="module")
def docs() -> list[SyntheticDoc]:
    return list(generate(2000, seed=11))


def test_deterministic(docs):
    again = list(generate(2000, seed=11))
    assert again == docs
    other = list(generate(200, seed=12))
    assert [d.text for d in other[:50]] != [d.text for d in docs[:50]]


def test_ids_unique_and_fields(docs):
    assert len(docs) == 2000
    assert len({d.id for d in docs}) == len(docs)
    assert all(re.fullmatch(r"d\d{7}", d.id) for d in docs)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.date) for d in docs)
    assert all(d.title and d.source and d.text for d in docs)
    assert [d.date for d in docs] == sorted(d.date for d in docs)


def test_originals_look_like_articles(docs):
    originals = [d for d in docs if d.edit == "original"]
    words = [len(d.text.split()) for d in originals]
    assert 650 <= sum(words) / len(words) <= 750
    size = sum(len(d.text.encode()) for d in originals) / len(originals)
    assert 3400 <= size <= 4800
    for d in originals[:50]:
        paras = d.text.split("\n\n")
        assert len(paras) >= 5
        assert all(p[0].isupper() or p[0] == '"' for p in paras)
        assert d.text.endswith(".")
    assert any('," he said.' in d.text or '," she said.' in d.text for d in originals[:20])


def test_variants_point_to_earlier_original(docs):
    first_of = {}
    for i, d in enumerate(docs):
        if d.edit == "original":
            assert d.story not in first_of
            first_of[d.story] = i
    variants = [(i, d) for i, d in enumerate(docs) if d.edit != "original"]
    assert 0.25 <= len(variants) / len(docs) <= 0.35
    for i, d in variants:
        j = first_of[d.story]
        assert j < i
        assert docs[j].date <= d.date
        assert set(d.edit.split("+")) <= set(corpus.EDIT_NAMES) | {"exact"}
    sizes = {}
    for d in docs:
        sizes[d.story] = sizes.get(d.story, 0) + 1
    assert max(sizes.values()) >= 5  # skewed: some stories have many copies
    assert sum(1 for s in sizes.values() if s == 1) > len(sizes) / 2


def test_trimmed_variant_is_prefix_of_original(docs):
    by_story = {d.story: d for d in docs if d.edit == "original"}
    trims = [d for d in docs if d.edit in ("trim", "retitle+trim")]
    assert trims
    for d in trims:
        o = by_story[d.story].text
        assert o.startswith(d.text)
        assert 0.5 < len(d.text) / len(o) < 1.0


def test_edit_similarity_ranges(docs):
    by_story = {d.story: d for d in docs if d.edit == "original"}
    js = []
    for d in docs:
        if d.edit == "original":
            continue
        a, b = shingles(d.text), shingles(by_story[d.story].text)
        common = len(a & b)
        if "brief" in d.edit:
            assert common / len(a) >= 0.8  # containment in the original
        else:
            js.append(common / len(a | b))
    js.sort()
    assert js[len(js) // 10] >= 0.4
    assert 0.6 <= js[len(js) // 2] <= 0.95
    # different stories share at most a house footer or borrowed background paragraphs:
    # some do (the hard negatives), none by more than a third of the smaller one
    o = [shingles(d.text) for d in by_story.values()][:200]
    shared = [len(a & b) / min(len(a), len(b)) for i, a in enumerate(o) for b in o[i + 1 : i + 20]]
    assert max(shared) < 0.34
    assert sum(1 for x in shared if x > 0.02) > 20


def test_writers(tmp_path, docs):
    sample = docs[:25]
    assert write_folder(sample, tmp_path / "f", per_dir=10) == 25
    subdirs = sorted(p for p in (tmp_path / "f").iterdir())
    assert [len(list(p.iterdir())) for p in subdirs] == [10, 10, 5]
    one = (subdirs[0] / f"{sample[0].id}.txt").read_text(encoding="utf-8")
    head, body = one.split("\n\n", 1)
    assert head == f"Title: {sample[0].title}\nDate: {sample[0].date}\nSource: {sample[0].source}"
    assert body.rstrip("\n") == sample[0].text
    assert write_jsonl(sample, tmp_path / "c.jsonl") == 25
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [SyntheticDoc(**r) for r in rows] == sample
