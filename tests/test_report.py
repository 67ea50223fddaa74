"""The HTML report, opened in a real headless Chromium (Debian's package, driven by Playwright):
the clusters are there, a changed quote is highlighted, search filters the table, the page logs
no error, and a hostile article runs nothing."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from dedup import Config
from dedup.report import report
from tests.conftest import FIXTURES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIRE = (FIXTURES / "corpus" / "wire" / "pilots-president.txt").read_text(encoding="utf-8")
HOSTILE_BODY = (
    '<script>window.__pwned = "script"</script>\n\n'
    '<img src=x onerror="window.__pwned = \'img\'">\n\n'
    '<a href="javascript:window.__pwned=\'link\'" id="evil">read more</a>\n\n'
)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or not _has_playwright():
        if os.environ.get("DEDUP_REQUIRE_BROWSER"):
            pytest.fail("chromium or playwright is missing (.ci/run installs both)")
        pytest.skip("needs Debian's chromium and the playwright package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _has_playwright() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The fixture corpus plus a hostile copy of one wire story, in a temporary folder."""
    root = tmp_path_factory.mktemp("report") / "corpus"
    shutil.copytree(FIXTURES / "corpus", root)
    hostile = root / "hostile" / "pilots-copy.txt"
    hostile.parent.mkdir()
    header, body = WIRE.split("\n\n", 1)
    title = 'Title: <script>window.__pwned = "title"</script> Harbour pilots'
    header = re.sub(r"^Title: .*$", title, header, flags=re.M)
    header = re.sub(r"^Date: .*$", "Date: 2024-02-14", header, flags=re.M)  # a later copy: a member
    hostile.write_text(header + "\n\n" + HOSTILE_BODY + body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report_file(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page") / "report.html"
    out.write_text(report([str(corpus)], Config()), encoding="utf-8")
    return out


@pytest.fixture
def page(browser, report_file):
    """The report in a new tab, with every console error and page error collected."""
    out = report_file
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(out.as_uri())
    tab.errors = errors
    yield tab
    tab.close()


def rows(tab) -> list[str]:
    return tab.locator("#clusters-body tr").all_inner_texts()


def test_the_clusters_are_listed(page):
    listed = rows(page)
    assert len(listed) == 3
    assert any("Port Ardmore dockworkers" in r for r in listed)
    assert page.locator(".counts").inner_text().split()[:2] == ["32", "documents"]


def test_the_changed_quote_is_highlighted(page, tmp_path):
    page.locator("#clusters-body tr", has_text="Port Ardmore dockworkers").click()
    page.locator("li", has_text="northern-ledger/port-strike.txt").get_by_role("button", name="compare").click()
    member_side = page.locator('#comparison pre[data-side="member"] mark.quote')
    assert "never" in member_side.all_inner_texts()
    assert member_side.first.is_visible()
    assert page.locator("li", has_text="northern-ledger/port-strike.txt").locator(".badge.quote").count() >= 1
    page.get_by_role("button", name="Inline").click()
    assert page.locator('#comparison pre[data-side="inline"] del.quote').first.inner_text() == "not"
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_search_filters_the_table_and_the_keyboard_opens_a_cluster(page):
    page.fill("#search", "halvard")
    assert len(rows(page)) == 1 and "Halvard" in rows(page)[0]
    page.fill("#search", "no cluster has this")
    assert rows(page) == []
    page.fill("#search", "")
    assert len(rows(page)) == 3
    page.locator("#clusters-body tr").nth(2).focus()
    page.keyboard.press("Enter")
    assert page.locator("#detail-title").inner_text().startswith("Cluster 3")


def test_sorting_by_date_puts_the_earliest_first(page):
    page.get_by_role("button", name="date").click()
    dates = [r.split("\t")[2] for r in rows(page)]
    assert dates == sorted(dates)
    page.get_by_role("button", name="size").click()


def test_a_hostile_article_runs_nothing(page):
    page.locator("#clusters-body tr", has_text="Harbour pilots").click()
    hostile = page.locator("li", has_text="hostile/pilots-copy.txt")
    hostile.get_by_role("button", name="compare").click()
    member_text = page.locator('#comparison pre[data-side="member"]').inner_text()
    assert "<script>" in member_text and "onerror" in member_text  # shown as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#comparison script, #comparison img, #comparison a").count() == 0
    assert page.errors == []


def test_the_page_is_self_contained_and_locked_down(corpus):
    html = report([str(corpus)], Config())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#x27;none&#x27;" in policy and "unsafe-inline" not in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script>window.__pwned" not in html and "\\u003cscript>" not in html


def test_report_and_scan_report_commands_write_the_page(tmp_path):
    from typer.testing import CliRunner

    from dedup.cli import app

    page = tmp_path / "report.html"
    made = CliRunner().invoke(app, ["report", str(FIXTURES / "corpus"), "-o", str(page), "--quiet"])
    assert made.exit_code == 0, made.output
    html = page.read_text(encoding="utf-8")
    assert "<title>newsdedup report: 3 clusters</title>" in html and "Content-Security-Policy" in html
    alongside = tmp_path / "scan.html"
    scanned = CliRunner().invoke(app, ["scan", str(FIXTURES / "corpus"), "--report", str(alongside), "--quiet", "-f", "jsonl"])
    assert scanned.exit_code == 0, scanned.output
    assert len(scanned.stdout.splitlines()) == 3
    assert alongside.read_text(encoding="utf-8").replace(str(alongside), "") == html.replace(str(page), "")
    missing = CliRunner().invoke(app, ["report", str(FIXTURES / "corpus"), "-o", str(tmp_path / "no" / "such" / "r.html")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    stdin = CliRunner().invoke(app, ["scan", "-", "--report", str(tmp_path / "s.html")], input='{"id": "a", "text": "x"}\n')
    assert stdin.exit_code == 1 and "stdin" in stdin.output and not (tmp_path / "s.html").exists()
