"""Diff speed and readability, side by side on the same pairs of ~1,000-word articles: plain
diff-match-patch on the whole texts (its default one-second timeout), Python's difflib over
words (``autojunk=False``), and ``dedup.diff``. Prints the median time and how many characters
each marks as changed (fewer, for the same two texts, reads better; a timed-out diff marks
nearly everything).

Pairs: a near copy (5% of words replaced, two sentences dropped), a heavy edit (30% of words
replaced, paragraphs reordered), and, when ../shared/seeds is present, the two seed articles
(one story, two outlets, one rewritten).

Then long articles, 10 KB to 5 MB (``--sizes``; the file limit is 20 MB): a near copy of each
length and two unrelated texts of it, each pair diffed in a fresh process, with the diff's
seconds and the process's peak resident memory (an interpreter with newsdedup imported takes
about 170 MiB of it).

    python benchmarks/bench_diff.py [--repeats 7] [--sizes 10000 100000 1000000 5000000]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys

from common import HERE, machine, median_seconds, run_measured
from corpus import generate
from diff_match_patch import diff_match_patch

import dedup

SEEDS = HERE.parent.parent / "shared" / "seeds"
OUT = HERE / "out" / "diff"
# one diff in a fresh process, which writes the diff's own seconds to the third file named
_ONE_DIFF = ("import sys, time, dedup; a, b = (open(p, encoding='utf-8').read() for p in sys.argv[1:3]); "
             "dedup.diff('warm up.', 'warm up!'); start = time.perf_counter(); dedup.diff(a, b); "
             "open(sys.argv[3], 'w').write(str(time.perf_counter() - start))")


def pairs() -> dict[str, tuple[str, str]]:
    rng = random.Random(5)
    original = next(d.text for d in generate(50, seed=9, words_per_doc=1000) if d.edit == "original")
    near = edit(original, 0.05, rng, drop=2)
    heavy_paragraphs = edit(original, 0.30, rng).split("\n\n")
    rng.shuffle(heavy_paragraphs)
    heavy = "\n\n".join(heavy_paragraphs)
    found = {"near copy (5%)": (original, near), "heavy edit (30%, reordered)": (original, heavy)}
    if SEEDS.is_dir():
        seeds = sorted(dedup.read_articles(SEEDS), key=lambda a: a.id)
        found["seed articles (rewrite)"] = (seeds[0].text, seeds[1].text)
    return found


def edit(text: str, share: float, rng: random.Random, drop: int = 0) -> str:
    """Replace ``share`` of the words of each paragraph, after dropping ``drop`` paragraphs."""
    paragraphs = text.split("\n\n")
    for _ in range(drop):
        paragraphs.pop(rng.randrange(len(paragraphs)))
    out = []
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        for i in rng.sample(range(len(words)), int(share * len(words))):
            words[i] = rng.choice(["harbour", "council", "said", "workers", "Tuesday", "1,300", "strike"])
        out.append(" ".join(words))
    return "\n\n".join(out)


def dmp_whole(a: str, b: str) -> int:
    engine = diff_match_patch()  # default Diff_Timeout: one second
    ops = engine.diff_main(a, b)
    engine.diff_cleanupSemantic(ops)
    return sum(len(t) for op, t in ops if op)


def difflib_words(a: str, b: str) -> int:
    wa, wb = a.split(" "), b.split(" ")
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return sum(len(" ".join(wa[i1:i2])) + len(" ".join(wb[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def dedup_diff(a: str, b: str) -> int:
    return sum(len(c.a_text) + len(c.b_text) for c in dedup.diff(a, b).visible)


def long_pairs(size: int) -> dict[str, tuple[str, str]]:
    """A near copy of a ``size``-character text (articles of the corpus one after another, 5%
    of words replaced, two paragraphs dropped) and two unrelated texts of that length."""
    docs = [d.text for d in generate(2 * (size // 3000) + 8, seed=11, words_per_doc=1000)]
    half = len(docs) // 2
    first, second = "\n\n".join(docs[:half])[:size], "\n\n".join(docs[half:])[:size]
    return {"near copy": (first, edit(first, 0.05, random.Random(size), drop=2)), "unrelated": (first, second)}


def long_articles(sizes: list[int]) -> None:
    print(f"\n# long articles, one diff each in a fresh process; {machine()}")
    print(f"{'pair':12s} {'characters':>12s} {'seconds':>9s} {'peak MiB':>9s}")
    OUT.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        for name, (a, b) in long_pairs(size).items():
            paths = [OUT / f"{name.replace(' ', '-')}-{size}-{side}.txt" for side in "ab"]
            for path, text in zip(paths, (a, b)):
                path.write_text(text, encoding="utf-8")
            timing = OUT / "seconds.txt"
            _, peak = run_measured([sys.executable, "-c", _ONE_DIFF, *map(str, paths), str(timing)])
            seconds = float(timing.read_text())
            print(f"{name:12s} {len(a):12,d} {seconds:9.2f} {peak / 2**20:9.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000, 5_000_000])
    args = parser.parse_args()
    print(f"# diffs of ~1,000-word articles, median of {args.repeats}; {machine()}")
    if not SEEDS.is_dir():
        print("# ../shared/seeds not found: the seed pair is left out")
    print(f"{'pair':30s} {'method':34s} {'ms':>8s} {'chars changed':>14s}")
    dedup.diff("warm up.", "warm up!")
    for name, (a, b) in pairs().items():
        for method, run in (("diff-match-patch, whole texts", dmp_whole), ("difflib over words", difflib_words),
                            ("dedup.diff (aligned)", dedup_diff)):
            changed = run(a, b)
            seconds = median_seconds(lambda: run(a, b), args.repeats if run is not dmp_whole else max(1, args.repeats // 3))
            print(f"{name:30s} {method:34s} {seconds * 1000:8.1f} {changed:14,d}")
    if SEEDS.is_dir():
        acceptance()
    long_articles(args.sizes)


def acceptance() -> None:
    """The mission's own example: the seed pair's quote change is found and tagged, and so is
    "four sources" against "multiple sources"."""
    seeds = {a.id[:3]: a for a in dedup.read_articles(SEEDS)}
    result = dedup.diff(seeds["002"], seeds["000"])
    quote = [c for c in result.visible if "quote" in c.tags and "slave" in c.a_text]
    figure = [c for c in result.visible if "number" in c.tags and "four" in c.a_text and "multiple" in c.b_text]
    drift = [q.verdict for q in result.quotes if "slave" in q.a_text]
    print("\n# acceptance on the seed pair")
    print(f"quote change tagged quote: {'yes' if quote else 'NO'}: {quote[0].a_text.strip()[:60]!r} -> {quote[0].b_text.strip()[:60]!r}" if quote else "quote change tagged quote: NO")
    print(f"'four sources' -> 'multiple sources' tagged number: {'yes' if figure else 'NO'}")
    print(f"quote drift of the slave's-peace quote: {drift}")
    if not (quote and figure and drift == ["reworded"]):
        raise SystemExit("acceptance failed")


if __name__ == "__main__":
    main()
