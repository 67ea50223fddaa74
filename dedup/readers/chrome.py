"""Site chrome in plain text: lines that belong to the page, not to the story.

Saved or scraped articles carry navigation crumbs, share and print buttons, view counters,
"3 min read", "Last update: 3 days ago", advertisement markers, bylines, copyright lines and
newsletter pitches. They are recognised line by line and kept out of the matching text (the
display text keeps them, so offsets still point into what a person reads). Where they carry
metadata (a byline, a publication date) it is kept.

Two zones: the *top* of the body (every line before the first line of 15 words or more),
where short bulleted or numbered lines are crumbs and tags, and the rest, where only lines
that match a known chrome form are dropped. A line that repeats the title is chrome anywhere.

>>> found = find_chrome("1. HOME\\n2. POLITICS\\n• 3 min read\\n\\nDock workers walked out on Monday over pay, automation and the hours of the night shift, union leaders said.\\n\\nShare this article\\n")
>>> [(line.kind, line.text) for line in found.lines]
[('navigation', '1. HOME'), ('navigation', '2. POLITICS'), ('reading time', '• 3 min read'), ('share', 'Share this article')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from dedup.readers import chrome_words as words

_BULLET = re.compile(r"^\s*(?:[•·▪►◦*\-–—]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"\w+")


def _any(phrases: tuple[str, ...]) -> str:
    """A group matching any of ``phrases`` (longest first; any run of spaces between words)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered) + ")"


_OTHER_LANGUAGES = (words.SHARE, words.ADVERTISEMENT, words.READING_BEFORE, words.UPDATED, words.PUBLISHED,
                    words.COPYRIGHT, words.SUBSCRIBE, words.RELATED, words.CREDIT, words.AUTHOR, words.BYLINE)
_NETWORKS = ("facebook", "twitter", "x", "whatsapp", "linkedin", "email", "e-mail", "telegram", "instagram", "youtube",
             "pinterest", "reddit", "messenger", "xing", "vk")
