"""The HTML report of a whole scan: how long ``dedup report`` takes for a 10,000-document folder
(the scan, reading the clusters' articles again, diffing every member against its canonical
version, writing the page), how big the page is, and, when Debian's chromium and Playwright
are installed, how long the page takes to open in headless Chromium and to show a cluster.

    python benchmarks/bench_report.py [--docs 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time

from bench_scan import corpus_folder
from common import HERE, machine, run_measured

OUT = HERE / "out"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser_times(page_path) -> tuple[float, float] | None:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=FLAGS)
        tab = browser.new_page()
        start = time.perf_counter()
        tab.goto(page_path.as_uri())
        tab.wait_for_selector("#clusters-body tr")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        tab.locator("#clusters-body tr").first.click()
        tab.wait_for_selector("#comparison pre")
        opened = time.perf_counter() - start
        browser.close()
    return loaded, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = corpus_folder(args.docs)
    page = OUT / f"report-{args.docs}.html"
    print(f"# dedup report of {args.docs:,} text files (median of {args.repeats}); {machine()}")
    scan_only = [run_measured([sys.executable, "-m", "dedup", "scan", str(folder), "-q", "-f", "jsonl", "-o", str(OUT / "report-scan.jsonl")])
                 for _ in range(args.repeats)]
    runs = [run_measured([sys.executable, "-m", "dedup", "report", str(folder), "-q", "-o", str(page)]) for _ in range(args.repeats)]
    scan_s = statistics.median(r[0] for r in scan_only)
    report_s = statistics.median(r[0] for r in runs)
    clusters = page.read_text(encoding="utf-8").split("<title>newsdedup report: ", 1)[1].split(" ", 1)[0]
    print(f"dedup scan:   {scan_s:6.1f} s, peak {statistics.median(r[1] for r in scan_only) / 2**20:,.0f} MiB")
    print(f"dedup report: {report_s:6.1f} s, peak {statistics.median(r[1] for r in runs) / 2**20:,.0f} MiB "
          f"({report_s - scan_s:.1f} s beyond the scan), {clusters} clusters, page {page.stat().st_size / 2**20:.1f} MiB")
    times = browser_times(page)
    if times is None:
        print("# chromium or playwright not found: the browser timings are left out")
    else:
        print(f"headless Chromium: page shown in {times[0]:.2f} s, first cluster opened in {times[1]:.2f} s")


if __name__ == "__main__":
    main()
