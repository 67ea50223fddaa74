"""Diff speed and readability, side by side on the same pairs of ~1,000-word articles: plain
diff-match-patch on the whole texts (its default one-second timeout), Python's difflib over
words (``autojunk=False``), and ``dedup.diff``. Prints the median time and how many characters
each marks as changed (fewer, for the same two texts, reads better; a timed-out diff marks
nearly everything).

Pairs: a near copy (5% of words replaced, two sentences dropped), a heavy edit (30% of words
replaced, paragraphs reordered), and, when ../shared/seeds is present, the two seed articles
(one story, two outlets, one rewritten).

    python benchmarks/bench_diff.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import difflib
import random

from common import HERE, machine, median_seconds
from corpus import generate
from diff_match_patch import diff_match_patch

import dedup

SEEDS = HERE.parent.parent / "shared" / "seeds"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
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
