"""Every input is read or skipped with a reason; headers become metadata; inputs stay untouched."""

from __future__ import annotations

import io
import json
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, Config, ConfigError, InputError, Skipped, read, read_articles, scan
from dedup.readers.dates import iso_date
from dedup.readers.text import split_header
from tests.conftest import FIXTURES, tree_digest
from tests.text import article

BODY = article(60, seed=1)


def by_id(items):
    return {item.id: item for item in items}


def test_text_header_becomes_metadata(write, tmp_path):
    write("outlet/story.txt", f"\nTitle: Port strike\nDate: December 2, 2025\nSource: Harbour Gazette\nBy Ana Writer\nURL: https://example.org/a\n\n{BODY}")
    [a] = read_articles(tmp_path)
    assert (a.id, a.title, a.date, a.source, a.url, a.byline) == (
        "outlet/story.txt", "Port strike", "2025-12-02", "Harbour Gazette", "https://example.org/a", "Ana Writer"
    )
    assert a.text == BODY


def test_body_is_kept_exactly_as_read(write, tmp_path):
    body = "“Quoted”  text —\r\n  with   odd spacing.\n\n" + BODY + "\n"
    write("a.txt", "Title: T\n\n" + body)
    [a] = read_articles(tmp_path)
    assert a.text == body


def test_markdown_heading_is_the_title(write, tmp_path):
    write("a.md", f"# Dock workers walk out\n\n{BODY}")
    [a] = read_articles(tmp_path)
    assert a.title == "Dock workers walk out"
    assert a.text == BODY


@pytest.mark.parametrize("text", [
    "Workers: the union said no.\nMore text.",
    "By the time the port closed on Monday, dock workers had left.\n\nMore text.",
    "By Monday the strike had spread to every terminal gate in the port.\nMore text.",
])
def test_text_without_header_is_all_body(text):
    assert split_header(text) == ({}, text)


def test_header_ends_at_the_first_blank_line():
    fields, body = split_header("Title: X\n\nSource: wire\n\nBy Monday, the strike had spread.\nMore.")
    assert fields == {"title": "X"} and body == "Source: wire\n\nBy Monday, the strike had spread.\nMore."


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_header_with_any_line_ending(newline):
    text = newline.join(["Title: X", "Date: 2024-01-02", "", "Body line one.", "Two."])
    fields, body = split_header(text)
    assert fields == {"title": "X", "date": "2024-01-02"}
    assert body == newline.join(["Body line one.", "Two."])


@pytest.mark.parametrize("raw, expected", [
    ("2024-03-04", "2024-03-04"),
    ("March 4, 2024", "2024-03-04"),
    ("2024-03-04T10:00:00-05:00", "2024-03-04T15:00:00+00:00"),
    ("Tuesday, March 5", None),
    ("Monday", None),
    ("10:30 AM", None),
    ("2024-03-04 10:00 +99:00", None),
    ("3 days ago", None),
])
def test_dates_name_a_full_date_or_nothing(raw, expected):
    assert iso_date(raw) == expected


