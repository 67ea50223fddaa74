"""Semantic mode: the story score with sentence embeddings, on a tiny model the tests build
(loaded through the same code as a real one) and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dedup import Article, ConfigError, compare, scan
from dedup.cli import app
from dedup.story import cosine, profile, story_of, weights_for
from dedup.story.semantic import BODY_TOKENS, LEAD_TOKENS, encoder, semantic_cosine
from tests.conftest import ROOT
from tests.tiny_model import build, reference

WIRE = ("Dock workers in Ardmore walked out on Monday over pay and hours , union leaders said , halting "
        "container traffic at the largest port of the coast . The strike is the first in ten years .")
REWRITE = ("Ardmore dockers began a walkout on Monday , stopping freight at the biggest harbour on the coast , "
           "in a dispute over wages and shifts . It is the first stoppage in a decade , unions said .")
OTHER = ("The city council approved a new budget for parks and libraries on Tuesday evening after a long "
         "debate about taxes , roads and the future of the old market hall in the centre .")
SYNONYMS = [("strike", "walkout", "stoppage"), ("dock", "dockers"), ("port", "harbour"), ("pay", "wages"),
            ("hours", "shifts"), ("container", "freight"), ("largest", "biggest"), ("halting", "stopping"),
            ("years", "decade"), ("union", "unions"), ("walked", "began")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    words = {w for text in (WIRE, REWRITE, OTHER) for w in text.lower().split()} | {w for g in SYNONYMS for w in g}
    return build(tmp_path_factory.mktemp("tiny-model"), sorted(words), SYNONYMS)


def test_semantic_compare_is_the_lexical_cosine_combined_with_the_reference_vectors(tiny):
    folder, vocab, table = tiny
    long_text = " ".join([WIRE] * 12)  # past the body's budget: its window, then the cut
    for a, b in ((WIRE, REWRITE), (WIRE, OTHER), (long_text, REWRITE)):
        body_a, lead_a = reference(a, vocab, table, BODY_TOKENS, LEAD_TOKENS)
        body_b, lead_b = reference(b, vocab, table, BODY_TOKENS, LEAD_TOKENS)
        weights = weights_for("en")
        lexical = cosine(profile(a, weights), profile(b, weights))
        expected = story_of(semantic_cosine(lexical, float(body_a @ body_b), float(lead_a @ lead_b)))
        assert compare(a, b, semantic=True, model=str(folder)).story == pytest.approx(expected, abs=1e-3)


def test_a_model_that_knows_the_synonyms_lifts_the_rewrite_and_not_the_other_story(tiny):
    folder = str(tiny[0])
    lexical, semantic = compare(WIRE, REWRITE), compare(WIRE, REWRITE, semantic=True, model=folder)
    assert semantic.story > lexical.story + 0.1
    assert compare(WIRE, OTHER, semantic=True, model=folder).story < 0.2
    assert (semantic.jaccard, semantic.containment) == (lexical.jaccard, lexical.containment)


def test_the_body_reads_its_budget_only(tiny):
    folder = tiny[0]
    model = encoder(str(folder))
    words = WIRE.split()
    long_text = " ".join(words * 30)
    [pieces] = model.pieces([long_text])
    assert len(pieces) == BODY_TOKENS
    tail_changed = long_text + " " + " ".join(OTHER.split() * 30)
    first, second = model.embed(model.pieces([long_text, tail_changed])).body
    assert float(first @ second) == pytest.approx(1.0, abs=1e-6)  # what lies past the budget is never read


def test_vectors_do_not_depend_on_the_batch_a_text_is_embedded_in(tiny):
    model = encoder(str(tiny[0]))
    texts = [WIRE, "dock workers", " ".join([OTHER] * 5), REWRITE, "port"]
    together = model.embed(model.pieces(texts))
    for n, text in enumerate(texts):
        alone = model.embed(model.pieces([text]))
        np.testing.assert_allclose(together.body[n], alone.body[0], atol=1e-6)
        np.testing.assert_allclose(together.lead[n], alone.lead[0], atol=1e-6)


def test_batches_run_on_several_threads_give_the_vectors_of_one_thread(tiny):
    texts = [" ".join([WIRE, OTHER, REWRITE][n % 3].split()[: 3 + n % 40]) for n in range(90)]  # many batches
    serial, threaded = encoder(str(tiny[0]), 1), encoder(str(tiny[0]), 3)
    assert (serial.threads, threaded.threads) == (1, 3)
    one, several = serial.embed(serial.pieces(texts)), threaded.embed(threaded.pieces(texts))
    np.testing.assert_array_equal(one.body, several.body)
    np.testing.assert_array_equal(one.lead, several.lead)


@given(st.lists(st.integers(1, 200), max_size=300))
def test_batches_hold_every_window_once_and_pad_at_most_twofold(lengths):
    from dedup.story.semantic import BATCH, _batches

    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    batches = _batches([lengths[k] for k in order], order)
    assert [k for batch in batches for k in batch] == order
    for batch in batches:
        assert 1 <= len(batch) <= BATCH
        assert max(lengths[k] for k in batch) <= 2 * lengths[batch[0]]


def test_semantic_scan_scores_every_member_as_compare_does(tiny):
    folder = str(tiny[0])
    articles = [Article("wire", WIRE), Article("rewrite", REWRITE), Article("other", OTHER)]
    # the tiny model knows a few synonyms, not the language: a lower rewrite threshold
    result = scan(articles, stories=True, semantic=True, model=folder, min_words=5, story=0.6)
    [cluster] = result.clusters
    assert {m.id for m in cluster.members} == {"wire", "rewrite"}
    by_id = {a.id: a for a in articles}
    for member in cluster.duplicates:
        expected = compare(by_id[cluster.canonical], by_id[member.id], semantic=True, model=folder, story=0.6)
        assert member.story == pytest.approx(expected.story, abs=1e-3)
        assert member.verdict == expected.verdict == "rewrite"
    assert not scan(articles, stories=True, min_words=5, story=0.6).clusters  # the words alone do not pair them


def test_compiled_semantic_evidence_is_the_reference(tiny):
    from dedup.config import Config
    from dedup.story.fast import row_cosine
    from dedup.story.packed import Pieces, Profiles

    config = Config(semantic=True, model=str(tiny[0]))
    texts = [WIRE, REWRITE, OTHER]
    profiles, pieces = Profiles(), Pieces(config)
    for text in texts:
        profiles.add(profile(text, weights_for("en")))
    pieces.add(texts)
    packed = pieces.packed(profiles.packed())
    vectors = pieces.encoder.embed(pieces.rows)
    for a, b in ((0, 1), (0, 2), (1, 2)):
        lexical = cosine(profile(texts[a], weights_for("en")), profile(texts[b], weights_for("en")))
        expected = semantic_cosine(lexical, float(vectors.body[a] @ vectors.body[b]), float(vectors.lead[a] @ vectors.lead[b]))
        assert row_cosine(packed, a, b) == pytest.approx(expected, abs=1e-5)


def test_cli_compare_and_scan_take_semantic_and_model(tiny, tmp_path):
    folder = str(tiny[0])
    (tmp_path / "in").mkdir()
    for name, text in (("wire", WIRE), ("rewrite", REWRITE), ("other", OTHER)):
        (tmp_path / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["compare", str(tmp_path / "in" / "wire.txt"), str(tmp_path / "in" / "rewrite.txt"),
                               "--semantic", "--model", folder, "--story", "0.6", "-f", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["verdict"] == "rewrite"
    done = runner.invoke(app, ["scan", str(tmp_path / "in"), "--stories", "--semantic", "--model", folder, "--story", "0.6", "-f", "jsonl",
                               "--min-words", "5", "-q"])
    assert done.exit_code == 0, done.output
    [cluster] = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(m["id"].rsplit("/", 1)[-1] for m in cluster["members"]) == ["rewrite.txt", "wire.txt"]


def test_a_missing_model_folder_is_one_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no such model folder") as error:
        compare(WIRE, REWRITE, semantic=True, model=str(tmp_path / "nowhere"))
    assert error.value.field == "model"
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="holds no tokenizer.json and ONNX graph"):
        compare(WIRE, REWRITE, semantic=True, model=str(tmp_path / "empty"))
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    for command in (["compare", str(tmp_path / "a.txt"), str(tmp_path / "a.txt")], ["scan", str(tmp_path / "a.txt"), "--stories"]):
        done = CliRunner().invoke(app, [*command, "--semantic", "--model", str(tmp_path / "nowhere")])
        assert done.exit_code == 1
        assert done.output.startswith("Error: --model") and "no such model folder" in done.output, done.output


def test_a_model_name_the_hub_cannot_give_names_the_model_path_option():
    code = ("from dedup.story.semantic import folder_of\n"
            "from dedup.errors import ConfigError\n"
            "try:\n    folder_of('no-such-model-in-any-cache')\nexcept ConfigError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert "could not fetch it from the Hugging Face Hub" in done.stdout and "--model the path" in done.stdout


def test_a_missing_extra_names_the_pip_install_line():
    code = ("import sys\nsys.modules['onnxruntime'] = None\nimport dedup\n"
            "try:\n    dedup.compare('a b c', 'a b c', semantic=True)\nexcept dedup.ConfigError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "pip install 'onnxruntime>=1.17' 'tokenizers>=0.15' 'huggingface_hub>=0.20'" in done.stdout, done.stderr


def test_the_lexical_path_imports_nothing_of_the_semantic_stack():
    code = ("import sys, dedup\n"
            "dedup.compare('Dock workers walked out on Monday.', 'Dockers struck on Monday.')\n"
            f"dedup.scan({str(ROOT / 'fixtures' / 'corpus')!r}, stories=True)\n"
            "print(sorted(m for m in ('onnxruntime', 'tokenizers', 'huggingface_hub') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "[]", done.stderr


def test_an_empty_text_agrees_with_nothing(tiny):
    model = encoder(str(tiny[0]))
    vectors = model.embed(model.pieces(["", WIRE]))
    assert not vectors.body[0].any() and not vectors.lead[0].any()
    assert np.linalg.norm(vectors.body[1]) == pytest.approx(1.0, abs=1e-5)


def test_semantic_scan_asks_for_stories(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    for command in ("scan", "report"):
        done = CliRunner().invoke(app, [command, str(tmp_path / "a.txt"), "--semantic", "-o", str(tmp_path / "out")])
        assert done.exit_code == 1 and "give --stories too" in done.output, done.output
    assert not (tmp_path / "out").exists()