_NAME = r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻĞİŞČŠŽŘА-ЯЁ][\w'’.\-]*"  # a name: a capital, then letters

# (kind, pattern over the whole line with bullets stripped, most words the line may have).
# No pattern has two ways to split one run of spaces (``\s*x?\s+`` with x absent, a repeated
# group that starts and ends with spaces, a lazy capture before ``\s*$``): each takes time
# linear in the line's length, whatever the line holds (tests/test_linear.py).
# English forms first, then those of other languages (their words: dedup.readers.chrome_words).
_FORMS: list[tuple[str, re.Pattern[str], int]] = [
    ("share", re.compile(r"(share|print|email|e-mail|tweet|save|copy link|comments?|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|pinterest)"
                         r"(\s+(this|on|via|the|article|story|link|page|to|with|\w+ account)\b.*)?", re.I), 8),
    ("share", re.compile(r"(share|follow us)\s*(?:(?:on|:)\s*)?(?:(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|instagram|youtube)[\s,|/]*)+", re.I), 12),
    ("share", re.compile(rf"{_any(words.SHARE)}(?:[\s:,|/·•\-]+(?:{_any(words.SHARE + words.SHARE_JOINS + _NETWORKS)}))*[\s:]*", re.I), 10),
    ("advertisement", re.compile(r"(advertisement|advertising|ad|sponsored( content)?|promoted|story continues below( this)?( advertisement)?|skip (this )?ad(vertisement)?)", re.I), 6),
    ("advertisement", re.compile(rf"{_any(words.ADVERTISEMENT)}[\s\-–—:]*", re.I), 10),
    ("reading time", re.compile(r"\d+\s*(min(ute)?s?|mins?)\.?\s+(read|reading time)", re.I), 5),
    ("reading time", re.compile(rf"{_any(words.READING_BEFORE)}(?:\s*:)?\s*\d+\s*{_any(words.MINUTES)}", re.I), 6),
    ("reading time", re.compile(rf"\d+\s*{_any(words.MINUTES)}\s*{_any(words.READING_AFTER)}", re.I), 6),
    ("counter", re.compile(r"[\d.,]+(?:\s*[kKmM])?\s+(views?|comments?|shares?|reads?|likes?)", re.I), 4),
    ("counter", re.compile(rf"[\d.,]+(?:\s*[kKmM])?\s+{_any(words.COUNTED)}", re.I), 4),
    ("updated", re.compile(rf"(last\s+)?(update|updated|modified|{_any(words.UPDATED)})\s*:?\s*.+", re.I), 10),
    ("published", re.compile(rf"(published|posted|first published|{_any(words.PUBLISHED)})\s*(on|:)?\s*.+", re.I), 10),
    ("copyright", re.compile(rf"(copyright\b|©|\(c\)\s*\d{{4}}|all rights reserved|{_any(words.COPYRIGHT)}).*", re.I), 40),
    ("newsletter", re.compile(r"(subscribe|sign up|signup|join|get)\b.*\b(newsletter|inbox|briefing|alerts|subscription|subscribe)\b.*", re.I), 40),
    ("newsletter", re.compile(rf"{_any(words.SUBSCRIBE)}(?:\W*|\b.*\b{_any(words.OFFERS)}\b.*)", re.I), 25),
    ("related", re.compile(r"(related( articles| stories| news| coverage)?|read more|read also|also read|more from .+|see also|recommended( for you)?|trending( now)?|most read|you may also like)\s*:?.*", re.I), 14),
    # the phrase alone, or before a mark or a headline ("Lesen Sie auch: …", "Czytaj także Dylemat…"), not running text
    ("related", re.compile(rf"{_any(words.RELATED)}(?:\s*[:.…»>→|–—-].*|\s+(?-i:{_NAME}).*)?", re.I), 14),
    ("tags", re.compile(r"(tags?|topics?|filed under)\s*:.*", re.I), 25),
    ("byline", re.compile(r"(by|written by|author|authors|reporter)\s*:?\s+\S.*", re.I), 8),
    ("byline", re.compile(rf"{_any(words.AUTHOR)}\s*:\s*\S.*", re.I), 8),
    # "Von Ana Weber", "Por Ana Pérez": the word, then names only (capitalised: "Von der Leyen sagte" is no byline)
    ("byline", re.compile(rf"(?i:{_any(words.BYLINE)})\s+{_NAME}(?:\s+{_NAME}){{0,3}}"), 5),
    ("credit", re.compile(r"\(?(reporting|editing|writing|additional reporting|compiled) by\b.*\)?", re.I), 30),
    ("credit", re.compile(rf"(photo|image|picture|video|caption|credit|file photo|{_any(words.CREDIT)})\s*:.*", re.I), 20),
]
# (on a stripped line: the value runs to its end)
_BYLINE = re.compile(rf"(?:by|written by|author|authors|reporter|{_any(words.AUTHOR + words.BYLINE)})\s*:?\s+(.+)", re.I)
_PUBLISHED = re.compile(rf"(?:published|posted|first published|{_any(words.PUBLISHED)})\s*(?:on|:)?\s*(.+)", re.I)
_TOP_LONG = 15  # a line this long starts the story: the top zone ends there
# how each chrome form can open a line: a cheap first look before the full patterns. The words
# that open one (a line that opens with any of them, in any case, may be chrome); those in
# _WHOLE only as whole words; and digits and "©"
_FIRST_WORDS = tuple(phrase.split()[0] for kind in _OTHER_LANGUAGES for phrase in kind)
_OPENERS = ("share", "print", "email", "e-mail", "tweet", "save", "copy", "comment", "whatsapp", "facebook", "twitter", "x",
            "linkedin", "reddit", "telegram", "pinterest", "follow", "advertis", "ad", "sponsored", "promoted", "story",
            "skip", "last", "update", "modified", "published", "posted", "first", "copyright", "all rights", "subscribe",
            "sign", "join", "get", "related", "read", "also", "more", "see", "recommended", "trending", "most", "you may",
            "tag", "topic", "filed", "by", "written", "author", "reporter", "reporting", "editing", "writing",
            "additional", "compiled", "photo", "image", "picture", "video", "caption", "credit", "file", *_FIRST_WORDS)
_WHOLE = frozenset({"x", "ad", "by"})


def _prefix_trie(words: list[str]) -> str:
    """A pattern that matches where any of ``words`` begins the text: the words factored by
    their shared beginnings (``s(?:hare|ave)``), so that the regex engine tries a few branches
    at each line instead of every word in turn (a word that begins another stands for both)."""
    tree: dict[str, dict] = {}
    for word in sorted(set(words)):
        node = tree
        for ch in word:
            if "" in node:
                break  # a shorter word already matches here
            node = node.setdefault(ch, {})
        else:
            node[""] = {}  # (sorted: no longer word was put here before it)

    def branches(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        parts = [re.escape(ch) + branches(child) for ch, child in node.items()]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return branches(tree)


_OPENING = re.compile(
    r"\n[ \t]*(?:(?:[•·▪►◦*\-–—]|\d{1,2}[.)])[ \t]+)?\(?(?:\d|©|"
    + "|".join(rf"{re.escape(word)}\b" for word in sorted(_WHOLE))
    + "|" + _prefix_trie([word for word in _OPENERS if word not in _WHOLE]) + ")",
    re.I,
)  # (a literal line break first lets the regex engine skip ahead to line starts)
# the letters a regular expression that ignores case matches with an ASCII letter (dotless ı matches
# i and I, the long s s, the Kelvin sign k): no other letter outside ASCII matches one in it
_ASCII_FOLDS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def _ascii_heads(openers: tuple[str, ...]) -> frozenset[str]:
    """The first three characters (or fewer, for a shorter word) of each word in lower-case
    ASCII, as a line that opens with the word in any case begins, when it begins in ASCII."""
    heads = set()
    for word in openers:
        head = word.lower().translate(_ASCII_FOLDS)[:3]
        if head.isascii():
            heads.add(head)
    return frozenset(heads)


_HEADS = _ascii_heads(_OPENERS)
_LOOK = 12  # characters of a line the first look reads
_LONGEST = max(most for _, _, most in _FORMS)


@dataclass(frozen=True)
class ChromeLine:
    """One dropped line: ``text[start:end]`` (without its line break) and what it was."""

    start: int
    end: int
    kind: str
    text: str


@dataclass
class Chrome:
    """The chrome found in a text, and the metadata it carried."""

    lines: list[ChromeLine] = field(default_factory=list)
    byline: str | None = None
    date: str | None = None


def find_chrome(text: str, title: str | None = None) -> Chrome:
    """The chrome lines of ``text`` (``title``: a line equal to it is chrome too)."""
    found = Chrome()
    wanted_title = _squash(title) if title else None
    pos = 0
    # the top zone, line by line
    while pos < len(text):
        start, pos = pos, _line_end(text, pos) + 1
        raw = text[start:pos]
        stripped = raw.strip()
        if not stripped:
            continue
        words = len(stripped.split())
        kind = _kind(stripped, words, True, wanted_title)
        if kind is None and words >= _TOP_LONG:
            pos = start
            break
        if kind is not None:
            _add(found, text, start, raw, stripped, kind)
    # the rest: only lines that open like a chrome form are looked at
    brk = text.find("\n", pos)
    while brk >= 0:
        start = brk + 1
        brk = text.find("\n", start)
        end = len(text) if brk < 0 else brk
        if _opens(text, start) and _OPENING.match(text, start - 1):
            raw = text[start:end]
            stripped = raw.strip()
            kind = _kind(stripped, len(stripped.split()), False, None)
            if kind is not None:
                _add(found, text, start, raw, stripped, kind)
    return found


def _opens(text: str, start: int) -> bool:
    """:func:`_may_open` of the line at ``start``, remembered by its first three characters
    when they alone decide it (the line opens with no space, bullet or bracket): prose lines
    open with the same few hundred words, and a lookup costs less than the test."""
    key = text[start : start + 3]
    may = _OPENS.get(key)
    if may is None:
        may = _may_open(text[start : start + _LOOK])
        if key[:1] not in _STRIPPED and len(_OPENS) < _OPENS_MOST:
            _OPENS[key] = may
    return may


_STRIPPED = frozenset(" \t*-(")  # a line opening with one of these is looked at past it
_OPENS: dict[str, bool] = {}
_OPENS_MOST = 1 << 16  # three-character openings remembered: a few megabytes at most


def _may_open(head: str) -> bool:
    """Whether a line that begins with ``head`` may open like a chrome form: true of every line
    :data:`_OPENING` matches (``tests/test_read.py`` holds it), and false of most running
    text, at a set lookup a line instead of the pattern's hundreds of alternatives. ``head``:
    the line's first ``_LOOK`` characters (or fewer, at the end of the text)."""
    if len(head) == _LOOK and len(head.lstrip(" \t*-(")) < 3:  # indented past the look: the pattern decides
        return True
    head = head.lstrip(" \t")
    if head[:1] in ("*", "-"):  # a bullet in ASCII: the opening may follow it
        if _may_open(head[1:]):
            return True
    if head[:1] == "(":
        head = head[1:]
    head = head[:3]
    if not head.isascii():  # a letter outside ASCII, a bullet, "©": the pattern decides
        return True
    head = head.lower()
    return head[:1].isdigit() or head in _HEADS or head[:2] in _HEADS or head[:1] in _HEADS


def _add(found: Chrome, text: str, start: int, raw: str, stripped: str, kind: str) -> None:
    line = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    begin = start + (len(line) - len(line.lstrip()))
    found.lines.append(ChromeLine(begin, start + len(line.rstrip()), kind, stripped))
    _keep_metadata(found, kind, _unbulleted(stripped))


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def kept_spans(text: str, chrome: Chrome) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` outside its chrome lines (a line's break goes with it)."""
    spans, pos = [], 0
    for line in chrome.lines:
        if line.start > pos:
            spans.append((pos, line.start))
        pos = line.end
        while pos < len(text) and text[pos] in "\r\n":
            pos += 1
            if text[pos - 1] == "\n":
                break
    if pos < len(text):
        spans.append((pos, len(text)))
    return tuple((start, end) for start, end in spans if not text[start:end].isspace())


def _kind(stripped: str, words: int, top: bool, title: str | None) -> str | None:
    if title and abs(len(stripped) - len(title)) <= len(title) // 4 + 4 and _squash(stripped) == title:
        return "title"
    return None if words > _LONGEST else _form(stripped, words, top)


@lru_cache(maxsize=1 << 14)  # lines of at most 40 words: a few megabytes at most
def _form(stripped: str, words: int, top: bool) -> str | None:
    """The chrome form of a line (not its title test), remembered: sites repeat their chrome
    from article to article, and half the lines a scan looks at are ones it saw before."""
    body = _unbulleted(stripped)
    if match := _forms_of(words).fullmatch(body):
        return _FORMS[int(match.lastgroup[1:])][0]  # type: ignore[index]  # every alternative is a named group
    if top and body != stripped and words <= 25:
        return "navigation"
    if top and words <= 3 and body.isupper():
        return "section"
    return None


@cache
def _forms_of(words: int) -> re.Pattern[str]:
    """The forms a line of ``words`` words may take, in the order of ``_FORMS``, as one pattern:
    its first alternative that matches the whole line is the form tried first that does (each
    a group ``f<n>``, ``n`` its place in ``_FORMS``), found in one call of the regex engine."""
    return re.compile("|".join(f"(?P<f{n}>{'(?i:' if form.flags & re.I else '(?:'}{form.pattern}))"
                               for n, (_, form, most) in enumerate(_FORMS) if words <= most) or "(?!)")


def _unbulleted(stripped: str) -> str:
    bullet = _BULLET.match(stripped)
    return stripped[bullet.end() :] if bullet else stripped


def _keep_metadata(found: Chrome, kind: str, body: str) -> None:
    if kind == "byline" and found.byline is None and (match := _BYLINE.fullmatch(body)):
        found.byline = match.group(1)
    elif kind == "published" and found.date is None and (match := _PUBLISHED.fullmatch(body)):
        found.date = match.group(1)


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