def test_json_and_jsonl_with_configurable_fields(write, tmp_path):
    write("one.json", json.dumps({"body": BODY, "headline": "H", "when": "2025-01-03"}))
    rows = [{"key": "r1", "body": BODY + " one"}, {"body": BODY + " two"}]
    write("feed.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    config = Config(text_field="body", id_field="key", title_field="headline", date_field="when")
    got = by_id(read(tmp_path, config))
    assert set(got) == {"one.json", "r1", "feed.jsonl:2"}
    assert got["one.json"].title == "H" and got["one.json"].date == "2025-01-03"
    assert got["r1"].path.endswith("feed.jsonl")


def test_stdin_is_json_lines():
    stream = io.BytesIO((json.dumps({"id": "s1", "text": BODY}) + "\n{broken\n").encode())
    got = list(read("-", stdin=stream))
    assert isinstance(got[0], Article) and got[0].id == "s1"
    assert isinstance(got[1], Skipped) and got[1].id == "-:2" and "invalid JSON" in got[1].reason


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", "", "empty article"),
        ("blank.txt", "  \n\n \t\n", "empty article"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        ("broken.json", '{"text": "abc', "invalid JSON"),
        ("list.json", "[1, 2, 3]", "no text"),
        ("notext.json", '{"body": "x"}', "no text: field 'text' is missing"),
        ("numbers.xlsx", "a,b\n1,2\n", "unsupported file type: '.xlsx'"),
        ("numbers.csv", "a,b\n1,2\n", "no text: no 'text' column (it has a, b;"),
        (".hidden.txt", BODY, "hidden file"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(write, tmp_path, name, content, reason):
    write(name, content)
    write("good.txt", BODY)
    got = by_id(read(tmp_path))
    assert isinstance(got["good.txt"], Article)
    assert isinstance(got[name], Skipped)
    assert reason in got[name].reason


def test_file_over_the_size_limit_is_skipped(write, tmp_path):
    write("big.txt", BODY * 50)
    [item] = read(tmp_path, Config(max_file_size=1000))
    assert isinstance(item, Skipped) and "--max-file-size" in item.reason


def test_jsonl_lines_are_accounted_for(write, tmp_path):
    lines = [json.dumps({"id": "a", "text": BODY}), "{oops", json.dumps({"id": "b", "text": ""}),
             json.dumps({"id": "a", "text": BODY + " again"}), "", json.dumps({"text": BODY + " x"})]
    write("f.jsonl", "\n".join(lines))
    got = list(read(tmp_path))
    kinds = [(type(i).__name__, i.id) for i in got]
    assert kinds == [("Article", "a"), ("Skipped", "f.jsonl:2"), ("Skipped", "b"), ("Article", "a"), ("Article", "f.jsonl:6")]


def test_symlink_loop_is_skipped_not_followed(write, tmp_path):
    write("d/a.txt", BODY)
    os.symlink(".", tmp_path / "d" / "loop")
    got = by_id(read(tmp_path))
    assert isinstance(got["d/a.txt"], Article)
    assert "symlink loop" in got["d/loop"].reason
    assert len(got) == 2


def test_several_roots_get_ids_from_their_common_folder(write, tmp_path):
    write("x/a.txt", BODY)
    write("y/a.txt", BODY + " more")
    got = by_id(read([tmp_path / "x", tmp_path / "y"]))
    assert set(got) == {"x/a.txt", "y/a.txt"}


def test_missing_path_is_an_error_that_names_it(tmp_path):
    with pytest.raises(InputError, match="nope: no such file or folder"):
        list(read(tmp_path / "nope"))


def test_reading_never_changes_the_inputs(write, tmp_path):
    write("a.txt", BODY)
    write("b.json", "{bad")
    write("c.jsonl", json.dumps({"text": BODY}))
    before = tree_digest(tmp_path)
    list(read(tmp_path))
    assert tree_digest(tmp_path) == before


def test_symlinked_alias_folder_is_not_read_twice(write, tmp_path):
    write("real/a.txt", BODY)
    os.symlink("real", tmp_path / "alias")
    got = by_id(read(tmp_path))
    assert isinstance(got["real/a.txt"], Article)
    assert got["alias"].reason == "symlink to real, which is scanned itself"
    assert len(got) == 2


def test_symlink_to_a_folder_outside_is_followed_only_when_asked(write, tmp_path):
    write("outside/a.txt", BODY)
    (tmp_path / "scan").mkdir()
    os.symlink(tmp_path / "outside", tmp_path / "scan" / "linked")
    [skipped] = read(tmp_path / "scan")
    assert isinstance(skipped, Skipped) and "--follow-links" in skipped.reason
    [item] = read(tmp_path / "scan", follow_links=True)
    assert isinstance(item, Article) and item.id == "linked/a.txt"


def test_overlapping_roots_read_each_file_once(write, tmp_path):
    write("d/sub/a.txt", BODY)
    write("d/b.txt", BODY + " b")
    items = list(read([tmp_path / "d", tmp_path / "d" / "sub", tmp_path / "d"]))
    articles = [i.id for i in items if isinstance(i, Article)]
    assert sorted(articles) == ["b.txt", "sub/a.txt"]
    assert all("folder already scanned" in i.reason for i in items if isinstance(i, Skipped))


def test_pipe_is_skipped_not_waited_on(write, tmp_path):
    write("a.txt", BODY)
    os.mkfifo(tmp_path / "fifo.txt")
    got = by_id(read(tmp_path))
    assert got["fifo.txt"].reason.startswith("not a regular file")


def test_very_deep_folders_are_walked(tmp_path):
    deep = tmp_path
    for _ in range(1200):
        deep = deep / "d"
        deep.mkdir()  # one by one: os.makedirs itself recurses
    (deep / "a.txt").write_text(BODY)
    try:
        [item] = read(tmp_path)
        assert isinstance(item, Article) and item.id.count("/") == 1200
    finally:
        # remove it leaf first: shutil.rmtree, which pytest cleans up with, recurses
        (deep / "a.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


@pytest.mark.parametrize("name, content, reason", [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
    ("empty.json", "", "empty article"),
    ("empty.jsonl", "\n\n", "empty file (no JSON lines)"),
    ("num.jsonl", '"just a string"\n', "no text: expected an object with a 'text' field, found a string"),
    ("nulltext.json", '{"text": null}', "no text: field 'text' is missing"),
    ("idlist.json", '{"text": "x", "id": [1]}', "bad id: field 'id' holds a list"),
])
def test_odd_json_is_skipped_with_a_plain_reason(write, tmp_path, name, content, reason):
    write(name, content)
    [item] = read(tmp_path)
    assert isinstance(item, Skipped) and item.reason.startswith(reason), item.reason


def test_json_ids_may_be_numbers(write, tmp_path):
    write("f.jsonl", json.dumps({"id": 17, "text": BODY}) + "\n")
    [item] = read(tmp_path)
    assert item.id == "17"


def test_long_json_line_is_skipped_and_the_next_one_read(write, tmp_path):
    write("f.jsonl", json.dumps({"id": "big", "text": BODY * 20}) + "\n" + json.dumps({"id": "small", "text": BODY}) + "\n")
    got = list(read(tmp_path, Config(max_file_size=2000)))
    assert isinstance(got[0], Skipped) and got[0].id == "f.jsonl:1" and "--max-file-size" in got[0].reason
    assert isinstance(got[1], Article) and got[1].id == "small"


def test_utf16_with_byte_order_mark_is_read(write, tmp_path):
    write("u.txt", ("Title: Ünïcode\n\n" + BODY).encode("utf-16"))
    [item] = read(tmp_path)
    assert isinstance(item, Article) and item.title == "Ünïcode"


def test_missing_path_is_refused_before_stdin_is_read(tmp_path):
    class Untouchable(io.BytesIO):
        def __iter__(self):
            raise AssertionError("stdin was read")

    with pytest.raises(InputError):
        read(["-", tmp_path / "nope"], stdin=Untouchable())


CP1252_BODY = "The café owner said “we are closed” — and the naïve strikers went home for the night."


def test_cp1252_is_detected(write, tmp_path):
    write("old.txt", ("Title: Grève\n\n" + CP1252_BODY).encode("cp1252"))
    [item] = read(tmp_path)
    assert (item.title, item.text) == ("Grève", CP1252_BODY)


def test_mojibake_is_repaired(write, tmp_path):
    body = "The country’s café owners — and the naïve strikers — went home for the night."
    write("moji.txt", body.encode("utf-8").decode("cp1252").encode("utf-8"))  # "countryâ€™s"
    [item] = read(tmp_path)
    assert item.text == body


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aé \u00c2\u00df\u00e0\u00e2\u00ef\u00f0\u0080\u00a9\u00bf\u00c0\u20ac\u2122\u2019x", max_size=12))
def test_the_mojibake_hint_is_a_lead_character_and_its_continuations(text):
    """Only text that holds what UTF-8 read as cp1252 leaves (Â…ß then one continuation, à…ï
    then two) goes to ftfy."""
    from dedup.readers.decode import _CONTINUATION, _MOJIBAKE_HINT

    def continues(i: int) -> bool:
        return i < len(text) and (0x80 <= ord(text[i]) <= 0xBF or text[i] in _CONTINUATION)

    expected = any(("\u00c2" <= c <= "\u00df" and continues(i + 1)) or
                   ("\u00e0" <= c <= "\u00ef" and continues(i + 1) and continues(i + 2)) for i, c in enumerate(text))
    assert bool(_MOJIBAKE_HINT.search(text)) == expected


def test_forced_encoding_wins_and_a_failure_names_the_option(write, tmp_path):
    write("old.txt", CP1252_BODY.encode("cp1252"))
    [item] = read(tmp_path, Config(encoding="cp1252"))
    assert item.text == CP1252_BODY
    [skip] = read(tmp_path, Config(encoding="utf-8"))
    assert isinstance(skip, Skipped) and "--encoding" in skip.reason
    with pytest.raises(ConfigError, match="'klingon' is not an encoding Python knows"):  # before anything is read
        read(tmp_path, Config(encoding="klingon"))


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Strike | Gazette</title>
<meta property="og:title" content="Dock workers walk out">
<meta name="author" content="Ana Writer">
<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">
<link rel="canonical" href="https://gazette.example/strike">
<script>window.flag = 1; document.write("SCRIPT TEXT");</script><style>p { color: red } /* STYLE TEXT */</style>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="share">Share on Facebook</div>
<article><h1>Dock workers walk out</h1>
<p>About 4,200 dock workers walked off the job at the port early on Monday, halting container traffic after talks over pay and automation collapsed late on Sunday.</p>
<p>“We will not back down,” said Maren Okafor, the union’s general secretary, speaking to reporters outside the terminal gates on Monday morning.</p>
</article><aside><h2>Related stories</h2><a href="/x">Ferry fares rise again</a></aside>
<footer>© 2024 Gazette. All rights reserved.</footer></body></html>"""


def test_html_page_gives_its_article_and_metadata(write, tmp_path):
    write("page.html", PAGE)
    [item] = read(tmp_path)
    assert isinstance(item, Article), item
    assert (item.title, item.date, item.byline, item.url) == (
        "Dock workers walk out", "2024-03-05", "Ana Writer", "https://gazette.example/strike")
    assert "About 4,200 dock workers walked off the job" in item.text
    assert "“We will not back down,”" in item.text
    for chrome in ("SCRIPT TEXT", "STYLE TEXT", "Share on Facebook", "Related stories", "Ferry fares", "All rights reserved"):
        assert chrome not in item.text


def test_json_record_whose_text_is_html(write, tmp_path):
    write("feed.jsonl", json.dumps({"id": "p1", "title": "From the feed", "text": PAGE}) + "\n")
    [item] = read(tmp_path)
    assert item.title == "From the feed"  # the record's own field wins
    assert item.date == "2024-03-05" and "SCRIPT TEXT" not in item.text


@pytest.mark.parametrize("name, content, reason", [
    ("empty.html", "<html><body><nav><a href='/'>Home</a></nav><footer>© 2024</footer></body></html>", "empty article"),
    ("nobody.html", "<html><head><title>x</title></head></html>", "empty article"),
    ("cut.html", "<html><body><article><p>" + BODY[:60] + "</p><p cla", "too short"),
    ("list.json", json.dumps([1, 2, 3]), "no text: expected an article object or an array of them"),
])
def test_pages_and_documents_without_an_article(write, tmp_path, name, content, reason):
    write(name, content)
    [item] = scan(tmp_path).skipped
    assert item.reason.startswith(reason), item


DUMP = """Port workers walk out over pay

  1. HOME
  2. BUSINESS
  3. Port workers walk out over pay
  • Last update: 3 days ago
  • 3 min read
  • 29 Views
Port workers walk out over pay

About 4,200 dock workers walked off the job at the port early on Monday, halting container traffic after talks collapsed.

Advertisement

“We will not back down,” said Maren Okafor, the union’s general secretary, outside the terminal gates on Monday.

Author: Sophia Brooks

Share
"""


def test_site_chrome_is_left_out_of_the_matching_text_and_its_metadata_kept(write, tmp_path):
    write("dump.txt", DUMP)
    [item] = read(tmp_path)
    assert item.title == "Port workers walk out over pay" and item.byline == "Sophia Brooks"
    assert item.text.startswith("  1. HOME")  # the display text is as read
    assert item.matching_text.split() == (
        "About 4,200 dock workers walked off the job at the port early on Monday, halting container traffic after "
        "talks collapsed. “We will not back down,” said Maren Okafor, the union’s general secretary, outside the "
        "terminal gates on Monday."
    ).split()
    assert [item.text[s:e] for s, e in item.matching][0].lstrip().startswith("About 4,200")


def test_chrome_can_be_kept(write, tmp_path):
    write("dump.txt", DUMP)
    [item] = read(tmp_path, Config(chrome=False))
    assert item.matching is None and "Advertisement" in item.matching_text


def test_leading_date_line_gives_date_and_title(write, tmp_path):
    write("d.txt", f" date 2025-12-02 US ramps up pressure, rejects a slave’s peace\n\nBy Staff, Agencies\n\n{BODY}")
    [item] = read(tmp_path)
    assert (item.date, item.title, item.byline) == ("2025-12-02", "US ramps up pressure, rejects a slave’s peace", "Staff, Agencies")
    assert item.matching_text.strip() == BODY


def test_a_large_folder_read_on_several_cores_gives_the_same_items_in_the_same_order(tmp_path):
    from tests.text import article as make

    for n in range(1500):
        folder = tmp_path / f"f{n % 7}"
        folder.mkdir(exist_ok=True)
        name = f"{n:04d}" + (".md" if n % 3 else ".txt")
        (folder / name).write_text(f"Title: story {n}\n\n" + make(60, seed=n) if n % 50 else "", encoding="utf-8")
    (tmp_path / "f0" / "feed.jsonl").write_text('{"id": "j1", "text": "a b c"}\n{"bad json\n', encoding="utf-8")
    one = list(read(tmp_path, Config(jobs=1)))
    two = list(read(tmp_path, Config(jobs=2)))
    assert len(one) == 1502 and one == two
    assert sum(isinstance(i, Skipped) for i in two) == 31  # 30 empty files and one bad JSON line


WESTERN_AND_OTHERS = {
    "fr": ("Le président a déclaré que la grève des dockers coûterait « des millions » à l’économie — selon lui, "
           "c’était inévitable. Les syndicats ont répondu qu’ils n’accepteraient aucune réduction.", ["cp1252"]),
    "es": ("El presidente afirmó que la huelga de los estibadores costaría millones; según él, era inevitable. "
           "¿Qué harán los sindicatos? Nadie lo sabe todavía, señaló un portavoz.", ["cp1252", "latin-1"]),
    "de": ("Der Präsident erklärte, der Streik der Hafenarbeiter werde Millionen kosten – das sei unvermeidlich "
           "gewesen. Die Gewerkschaften wollen über die Vorschläge abstimmen, hieß es.", ["cp1252"]),
    "ru": ("Президент заявил, что забастовка докеров обойдется экономике в миллионы. Профсоюзы ответили, что "
           "не согласятся ни на какие сокращения зарплат.", ["cp1251", "koi8-r"]),
    "pl": ("Prezydent oświadczył, że strajk dokerów będzie kosztował gospodarkę miliony złotych. Związki "
           "zawodowe odpowiedziały, że nie zgodzą się na żadne cięcia płac.", ["cp1250", "iso-8859-2"]),
    "tr": ("Cumhurbaşkanı, liman işçilerinin grevinin ekonomiye milyonlara mal olacağını söyledi. Sendikalar "
           "hiçbir ücret kesintisini kabul etmeyeceklerini açıkladı.", ["cp1254", "iso-8859-9"]),
    "ja": ("大統領は、港湾労働者のストライキが経済に数百万の損失をもたらすと述べた。労働組合は賃金削減を受け入れないと答えた。",
           ["shift_jis", "euc-jp"]),
}


@pytest.mark.parametrize("language, code", [(lang, code) for lang, (_, codes) in WESTERN_AND_OTHERS.items() for code in codes])
def test_legacy_encodings_read_back_exactly(language, code):
    """Western text in cp1252 is read without a detector; other code pages, which cp1252 would
    misread, still reach the detector and come back exactly."""
    from dedup.readers.decode import _western, decode

    text = " ".join([WESTERN_AND_OTHERS[language][0]] * 6)
    raw = text.encode(code)
    assert decode(raw) == text
    assert (_western(raw) is not None) == (language in ("fr", "es", "de"))


def test_lone_surrogates_in_json_become_replacement_characters(write, tmp_path):
    """JSON may escape half of a surrogate pair ("\\ud800"); in the text, which is signed, that
    must not crash the scan: it reads as U+FFFD, and escaped pairs as their character (ids and
    titles keep theirs, which the outputs escape: tests/test_cli.py)."""
    record = {"id": "a\ud800", "text": BODY + " \ud800 and \ud83d\ude00 end", "title": "T\udfff"}
    write("feed.jsonl", json.dumps(record) + "\n")
    [item] = read(tmp_path)
    assert "\ufffd and \U0001f600 end" in item.text
    assert scan(tmp_path, singletons=True).summary.documents == 1


def test_the_outlet_comes_from_the_folder_layout_when_the_article_names_none(write, tmp_path):
    write("harbour-gazette/2024/strike.txt", BODY)
    write("metro-herald/strike.txt", "Source: Metro Herald Online\n\n" + BODY)
    write("loose.txt", BODY)
    write("wire/feed.jsonl", json.dumps({"id": "w1", "text": BODY}) + "\n")

    def sources(**settings):
        return {a.id: a.source for a in read(tmp_path, **settings) if isinstance(a, Article)}

    assert sources() == {"harbour-gazette/2024/strike.txt": "harbour-gazette", "metro-herald/strike.txt": "Metro Herald Online",
                         "loose.txt": None, "w1": "wire"}
    assert sources(source_from="folder")["metro-herald/strike.txt"] == "metro-herald"
    assert set(sources(source_from="none").values()) == {None, "Metro Herald Online"}
    # the folder given is the outlet itself: no folder below it names one
    assert {a.source for a in read(tmp_path / "harbour-gazette" / "2024") if isinstance(a, Article)} == {None}


# the cheap look at a line's first characters lets through every line the chrome opening
# pattern matches: words it opens with in any case, after spaces, bullets and a parenthesis
def _chrome_pieces() -> list[str]:
    """The chrome opening pattern's own words and phrases (and pieces of its syntax, which do no
    harm), not the prefilter's list."""
    from dedup.readers import chrome

    pieces = set(re.findall(r"[^\W\d_]+(?: [^\W\d_]+)*", chrome._OPENING.pattern))  # "you may" too
    pieces |= {a + dash + b for a, b in re.findall(r"(\w+)-\?(\w+)", chrome._OPENING.pattern) for dash in ("-", "")}
    return sorted(pieces) + ["ıl", "ſh", "\u212aa", "İl", "©", "1", "12"]


def _chrome_openings():
    fragments = st.sampled_from(_chrome_pieces())
    words = st.lists(fragments, min_size=1, max_size=2).map(" ".join) | st.tuples(fragments, fragments).map("-".join)
    cased = st.tuples(words, st.sampled_from([str.lower, str.upper, str.title, str.capitalize])).map(lambda p: p[1](p[0]))
    before = st.text(alphabet=" \t*-•(1.)", max_size=16)
    after = st.text(alphabet="abz :.,!-\u00e9\u0131\t", max_size=6)
    return st.tuples(before, cased, after).map("".join) | st.text(max_size=14)


@settings(max_examples=2000, deadline=None)
@given(_chrome_openings())
def test_the_chrome_prefilter_passes_every_line_the_opening_pattern_matches(line):
    from dedup.readers import chrome

    if chrome._OPENING.match("\n" + line):
        assert chrome._may_open(line[: chrome._LOOK]), line


def _fixture_lines() -> list[str]:
    """Every line of the fixtures' text, Markdown, HTML and JSON files."""
    return [line for path in sorted(FIXTURES.rglob("*")) if path.is_file() and path.suffix in (".txt", ".md", ".html", ".json", ".jsonl")
            for line in path.read_bytes().decode("utf-8", "replace").splitlines()]


def _opening_reference():
    """The chrome opening pattern as one flat alternation of its words, tried one by one: what
    the factored pattern must match exactly."""
    from dedup.readers import chrome

    words = "|".join(rf"{re.escape(w)}\b" if w in chrome._WHOLE else re.escape(w) for w in chrome._OPENERS)
    return re.compile(r"\n[ \t]*(?:(?:[•·▪►◦*\-–—]|\d{1,2}[.)])[ \t]+)?\(?(?:\d|©|" + words + ")", re.I)


@settings(max_examples=3000, deadline=None)
@given(_chrome_openings())
def test_the_factored_chrome_opening_matches_as_its_flat_alternation(line):
    from dedup.readers import chrome

    assert bool(chrome._OPENING.match("\n" + line)) == bool(_opening_reference().match("\n" + line)), line


def test_the_factored_chrome_opening_matches_every_fixture_line_as_its_flat_alternation():
    from dedup.readers import chrome

    reference = _opening_reference()
    lines = _fixture_lines()
    assert len(lines) > 1000
    opening = [line for line in lines if reference.match("\n" + line)]
    assert 0 < len(opening) < len(lines)
    assert [line for line in lines if chrome._OPENING.match("\n" + line)] == opening


def _first_form(line: str) -> str | None:
    """The chrome form of ``line`` as the forms are listed: each tried in turn, the first whose
    pattern matches the whole line (bullets stripped) wins."""
    from dedup.readers import chrome

    body, words = chrome._unbulleted(line), len(line.split())
    return next((kind for kind, form, most in chrome._FORMS if words <= most and form.fullmatch(body)), None)


@settings(max_examples=2000, deadline=None)
@given(st.tuples(_chrome_openings(), st.text(alphabet="Ab z0:.,©-é", max_size=30)).map("".join))
def test_the_joined_chrome_forms_pick_the_form_listed_first(line):
    from dedup.readers import chrome

    line = line.strip()
    if line and len(line.split()) <= chrome._LONGEST:
        assert chrome._form.__wrapped__(line, len(line.split()), False) == _first_form(line), line


def test_the_joined_chrome_forms_pick_the_form_listed_first_on_every_fixture_line():
    from dedup.readers import chrome

    lines = {line.strip() for line in _fixture_lines()}
    lines = sorted(line for line in lines if line and len(line.split()) <= chrome._LONGEST)
    found = {line: _first_form(line) for line in lines}
    assert len({kind for kind in found.values() if kind}) >= 8  # most kinds of chrome are among them
    assert {line: chrome._form.__wrapped__(line, len(line.split()), False) for line in lines} == found


@settings(max_examples=500, deadline=None)
@given(st.lists(_chrome_openings() | st.text(alphabet="Tt he\n\u00e9-(", max_size=8), max_size=12))
def test_the_remembered_chrome_prefilter_answers_as_the_prefilter_does(lines):
    """``_opens`` remembers a line's answer by its first three characters: the answer it gives
    (remembered or not, lines short or long, at the end of the text) is ``_may_open``'s."""
    from dedup.readers import chrome

    text = "\n".join(lines)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for _ in range(2):  # the second time, from what the first remembered
        for start in starts:
            assert chrome._opens(text, start) == chrome._may_open(text[start : start + chrome._LOOK]), repr(text[start:])


def test_the_chrome_prefilter_passes_each_opening_word_and_rejects_running_text():
    from dedup.readers import chrome

    for piece in _chrome_pieces():
        for case in (str.lower, str.upper, str.title):
            for before in ("", " \t", "- ", "* ", "(", "1. ", "• ", "- (", " " * 11, " " * 14, "-" + " " * 11, "- " + "\t" * 12):
                line = before + case(piece) + " x"
                if chrome._OPENING.match("\n" + line):
                    assert chrome._may_open(line[: chrome._LOOK]), line
    assert not chrome._may_open("The port workers walked out"[: chrome._LOOK])
    assert not chrome._may_open("  Union leaders said"[: chrome._LOOK])
    assert chrome._may_open("- Share this"[: chrome._LOOK]) and chrome._may_open("(Reporting by"[: chrome._LOOK])


def test_an_empty_list_of_inputs_reads_nothing_and_says_nothing():
    """``read_articles([])`` and ``scan([])``: no articles, and no traceback from the thread
    that counts the inputs (it once walked no paths and raised in the caller's stderr)."""
    import subprocess
    import sys

    code = "import dedup; print(list(dedup.read_articles([])), dedup.scan([]).clusters, dedup.scan([]).skipped)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[] [] []\n", "")
