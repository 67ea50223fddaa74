"""The real-world benchmark corpus generator (benchmarks/realworld.py), run on a small CSV of
synthetic articles written here: its truth file is what the quality figures are measured
against, so the truth must name every document as dedup reads it."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
import realworld  # noqa: E402

from dedup import Article, read  # noqa: E402
from tests.text import article  # noqa: E402

N = 400


def _text(seed: int) -> str:
    body = article(160, seed=seed).replace(" ka", " ká").replace(" lo", " lö")  # accents, for cp1252 and their loss
    return f"Headline number {seed} about the port\n{body}"


@pytest.fixture(scope="module")
def source_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("source") / "pairs.csv"
    rows = []
    for k in range(0, 120, 2):
        lang = "en" if k % 4 else "de"
        rows.append({"pair_id": f"{1000 + k}_{1001 + k}", "lang1": lang, "lang2": lang, "text1": _text(k), "text2": _text(k + 1)})
    rows.append({"pair_id": "1000_1000de", "lang1": "de", "lang2": "de", "text1": _text(0), "text2": _text(0)})  # a translation
    rows.append({"pair_id": "2000_2001", "lang1": "en", "lang2": "en", "text1": _text(1), "text2": "Too short."})  # a reprint
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["pair_id", "lang1", "lang2", "text1", "text2"])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def corpus(source_csv, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    assert realworld.main([str(N), str(out), "--seed", "3", "--source", str(source_csv)]) == 0
    return out


def test_reprints_translations_and_short_texts_are_left_out(source_csv):
    sources = realworld.read_sources(source_csv)
    ids = [s.id for s in sources]
    assert len(ids) == 120  # 1000..1119; not 1000de, not 2000 (a reprint of 1001), not 2001 (too short)
    assert "2000" not in ids and "2001" not in ids and not any(i.endswith("de") for i in ids)
    assert sources[0].title == "Headline number 0 about the port"


def test_truth_names_every_document_once_with_one_original_per_story(corpus):
    truth = realworld.read_truth(corpus)
    assert len(truth) == N
    stories = Counter(row["story"] for row in truth.values())
    originals = Counter(row["story"] for row in truth.values() if row["edits"] == ["original"])
    assert originals == Counter(dict.fromkeys(stories, 1))
    assert 0.1 <= sum(1 for k in stories.values() if k > 1) / len(stories) <= 0.4
    edits = {e for row in truth.values() for e in row["edits"]} - {"original", "exact"}
    assert edits <= set(realworld.EDIT_NAMES) and len(edits) >= 9
    for row in truth.values():
        if row["edits"] != ["original"]:
            assert row["edits"] == [e for e in (*realworld.EDIT_NAMES, "exact") if e in row["edits"]]


def test_formats_encodings_and_outlet_folders(corpus):
    truth = realworld.read_truth(corpus)
    formats = Counter(row["format"] for row in truth.values())
    assert set(formats) == {"txt", "md", "html", "json", "jsonl"}
    assert 0.55 <= (formats["txt"] + formats["md"]) / N <= 0.85 and formats["html"] / N >= 0.1
    encodings = Counter(row["encoding"] for row in truth.values())
    assert encodings["cp1252"] and encodings["utf-16"] and encodings["utf-8"] > N / 2
    root = corpus / "articles"
    for row in truth.values():
        path = root / row["file"]
        assert path.parent.relative_to(root).parts[0] == realworld._slug(row["outlet"]) or row["outlet"] in realworld._ARABIC_SLUGS
        raw = path.read_bytes()
        if row["format"] == "jsonl":
            records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
            assert row["id"] in {r["id"] for r in records}
            continue
        assert row["id"] == row["file"]
        text = raw.decode(row["encoding"])
        if row["encoding"] == "utf-16":
            assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
        if row["encoding"] == "cp1252" and not text.isascii():
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        if row["format"] == "html":
            assert "<script" in text and "<nav" in text and 'class="comments"' in text


def test_dedup_reads_the_ids_the_truth_names(corpus):
    truth = realworld.read_truth(corpus)
    found = {item.id for item in read(corpus / "articles") if isinstance(item, Article)}
    assert found <= set(truth)
    assert len(found) >= 0.95 * N


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(source_csv, corpus, tmp_path):
    def digest(out: Path) -> str:
        files = sorted((out / "articles").rglob("*"))
        return hashlib.sha256(b"".join(p.read_bytes() for p in files if p.is_file()) + (out / "truth.jsonl").read_bytes()).hexdigest()

    assert realworld.main([str(N), str(tmp_path / "again"), "--seed", "3", "--source", str(source_csv)]) == 0
    assert realworld.main([str(N), str(tmp_path / "other"), "--seed", "4", "--source", str(source_csv)]) == 0
    assert digest(tmp_path / "again") == digest(corpus)
    assert digest(tmp_path / "other") != digest(corpus)


def test_stories_beyond_the_sources_are_reworded_not_reused(source_csv):
    sources = realworld.read_sources(source_csv)
    docs = list(realworld.generate(3 * len(sources) * 3 // 2, seed=1, sources=sources))
    originals = [d for d in docs if d.edits == ("original",)]
    assert any("~" in d.source for d in originals)  # derived stories were needed
    holders: dict[str, set[int]] = {}
    for doc in originals:
        for sentence in doc.text.replace("\n\n", " ").split(". "):
            if len(sentence.split()) >= 8:
                holders.setdefault(sentence, set()).add(doc.story)
    assert sum(1 for stories in holders.values() if len(stories) > 1) <= len(holders) // 1000


def test_without_the_shared_data_it_says_so_and_uses_synthetic_sources(tmp_path, capsys):
    assert realworld.main(["30", str(tmp_path / "out"), "--source", str(tmp_path / "absent.csv")]) == 0
    assert "not found" in capsys.readouterr().err
    assert len(realworld.read_truth(tmp_path / "out")) == 30


def test_an_existing_output_folder_is_refused(corpus, capsys):
    assert realworld.main(["10", str(corpus)]) == 1
    assert "Error:" in capsys.readouterr().err
