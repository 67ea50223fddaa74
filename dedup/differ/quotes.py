"""Quote drift: every quotation of A with its counterpart in B, and the verdict a journalist
asks for first: the same words, reworded, or gone.

A quotation's counterpart is looked for in the sentences of B aligned with the sentence that
holds it: a quotation there (the most similar), or, when B lost its quote marks on the way,
the aligned text itself. ``same`` means the same words, whatever the quote marks, punctuation or
case; ``reworded``, that enough of it is found there (less is needed when the alignment paired
the two sentences already); ``missing``, neither.
"""

from __future__ import annotations

from dedup.differ.align import grams
from dedup.differ.changes import loose, quotations
from dedup.differ.records import Alignment, QuoteDrift

REWORDED = 0.5  # share of the quote's character 3-grams found in a counterpart that makes it the quote reworded
ALIGNED_REWORDED = 0.25  # the same, when alignment already paired the sentences that hold them


def quote_drift(text_a: str, text_b: str, sa, sb, alignment: list[Alignment]) -> list[QuoteDrift]:
    quotes_b = quotations(text_b)
    out = []
    for start, end in quotations(text_a):
        quote = text_a[start:end]
        inner = quote[1:-1]
        entry = next((e for e in alignment if any(sa[i][0] <= start < sa[i][1] for i in e.a)), None)
        if entry is None or not entry.b:
            out.append(QuoteDrift(quote, (start, end), "missing"))
            continue
        region = (sb[entry.b[0]][0], sb[entry.b[-1]][1])
        candidates = [(s, e) for s, e in quotes_b if region[0] <= s < region[1]] or [region]
        wanted = grams(inner)
        scored = [(len(wanted & grams(text_b[s:e])) / len(wanted), (s, e)) for s, e in candidates]
        similarity, (s, e) = max(scored)
        found = text_b[s:e]
        if loose(inner) and f" {loose(inner)} " in f" {loose(found)} ":
            verdict = "same"  # word for word, whatever the quote marks (or their loss)
        elif similarity >= REWORDED or (similarity >= ALIGNED_REWORDED and entry.similarity > 0):
            verdict = "reworded"
        else:
            verdict = "missing"
        out.append(QuoteDrift(quote, (start, end), verdict, found if verdict != "missing" else None,
                              (s, e) if verdict != "missing" else None, round(similarity, 4)))
    return out

