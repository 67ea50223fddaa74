"""Word against character shingles on noisy text: the OCR-like part of the real-world corpus,
and a scanned archive whose copies carry heavier OCR noise, at each shingling's default cuts.

1. **The real-world corpus** (``realworld.py``, each seed of ``--seeds``): ARI, pairwise
   precision and recall over all documents, and on its noisy part: recall of the true pairs
   that hold a copy with OCR noise, precision of the clustered pairs that hold one.
2. **A scanned archive** (``--archive`` stories drawn from the same real sources, each with
   two copies passed through the corpus's OCR noise at ``--levels`` of the words: look-alike
   letters, split and joined words, lost and doubled letters, words broken over hard-wrapped
   lines), as articles in memory: recall, precision and seconds at each level.

Settings: ``--shingle word --ngram 5`` (the default) and ``--shingle char`` at each
``--char-ngrams``; thresholds as default (0.5 Jaccard, 0.6 containment).

    python benchmarks/bench_noisy.py [--real-docs 1500] [--seeds 1 2] [--archive 400] [--levels 0.05 0.1 0.2]
"""

from __future__ import annotations

import argparse
import random
import time

import realworld
from bench_quality import realworld_corpus, scores
from common import machine

import dedup

SETTINGS = [("word", 5)]


def noisy_part(label: dict[str, str], truth: dict[str, dict]) -> dict[str, float]:
    """Recall of the true pairs that hold a noisy copy, precision of the found pairs that do."""
    noisy = {i for i, row in truth.items() if "ocr" in row["edits"]}
    by_story: dict[int, list[str]] = {}
    for i, row in truth.items():
        by_story.setdefault(row["story"], []).append(i)
    true_pairs = {frozenset((a, b)) for members in by_story.values() for a in members for b in members
                  if a < b and (a in noisy or b in noisy)}
    clusters: dict[str, list[str]] = {}
    for i in truth:
        clusters.setdefault(label.get(i, i), []).append(i)
    found = {frozenset((a, b)) for members in clusters.values() for a in members for b in members
             if a < b and (a in noisy or b in noisy)}
    agreed = len(true_pairs & found)
    return {"recall": agreed / len(true_pairs) if true_pairs else 1.0, "precision": agreed / len(found) if found else 1.0,
            "pairs": len(true_pairs)}


def archive(sources: list[realworld.Source], stories: int, level: float, seed: int) -> tuple[list[dedup.Article], dict[str, int]]:
    """``stories`` sources, each with two copies noised at ``level`` and hard-wrapped as scans are."""
    rnd = random.Random(f"{seed}:archive:{level}")
    picked = rnd.sample(sources, min(stories, len(sources)))
    articles, truth = [], {}
    for k, source in enumerate(picked):
        text = "\n\n".join(source.paragraphs)
        for copy in range(3):
            body = text
            if copy:
                body = "\n\n".join(realworld._ocr(p, level, rnd) for p in source.paragraphs)
                body = realworld._hyphenate("\n\n".join(realworld._wrap(p, rnd.randint(50, 70)) for p in body.split("\n\n")))
            doc_id = f"s{k:04d}-{copy}"
            articles.append(dedup.Article(doc_id, body))
            truth[doc_id] = k
    return articles, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-docs", type=int, default=1500)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--archive", type=int, default=400, help="stories in the scanned archive")
    parser.add_argument("--levels", type=float, nargs="+", default=[0.05, 0.1, 0.2], help="shares of words with OCR noise")
    parser.add_argument("--char-ngrams", type=int, nargs="+", default=[5, 7, 9, 12])
    args = parser.parse_args()
    settings = SETTINGS + [("char", n) for n in args.char_ngrams]
    print(f"# word and character shingles on noisy text, default cuts; {machine()}")
    if not realworld.DATA.is_file():
        print(f"# {realworld.DATA} not found: this benchmark needs the real sources; nothing measured")
        return
    for seed in args.seeds:
        root, truth_ids = realworld_corpus(args.real_docs, seed)
        truth = realworld.read_truth(root.parent)
        noisy = sum(1 for row in truth.values() if "ocr" in row["edits"])
        print(f"\n# real-world corpus, seed {seed}: {len(truth):,} documents, {noisy} copies with OCR noise")
        print(f"{'shingles':12s} {'ARI':>6s} {'precision':>9s} {'recall':>7s} {'noisy P':>8s} {'noisy R':>8s} {'seconds':>8s}")
        for shingle, n in settings:
            started = time.perf_counter()
            result = dedup.scan(root, shingle=shingle, ngram=n)
            seconds = time.perf_counter() - started
            label = {m.id: c.canonical for c in result.clusters for m in c.members}
            whole, part = scores(label, truth_ids), noisy_part(label, truth)
            print(f"{shingle + ' ' + str(n):12s} {whole['ari']:6.4f} {whole['precision']:9.4f} {whole['recall']:7.4f} "
                  f"{part['precision']:8.4f} {part['recall']:8.4f} {seconds:8.1f}", flush=True)
    sources, _ = realworld.load_sources()
    for level in args.levels:
        articles, truth_of = archive(sources, args.archive, level, seed=args.seeds[0])
        print(f"\n# scanned archive: {args.archive} stories, each with two copies, OCR noise in {level:.0%} of the words")
        print(f"{'shingles':12s} {'ARI':>6s} {'precision':>9s} {'recall':>7s} {'seconds':>8s}")
        for shingle, n in settings:
            started = time.perf_counter()
            result = dedup.scan(articles, shingle=shingle, ngram=n)
            seconds = time.perf_counter() - started
            got = scores({m.id: c.canonical for c in result.clusters for m in c.members}, truth_of)
            print(f"{shingle + ' ' + str(n):12s} {got['ari']:6.4f} {got['precision']:9.4f} {got['recall']:7.4f} {seconds:8.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
