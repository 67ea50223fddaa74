"""Sentences of a text, with their offsets: the units that alignment pairs.

Paragraphs are split at blank lines and sentences at a full stop, question or exclamation
mark (with any closing quote or bracket) followed by space and a capital letter of any
script, a digit or an opening quote, and after the ideographic full stop, question and
exclamation marks (。！？) whatever follows. A sentence's span covers its text without the
space around it.

A full stop that ends an abbreviation ends no sentence (tests/test_segment.py holds the
cases, benchmarks/bench_sentences.py counts them on real articles):

- a title or honorific before a name (``Mr.``, ``Dr.``, ``St.``, ``Prof.``, ``Sr.``, ``Hr.``…);
- a word that stands before a figure, when a figure follows (``Jan. 5``, ``No. 10``, ``Nr. 3``,
  ``Art. 12``);
- an initial (``George W. Bush``, ``J. R. R. Tolkien``, ``M. Macron``) or one lower-case
  letter (``z. B.``), but for Polish ``r.`` ("of the year"), which often ends a sentence;
- a dotted abbreviation: in lower case (``e.g.``, ``z.B.``, ``m.in.``) always, and in capitals
  (``U.S.``, ``U.N.``) or ``a.m.``/``p.m.`` unless the next word is one that opens sentences
  (``The``, ``He``, ``But``…), since such an abbreviation often ends one;
- a day of the month written as an ordinal before the month (``am 3. März``).

Each rule looks at most a few characters either side of the stop, so the splitter stays
linear in the text's length. Decimals (``3.5``) never split: no space follows their point.

>>> [text for _, _, text in sentences('He said: “No.” Then he left.\\n\\nA new paragraph')]
['He said: “No.”', 'Then he left.', 'A new paragraph']
>>> [text for _, _, text in sentences('Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 5. The talks failed.')]
['Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 5.', 'The talks failed.']
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"\n\s*\n")
_CLOSING = "\"”’»«)\\]」』"
_OPENING = "\"“‘«»„(\\[「『"
# a candidate boundary: a terminal mark, its closing marks and the space after them, before an
# opening mark and a word character (whose case is looked at in Python); or 。！？ and what closes
# them (a match that opens with the mark lets the regex engine skip ahead to the marks)
_BOUNDARY = re.compile(rf"[.!?][{_CLOSING}]*\s+(?=[{_OPENING}]?\w)|[。！？][{_CLOSING}]*\s*(?=\S)")
# the word before a full stop, within a short window, after a space, an opening mark or a dash:
# letters with inner full stops before parts of one or two letters ("U.S", "z.B", "m.in"; not
# "ottawa.ca"), or a number
_BEFORE = re.compile(rf"(?:^|[\s{_OPENING}'\-–—/])([^\W\d_]+(?:\.[^\W\d_]{{1,2}})*|\d{{1,2}})$")
_WINDOW = 16  # characters looked at before a full stop: longer words are no abbreviations
_AFTER = re.compile(r"[^\W\d_]+|\d")  # the next word, or that a figure comes next

# never the last word of a sentence: titles and honorifics before a name (English, German,
# French, Spanish, Italian, Polish, Turkish), and the Latin and German abbreviations of running text
TITLES = frozenset(
    "Mr Mrs Ms Messrs Dr Drs Prof Profs Sen Sens Rep Reps Gov Gen Lt Col Maj Sgt Capt Cpt Cmdr Adm Brig Cpl Pvt "
    "Rev Fr Hon Pres Supt Det Insp Atty Amb St Ste Mt Ft Mme Mlle Mmes Me Sr Sra Srta Sres Dña Lic Ing Dipl "
    "Hr Hrn Frl Sig Sigg Dott Avv On Doç Yrd Av Ks Św Płk Ppłk Mjr Mec Inż Hab Dyr Red Abg Bgm "
    "vs approx ca bzw vgl ggf inkl sog Bsp evtl Str str ul al pl tzw np ok godz ks św ws gen płk ppłk mjr "
    "hab inż mec dyr red abg im ds wg".split()
)
# words that stand before a figure ("Jan. 5", "No. 10"): not a sentence's end when one follows
BEFORE_FIGURE = frozenset(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Ene Abr Ago Dic Okt Dez Mär Janv Févr Avr Juil Déc "
    "No Nos Nr Nrn Art Arts Vol Vols Abs Bd Kap Ch Fig Figs Tab Sec Sect Pt Pts Op Tel "
    "no nos nr art arts vol vols abs bd kap ch fig figs tab sec p pp s ss str tel núm pág cap".split()
)
# months written after a day's ordinal ("3. März", "1. Mai")
MONTHS = frozenset(
    "Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November Dezember "
    "Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez".split()
)
# words that open sentences: after "U.S." or "a.m." they mark a boundary, other words do not
OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My This That These Those There Here But And Or So Yet "
    "In On At As For If When While After Before Since Although Though Because However Meanwhile Now Then Still "
    "Some Many Most All No One Two Three What Who Why How Where Both Each Such "
    "Der Die Das Ein Eine Er Sie Es Wir Im Am Auch Doch Aber Und Nach Dann "
    "El La Los Las Un Una En Pero Le Les Il Elle Ils Dans Mais".split()
)


def sentences(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every sentence of ``text``, in order."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for block_end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        block_start = pos
        start = block_start
        for match in _BOUNDARY.finditer(text, block_start, block_end):
            mark_end = match.start() + 1
            if not _ends_sentence(text, mark_end, match.end()):
                continue
            after_mark = match.group()[1:]
            _add(out, text, start, mark_end + len(after_mark) - len(after_mark.lstrip(_CLOSING)))
            start = match.end()
        _add(out, text, start, block_end)
        pos = block_end
        if block_end < len(text):
            pos = _PARAGRAPH.match(text, block_end).end()  # type: ignore[union-attr]  # block_end is a match of it
    return out


def _ends_sentence(text: str, mark_end: int, next_start: int) -> bool:
    """Whether the terminal mark just before ``mark_end`` ends a sentence, the next one
    beginning at ``next_start`` (after any opening mark)."""
    mark = text[mark_end - 1]
    if mark in "。！？":
        return True
    first = next_start
    while first < len(text) and text[first] in _OPENING:
        first += 1
    if first >= len(text) or not (text[first].isupper() or text[first].isdigit()):
        return False
    if mark != "." or next_start > mark_end and not text[mark_end].isspace():
        return True  # "?", "!", or a full stop inside a closing quote or bracket: the sentence's own end
    window = text[max(0, mark_end - 1 - _WINDOW) : mark_end - 1]
    found = _BEFORE.search(window)
    if found is None or (found.start(1) == 0 and mark_end - 1 - _WINDOW > 0):
        return True  # no word, or one longer than the window
    word = found.group(1)
    after = _AFTER.match(text, first)
    following = after.group() if after else ""
    if word.isdigit():  # "am 3. März": a day before its month
        return not (int(word) <= 31 and following in MONTHS)
    if "." in word:
        if len(word.split(".")[0]) > 2:
            return True  # a web address or a missing space ("ottawa.ca.", "running.Canberra.")
        if word[0].islower() and word not in ("a.m", "p.m"):
            return False  # e.g., z.B., m.in.
        return following in OPENERS  # U.S., U.N., a.m.: a boundary only before a sentence's opening word
    if len(word) == 1:
        return word == "r"  # an initial, or "z. B."; but Polish "r." (roku, "of the year") often ends one
    if word in TITLES:
        return False
    if word in BEFORE_FIGURE and following.isdigit():
        return False
    return True


def _add(out: list[tuple[int, int, str]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(stripped), stripped))
