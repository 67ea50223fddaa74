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

_BULLET = re.compile(r"^\s*(?:[•·▪►◦*\-–—]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"\w+")

# (kind, pattern over the whole line with bullets stripped, most words the line may have)
_FORMS: list[tuple[str, re.Pattern[str], int]] = [
    ("share", re.compile(r"(share|print|email|e-mail|tweet|save|copy link|comments?|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|pinterest)"
                         r"(\s+(this|on|via|the|article|story|link|page|to|with|\w+ account)\b.*)?", re.I), 8),
    ("share", re.compile(r"(share|follow us)\s*(on|:)?(\s*(facebook|twitter|x|whatsapp|linkedin|email|telegram|instagram|youtube)[\s,|/]*)+", re.I), 12),
    ("advertisement", re.compile(r"(advertisement|advertising|ad|sponsored( content)?|promoted|story continues below( this)?( advertisement)?|skip (this )?ad(vertisement)?)", re.I), 6),
    ("reading time", re.compile(r"\d+\s*(min(ute)?s?|mins?)\.?\s+(read|reading time)", re.I), 5),
    ("counter", re.compile(r"[\d.,]+\s*[kKmM]?\s+(views?|comments?|shares?|reads?|likes?)", re.I), 4),
    ("updated", re.compile(r"(last\s+)?(update|updated|modified)\s*:?\s*.+", re.I), 10),
    ("published", re.compile(r"(published|posted|first published)\s*(on|:)?\s*.+", re.I), 10),
    ("copyright", re.compile(r"(copyright\b|©|\(c\)\s*\d{4}|all rights reserved).*", re.I), 40),
    ("newsletter", re.compile(r"(subscribe|sign up|signup|join|get)\b.*\b(newsletter|inbox|briefing|alerts|subscription|subscribe)\b.*", re.I), 40),
    ("related", re.compile(r"(related( articles| stories| news| coverage)?|read more|read also|also read|more from .+|see also|recommended( for you)?|trending( now)?|most read|you may also like)\s*:?.*", re.I), 14),
    ("tags", re.compile(r"(tags?|topics?|filed under)\s*:.*", re.I), 25),
    ("byline", re.compile(r"(by|written by|author|authors|reporter)\s*:?\s+\S.*", re.I), 8),
    ("credit", re.compile(r"\(?(reporting|editing|writing|additional reporting|compiled) by\b.*\)?", re.I), 30),
    ("credit", re.compile(r"(photo|image|picture|video|caption|credit|file photo)\s*:.*", re.I), 20),
]
_BYLINE = re.compile(r"^(?:by|written by|author|authors|reporter)\s*:?\s+(.+?)\s*$", re.I)
_PUBLISHED = re.compile(r"^(?:published|posted|first published)\s*(?:on|:)?\s*(.+?)\s*$", re.I)
_TOP_LONG = 15  # a line this long starts the story: the top zone ends there
# how each chrome form can open a line: a cheap first look before the full patterns
_OPENING = re.compile(
    r"\n[ \t]*(?:(?:[•·▪►◦*\-–—]|\d{1,2}[.)])[ \t]+)?\(?(?:share|print|e-?mail|tweet|save|copy|comments?|whatsapp|"
    r"facebook|twitter|x\b|linkedin|reddit|telegram|pinterest|follow|advertis|ad\b|sponsored|promoted|story|skip|"
    r"\d|last|update|modified|published|posted|first|copyright|©|all rights|subscribe|sign|join|get|related|"
    r"read|also|more|see|recommended|trending|most|you may|tags?|topics?|filed|by\b|written|authors?|reporter|"
    r"reporting|editing|writing|additional|compiled|photo|image|picture|video|caption|credit|file)",
    re.I,
)  # (a literal line break first lets the regex engine skip ahead to line starts)
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
    for match in _OPENING.finditer(text, pos):
        start = match.start() + 1
        end = _line_end(text, start)
        raw = text[start:end]
        stripped = raw.strip()
        kind = _kind(stripped, len(stripped.split()), False, None)
        if kind is not None:
            _add(found, text, start, raw, stripped, kind)
    return found


def _add(found: Chrome, text: str, start: int, raw: str, stripped: str, kind: str) -> None:
    line = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    begin = start + (len(line) - len(line.lstrip()))
    found.lines.append(ChromeLine(begin, start + len(line.rstrip()), kind, stripped))
    _keep_metadata(found, kind, _BULLET.sub("", stripped))


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
    if words > _LONGEST:
        return None
    body = _BULLET.sub("", stripped)
    for kind, form, most in _FORMS:
        if words <= most and form.fullmatch(body):
            return kind
    if top and body != stripped and words <= 25:
        return "navigation"
    if top and words <= 3 and body.isupper():
        return "section"
    return None


def _keep_metadata(found: Chrome, kind: str, body: str) -> None:
    if kind == "byline" and found.byline is None and (match := _BYLINE.match(body)):
        found.byline = match.group(1)
    elif kind == "published" and found.date is None and (match := _PUBLISHED.match(body)):
        found.date = match.group(1)


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
