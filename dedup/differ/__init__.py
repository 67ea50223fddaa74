"""What each version changed: align the sentences of two versions, then diff within what was
aligned, so that rewrites give readable changes instead of "delete everything, insert
everything".

>>> d = diff("Talks failed. “We will not back down,” she said. About 4,200 walked out.",
...          "Talks failed. “We will never back down,” she said. About 4,300 walked out.")
>>> [(c.a_text, c.b_text, c.tags) for c in d.visible]
[('not', 'never', ('quote',)), ('4,200', '4,300', ('number',))]
>>> d.apply() == d.b
True
"""

from __future__ import annotations

from typing import Union

from dedup.config import Config
from dedup.differ.align import align, dice, grams
from dedup.differ.changes import cosmetic, numbers, overlaps, quotations, region_changes
from dedup.differ.quotes import quote_drift
from dedup.differ.records import Alignment, ArticleDiff, Change, QuoteDrift
from dedup.differ.segment import sentences
from dedup.records import Article, matching_text
from dedup.similarity import exact_overlap

MOVED = 0.8  # similarity at which a cut sentence and an added one are the same sentence moved
HIDDEN = {"cosmetic", "chrome"}  # tags of changes that renderers leave out unless asked


def diff(a: Union[Article, str], b: Union[Article, str], config: Config | None = None) -> ArticleDiff:
    """The changes from ``a`` to ``b`` (articles or plain strings), with offsets into each
    one's display text."""
    config = config or Config()
    text_a, text_b = _text(a), _text(b)
    out_a, out_b = _left_out(a), _left_out(b)
    sa, sb = sentences(text_a), sentences(text_b)
    # site chrome is not aligned: its lines come out as changes tagged "chrome"
    alignment = align(_evidence(sa, out_a), _evidence(sb, out_b))
    changes: list[Change] = []
    cursor_a = cursor_b = 0
    for k, entry in enumerate(alignment):
        end_a = _region_end(entry.a, sa, alignment[k + 1 :], "a", len(text_a), cursor_a)
        end_b = _region_end(entry.b, sb, alignment[k + 1 :], "b", len(text_b), cursor_b)
        changes += region_changes(text_a[cursor_a:end_a], text_b[cursor_b:end_b], cursor_a, cursor_b)
        cursor_a, cursor_b = end_a, end_b
    # what no sentence holds (a text of blanks only)
    changes += region_changes(text_a[cursor_a:], text_b[cursor_b:], cursor_a, cursor_b)
    tagged = _tag(changes, quotations(text_a), quotations(text_b), out_a, out_b)
    jaccard, containment = exact_overlap(matching_text(a), matching_text(b), config)
    return ArticleDiff(
        a=text_a,
        b=text_b,
        changes=tuple(tagged),
        alignment=tuple(alignment),
        quotes=tuple(quote_drift(text_a, text_b, sa, sb, alignment)),
        jaccard=jaccard,
        containment=containment,
        counts=_counts(alignment, sa, sb, tagged),
    )


def _text(item: Union[Article, str]) -> str:
    return item.text if isinstance(item, Article) else item


def _left_out(item: Union[Article, str]) -> list[tuple[int, int]]:
    """The spans of an article's text outside its matching spans (its site chrome)."""
    if not isinstance(item, Article) or item.matching is None:
        return []
    out, pos = [], 0
    for start, end in item.matching:
        if start > pos:
            out.append((pos, start))
        pos = end
    if pos < len(item.text):
        out.append((pos, len(item.text)))
    return out


def _evidence(spans, left_out) -> list[str]:
    return ["" if _within((start, end), left_out) else text for start, end, text in spans]


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _region_end(own, spans, rest, side: str, length: int, cursor: int) -> int:
    """Where this alignment entry's region ends: at the next sentence of that side that a later
    entry holds (so the space between sentences goes with the entry before it)."""
    if not own:
        return cursor
    for later in rest:
        indices = later.a if side == "a" else later.b
        if indices:
            return spans[indices[0]][0]
    return length


def _tag(changes: list[Change], quotes_a, quotes_b, out_a, out_b) -> list[Change]:
    grams_of = {id(c): grams(c.a_text or c.b_text) for c in changes if c.kind != "replace"}
    cut = [c for c in changes if c.kind == "delete" and len(c.a_text.strip()) >= 20]
    added = [c for c in changes if c.kind == "insert" and len(c.b_text.strip()) >= 20]
    pairs = [(x, y) for x in cut for y in added if dice(grams_of[id(x)], grams_of[id(y)]) >= MOVED]
    moved = {id(c) for pair in pairs for c in pair}
    out = []
    for change in changes:
        tags = []
        if cosmetic(change.a_text, change.b_text):
            tags.append("cosmetic")
        elif _chrome(change, out_a, out_b):
            tags.append("chrome")
        else:
            if id(change) in moved:
                tags.append("moved")
            if overlaps(change.a_span, quotes_a) or overlaps(change.b_span, quotes_b):
                tags.append("quote")
            if change.kind == "replace" and sorted(numbers(change.a_text)) != sorted(numbers(change.b_text)):
                tags.append("number")
        out.append(Change(change.kind, change.a_text, change.b_text, change.a_span, change.b_span, tuple(tags)))
    return out


def _chrome(change: Change, out_a, out_b) -> bool:
    """All of the change lies in left-out chrome (or is blank) on both sides."""
    def side(text: str, span, out) -> bool:
        stripped = text.strip()
        if not stripped:
            return True
        start = span[0] + text.index(stripped[0])
        return _within((start, start + len(stripped)), out)

    return (out_a or out_b) != [] and side(change.a_text, change.a_span, out_a) and side(change.b_text, change.b_span, out_b)


def _counts(alignment: list[Alignment], sa, sb, changes: list[Change]) -> dict[str, int]:
    shown = [c.a_span for c in changes if not HIDDEN & set(c.tags)]
    counts = {"aligned": 0, "changed": 0, "added": 0, "removed": 0}
    for entry in alignment:
        if entry.a and entry.b:
            counts["aligned"] += 1
            span = (sa[entry.a[0]][0], sa[entry.a[-1]][1])
            if any(overlaps(change, [span]) for change in shown):
                counts["changed"] += 1
        elif entry.b:
            counts["added"] += len(entry.b)
        else:
            counts["removed"] += len(entry.a)
    return counts


__all__ = ["diff", "ArticleDiff", "Change", "QuoteDrift", "Alignment"]
