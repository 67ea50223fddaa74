"""Highlights land on the text that changed, whatever characters come before it (emoji count
twice in a page's strings, combining marks and CJK once), in the report and in ``dedup diff
--format html``, in a real headless Chromium; bidirectional controls in ids, titles and
sources show as escapes, and a title of megabytes neither bloats the page nor pushes the table
off it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dedup import Config, diff, read_articles
from dedup.report import report
from tests.conftest import ROOT
from tests.test_report import browser  # noqa: F401  (the module's Chromium is a fixture)
from tests.text import article

BODY = ("The port closed on Monday after talks failed. “We will not back down,” the union leader said on the quay. "
        "About 4,200 workers walked out, and 12 ships waited offshore for a berth.")
OPENINGS = {
    "emoji": "🚢⚓🌊 " * 40 + "\n\n",  # 120 characters beyond the Basic Multilingual Plane
    "combining marks": "Le cafe\u0301 du port, re\u0301sume\u0301 : la gre\u0300ve continue. " * 6 + "\n\n",
    "CJK": "港口工人周一罢工。谈判破裂后，港口关闭。" * 6 + "\n\n",
}
TUESDAY = BODY.replace("Monday", "Tuesday").replace("4,200", "4,300").replace("not", "never")
REST = "\n\n" + article(150, seed=4)  # the same in both: they are copies of one story


def write_pair(folder: Path, opening: str, title: str = "Port strike", source: str = "Wire") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(f"Title: {title}\nSource: {source}\nDate: 2024-03-04\n\n{opening}{BODY}{REST}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Title: {title}\nSource: Copy\nDate: 2024-03-05\n\n{opening}{TUESDAY}{REST}\n", encoding="utf-8")


def open_page(browser, path: Path):  # noqa: F811
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(path.as_uri())
    tab.errors = errors
    return tab


def expected(folder: Path) -> tuple[list[str], list[str]]:
    a, b = sorted(read_articles(folder), key=lambda x: x.id)
    changes = diff(a, b).visible
    return [c.a_text for c in changes if c.a_text], [c.b_text for c in changes if c.b_text]


@pytest.mark.parametrize("kind", list(OPENINGS))
def test_report_highlights_the_changed_words_after_any_characters(browser, tmp_path, kind):  # noqa: F811
    folder = tmp_path / "corpus"
    write_pair(folder, OPENINGS[kind])
    page_file = tmp_path / "report.html"
    page_file.write_text(report([str(folder)], Config(min_words=5)), encoding="utf-8")
    old, new = expected(folder)
    assert set(new) >= {"Tuesday", "4,300", "never"}
    tab = open_page(browser, page_file)
    try:
        tab.locator("#clusters-body tr").first.click()
        assert tab.locator('#comparison pre[data-side="canonical"] mark').all_inner_texts() == old
        assert tab.locator('#comparison pre[data-side="member"] mark').all_inner_texts() == new
        tab.get_by_role("button", name="Inline").click()
        assert tab.locator('#comparison pre[data-side="inline"] ins').all_inner_texts() == new
        assert tab.errors == []
    finally:
        tab.close()


@pytest.mark.parametrize("kind", list(OPENINGS))
def test_diff_page_highlights_the_changed_words_after_any_characters(browser, tmp_path, kind):  # noqa: F811
    folder = tmp_path / "pair"
    write_pair(folder, OPENINGS[kind])
    page_file = tmp_path / "diff.html"
    proc = subprocess.run([sys.executable, "-m", "dedup", "diff", str(folder / "a.txt"), str(folder / "b.txt"),
                           "--format", "html", "-o", str(page_file), "--min-words", "5"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    old, new = expected(folder)
    tab = open_page(browser, page_file)
    try:
        assert tab.locator("del").all_inner_texts() == old
        assert tab.locator("ins").all_inner_texts() == new
    finally:
        tab.close()


OVERRIDE = "\u202e"


def test_bidi_controls_show_as_escapes_in_the_report(browser, tmp_path):  # noqa: F811
    folder = tmp_path / "corpus"
    write_pair(folder / f"outlet{OVERRIDE}txt.exe", "", title=f"Port {OVERRIDE}strike", source=f"Wire{OVERRIDE}")
    page_file = tmp_path / "report.html"
    page_file.write_text(report([str(folder)], Config(min_words=5)), encoding="utf-8")
    tab = open_page(browser, page_file)
    try:
        row = tab.locator("#clusters-body tr").first
        assert "\\u202estrike" in row.inner_text() and OVERRIDE not in row.inner_text()
        row.click()
        members = tab.locator(".members").inner_text()
        assert "outlet\\u202etxt.exe/b.txt" in members and OVERRIDE not in members
        tab.get_by_role("button", name="compare").click()  # members are found by their place, not their id
        assert tab.locator('#comparison pre[data-side="member"] mark').all_inner_texts()
        assert tab.errors == []
    finally:
        tab.close()
    proc = subprocess.run([sys.executable, "-m", "dedup", "diff", str(folder / f"outlet{OVERRIDE}txt.exe" / "a.txt"),
                           str(folder / f"outlet{OVERRIDE}txt.exe" / "b.txt"), "--format", "html", "--min-words", "5"],
                          cwd=ROOT, capture_output=True, text=True)
    headings = [line for line in proc.stdout.splitlines() if "<h2>" in line or "<title>" in line]
    assert headings and all(OVERRIDE not in line for line in headings)


def test_a_title_of_two_megabytes_stays_on_the_page(browser, tmp_path):  # noqa: F811
    folder = tmp_path / "corpus"
    write_pair(folder, "", title="Strike" + "x" * 2_000_000, source="Wire" + "y" * 5_000)
    page_file = tmp_path / "report.html"
    page_file.write_text(report([str(folder)], Config(min_words=5)), encoding="utf-8")
    assert page_file.stat().st_size < 100_000  # the title is shown cut, not carried whole
    tab = open_page(browser, page_file)
    try:
        tab.set_viewport_size({"width": 1280, "height": 900})
        sources = tab.locator("#clusters-body tr td").nth(4)
        box = sources.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
        assert tab.evaluate("document.documentElement.scrollWidth") <= 1280
        tab.locator("#clusters-body tr").first.click()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        tab.close()
