"""Rendering an :class:`~dedup.ArticleDiff`: inline markers (plain or coloured), two columns,
JSON, or a self-contained HTML page."""

from __future__ import annotations

import html
import json
import os
import shutil
import textwrap
from typing import IO, TYPE_CHECKING

from dedup.display import label

if TYPE_CHECKING:  # the differ loads only when a diff is drawn
    from dedup.config import Config
    from dedup.differ import ArticleDiff, Change
    from dedup.records import Article

FORMATS = ("terminal", "side-by-side", "text", "json", "html")
FIRST = ' <span class="badge first">published first</span>'
_COLOURS = {"delete": "\x1b[31;9m", "insert": "\x1b[32m", "moved": "\x1b[36m", "end": "\x1b[0m", "dim": "\x1b[2m"}


def header(result: ArticleDiff) -> str:
    c = result.counts
    return (f"jaccard {result.jaccard:.3f} · containment {result.containment:.3f} · sentences: {c['aligned']} aligned, "
            f"{c['changed']} changed, {c['added']} added, {c['removed']} removed")


def render(result: ArticleDiff, fmt: str, out: IO[str], exact: bool = False, names: tuple[str, str] = ("A", "B"),
           articles: tuple[Article, Article] | None = None, config: Config | None = None, colour: bool = True) -> None:
    """``articles`` (the two versions as read) head the columns of the HTML page with their
    outlets, dates, headlines and the pair's verdict; ``colour`` marks a terminal's changes in
    colour (else with the text format's markers)."""
    changes = result.changes if exact else result.visible
    if fmt == "json":
        out.write(json.dumps(_as_dict(result, changes, names), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        out.write(_page(result, changes, names, articles, config))
    elif fmt == "side-by-side":
        _columns(result, changes, out)
    else:
        out.write(header(result) + "\n\n")
        out.write(inline(result, changes, colour=fmt == "terminal" and colour) + "\n")
        _quotes(result, out)


def inline(result: ArticleDiff, shown: tuple[Change, ...], colour: bool = False) -> str:
    """B's text, with each shown change marked where it happened: ``[-old-]{+new+}``."""
    shown_ids = {id(c) for c in shown}
    out, pos = [], 0
    for change in result.changes:
        out.append(result.a[pos : change.a_span[0]])
        pos = change.a_span[1]
        if id(change) not in shown_ids:
            out.append(change.b_text)
            continue
        out.append(_mark(change, colour))
    out.append(result.a[pos:])
    return "".join(out)


def _mark(change: Change, colour: bool) -> str:
    old = f"[-{change.a_text}-]" if change.a_text else ""
    new = f"{{+{change.b_text}+}}" if change.b_text else ""
    note = f"⟨{','.join(t for t in change.tags if t != 'cosmetic')}⟩" if set(change.tags) - {"cosmetic"} else ""
    if not colour:
        return old + new + note
    paint = _COLOURS["moved"] if "moved" in change.tags else None
    old = f"{paint or _COLOURS['delete']}{change.a_text}{_COLOURS['end']}" if change.a_text else ""
    new = f"{paint or _COLOURS['insert']}{change.b_text}{_COLOURS['end']}" if change.b_text else ""
    return old + new + (f"{_COLOURS['dim']}{note}{_COLOURS['end']}" if note else "")


def _quotes(result: ArticleDiff, out: IO[str]) -> None:
    if not result.quotes:
        return
    out.write("\nquotes:\n")
    for quote in result.quotes:
        found = f" -> {quote.b_text}" if quote.b_text and quote.verdict != "same" else ""
        out.write(f"  {quote.verdict:9s} {quote.a_text}{found}\n")


def _columns(result: ArticleDiff, shown: tuple[Change, ...], out: IO[str]) -> None:
    width = max(40, shutil.get_terminal_size((120, 24)).columns)
    half = (width - 3) // 2
    out.write(header(result) + "\n\n")
    shown_ids = {id(c) for c in shown}
    for change in result.changes:
        if id(change) not in shown_ids:
            continue
        tags = f" ⟨{','.join(change.tags)}⟩" if change.tags else ""
        left = textwrap.wrap(f"[-{change.a_text.strip()}-]" if change.a_text.strip() else "", half) or [""]
        right = textwrap.wrap(f"{{+{change.b_text.strip()}+}}{tags}" if change.b_text.strip() else tags.strip(), half) or [""]
        for i in range(max(len(left), len(right))):
            l = left[i] if i < len(left) else ""
            r = right[i] if i < len(right) else ""
            out.write(f"{l:<{half}} │ {r}\n")
        out.write("\n")
    _quotes(result, out)


def _as_dict(result: ArticleDiff, changes: tuple[Change, ...], names: tuple[str, str]) -> dict:
    return {
        "a": names[0],
        "b": names[1],
        "jaccard": result.jaccard,
        "containment": result.containment,
        "sentences": result.counts,
        "changes": [c.to_dict() for c in changes],
        "quotes": [q.to_dict() for q in result.quotes],
    }


def _page(result: ArticleDiff, changes: tuple[Change, ...], names: tuple[str, str],
          articles: tuple[Article, Article] | None = None, config: Config | None = None) -> str:
    """A self-contained page: every character of the articles escaped, no scripts, no fetches,
    the report's style allowed by its hash and nothing else."""
    from dedup.report.page import STYLE, policy

    shown_ids = {id(c) for c in changes}
    a_parts, b_parts, pos_a, pos_b = [], [], 0, 0
    for change in result.changes:
        a_parts.append(html.escape(result.a[pos_a : change.a_span[0]]))
        b_parts.append(html.escape(result.b[pos_b : change.b_span[0]]))
        cls = " ".join(change.tags)
        if id(change) in shown_ids:
            a_parts.append(f'<del class="{cls}">{html.escape(change.a_text)}</del>' if change.a_text else "")
            b_parts.append(f'<ins class="{cls}">{html.escape(change.b_text)}</ins>' if change.b_text else "")
        else:
            a_parts.append(html.escape(change.a_text))
            b_parts.append(html.escape(change.b_text))
        pos_a, pos_b = change.a_span[1], change.b_span[1]
    a_parts.append(html.escape(result.a[pos_a:]))
    b_parts.append(html.escape(result.b[pos_b:]))
    quotes = "".join(
        f"<li><b>{html.escape(q.verdict)}</b> {html.escape(q.a_text)}"
        + (f" → {html.escape(q.b_text)}" if q.b_text and q.verdict != "same" else "") + "</li>"
        for q in result.quotes
    )
    heads = _heads(names, articles, config)
    legend = ('<p class="legend muted"><span class="del">deleted</span> <span class="ins">inserted</span> '
              '<span class="moved">moved</span> <span class="quote">inside a quotation</span> <span class="number">a figure</span></p>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(None))}">
<title>{html.escape(label(names[0]))} → {html.escape(label(names[1]))}</title>
<style>{STYLE}</style></head><body>
<p>{html.escape(header(result))}</p>
{legend}
<div class="pair"><div>
{heads[0]}
<div class="text">{"".join(a_parts)}</div></div>
<div>
{heads[1]}
<div class="text">{"".join(b_parts)}</div></div></div>
<h2>Quotes</h2><ul>{quotes}</ul>
</body></html>
"""


def _outlet(article: Article) -> str:
    """The version's outlet: its own, else the folder its file sits in (two outlets' copies of
    one story often share a file name)."""
    if article.source:
        return article.source
    folder = os.path.basename(os.path.dirname(article.path or ""))
    return folder or "(no outlet)"


def _heads(names: tuple[str, str], articles: tuple[Article, Article] | None, config: Config | None) -> tuple[str, str]:
    """Each column's heading: the version's outlet, date and headline (a link when its URL is
    http or https), and the verdict on the pair (B against A); the earlier dated side marked."""
    if articles is None:
        return tuple(f"<h2>{html.escape(label(name))}</h2>" for name in names)  # type: ignore[return-value]
    from dedup.comparison import compare
    from dedup.records import date_key
    from dedup.report.data import linkable

    a, b = articles
    verdict = compare(a, b, config)
    first = min((0, 1), key=lambda k: date_key(articles[k].date)) if date_key(a.date) != date_key(b.date) else None
    out = []
    for k, (side, article) in enumerate(zip("AB", articles)):
        url = article.url or ""
        link = (f' <a href="{html.escape(url)}" rel="noopener noreferrer">{html.escape(label(url))}</a>' if linkable(url)
                else f' <span class="inert">{html.escape(label(url))}</span>' if url else "")
        judged = (f'<span class="badge {html.escape(verdict.verdict)}">{html.escape(verdict.verdict)} of A</span>'
                  f' <span class="muted">story {verdict.story:.2f} · jaccard {verdict.jaccard:.2f} · containment {verdict.containment:.2f}</span>'
                  if k == 1 else '<span class="badge canonical">the base version</span>')
        out.append(
            f'<h2><span class="muted">{side}</span> <span class="outlet">{html.escape(label(_outlet(article)))}</span>'
            f' <span class="date">{html.escape(article.date[:10] if article.date else "undated")}</span>'
            f'{FIRST if first == k else ""}</h2>'
            f'<p class="headline">{html.escape(label(article.title or "(no headline)"))}</p>'
            f'<p class="from">{judged} · {html.escape(label(article.path or names[k]))}{link}</p>')
    return out[0], out[1]
