"""Rendering an :class:`~dedup.ArticleDiff`: inline markers (plain or coloured), two columns,
JSON, or a self-contained HTML page."""

from __future__ import annotations

import html
import json
import shutil
import textwrap
from typing import IO, TYPE_CHECKING

from dedup.display import label

if TYPE_CHECKING:  # the differ loads only when a diff is drawn
    from dedup.differ import ArticleDiff, Change

FORMATS = ("terminal", "side-by-side", "text", "json", "html")
_COLOURS = {"delete": "\x1b[31;9m", "insert": "\x1b[32m", "moved": "\x1b[36m", "end": "\x1b[0m", "dim": "\x1b[2m"}


def header(result: ArticleDiff) -> str:
    c = result.counts
    return (f"jaccard {result.jaccard:.3f} · containment {result.containment:.3f} · sentences: {c['aligned']} aligned, "
            f"{c['changed']} changed, {c['added']} added, {c['removed']} removed")


def render(result: ArticleDiff, fmt: str, out: IO[str], exact: bool = False, names: tuple[str, str] = ("A", "B"),
           colour: bool = True) -> None:
    changes = result.changes if exact else result.visible
    if fmt == "json":
        out.write(json.dumps(_as_dict(result, changes, names), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        out.write(_page(result, changes, names))
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


def _page(result: ArticleDiff, changes: tuple[Change, ...], names: tuple[str, str]) -> str:
    """A self-contained page: every character of the articles escaped, no scripts, no fetches."""
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
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(label(names[0]))} → {html.escape(label(names[1]))}</title>
<style>
body {{ font: 15px/1.5 Georgia, serif; margin: 2em; color: #222; overflow-wrap: anywhere }}
.cols {{ display: grid; grid-template-columns: 1fr 1fr; gap: 2em }}
.text {{ white-space: pre-wrap; overflow-wrap: anywhere }}
del {{ background: #fdd; text-decoration: line-through }} ins {{ background: #dfd; text-decoration: none }}
.moved {{ background: #def }} .quote {{ outline: 1px solid #c90 }} .number {{ font-weight: bold }}
@media print {{ .cols {{ grid-template-columns: 1fr }} }}
</style></head><body>
<p>{html.escape(header(result))}</p>
<div class="cols"><div><h2>{html.escape(label(names[0]))}</h2><div class="text">{"".join(a_parts)}</div></div>
<div><h2>{html.escape(label(names[1]))}</h2><div class="text">{"".join(b_parts)}</div></div></div>
<h2>Quotes</h2><ul>{quotes}</ul>
</body></html>
"""
