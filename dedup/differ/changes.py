"""Changes within aligned regions: a diff-match-patch diff over word tokens, so that every
change starts and ends on a word boundary ("slave’s peace" → "peace of a colony", not
scattered letters), then tagged.

Each token (a word, a run of spaces, one punctuation mark) is mapped to one character, the way
diff-match-patch maps lines for a line diff; the diff runs with no time limit (token strings
are short, and a wall-clock limit would make results depend on the machine's load), and
``diff_cleanupSemantic`` merges the small equalities that make a diff hard to read.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
from typing import Literal

from diff_match_patch import diff_match_patch

from dedup.differ.records import Change, Span

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|\w+(?:['’]\w+)*|\s+|[^\w\s]", re.UNICODE)
# every quote mark, single or double, reads the same: a house style's ‘quote’ is another's “quote”
# (and an apostrophe stays one either way)
_QUOTE_STYLE = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                              "'": '"', "‘": '"', "’": '"', "‚": '"', "‹": '"', "›": '"',
                              "–": "-", "—": "-", "‒": "-", "―": "-", "\u2212": "-"})
_NUMBER = re.compile(
    r"\d[\d,.]*\d|\d|\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|trillion|dozens?|percent|per cent)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact, whatever the machine is doing
    return engine


def region_changes(a: str, b: str, a_offset: int, b_offset: int) -> list[Change]:
    """The changes that turn ``a`` into ``b`` (texts found at those offsets), untagged."""
    if a == b:
        return []
    ta, tb = tokens(a), tokens(b)
    codes: dict[str, str] = {}
    ca, cb = _encode(ta, codes), _encode(tb, codes)
    engine = _engine()
    ops = engine.diff_main(ca, cb, False)
    engine.diff_cleanupSemantic(ops)
    decode = {code: token for token, code in codes.items()}
    # spans of each edited stretch, in a and in b
    stretches: list[list[int]] = []
    pa = pb = 0
    in_edit = False
    for op, data in ops:
        length = sum(len(decode[c]) for c in data)
        if op == 0:
            pa, pb, in_edit = pa + length, pb + length, False
            continue
        if not in_edit:
            stretches.append([pa, pa, pb, pb])
            in_edit = True
        if op == -1:
            pa += length
        else:
            pb += length
        stretches[-1][1], stretches[-1][3] = pa, pb
    # edits a word or two apart read as one change: "will not trade our jobs" -> "refuse to swap our livelihoods"
    merged: list[list[int]] = []
    for stretch in stretches:
        if merged and _short_gap(a[merged[-1][1] : stretch[0]]):
            merged[-1][1], merged[-1][3] = stretch[1], stretch[3]
        else:
            merged.append(stretch)
    return [_change(a[s0:s1], b[t0:t1], a_offset + s0, b_offset + t0) for s0, s1, t0, t1 in merged]


_GAP_WORDS = re.compile(r"\w+")
_JOINER = "\u200d"  # zero width joiner: one emoji of several (👨‍👩‍👧)


def tokens(text: str) -> list[str]:
    """The words, runs of space and marks of ``text``; a combining mark (an accent typed
    apart, a vowel sign of Devanagari, a variation selector), a joiner or a skin-tone
    modifier stays with the character it belongs to, and a word goes on through a mark, so
    that no change begins or ends inside what is read as one character."""
    found = _TOKEN.findall(text)
    if text.isascii():
        return found
    out: list[str] = []
    for token in found:
        if out and (_attaches(token[0]) or out[-1][-1] == _JOINER or (_mark(out[-1][-1]) and token[0].isalnum())):
            out[-1] += token
        else:
            out.append(token)
    return out


def _attaches(char: str) -> bool:
    return _mark(char) or char == _JOINER or "\U0001f3fb" <= char <= "\U0001f3ff"


def _mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _short_gap(between: str) -> bool:
    return "\n" not in between and len(_GAP_WORDS.findall(between)) <= 2


def _encode(tokens: list[str], codes: dict[str, str]) -> str:
    """One private-use character per distinct token (the Basic Multilingual Plane's, then the
    supplementary planes')."""
    out = []
    for token in tokens:
        code = codes.get(token)
        if code is None:
            n = len(codes)
            code = codes[token] = chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)
        out.append(code)
    return "".join(out)


def _change(old: str, new: str, a_at: int, b_at: int) -> Change:
    kind: Literal["replace", "insert", "delete"] = "replace" if old and new else ("delete" if old else "insert")
    return Change(kind, old, new, (a_at, a_at + len(old)), (b_at, b_at + len(new)))


def cosmetic(old: str, new: str) -> bool:
    """Only whitespace, quote style or dash style differ."""
    return plain(old) == plain(new)


def plain(text: str) -> str:
    """``text`` with quote and dash styles made straight and spacing collapsed."""
    return " ".join(text.translate(_QUOTE_STYLE).split())


def loose(text: str) -> str:
    """``text`` as words only, case folded: what a quotation still is when retyped."""
    return " ".join(re.findall(r"\w+", text.casefold().replace("'", "").replace("’", "")))


