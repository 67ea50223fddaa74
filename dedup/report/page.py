"""The report page: server-side HTML for the overview and the outlets' tables (escaped), the
data as JSON in a non-executable script block, and the page's own script and style
(``static/report.js``, ``static/report.css``), allowed by hash in the Content-Security-Policy.
The script builds the cluster table and, when a cluster is opened, its tree of versions and
the highlighted comparison, with ``textContent`` and ``createElement`` only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib.resources import files
from typing import Any

#: the page's style and script, from ``static/`` (allowed by their hashes, nothing else is)
STYLE = (files("dedup.report") / "static" / "report.css").read_text(encoding="utf-8")
SCRIPT = (files("dedup.report") / "static" / "report.js").read_text(encoding="utf-8")


def render_page(data: dict[str, Any]) -> str:
    summary = data["summary"]
    counts = [("documents", summary["documents"]), ("clusters", summary["clusters"]), ("duplicates", summary["duplicates"]),
              ("rewrites", summary["rewrites"]), ("skipped", summary["skipped"])]
    reasons = "".join(f"<li>{escape(reason)}: {n:,}</li>" for reason, n in summary["skipped_by_reason"].items())
    csp = policy(SCRIPT)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>newsdedup report: {summary['clusters']:,} clusters</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>newsdedup report</h1>
<ul class="counts">{''.join(f'<li><b>{n:,}</b>{name}</li>' for name, n in counts)}</ul>
{f'<details><summary>Skipped inputs by reason</summary><ul>{reasons}</ul></details>' if reasons else ''}
</header>
<main>
<h2>Cluster sizes</h2>
{_chart(data["sizes"])}
<h2 id="clusters-heading">Clusters</h2>
<div class="controls">
<label for="search">Search titles and sources</label>
<input type="search" id="search" placeholder="e.g. port strike, Bay Times (press / to search)" autocomplete="off">
<span>Sort by</span>
<button type="button" data-order="size" aria-pressed="true">size</button>
<button type="button" data-order="date" aria-pressed="false">date</button>
<span id="table-note" class="muted"></span>
</div>
<table aria-labelledby="clusters-heading">
<thead><tr><th class="num">#</th><th class="num">size</th><th>date</th><th>canonical title</th><th>outlets (first publisher in bold)</th></tr></thead>
<tbody id="clusters-body"></tbody>
</table>
<p><button type="button" id="more" hidden>Show more</button></p>
<section id="detail" aria-live="polite"><p class="muted">Open a cluster (click it, or focus it and press Enter) to see its versions, each under the one it was copied from, and compare them (j / k: next and previous change).</p></section>
{_outlet_table(data["outlets"])}
{_matrix(data["matrix"])}
</main>
<footer class="muted"><p>newsdedup {escape(_version())}</p></footer>
<script type="application/json" id="report-data">{_json(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _chart(sizes: list[int]) -> str:
    """A bar chart of how many clusters have each size (sizes above 20 share a bar), as SVG,
    with its axes titled."""
    counts: dict[str, int] = {}
    for size in sizes:
        if size > 1:
            label = str(size) if size <= 20 else "21+"
            counts[label] = counts.get(label, 0) + 1
    if not counts:
        return '<p class="muted">No clusters.</p>'
    labels = sorted(counts, key=lambda s: int(s.rstrip("+")))
    top = max(counts.values())
    bars = []
    for i, label in enumerate(labels):
        height = max(2, round(110 * counts[label] / top))
        x = 44 + i * 34
        bars.append(f'<rect x="{x}" y="{130 - height}" width="26" height="{height}"><title>{counts[label]:,} clusters of {label}</title></rect>'
                    f'<text x="{x + 13}" y="146" text-anchor="middle">{label}</text>'
                    f'<text x="{x + 13}" y="{126 - height}" text-anchor="middle">{counts[label]:,}</text>')
    width = max(200, 54 + 34 * len(labels))
    axes = (f'<line x1="40" y1="131" x2="{width - 6}" y2="131"></line><line x1="40" y1="14" x2="40" y2="131"></line>'
            f'<text class="axis" x="{(40 + width) // 2}" y="166" text-anchor="middle">versions in the cluster</text>'
            f'<text class="axis" x="-72" y="14" text-anchor="middle" transform="rotate(-90)">clusters</text>')
    return (f'<svg class="chart" role="img" aria-label="clusters by size" width="{width}" height="172" viewBox="0 0 {width} 172">'
            f'{axes}{"".join(bars)}</svg>')


def _outlet_table(outlets: list[dict[str, Any]]) -> str:
    """Per outlet: stories it published first, the copies and rewrites it ran, the median share
    of the text its versions changed against the canonical one."""
    if not outlets:
        return ""
    rows = "".join(
        f'<tr><td>{escape(o["outlet"])}</td><td class="num">{o["first"]:,}</td><td class="num">{o["copies"]:,}</td>'
        f'<td class="num">{o["rewrites"]:,}</td><td class="num">{_percent(o["changed"])}</td></tr>'
        for o in outlets)
    return ('<h2 id="outlets-heading">Outlets</h2>\n<div class="scroll"><table id="outlets" aria-labelledby="outlets-heading">'
            '<thead><tr><th>outlet</th><th class="num">stories first published</th><th class="num">copies run</th>'
            '<th class="num">rewrites run</th><th class="num">median share changed</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.1f}%"


def _matrix(matrix: dict[str, Any]) -> str:
    """Who ran whose copy: a row per outlet, a column per outlet its versions were copied from."""
    names = matrix["outlets"]
    if not names:
        return ""
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    rows = "".join(
        f'<tr><th>{escape(row)}</th>' + "".join(f'<td class="num{" zero" if n == 0 else ""}">{n:,}</td>' for n in counts) + "</tr>"
        for row, counts in zip(names, matrix["counts"]))
    return ('<h3 id="matrix-heading">Who ran whose copy (row: the outlet that ran it; column: the outlet it was copied from)</h3>\n'
            f'<div class="scroll"><table class="matrix" id="matrix" aria-labelledby="matrix-heading"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def _json(data: dict[str, Any]) -> str:
    """JSON that cannot end its script block or open markup: <, >, & and the two JavaScript
    line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdedup")
    except PackageNotFoundError:
        return "(not installed)"


def policy(script: str | None) -> str:
    """The Content-Security-Policy of the pages: nothing loads or runs but the page's own style
    and ``script`` (by their hashes; no script at all without one)."""
    scripts = f"script-src '{_hash(script)}'; " if script is not None else ""
    return f"default-src 'none'; {scripts}style-src '{_hash(STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'"


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
