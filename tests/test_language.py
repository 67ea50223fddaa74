"""Languages and house styles beyond American English: the sentence splitter's abbreviations,
quotation marks of other languages and of UK style, dates written in other languages or with
a zone's name, and site chrome in the languages of real news. The labelled cases are in
fixtures/language/ (negatives among them: what must not be taken for what it looks like)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedup import diff
from dedup.differ.changes import quotations
from dedup.differ.segment import sentences
from dedup.readers import read
from dedup.readers.chrome import find_chrome
from dedup.readers.dates import iso_date
from tests.conftest import FIXTURES

CASES = FIXTURES / "language"


def cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", cases("sentences.json"), ids=lambda c: c["why"])
def test_sentences_split_at_ends_not_at_abbreviations(case):
    assert [text for *_, text in sentences(case["text"])] == case["sentences"]


PIECES = ["Mr. ", "Dr. Lee ", "U.S. ", "The ", "St. ", "Jan. 5 ", "No. ", "J. ", "z. B. ", "3. März ", "e.g. ", "said. ",
          "„Nein“. ", "‘Yes.’ ", "Он ушёл. ", "罢工。", "3.5 ", "2024. ", "? ", "! ", "\n\n", "\n", "  ", "word ", "ul. "]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_sentences_cover_the_text_in_order(pieces):
    """Sentences are the text's own slices, in order, stripped, none across a blank line, and
    only space lies between them."""
    text = "".join(pieces)
    found = sentences(text)
    pos = 0
    for start, end, piece in found:
        assert text[start:end] == piece == piece.strip() and piece
        assert start >= pos and not text[pos:start].strip()
        assert "\n\n" not in piece.replace(" ", "")
        pos = end
    assert not text[pos:].strip()


@pytest.mark.parametrize("case", cases("quotes.json"), ids=lambda c: c["why"])
def test_quotations_of_every_style_and_no_apostrophes(case):
    assert [case["text"][a:b] for a, b in quotations(case["text"])] == case["quotes"]


@pytest.mark.parametrize("a, b, quote", [
    ("Talks failed. ‘We will not back down,’ she said. About 4,200 walked out.",
     "Talks failed. ‘We will never back down,’ she said. About 4,200 walked out.", "‘We will not back down,’"),
    ("Die Gespräche scheiterten. „Wir geben nicht nach“, sagte sie. Rund 4.200 streikten.",
     "Die Gespräche scheiterten. „Wir geben niemals nach“, sagte sie. Rund 4.200 streikten.", "„Wir geben nicht nach“"),
    ("Les pourparlers ont échoué. « Nous ne céderons pas », dit-elle. Environ 4 200 grévistes.",
     "Les pourparlers ont échoué. « Nous ne céderons jamais », dit-elle. Environ 4 200 grévistes.", "« Nous ne céderons pas »"),
    ("Die Gespräche scheiterten. »Wir geben nicht nach«, sagte sie.",
     "Die Gespräche scheiterten. »Wir geben niemals nach«, sagte sie.", "»Wir geben nicht nach«"),
    ("谈判失败了。她说：「我们绝不退缩」。", "谈判失败了。她说：「我们永不退缩」。", "「我们绝不退缩」"),
])
def test_a_change_inside_any_quotation_is_tagged_and_drifts(a, b, quote):
    result = diff(a, b)
    assert [c.tags for c in result.visible] == [("quote",)]
    [drift] = result.quotes
    assert drift.a_text == quote and drift.verdict == "reworded"


def test_an_apostrophe_change_is_no_quote_change():
    result = diff("The workers’ union didn’t agree to the ’90s pay deal.",
                  "The workers’ union didn’t agree to the ’80s pay deal.")
    assert [c.tags for c in result.visible] == [("number",)] and result.quotes == ()


def test_a_quote_restyled_from_single_to_double_is_the_same_quote():
    result = diff("Talks failed. ‘We will not back down,’ she said.", "Talks failed. “We will not back down,” she said.")
    assert not result.visible and [q.verdict for q in result.quotes] == ["same"]


@pytest.mark.parametrize("lang, raw, expected", cases("dates.json"), ids=lambda v: str(v))
def test_dates_of_other_languages_and_zone_names(lang, raw, expected):
    """Full dates in other languages come out as their day, zone names as their offset;
    relative dates and dates missing a part stay undated."""
    assert iso_date(raw) == expected


def test_a_year_is_needed_before_dateparser_is_asked(monkeypatch):
    import dedup.readers.dates as dates

    asked = []
    monkeypatch.setattr(dates, "_date_parser", lambda: asked.append(1))
    assert iso_date("Dienstag, 5. März") is None and not asked


CHROME = cases("chrome.json")


def _chrome(line: str):
    return find_chrome(CHROME["body"] + "\n" + line + "\n" + CHROME["body"])


@pytest.mark.parametrize("lang, line, kind", CHROME["chrome"], ids=lambda v: str(v))
def test_site_chrome_of_other_languages(lang, line, kind):
    assert [found.kind for found in _chrome(line).lines] == [kind]


@pytest.mark.parametrize("lang, line", CHROME["body text"], ids=lambda v: str(v))
def test_body_text_with_a_chrome_word_is_not_chrome(lang, line):
    assert _chrome(line).lines == []


@pytest.mark.parametrize("lang, line, day", CHROME["dated"], ids=lambda v: str(v))
def test_a_publication_line_of_another_language_dates_the_article(lang, line, day, tmp_path):
    (tmp_path / "story.txt").write_text(CHROME["body"] + "\n\n" + line + "\n", encoding="utf-8")
    [article] = read(tmp_path)
    assert article.date == day and line not in article.matching_text
