"""Quote drift: every quotation of A with its counterpart in B, and the verdict a journalist
asks for first: the same words, reworded, or gone.

A quotation's counterpart is looked for in the sentences of B aligned with the sentence that
holds it: a quotation there (the most similar), or, when B lost its quote marks on the way,
the aligned text itself. ``same`` means the same words, whatever the quote marks, punctuation or
case; ``reworded``, that enough of it is found there (less is needed when the alignment paired
the two sentences already); ``missing``, neither.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal

from dedup.differ.align import grams
from dedup.differ.changes import loose, quotations
from dedup.differ.records import Alignment, QuoteDrift

REWORDED = 0.5  # share of the quote's character 3-grams found in a counterpart that makes it the quote reworded
ALIGNED_REWORDED = 0.25  # the same, when alignment already paired the sentences that hold them
NEAREST = 8  # quotations of B looked at for one of A, when the aligned text holds more: those nearest its place


def quote_drift(text_a: str, text_b: str, sa, sb, alignment: list[Alignment]) -> list[QuoteDrift]:
    quotes_b = quotations(text_b)
    starts_b = [s for s, _ in quotes_b]
    starts_a = [start for start, _, _ in sa]
    entry_of = {i: entry for entry in alignment for i in entry.a}  # each sentence of A's alignment entry
    out = []
    for start, end in quotations(text_a):
        quote = text_a[start:end]
        inner = quote[1:-1]
        k = bisect_right(starts_a, start) - 1  # the sentence that holds the quotation's start
        entry = entry_of.get(k) if k >= 0 and start < sa[k][1] else None
        if entry is None or not entry.b:
            out.append(QuoteDrift(quote, (start, end), "missing"))
            continue
        region = (sb[entry.b[0]][0], sb[entry.b[-1]][1])
        first, last = bisect_left(starts_b, region[0]), bisect_left(starts_b, region[1])
        if last - first > NEAREST:  # a very long aligned stretch: the quotations near where this one sits
            held = (sa[entry.a[0]][0], sa[entry.a[-1]][1])
            share = (start - held[0]) / max(1, held[1] - held[0])
            place = region[0] + share * (region[1] - region[0])
            middle = min(max(bisect_left(starts_b, place), first + NEAREST // 2), last - NEAREST // 2)
            first, last = middle - NEAREST // 2, middle + NEAREST // 2
        candidates = quotes_b[first:last] or [region]
        wanted = grams(inner)
        scored = [(len(wanted & grams(text_b[s:e])) / len(wanted), (s, e)) for s, e in candidates]
        similarity, (s, e) = max(scored)
        found = text_b[s:e]
        verdict: Literal["same", "reworded", "missing"]
        if loose(inner) and f" {loose(inner)} " in f" {loose(found)} ":
            verdict = "same"  # word for word, whatever the quote marks (or their loss)
        elif similarity >= REWORDED or (similarity >= ALIGNED_REWORDED and entry.similarity > 0):
            verdict = "reworded"
        else:
            verdict = "missing"
        out.append(QuoteDrift(quote, (start, end), verdict, found if verdict != "missing" else None,
                              (s, e) if verdict != "missing" else None, round(similarity, 4)))
    return out
