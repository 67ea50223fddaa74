"""The report as an analyst reads it, in a real headless Chromium: a wire story copied by
outlet A and A's copy copied by outlets B and C (outlets from the folder layout), and a second
story that B published first and C copied. The outlets are listed with the right counts, the
first publisher is marked, each cluster's versions are drawn as a tree, only http and https
URLs become links (``javascript:`` and ``data:`` stay inert text), hostile text runs nothing,
and ``dedup diff --format html`` heads each side with its outlet, date, headline and verdict.
Screenshots are kept in each test's temporary folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dedup import Config
from dedup.report import report
from tests.conftest import ROOT
from tests.test_lineage import WIRE, A, B, C
from tests.test_report import browser  # noqa: F401  (the module's Chromium is a fixture)
from tests.text import article, edit

REST = "\n\n" + article(300, seed=4)  # the same in every version: unchanged paragraphs to fold
LIBRARY = article(200, seed=9)
HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned = 'title'\"> Kestrel Bay strike"
VERSIONS = {  # path: (header lines, body)
    "wire/strike.txt": ("Title: Dockers strike at Kestrel Bay\nSource: Meridian Wire\nURL: https://wire.example/strike\nDate: 2024-03-04", WIRE),
    "outlet-a/strike.txt": ("Title: Kestrel Bay port shut by strike\nURL: javascript:window.__pwned='url'\nDate: 2024-03-05", A),
    "outlet-b/strike.txt": ("Title: Kestrel Bay port shut by strike\nURL: data:text/html,<script>window.__pwned='data'</script>\nDate: 2024-03-05", B),
    "outlet-c/strike.txt": (f"Title: {HOSTILE_TITLE}\nURL: http://c.example/strike\nDate: 2024-03-06",
                            '<script>window.__pwned = "body"</script>\n\n' + C),
    "outlet-b/library.txt": ("Title: Library opens a reading room\nDate: 2024-04-01", LIBRARY),
    "outlet-c/library.txt": ("Title: Library opens a reading room\nDate: 2024-04-02", edit(LIBRARY, 40, seed=2)),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lineage") / "outlets"
    for name, (header, body) in VERSIONS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        rest = REST if name.endswith("strike.txt") else ""
        path.write_text(f"{header}\n\n{body}{rest}\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def page_file(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page") / "report.html"
    out.write_text(report([str(corpus)], Config()), encoding="utf-8")
    return out


@pytest.fixture
def page(browser, page_file):  # noqa: F811
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(page_file.as_uri())
    tab.errors = errors
    yield tab
    tab.close()


def _table(tab, selector: str) -> list[list[str]]:
    return [row.locator("th, td").all_inner_texts() for row in tab.locator(f"{selector} tbody tr").all()]


def _open_strike(tab):
    tab.locator("#clusters-body tr", has_text="Dockers strike").click()
    return {item.get_attribute("data-place"): item for item in tab.locator(".members li").all()}


def test_the_outlets_table_counts_first_publications_copies_and_rewrites(page, tmp_path):
    rows = {r[0]: r[1:4] for r in _table(page, "#outlets")}
    assert rows == {"Meridian Wire": ["1", "0", "0"], "outlet-a": ["0", "1", "0"],
                    "outlet-b": ["1", "1", "0"], "outlet-c": ["0", "2", "0"]}
    changed = {r[0]: r[4] for r in _table(page, "#outlets")}
    assert changed["Meridian Wire"] == "" and re.fullmatch(r"\d+\.\d%", changed["outlet-c"])
    matrix = page.locator("#matrix")
    columns = matrix.locator("thead th").all_inner_texts()[1:]
    ran = {(r[0], column): int(n) for r in _table(page, "#matrix") for column, n in zip(columns, r[1:]) if n != "0"}
    assert ran == {("outlet-a", "Meridian Wire"): 1, ("outlet-b", "outlet-a"): 1, ("outlet-c", "outlet-a"): 1,
                   ("outlet-c", "outlet-b"): 1}
    page.screenshot(path=str(tmp_path / "outlets.png"), full_page=True)
    assert (tmp_path / "outlets.png").stat().st_size > 10_000
    assert page.errors == []


def test_the_first_publisher_is_marked_and_the_versions_form_a_tree(page, tmp_path):
    row = page.locator("#clusters-body tr", has_text="Dockers strike")
    assert row.locator(".first-outlet").inner_text() == "Meridian Wire"
    library = page.locator("#clusters-body tr", has_text="Library opens")
    assert library.locator(".first-outlet").inner_text() == "outlet-b"
    items = _open_strike(page)
    ordered = [item.locator(".outlet").inner_text() for item in page.locator(".members li").all()]
    assert ordered[:2] == ["Meridian Wire", "outlet-a"] and sorted(ordered[2:]) == ["outlet-b", "outlet-c"]
    first = page.locator(".members li.first")
    assert first.count() == 1 and "first publisher" in first.inner_text() and "Meridian Wire" in first.inner_text()
    depth = {item.locator(".outlet").inner_text(): item.get_attribute("class") or "" for item in items.values()}
    assert "d1" in depth["outlet-a"] and "d2" in depth["outlet-b"] and "d2" in depth["outlet-c"]
    copied = {item.locator(".outlet").inner_text(): item.locator(".from").inner_text() for item in items.values()}
    assert copied["outlet-a"].startswith("copied from Meridian Wire")
    assert copied["outlet-b"].startswith("copied from outlet-a") and copied["outlet-c"].startswith("copied from outlet-a")
    retitled = {item.locator(".outlet").inner_text(): item.locator(".badge.retitled").count() for item in items.values()}
    assert retitled == {"Meridian Wire": 0, "outlet-a": 1, "outlet-b": 0, "outlet-c": 1}  # B kept A's headline
    assert page.locator(".members li .date").first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    page.screenshot(path=str(tmp_path / "tree.png"), full_page=True)
    assert (tmp_path / "tree.png").stat().st_size > 10_000
    assert page.errors == []


def test_only_http_links_are_links_and_hostile_text_runs_nothing(page):
    _open_strike(page)
    links = page.locator("#detail a")
    assert sorted(links.evaluate_all("as => as.map(a => a.href)")) == ["http://c.example/strike", "https://wire.example/strike"]
    assert set(links.evaluate_all("as => as.map(a => a.rel)")) == {"noopener noreferrer"}
    inert = page.locator("#detail .inert").all_inner_texts()
    assert any(t.startswith("javascript:") for t in inert) and any(t.startswith("data:") for t in inert)
    for text in page.locator("#detail .inert").all():
        text.click()
    hostile = page.locator(".members li", has_text="outlet-c/strike.txt")
    assert HOSTILE_TITLE in hostile.locator(".headline").inner_text()  # shown as text
    hostile.get_by_role("button", name="compare").click()
    assert '<script>window.__pwned = "body"</script>' in page.locator('#comparison pre[data-side="member"]').inner_text()
    assert page.locator("#detail img, #detail script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_changes_have_keys_colours_a_legend_and_unchanged_text_folds(page, tmp_path):
    _open_strike(page)
    page.locator(".members li", has_text="outlet-b/strike.txt").get_by_role("button", name="compare").click()
    member = page.locator('#comparison pre[data-side="member"]')
    marks = member.locator("mark").all_inner_texts()
    assert "a dozen cargo vessels" in "".join(marks)
    colour = lambda selector: page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor")  # noqa: E731
    assert colour('#comparison pre[data-side="canonical"] mark.del') != colour('#comparison pre[data-side="member"] mark.ins')
    assert page.locator(".legend span").all_inner_texts()[:2] == ["deleted", "inserted"]
    page.locator("#detail-title").focus()
    page.keyboard.press("j")
    assert page.locator("#comparison .current").count() == 1
    assert page.locator("#change-note").inner_text() == f"change 1 of {len(marks)}"
    page.keyboard.press("k")
    assert page.locator("#change-note").inner_text() == f"change {len(marks)} of {len(marks)}"
    fold = member.locator("button.fold")
    assert fold.count() == 1 and "unchanged paragraphs" in fold.inner_text()
    before = len(member.inner_text())
    fold.click()
    assert member.locator("button.fold").count() == 0 and len(member.inner_text()) > before + 1000
    page.get_by_role("button", name="Inline").click()
    inline = page.locator('#comparison pre[data-side="inline"]')
    assert colour('#comparison pre[data-side="inline"] del') != colour('#comparison pre[data-side="inline"] ins')
    assert inline.locator("ins").count() >= 3
    page.screenshot(path=str(tmp_path / "changes.png"), full_page=True)
    assert page.errors == []


def test_the_chart_has_axis_titles(page):
    assert page.locator(".chart text.axis").all_text_contents() == ["versions in the cluster", "clusters"]


def test_the_diff_page_heads_each_side(browser, corpus, tmp_path):  # noqa: F811
    out = tmp_path / "diff.html"
    proc = subprocess.run([sys.executable, "-m", "dedup", "diff", str(corpus / "wire" / "strike.txt"),
                           str(corpus / "outlet-a" / "strike.txt"), "--format", "html", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#x27;none&#x27;" in policy and "unsafe-inline" not in policy and "script-src" not in policy
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        tab.goto(out.as_uri())
        a, b = tab.locator("h2").all_inner_texts()[:2]
        assert "Meridian Wire" in a and "2024-03-04" in a and "published first" in a
        assert "outlet-a" in b and "2024-03-05" in b
        assert tab.locator(".headline").all_inner_texts() == ["Dockers strike at Kestrel Bay", "Kestrel Bay port shut by strike"]
        assert "duplicate of A" in tab.locator(".from").nth(1).inner_text()
        assert tab.locator(".legend span").all_inner_texts()[:2] == ["deleted", "inserted"]
        assert tab.locator("a").evaluate_all("as => as.map(a => a.href)") == ["https://wire.example/strike"]
        assert tab.locator(".inert").inner_text().startswith("javascript:")
        assert tab.locator("del").first.evaluate("e => getComputedStyle(e).backgroundColor") != \
            tab.locator("ins").first.evaluate("e => getComputedStyle(e).backgroundColor")
        tab.locator(".inert").click()
        assert tab.evaluate("window.__pwned") is None
        tab.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
        assert (tmp_path / "diff.png").stat().st_size > 10_000
        assert errors == []
    finally:
        tab.close()
