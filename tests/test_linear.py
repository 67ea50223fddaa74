"""Every pattern that runs on input text takes time linear in the length of a line: the
readers, the header and site-chrome rules, dates, the sentence splitter, quotations, the
differ's tokens and figures, and the normaliser, on lines of 1 KB to 1 MB made of spaces,
punctuation, one repeated word, digits and mixes of them, after the openings the rules look
for (``# ``, ``Title:``, ``By``, ``1``, ``share``, an opening quote…).

The assertion is the growth: the time at eight times the length over the time at the length
(linear is about 8, quadratic 64); a call that runs far past what a linear rule could need is
stopped (Python's regular expressions answer signals) and fails the same way."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import tempfile
import time
from functools import partial

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dedup.differ import diff
from dedup.differ.changes import SINGLE_CLOSE, SINGLE_OPEN, cosmetic, loose, numbers, quotations
from dedup.differ.segment import sentences
from dedup.normalize import normalize, words
from dedup.paragraphs import units
from dedup.readers import read
from dedup.readers.chrome import find_chrome
from dedup.readers.dates import iso_date
from dedup.readers.decode import decode
from dedup.readers.text import split_header
from dedup.story.profiles import tokens

GROWTH = 24  # a linear rule measures 5 to 16 here, a quadratic one 64: room for a shared machine's noise
BUDGET = 60.0  # seconds of CPU: the slowest linear rule (the differ) takes about 15 s on a megabyte of short sentences here
OPENINGS = ["", "# ", "# a", "## x ", "Title: ", "title:x ", "Headline : ", "By ", "By Jane", "BY  X", "date ",
            "date 2024-01-02", "Date: 2024-", "1", "1. ", "12 ", "• ", "- ", "share ", "Share on facebook ",
            "follow us on twitter", "12 views", "3 min", "Updated: ", "Published ", "© ", "Copyright ", "Tags:",
            "Subscribe to our", "Photo:", "Reporting by ", "Related", "more from ", "Advertisement", "“", "«", "„", "‘", "»",
            "「", "Mr. ", "U.S. ", "3. ", "Anzeige", "Artikel teilen ", "Lesezeit: ", "3 Min. ", "Lesen Sie auch",
            "Von ", "Por Ana", "Suscríbete ", "Veröffentlicht am ", "Alle Rechte", "Kaynak: ", "Teilen Weiterleiten",
            '"', "(", "Print", "x"]
PIECES = [" ", "\t", ".", ",", ". ", "word ", "word", "1", "1,", "1.", "#", "“", "”", "«", "„", '"', "a", "x ", ": ",
          ":", "facebook ", "twitter, ", "- ", "<", "'", "’", "\u00a0", "é", "by ", "Share ", "A. ", "? ", "|", "/", "\r",
          "‘", "»", "「", "」", "。", "Mr. ", "U.S. ", "z. B. ", "3. ", "März "]
ENDINGS = ["", "x", ":", "#", "”", " x", "1", ".", "!", " #", "z."]
BODY = ("Dock workers in the port walked out on Monday over pay, automation and the hours of the night shift, "
        "union leaders said on the quay.")


def _read(suffix: str):
    def reader(line: str) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=suffix, encoding="utf-8", delete=False) as handle:
            handle.write(line + "\n\n" + BODY + "\n" + line + "\n")
        try:
            list(read(handle.name))
        finally:
            os.unlink(handle.name)
    return reader


RULES = {
    "split_header": lambda line: split_header(line + "\n\n" + BODY),
    "split_header, second line": lambda line: split_header("Title: Port strike\n" + line + "\n\n" + BODY),
    "split_header, Markdown": lambda line: split_header(line + "\n\n" + line + "\n\n" + BODY, markdown=True),
    "site chrome": lambda line: find_chrome(line + "\n" + BODY + "\n" + line + "\n" + line),
    "site chrome with a title": lambda line: find_chrome(line + "\n" + BODY + "\n" + line, title=line),
    "dates": iso_date,
    "decoding": lambda line: decode(line.encode("utf-8")),
    "sentences": lambda line: sentences(line + "\n\n" + line),
    "quotations": quotations,
    "figures and words of a change": lambda line: (numbers(line), loose(line), cosmetic(line, line + " ")),
    "diff": lambda line: diff(line + " " + BODY, line + " " + BODY.replace("Monday", "Tuesday")),
    "normaliser": lambda line: words(normalize(line)),
    "story tokens": tokens,
    "boilerplate paragraphs": lambda line: units(line + "\n\n" + BODY),
    "reading .txt": _read(".txt"),
    "reading .md": _read(".md"),
}


@pytest.fixture(scope="module", autouse=True)
def steady_allocator():
    """glibc maps each block over its (moving) threshold afresh, so that copying a megabyte
    costs page faults that copying a hundred kilobytes does not: a step in the time that is
    not the rule's. A fixed, high threshold keeps every size on the same heap."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        yield  # not glibc: nothing to steady
        return
    libc.mallopt(-3, 1 << 27)  # M_MMAP_THRESHOLD: 128 MiB
    libc.mallopt(-1, 1 << 29)  # M_TRIM_THRESHOLD: keep freed memory for the next run
    yield


class _TooSlow(Exception):
    pass


def _stop(signum, frame):
    raise _TooSlow()


