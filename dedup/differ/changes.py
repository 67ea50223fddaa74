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
from functools import lru_cache

from diff_match_patch import diff_match_patch

from dedup.differ.records import Change, Span

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|\w+(?:['’]\w+)*|\s+|[^\w\s]", re.UNICODE)
_QUOTE_STYLE = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
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
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
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
    kind = "replace" if old and new else ("delete" if old else "insert")
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
    """Spans of quoted speech: text between “ and ”, « and », or a pair of straight double
    quotes."""
    spans = []
    for match in re.finditer(r"“[^”]{2,}”|«[^»]{2,}»|\"[^\"\n]{2,}\"|„[^“”]{2,}[“”]", text):
        spans.append((match.start(), match.end()))
    return spans


def overlaps(span: Span, spans: list[Span]) -> bool:
    """Whether ``span`` shares text with one of ``spans`` (an empty span: lies inside one)."""
    start, end = span
    if start == end:
        return any(s < start < e for s, e in spans)
    return any(s < end and start < e for s, e in spans)
