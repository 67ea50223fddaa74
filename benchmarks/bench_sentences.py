"""False sentence splits and speed of the differ's sentence splitter, on the real articles of
``../shared/data/semeval-train/training_set.csv`` (every language in it), side by side with
the splitter before issue 21 (a full stop, question or exclamation mark before a space and a
capital) and with nupunkt (a maintained Punkt implementation, MIT, trained on English), when
it is installed.

A split is counted false when the word before its full stop is an abbreviation that does not
end sentences, by the audit's own lists (written apart from the splitter's, from the
abbreviations that occur in the CSV): a title before a name (``Mr.``, ``Dr.``, ``St.``,
``Sr.``…), an initial (``W.``, ``M.``), a month or ``No.`` before a figure (``Jan. 5``), a
dotted abbreviation in lower case (``e.g.``, ``z.B.``), ``U.S.``-style capitals before a word
that does not open sentences (``U.S. Senate``), a day's ordinal before its month
(``3. März``), or a split inside a decimal (``3.5``). Splits that are not false by these lists
are not all right: ``--show`` prints the boundaries the splitters disagree on, for a look.

Then the time of ``dedup.diff`` on pairs of the CSV's articles with each splitter: the cost
where it counts (the report diffs thousands of pairs).

    python benchmarks/bench_sentences.py [--repeats 3] [--pairs 200] [--show 20]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from collections.abc import Callable, Iterable

from common import HERE, machine, median_seconds

from dedup.differ.segment import sentences

DATA = HERE.parent.parent / "shared" / "data" / "semeval-train" / "training_set.csv"
Splitter = Callable[[str], list[tuple[int, int, str]]]

# ---------------------------------------------------------------- the splitter before issue 21
_OLD_PARAGRAPH = re.compile(r"\n\s*\n")
_OLD_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")


def before(text: str) -> list[tuple[int, int, str]]:
    """The splitter as it was before issue 21 (kept here to measure against)."""
    out, pos = [], 0
    for block_end in [m.start() for m in _OLD_PARAGRAPH.finditer(text)] + [len(text)]:
        start = pos
        for match in _OLD_BOUNDARY.finditer(text, pos, block_end):
            out.append((start, match.start() + len(match.group()) - len(match.group().lstrip('"”’»)]'))))
            start = match.end()
        out.append((start, block_end))
        pos = _OLD_PARAGRAPH.match(text, block_end).end() if block_end < len(text) else block_end
    return _stripped(text, out)


def _stripped(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out = []
    for start, end in spans:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + lead + len(piece.strip()), piece.strip()))
    return out


def nupunkt_splitter() -> Splitter | None:
    """nupunkt's sentences, paragraph by paragraph (as the others split), or None if absent."""
    try:
        from nupunkt import sent_spans
    except ImportError:
        return None

    def split(text: str) -> list[tuple[int, int, str]]:
        spans, pos = [], 0
        for block_end in [m.start() for m in _OLD_PARAGRAPH.finditer(text)] + [len(text)]:
            spans += [(pos + s, pos + e) for s, e in sent_spans(text[pos:block_end])]
            pos = _OLD_PARAGRAPH.match(text, block_end).end() if block_end < len(text) else block_end
        return _stripped(text, spans)

    return split


# ---------------------------------------------------------------- the audit
_TITLES = set("Mr Mrs Ms Messrs Dr Prof Sen Rep Gov Gen Lt Col Maj Sgt Capt Adm Cmdr Cpl Rev Fr Hon Pres St Mt Ft Ste "
              "Mme Mlle Sr Sra Srta Dña Hr Hrn Sig Dott Doç Prof Av Ks Św Płk Mjr Inż Dipl Ing Lic vs ca bzw vgl ggf "
              "inkl sog tzw np ul al pl godz im ds wg ok".split())
_BEFORE_FIGURE = set("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Nr Art Vol Abs Ch Fig Tab p pp s nr art "
                     "no núm pág".split())
_MONTHS = set("Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember".split())
_OPENERS = set("The A An He She It They We I You His Her Its Their This That These Those There But And Or So "
               "In On At As For If When While After Before Since However Meanwhile Now Then Still What Who "
               "Some Many Most All One Two Three Both Each".split())
