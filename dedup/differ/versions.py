"""The differ's steps joined: a text's sentences (:mod:`dedup.differ.segment`) aligned
(:mod:`dedup.differ.align`), the words of each aligned region diffed
(:mod:`dedup.differ.changes`), and the changes tagged (moved text, quotations, figures,
cosmetic edits, site chrome), with the quote drift and the overlap of the two versions."""

from __future__ import annotations

from bisect import bisect_right

from dedup.config import Config
from dedup.differ.align import align
from dedup.differ.changes import Spans, cosmetic, numbers, quotations, region_changes
from dedup.differ.moves import moved
from dedup.differ.quotes import quote_drift
from dedup.differ.records import Alignment, ArticleDiff, Change
from dedup.differ.segment import sentences
from dedup.matching.similarity import exact_overlap
from dedup.records import Article, matching_text

HIDDEN = {"cosmetic", "chrome"}  # tags of changes that renderers leave out unless asked


def diff(a: Article | str, b: Article | str, config: Config | None = None) -> ArticleDiff:
    """The changes from ``a`` to ``b``, with offsets into each one's display text.

    Args:
        a: the earlier version, an :class:`~dedup.Article` (its site chrome's changes are
            tagged ``chrome``) or a plain string.
        b: the later version, the same.
        config: the settings of the overlap measures; the defaults when ``None``.

    Returns:
        An :class:`~dedup.ArticleDiff`: the changes, the sentence alignment, quote drift,
        Jaccard and containment, and counts of aligned, changed, added and removed sentences.
    """
    config = config or Config()
    text_a, text_b = _text(a), _text(b)
    out_a, out_b = Spans(_left_out(a)), Spans(_left_out(b))
    sa, sb = sentences(text_a), sentences(text_b)
    # site chrome is not aligned: its lines come out as changes tagged "chrome"
    alignment = align(_evidence(sa, out_a), _evidence(sb, out_b))
    changes: list[Change] = []
    cursor_a = cursor_b = 0
    ends_a, ends_b = _region_ends(alignment, sa, "a", len(text_a)), _region_ends(alignment, sb, "b", len(text_b))
    for entry, end_a, end_b in zip(alignment, ends_a, ends_b):
        end_a, end_b = end_a if entry.a else cursor_a, end_b if entry.b else cursor_b
        changes += region_changes(text_a[cursor_a:end_a], text_b[cursor_b:end_b], cursor_a, cursor_b)
        cursor_a, cursor_b = end_a, end_b
    # what no sentence holds (a text of blanks only)
    changes += region_changes(text_a[cursor_a:], text_b[cursor_b:], cursor_a, cursor_b)
    tagged = _tag(changes, Spans(quotations(text_a)), Spans(quotations(text_b)), out_a, out_b)
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


def _text(item: Article | str) -> str:
    return item.text if isinstance(item, Article) else item


def _left_out(item: Article | str) -> list[tuple[int, int]]:
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


def _evidence(spans, left_out: Spans) -> list[str]:
    return ["" if left_out.holds((start, end)) else text for start, end, text in spans]


def _region_ends(alignment: list[Alignment], spans, side: str, length: int) -> list[int]:
    """Where each alignment entry's region ends on one side, if the entry has sentences there:
    at the next sentence of that side that a later entry holds (so the space between
    sentences goes with the entry before it), else at the end of the text."""
    ends, following = [0] * len(alignment), length
    for k in range(len(alignment) - 1, -1, -1):
        ends[k] = following
        indices = alignment[k].a if side == "a" else alignment[k].b
        if indices:
            following = spans[indices[0]][0]
    return ends


def _tag(changes: list[Change], quotes_a: Spans, quotes_b: Spans, out_a: Spans, out_b: Spans) -> list[Change]:
    cut = [c for c in changes if c.kind == "delete"]
    added = [c for c in changes if c.kind == "insert"]
    from_cut, into = moved([c.a_text for c in cut], [c.b_text for c in added])
    shifted = {id(cut[k]) for k in from_cut} | {id(added[k]) for k in into}
    out = []
    for change in changes:
        tags = []
        if cosmetic(change.a_text, change.b_text):
            tags.append("cosmetic")
        elif _chrome(change, out_a, out_b):
            tags.append("chrome")
        else:
            if id(change) in shifted:
                tags.append("moved")
            if quotes_a.overlaps(change.a_span) or quotes_b.overlaps(change.b_span):
                tags.append("quote")
            if change.kind == "replace" and sorted(numbers(change.a_text)) != sorted(numbers(change.b_text)):
                tags.append("number")
        out.append(Change(change.kind, change.a_text, change.b_text, change.a_span, change.b_span, tuple(tags)))
    return out


def _chrome(change: Change, out_a: Spans, out_b: Spans) -> bool:
    """All of the change lies in left-out chrome (or is blank) on both sides."""
    def side(text: str, span, out: Spans) -> bool:
        stripped = text.strip()
        if not stripped:
            return True
        start = span[0] + text.index(stripped[0])
        return out.holds((start, start + len(stripped)))

    return bool(out_a or out_b) and side(change.a_text, change.a_span, out_a) and side(change.b_text, change.b_span, out_b)


def _counts(alignment: list[Alignment], sa, sb, changes: list[Change]) -> dict[str, int]:
    shown = [c.a_span for c in changes if not HIDDEN & set(c.tags)]  # in order, one after another
    ends = [end for _, end in shown]
    counts = {"aligned": 0, "changed": 0, "added": 0, "removed": 0}
    for entry in alignment:
        if entry.a and entry.b:
            counts["aligned"] += 1
            start, end = sa[entry.a[0]][0], sa[entry.a[-1]][1]
            k = bisect_right(ends, start)  # the first shown change that ends after the sentences start
            if k < len(shown) and (shown[k][0] < end if shown[k][0] < shown[k][1] else start < shown[k][0] < end):
                counts["changed"] += 1
        elif entry.b:
            counts["added"] += len(entry.b)
        else:
            counts["removed"] += len(entry.a)
    return counts