def within_budget(call) -> bool:
    """Whether ``call()`` returned before ``BUDGET`` seconds of CPU, when a profiling timer stops
    it. The test fails after this returns, not in its ``except``: a traceback through the
    signal handler carries a frame without a line number on Python 3.11, and pytest, printing
    the chained exception, crashed on it (INTERNALERROR) instead of reporting the failure."""
    previous = signal.signal(signal.SIGPROF, _stop)
    signal.setitimer(signal.ITIMER_PROF, BUDGET)
    try:
        call()
        return True
    except _TooSlow:
        return False
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def seconds(rule, line: str) -> float:
    """The fastest of a few runs of ``rule`` on ``line`` (each run at least a few milliseconds
    long, repeating the call), or a failure once a run passes the budget. Runs are timed in
    the thread's CPU time: on a shared machine the wall clock also counts the time the
    process waited for a core, which made a linear rule look quadratic at a load of 20; the
    budget is CPU time too (a profiling timer), for the same reason."""
    calls, best = 1, float("inf")

    def run() -> None:
        for _ in range(calls):
            rule(line)

    for _ in range(5):
        while True:
            start = time.thread_time()
            if not within_budget(run):
                pytest.fail(f"over {BUDGET:.0f} s on a line of {len(line):,} characters: {line[:40]!r}…")
            took = time.thread_time() - start
            if took >= 0.005 or calls >= 4096:
                break
            calls *= 4
        best = min(best, took / calls)
    return best


def growth(rule, opening: str, pieces: list[str], ending: str, length: int) -> float:
    """Time at eight times ``length`` over time at ``length``; measured again (up to three
    times) when over the bound, since a busy machine can slow any one measurement, while a
    rule that is not linear is over it every time."""
    for _ in range(3):
        ratio = seconds(rule, line_of(opening, pieces, ending, 8 * length)) / seconds(rule, line_of(opening, pieces, ending, length))
        if ratio < GROWTH:
            break
    return ratio


def line_of(opening: str, pieces: list[str], ending: str, length: int) -> str:
    run = "".join(pieces)
    return opening + run * max(1, (length - len(opening) - len(ending)) // len(run)) + ending


@pytest.mark.parametrize("name", list(RULES))
# generation only: hypothesis's explain phase traces every line on Python < 3.12, and a traced call
# of the differ on a megabyte ran past the budget (untraced it takes about 4 s)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(opening=st.sampled_from(OPENINGS), pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=3),
       ending=st.sampled_from(ENDINGS), length=st.sampled_from([1_000, 16_000, 125_000]))
def test_rules_take_time_linear_in_the_line(name, opening, pieces, ending, length):
    ratio = growth(RULES[name], opening, pieces, ending, length)
    assert ratio < GROWTH, f"{name}: {ratio:.0f}x the time at 8x the length"


# the cases that were quadratic or worse, each at 8x growth, whatever hypothesis draws
KNOWN = [
    ("split_header, Markdown", "# a", [" "], "x"),
    ("split_header", "Title: x", [" "], "y"),
    ("split_header", "date ", [" "], "x"),
    ("site chrome", "1", [" "], "x"),
    ("site chrome", "By John", [" "], "Smith"),
    ("site chrome", "Share on facebook", [" "], "twitter x"),
    ("site chrome", "Teilen", [" ", ":"], "x"),
    ("site chrome", "Lesezeit", [" "], "x"),
    ("site chrome", "Von Ana", [" Ana"], "x"),
    ("site chrome", "Lesen Sie auch", [" "], "x"),
    ("site chrome", "Suscríbete", [" a"], "x"),
    ("quotations", "", ["“"], ""),
    ("quotations", "", ["«", "„"], ""),
    ("quotations", "", ["‘", "»", "‚", "「"], ""),
    ("quotations", "", ["‘a", "’s", " "], ""),
    ("sentences", "Mr", [". ", "U.S", ". A"], ""),
    ("sentences", "", ["3. ", "März "], ""),
    ("dates", "Date ", ["1 "], ""),
    ("diff", "", ["“", "word ", "”"], ""),
]


@pytest.mark.parametrize("name, opening, pieces, ending", KNOWN)
def test_known_worst_cases_are_linear(name, opening, pieces, ending):
    ratio = growth(RULES[name], opening, pieces, ending, 8_000)
    assert ratio < GROWTH, f"{name}: {ratio:.0f}x the time at 8x the length"


QUOTATION = re.compile(r"“[^”]{2,}”|«[^»]{2,}»|»[^«]{2,}«|\"[^\"\n]{2,}\"|„[^“”]{2,}[“”]|‚[^‘]{2,}‘|‹[^›]{2,}›"
                       r"|「[^」]{2,}」|『[^』]{2,}』"
                       rf"|{SINGLE_OPEN}(?:(?!{SINGLE_CLOSE})(?!\n\s*\n)[\s\S]){{2,}}{SINGLE_CLOSE}")


@given(st.text(alphabet="“”«»\"„‚‘’‹›「」『』\nab s.9", max_size=60))
def test_quotations_equal_the_plain_regular_expression(text):
    """The scan for quotations finds what the plain (quadratic) regular expression finds."""
    assert quotations(text) == [m.span() for m in QUOTATION.finditer(text)]


def test_inputs_kept_from_fuzzing_pass_every_rule_in_time():
    """Inputs the fuzzer kept (fixtures/fuzz/: crashes and timeouts of `make fuzz`, and its
    seeds), as text, through every rule, each within the budget."""
    from tests.conftest import FIXTURES, ROOT

    kept = [p for p in sorted((FIXTURES / "fuzz").glob("*")) + sorted((ROOT / "fuzz" / "seeds").glob("*")) if p.name != "README.md"]
    assert kept
    for case in kept:
        text = case.read_bytes()[1:].decode("utf-8", "replace")
        for name, rule in RULES.items():
            if not within_budget(partial(rule, text)):
                pytest.fail(f"{name} took over {BUDGET:.0f} s on {case.name}")