def numbers(text: str) -> list[str]:
    """The figures a text names, in matching form ("4,200", "four", "22")."""
    return [n.lower().replace(",", "") for n in _NUMBER.findall(text)]


def quotations(text: str) -> list[Span]:
    """Spans of quoted speech, at least two characters inside: text between “ and ”, « and »,
    » and «, „ and “ or ”, ‚ and ‘, ‹ and ›, 「 and 」, 『 and 』, a pair of straight double
    quotes on one line, or UK-style ‘single quotes’ within a paragraph.

    A ‘ opens a quotation only where no letter precedes it and no space, "90s" or a clipped
    word ("em", "til") follows, and a ’ closes one only where no letter follows it and it
    is not a plural's possessive before a lower-case word ("the Joneses’ house"): apostrophes
    (don’t, ’90s, Jones’) are not quote marks. Straight single quotes are left alone, since in
    plain text they are mostly apostrophes.

    A scan from left to right (the first quotation to open is taken, and the next one looked
    for after it): each opening mark's closing mark is found with one forward search per kind
    of mark, remembered while the scan moves on, so a text full of marks that never close
    takes time linear in its length (a regular expression took the square of it).
    """
    following = {mark: _Following(text, mark) for mark in set(_CLOSES.values()) | {'"', "“", "”", "\n"}}
    following["’"], following["¶"] = _Following(text, _SINGLE_CLOSE), _Following(text, _PARAGRAPH)
    spans = []
    pos = 0
    unclosed: frozenset[str] = frozenset()  # opening marks whose closing mark occurs nowhere further on
    while (opening := _openings(unclosed).search(text, pos)) is not None:
        start = opening.start()
        mark = text[start]
        if mark in _CLOSES:
            end = closer = following[_CLOSES[mark]](start + 1)
        elif mark in "\"‘":  # a straight double quote ends with its line, a single quote with its paragraph
            end, limit = (following['"'](start + 1), following["\n"](start + 1)) if mark == '"' else \
                         (following["’"](start + 1), following["¶"](start + 1))
            closer = end
            if limit != -1 and (end == -1 or limit < end):
                end = -1
        else:  # „ closes with either curly double quote
            found = [at for at in (following["“"](start + 1), following["”"](start + 1)) if at != -1]
            end = closer = min(found) if found else -1
        if closer == -1:  # no later mark of this kind can close either: the search skips them from here
            unclosed |= {mark}
        if end != -1 and end - start > 2:
            spans.append((start, end + 1))
            pos = end + 1
        else:
            pos = start + 1
    return spans


_CLOSES = {"“": "”", "«": "»", "»": "«", "‚": "‘", "‹": "›", "「": "」", "『": "』"}
# a ‘ that opens a quotation, and a ’ that closes one (not an apostrophe: fixtures/language/quotes.json)
SINGLE_OPEN = r"(?<!\w)‘(?!\s|\d\d|(?:em|til|cause|bout)\b)"
SINGLE_CLOSE = r"(?<=\S)’(?!\w)(?!(?<=[sz]’)\s+[a-zà-ÿ])"
_SINGLE_CLOSE = re.compile(SINGLE_CLOSE)
_PARAGRAPH = re.compile(r"\n\s*\n")
_OPENINGS = '“«»"„‚‹「『'


@cache
def _openings(unclosed: frozenset[str]) -> re.Pattern[str]:
    """The opening marks but those in ``unclosed`` (a run of marks that never close is then
    passed over by the regex engine, not looked at one by one)."""
    marks = "".join(m for m in _OPENINGS if m not in unclosed)
    options = ([f"[{re.escape(marks)}]"] if marks else []) + ([SINGLE_OPEN] if "‘" not in unclosed else [])
    return re.compile("|".join(options) or "(?!)")


class _Following:
    """Where ``mark`` (a character, or a pattern) next occurs in ``text`` at or after a
    position (-1: nowhere), for positions that only grow: each search starts where it is
    needed and is remembered."""

    def __init__(self, text: str, mark: str | re.Pattern[str]) -> None:
        self.text, self.mark, self.at = text, mark, -2

    def __call__(self, start: int) -> int:
        if self.at != -1 and self.at < start:
            if isinstance(self.mark, str):
                self.at = self.text.find(self.mark, start)
            else:
                found = self.mark.search(self.text, start)
                self.at = found.start() if found else -1
        return self.at


class Spans:
    """Spans in order, none overlapping another (quotations, site chrome), asked about in
    logarithmic time: a long text's thousands of changes each ask."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def overlaps(self, span: Span) -> bool:
        """Whether ``span`` shares text with one of them (an empty span: lies inside one)."""
        start, end = span
        k = bisect_right(self.starts, start) - 1  # the last that starts at or before ``start``
        if start == end:
            return k >= 0 and self.spans[k][0] < start < self.spans[k][1]
        return (k >= 0 and start < self.spans[k][1]) or (k + 1 < len(self.spans) and self.spans[k + 1][0] < end)

    def holds(self, span: Span) -> bool:
        """Whether ``span`` lies within one of them."""
        k = bisect_right(self.starts, span[0]) - 1
        return k >= 0 and span[1] <= self.spans[k][1]
