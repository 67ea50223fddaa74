"""Reading throughput: files per second from disk to articles, for plain-text files and for
saved web pages, beside the extractor alone (trafilatura, which users would call themselves).

Text files are the synthetic corpus with header lines; web pages wrap the same stories in a
page with navigation, share buttons, a related-links box, comments and a footer.

    python benchmarks/bench_read.py [--files 5000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path

from common import HERE, machine, median_seconds
from corpus import generate, write_folder

import dedup

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | {source}</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="{date}">
<script>window.analytics = {{id: 42}};</script><style>body {{ font-family: serif }}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="share"><a>Share on Facebook</a> <a>Share on X</a></div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Council approves budget</a></li><li><a href="/b">Ferry fares rise</a></li></ul></aside>
<section class="comments"><p>Great article!</p><p>I disagree with the council.</p></section>
<footer>© 2025 {source}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def write_pages(docs, root: Path) -> int:
    root.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in doc.text.split("\n\n"))
        page = PAGE.format(title=html.escape(doc.title), source=html.escape(doc.source), date=doc.date, paragraphs=paragraphs)
        (root / f"{doc.id}.html").write_text(page, encoding="utf-8")
    return len(docs)


def folder(kind: str, n: int) -> Path:
    root = HERE / "out" / f"read-{kind}-{n}"
    if not (root / ".complete").exists():
        docs = list(generate(n, seed=11))
        write_folder(docs, root) if kind == "text" else write_pages(docs, root)
        (root / ".complete").write_text(str(n))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import trafilatura

    text, pages = folder("text", args.files), folder("html", args.files // 5)
    page_files = sorted(pages.glob("*.html"))

    def read_all(root: Path) -> None:
        items = list(dedup.read(root))
        assert sum(isinstance(i, dedup.Article) for i in items) >= len(items) - 1

    def trafilatura_alone() -> None:
        for path in page_files:
            trafilatura.bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True, favor_precision=True)

    rows = [
        ("dedup.read, text files", args.files, lambda: read_all(text)),
        ("dedup.read, web pages", len(page_files), lambda: read_all(pages)),
        ("trafilatura alone, web pages", len(page_files), trafilatura_alone),
    ]
    print(f"# reading: {args.files:,} text files, {len(page_files):,} web pages (median of {args.repeats}); {machine()}")
    print(f"{'reader':32s} {'files/s':>9s}")
    for name, count, run in rows:
        print(f"{name:32s} {count / median_seconds(run, args.repeats):9,.0f}")


if __name__ == "__main__":
    main()
