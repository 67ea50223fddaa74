"""The same-story tier: how well ``story`` follows human judgement, how fast ``compare`` is, and
what ``scan --stories`` costs, side by side with what users would otherwise run.

1. Human judgements (when ../shared/data is present): the English pairs of the SemEval-2022
   news-similarity sample. Pearson correlation of each score with the judgement (negated:
   1 means same story), and ROC-AUC of same story (Overall <= 1.5) against different
   (Overall >= 3), for ``dedup.compare``'s story, word 5-gram Jaccard, and TF-IDF cosine
   (scikit-learn, fitted on the file's texts). The score's few constants were fitted on this
   file, so the nested cross-validated figures are printed too. (Semantic mode's figures:
   ``bench_semantic.py``.)
2. The seed pair (when ../shared/seeds is present) and the labelled fixture pairs.
3. ``compare`` speed on one core: pairs of ~700-word synthetic articles, and the SemEval
   pairs; TF-IDF cosine of a pair (a vectorizer fitted on the pair) and datasketch MinHash
   Jaccard of a pair measured alongside.
4. ``dedup scan`` with and without ``--stories`` on a JSON Lines file of synthetic articles
   with planted rewrites (each keeps a story's words, not its phrases): seconds, peak memory
   and how many planted rewrites were found, in child processes.

    python benchmarks/bench_story.py [--docs 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from common import HERE, machine, median_seconds, run_measured
from corpus import generate

import dedup
from dedup.story import cosine, profile, weights_for
from dedup.story.profiles import TF_POWER
from dedup.story.score import MIDPOINT, PRIOR, SLOPE

SHARED = HERE.parent.parent / "shared"
SEMEVAL = SHARED / "data" / "semeval-train" / "training_set.csv"
SEEDS = SHARED / "seeds"
FIXTURES = HERE.parent / "fixtures"
OUT = HERE / "out"
OTHER_LANGUAGES = ("de", "es", "tr", "pl", "fr")


def semeval_pairs(language: str = "en") -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(SEMEVAL, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["lang1"] == r["lang2"] == language and re.fullmatch(r"\d+_\d+", r["pair_id"])]


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    wins = (positive[:, None] > negative[None, :]).sum() + 0.5 * (positive[:, None] == negative[None, :]).sum()
    return float(wins / (len(positive) * len(negative)))


def agreement(score: np.ndarray, overall: np.ndarray) -> tuple[float, float]:
    pearson = float(np.corrcoef(score, -overall)[0, 1])
    return pearson, auc(score[overall <= 1.5], score[overall >= 3])


def tfidf_cosines(rows: list[dict[str, str]]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer().fit([r["text1"] for r in rows] + [r["text2"] for r in rows])
    a, b = vectorizer.transform([r["text1"] for r in rows]), vectorizer.transform([r["text2"] for r in rows])
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def fractional_logit(features: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Weights (last: the bias) of ``sigmoid(features @ w + b)`` fitted to ``target`` in 0..1
    by cross-entropy: the same-story judgement as a probability (scikit-learn's logistic
    regression, each pair once as same story weighed ``target`` and once as different
    weighed ``1 - target``; no regularisation to speak of)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([features, features])
    y = np.r_[np.ones(len(features)), np.zeros(len(features))]
    fit = LogisticRegression(C=1e4, max_iter=10_000).fit(x, y, sample_weight=np.r_[target, 1 - target])
    return np.r_[fit.coef_[0], fit.intercept_]


def logistic(features: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(features @ w[:-1] + w[-1])))


def nested(options: dict[str, np.ndarray], overall: np.ndarray, folds: int = 10, seed: int = 0) -> tuple[float, float, list[str]]:
    """Pearson and ROC-AUC of out-of-fold predictions: in each of ``folds`` outer folds, every
    option (a feature matrix: one variant of the score's constants) is fitted on the other
    folds, the option whose fit agrees best with them (Pearson) is chosen, and its fit
    predicts the held-out pairs; nothing of a held-out pair reaches its prediction. Returns
    the options chosen too."""
    target = (4 - overall) / 3
    order = np.random.default_rng(seed).permutation(len(overall))
    predicted, chosen = np.empty(len(overall)), []
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        fits = {name: fractional_logit(x[train], target[train]) for name, x in options.items()}
        best = max(fits, key=lambda name: np.corrcoef(logistic(options[name][train], fits[name]), -overall[train])[0, 1])
        predicted[test] = logistic(options[best][test], fits[best])
        chosen.append(best)
    return (*agreement(predicted, overall), chosen)


def lexical_variants(rows: list[dict[str, str]]) -> dict[str, np.ndarray]:
    """sqrt of the lexical cosine (the reference, :func:`dedup.story.cosine`) of every pair
    under each variant of the constants chosen by looking at this file: the prior term's
    weight and the power of term counts (the midpoint and slope are the fit's own)."""
    from dedup.story import profiles as profiles_module
    from dedup.story import score as score_module

    weights = weights_for("en")
    shipped = (score_module.PRIOR, profiles_module.TF_POWER)
    out = {}
    try:
        for prior in (4.0, 16.0, 64.0):
            for power in (0.5, 0.75, 1.0):
                score_module.PRIOR, score_module.TF_POWER, profiles_module.TF_POWER = prior, power, power
                cosines = [cosine(profile(r["text1"], weights), profile(r["text2"], weights)) for r in rows]
                out[f"prior {prior:g}, tf power {power:g}"] = np.sqrt(np.array(cosines))[:, None]
    finally:
        score_module.PRIOR, (score_module.TF_POWER, profiles_module.TF_POWER) = shipped[0], (shipped[1], shipped[1])
    return out


def human_judgements(fit: bool) -> None:
    if not SEMEVAL.exists():
        print("# ../shared/data not found: the human-judgement figures are left out")
        return
    rows = semeval_pairs()
    overall = np.array([float(r["Overall"]) for r in rows])
    results = [dedup.compare(r["text1"], r["text2"]) for r in rows]
    story = np.array([c.story for c in results])
    jaccard = np.array([c.jaccard for c in results])
    variants = lexical_variants(rows)
    root = variants[f"prior {PRIOR:g}, tf power {TF_POWER:g}"]
    print(f"\n# human judgements: {len(rows)} English pairs, {int((overall <= 1.5).sum())} same story, "
          f"{int((overall >= 3).sum())} different (targets, nested: lexical >= 0.868 / 0.976, semantic >= 0.88 / 0.975)")
    print("nested: 10 outer folds; in each, the constants are fitted (and the variant chosen) on the other nine only")
    print(f"{'score':58s} {'Pearson':>8s} {'ROC-AUC':>8s} {'nested P':>9s} {'nested AUC':>10s}")

    def line(name, score, nested_figures=None):
        pearson, area = agreement(score, overall)
        tail = f" {nested_figures[0]:9.3f} {nested_figures[1]:10.3f}" if nested_figures else f" {'-':>9s} {'-':>10s}"
        print(f"{name:58s} {pearson:8.3f} {area:8.3f}{tail}")

    line("word 5-gram Jaccard (exact)", jaccard)
    line("TF-IDF cosine (scikit-learn, fitted on the file)", tfidf_cosines(rows))
    lexical = nested(variants, overall)
    line("dedup story, lexical (shipped constants)", story, lexical[:2])
    print(f"  (lexical, chosen in the folds: {', '.join(sorted(set(lexical[2])))}; midpoint and slope fitted in each)")
    if fit:
        w = fractional_logit(root, (4 - overall) / 3)
        print(f"  lexical fitted on all pairs: SLOPE {w[0]:.2f}, MIDPOINT {-w[1] / w[0]:.3f}")
    print("the lexical score on the file's other same-language pairs (each change was checked on them; no constant was fitted to them):")
    for language in OTHER_LANGUAGES:
        pairs = semeval_pairs(language)
        judged = np.array([float(r["Overall"]) for r in pairs])
        scores = np.array([dedup.compare(r["text1"], r["text2"], language=language).story for r in pairs])
        pearson, area = agreement(scores, judged)
        print(f"  {language}: {len(pairs):3d} pairs  Pearson {pearson:.3f}  ROC-AUC {area:.3f}")
    called = np.array([c.verdict != "different" for c in results])
    print(f"verdict rewrite or duplicate at story >= {dedup.Config().story}: {called[overall <= 1.5].mean():.0%} of same-story pairs, "
          f"{called[overall >= 3].mean():.0%} of different ones (midpoint {MIDPOINT}, slope {SLOPE})")


def labelled_pairs(modes: dict[str, dict[str, object]]) -> None:
    """The seed pair and the fixture pairs with each mode's settings (a rewrite the seed pair
    must stay: anything else ends the run)."""
    pairs = json.loads((FIXTURES / "stories.json").read_text(encoding="utf-8"))["pairs"]
    for mode, settings in modes.items():
        if SEEDS.is_dir():
            a, b = sorted(dedup.read_articles(SEEDS), key=lambda x: x.id)
            seed = dedup.compare(a, b, **settings)
            paired = dedup.scan(SEEDS, stories=True, **settings).clusters
            print(f"\n# {mode}: seed pair: jaccard {seed.jaccard}, containment {seed.containment}, story {seed.story}: {seed.verdict}; "
                  f"scan --stories pairs them: {'yes' if paired and paired[0].size == 2 else 'NO'}")
            if seed.verdict != "rewrite" or not paired:
                raise SystemExit(f"acceptance failed: the seed pair must be a rewrite ({mode})")
        else:
            print("\n# ../shared/seeds not found: the seed pair is left out")
        right, lowest, highest = 0, 1.0, 0.0
        for pair in pairs:
            a, b = (next(x for x in dedup.read_articles(FIXTURES / pair[k]) if isinstance(x, dedup.Article)) for k in ("a", "b"))
            found = dedup.compare(a, b, **settings)
            right += found.verdict == pair["verdict"]
            if pair["verdict"] == "rewrite":
                lowest = min(lowest, found.story)
            elif pair["verdict"] == "different":
                highest = max(highest, found.story)
        print(f"# {mode}: fixture pairs (fixtures/stories.json): {right} of {len(pairs)} verdicts as labelled "
              f"(lowest rewrite story {lowest:.3f}, highest look-alike {highest:.3f})")


def speed(repeats: int) -> None:
    from datasketch import MinHash
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [d.text for d in generate(2000, seed=3, dup_fraction=0.0)]
    synthetic = list(zip(texts[0::2], texts[1::2]))
    unseen = [d.text for d in generate(2000, seed=4, dup_fraction=0.0)]
    sets: dict[str, list[tuple[str, str]]] = {"~700-word synthetic articles": synthetic}
    if SEMEVAL.exists():
        sets["SemEval English pairs (~200 words)"] = [(r["text1"], r["text2"]) for r in semeval_pairs()]

    def dedup_compare(pairs):
        for a, b in pairs:
            dedup.compare(a, b)

    def tfidf_pair(pairs):
        for a, b in pairs:
            matrix = TfidfVectorizer().fit_transform([a, b])
            cosine_similarity(matrix[0], matrix[1])

    def minhash_pair(pairs):
        for a, b in pairs:
            sigs = []
            for text in (a, b):
                words = text.lower().split()
                m = MinHash(num_perm=128)
                m.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
                sigs.append(m)
            sigs[0].jaccard(sigs[1])

    dedup_compare(synthetic[:20])  # load the word frequencies
    start = time.perf_counter()
    dedup_compare(list(zip(unseen[0::2], unseen[1::2])))
    first = 1000 / (time.perf_counter() - start)
    print(f"\n# compare speed, one core, median of {repeats} (words met before are cached: a first pass over "
          f"1,000 pairs of unseen synthetic articles ran at {first:,.0f} pairs/s)")
    print(f"{'pairs':36s} {'method':44s} {'pairs/s':>9s} {'vs dedup':>9s}")
    for name, pairs in sets.items():
        rates = {}
        for method, run in (("dedup.compare (story + exact overlap)", dedup_compare),
                            ("TF-IDF cosine of the pair (scikit-learn)", tfidf_pair),
                            ("MinHash Jaccard of the pair (datasketch)", minhash_pair)):
            rates[method] = len(pairs) / median_seconds(lambda: run(pairs), repeats)
        base = rates["dedup.compare (story + exact overlap)"]
        for method, rate in rates.items():
            print(f"{name:36s} {method:44s} {rate:9,.0f} {rate / base:8.2f}x")


def rewrite(text: str, rng: random.Random) -> str:
    """A synthetic rewrite: every paragraph with a third of its words dropped and the rest in
    reverse order (a story's words, hardly any of its five-word phrases)."""
    out = []
    for paragraph in text.split("\n\n"):
        words = [w for w in paragraph.split() if rng.random() > 0.33]
        out.append(" ".join(reversed(words)))
    return "\n\n".join(out)


def story_corpus(n: int) -> tuple[Path, dict[str, int]]:
    """A JSON Lines corpus of ``n`` synthetic documents, one in a hundred a planted rewrite, and
    every document's true story (a planted rewrite has its original's)."""
    path = OUT / f"stories-{n}.jsonl"
    labels_path = path.with_suffix(".stories.json")
    if not labels_path.exists():
        OUT.mkdir(exist_ok=True)
        rng = random.Random(7)
        labels: dict[str, int] = {}
        planted = 0
        with open(path, "w", encoding="utf-8") as out:
            for doc in generate(n - n // 100, seed=13):
                out.write(json.dumps({"id": doc.id, "text": doc.text, "date": doc.date}) + "\n")
                labels[doc.id] = doc.story
                if doc.edit == "original" and planted < n // 100 and rng.random() < 0.05:
                    planted += 1
                    labels[f"rewrite-of-{doc.id}"] = doc.story
                    out.write(json.dumps({"id": f"rewrite-of-{doc.id}", "text": rewrite(doc.text, rng), "date": doc.date}) + "\n")
        labels_path.write_text(json.dumps(labels))
    return path, json.loads(labels_path.read_text())


def run_scan(path: Path, stories: bool) -> tuple[float, int, list[dict]]:
    command = [sys.executable, "-m", "dedup", "scan", str(path), "-f", "jsonl", "-q", "-o", str(OUT / "stories-out.jsonl")]
    seconds, peak = run_measured(command + (["--stories"] if stories else []))
    with open(OUT / "stories-out.jsonl", encoding="utf-8") as handle:
        return seconds, peak, [json.loads(line) for line in handle]


def scan_cost(docs: int, repeats: int) -> None:
    path, story_of_doc = story_corpus(docs)
    planted = {doc_id for doc_id in story_of_doc if doc_id.startswith("rewrite-of-")}
    print(f"\n# dedup scan of {docs:,} JSON Lines documents ({len(planted)} planted rewrites), median of {repeats}")
    print(f"{'command':24s} {'seconds':>8s} {'docs/s':>8s} {'peak MB':>8s} {'planted found':>14s} "
          f"{'copies called rewrite':>21s} {'other stories called rewrite':>29s}")
    for stories in (False, True):
        runs = [run_scan(path, stories) for _ in range(repeats)]
        seconds = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        cluster_of = {m["id"]: c["cluster"] for c in runs[0][2] for m in c["members"]}
        found = sum(r in cluster_of and cluster_of[r] == cluster_of.get(r[len("rewrite-of-"):]) for r in planted)
        called = [(c["canonical"], m["id"]) for c in runs[0][2] for m in c["members"] if m.get("verdict") == "rewrite"]
        called = [(a, b) for a, b in called if a not in planted and b not in planted]
        same = sum(story_of_doc[a] == story_of_doc[b] for a, b in called)
        label = "dedup scan --stories" if stories else "dedup scan"
        figures = (f"{found} of {len(planted)}", str(same), str(len(called) - same)) if stories else ("-", "-", "-")
        print(f"{label:24s} {seconds:8.1f} {docs / seconds:8,.0f} {peak / 2**20:8.0f} {figures[0]:>14s} {figures[1]:>21s} {figures[2]:>29s}")
    print("(a copy called rewrite: a syndicated copy whose estimated overlap with the canonical member fell under both\n"
          " thresholds; another story called rewrite: an original that shares background paragraphs with it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--fit", action="store_true", help="also print the constants fitted on all the pairs")
    args = parser.parse_args()
    print(f"# same-story tier; {machine()}")
    human_judgements(args.fit)
    labelled_pairs({"lexical": {}})
    speed(args.repeats)
    scan_cost(args.docs, max(1, args.repeats // 2))


if __name__ == "__main__":
    main()