_WORD_BEFORE = re.compile(r"(?:^|[\s(\[\"“‘«„])([^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+|[^\W\d_]+|\d+)$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD_AFTER = re.compile(r"[\"“‘«„(\[]*([^\W\d_]+|\d)")


def false_split(text: str, end: int, following: int) -> str | None:
    """The kind of false split at a boundary (a sentence ending at ``end``, the next one
    starting at ``following``), or None."""
    if text[end - 1] != "." or _PARAGRAPH_BREAK.search(text, end, following):
        return None  # not a full stop, or the end of a paragraph
    found = _WORD_BEFORE.search(text[max(0, end - 20) : end - 1])
    after = _WORD_AFTER.match(text, following)
    word, nxt = (found.group(1) if found else ""), (after.group(1) if after else "")
    if word.isdigit() and nxt.isdigit() and following == end:
        return "decimal"
    if not word:
        return None
    if word in _TITLES:
        return "title"
    if len(word) == 1 and word.isupper():
        return "initial"
    if word in _BEFORE_FIGURE and nxt.isdigit():
        return "before a figure"
    if "." in word and word[0].islower() and word not in ("a.m", "p.m"):
        return "dotted, lower case"
    if "." in word and nxt not in _OPENERS:
        return "U.S.-style before a name"
    if word.isdigit() and int(word) <= 31 and nxt in _MONTHS:
        return "ordinal before a month"
    return None


def audit(texts: list[tuple[str, str]], split: Splitter) -> tuple[collections.Counter, int, int, int]:
    """False splits by kind, articles with one, sentences, and false splits in English."""
    kinds: collections.Counter = collections.Counter()
    articles = total = english = 0
    for lang, text in texts:
        spans = split(text)
        total += len(spans)
        found = [false_split(text, a[1], b[0]) for a, b in zip(spans, spans[1:])]
        found = [k for k in found if k]
        kinds.update(found)
        articles += bool(found)
        english += len(found) if lang == "en" else 0
    return kinds, articles, total, english


def load() -> list[tuple[str, str]]:
    """(language, text) of every distinct article of the CSV."""
    csv.field_size_limit(1 << 30)
    found: dict[str, tuple[str, str]] = {}
    with open(DATA, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = row["pair_id"].split("_")
            for doc_id, lang, text in ((ids[0], row["lang1"], row["text1"]), (ids[-1], row["lang2"], row["text2"])):
                if text.strip():
                    found.setdefault(doc_id, (lang, text.replace("\r\n", "\n")))
    return [found[k] for k in sorted(found)]


def load_pairs(n: int) -> list[tuple[str, str]]:
    """The first ``n`` pairs of the CSV (one story, or two on one topic), as texts."""
    csv.field_size_limit(1 << 30)
    with open(DATA, encoding="utf-8", newline="") as handle:
        rows = [(r["text1"], r["text2"]) for r, _ in zip(csv.DictReader(handle), range(n))]
    return [(a.replace("\r\n", "\n"), b.replace("\r\n", "\n")) for a, b in rows]


def diffs(pairs: list[tuple[str, str]], split: Splitter) -> collections.Counter:
    """Diff every pair with ``split`` as the differ's splitter: the sums of their counts."""
    import dedup.differ as differ

    kept, counts = differ.sentences, collections.Counter()
    differ.sentences = split
    try:
        for a, b in pairs:
            counts.update(differ.diff(a, b).counts)
    finally:
        differ.sentences = kept
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=200, help="pairs of the CSV diffed with each splitter")
    parser.add_argument("--show", type=int, default=0, help="print this many boundaries where before and now differ")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} is absent: this benchmark measures real articles only, and has nothing to measure.")
        sys.exit(0)
    texts = load()
    splitters: dict[str, Splitter] = {"before (issue 21)": before, "dedup (now)": sentences}
    punkt = nupunkt_splitter()
    if punkt is None:
        print("nupunkt is not installed (pip install nupunkt): measured without it")
    else:
        splitters["nupunkt"] = punkt
    print(f"{len(texts):,} articles ({sum(lang == 'en' for lang, _ in texts):,} English), {machine()}")
    print(f"{'splitter':<20} {'false splits':>12} {'articles':>9} {'English':>8} {'sentences':>10} {'ms/article':>11}"
          "  false splits by kind")
    times = {}
    for name, split in splitters.items():
        kinds, articles, total, english = audit(texts, split)
        times[name] = median_seconds(lambda: [split(t) for _, t in texts], args.repeats) / len(texts)
        by_kind = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        print(f"{name:<20} {sum(kinds.values()):>12,} {articles:>9,} {english:>8,} {total:>10,} "
              f"{times[name] * 1e3:>11.3f}  {by_kind or '-'}")
    print(f"dedup's splitter takes {times['dedup (now)'] / times['before (issue 21)']:.1f}x the time of the one before")
    if punkt is not None:
        print(f"nupunkt takes {times['nupunkt'] / times['dedup (now)']:.1f}x the time of dedup's splitter")
    pairs = load_pairs(args.pairs)
    with_before = median_seconds(lambda: diffs(pairs, before), args.repeats) / len(pairs)
    with_now = median_seconds(lambda: diffs(pairs, sentences), args.repeats) / len(pairs)
    print(f"dedup.diff on {len(pairs)} pairs of the CSV: {with_before * 1e3:.2f} ms a pair with the splitter before, "
          f"{with_now * 1e3:.2f} ms with dedup's ({with_now / with_before:.2f}x)")
    for name, split in (("before", before), ("now", sentences)):
        counts = diffs(pairs, split)
        print(f"  their counts, splitter {name}: " + ", ".join(f"{k} {counts[k]:,}" for k in ("aligned", "changed", "added", "removed")))
    if args.show:
        shown = 0
        for _, text in texts:
            old = {end for _, end, _ in before(text)}
            new = {end for _, end, _ in sentences(text)}
            for end in sorted(old ^ new):
                if shown < args.show:
                    print(f"{'split before only' if end in old else 'split now only':<18} "
                          f"{text[max(0, end - 40):end]!r} | {text[end:end + 30]!r}")
                    shown += 1


if __name__ == "__main__":
    main()
