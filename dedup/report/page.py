"""The report page: server-side HTML for the overview (escaped), the data as JSON in a
non-executable script block, and the page's own script and style, allowed by hash in the
Content-Security-Policy. The script builds the cluster table and, when a cluster is opened,
its members and the highlighted comparison, with ``textContent`` and ``createElement`` only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from typing import Any


STYLE = """
:root { --ink:#1d2329; --muted:#5b6672; --line:#d5dbe1; --del:#fbd3d0; --ins:#cdebd3; --rep:#fbe7b0; --move:#d9e4fb; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem; overflow-wrap: anywhere; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.4rem 0 .6rem; }
.counts { display: flex; flex-wrap: wrap; gap: .6rem; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
.counts b { display: block; font-size: 1.3rem; }
.chart rect { fill: #5b7fa6; } .chart text { font-size: 11px; fill: var(--muted); }
.controls { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin: .6rem 0; }
input[type=search] { font: inherit; padding: .35rem .5rem; min-width: 18rem; border: 1px solid var(--line); border-radius: 4px; }
button { font: inherit; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 4px; background: #f4f6f8; cursor: pointer; }
button[aria-pressed=true] { background: #dfe7f0; border-color: #9fb3c8; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr { cursor: pointer; } tbody tr:hover, tbody tr:focus { background: #eef3f8; outline: none; }
tbody tr[aria-selected=true] { background: #e1eaf4; }
.muted { color: var(--muted); }
.badge { display: inline-block; font-size: .78rem; border-radius: 10px; padding: 0 .5rem; margin-left: .3rem; border: 1px solid var(--line); }
.badge.quote { background: #fde2e1; } .badge.figure { background: #fff1c7; } .badge.rewrite { background: #e6e0fb; }
.members li { margin: .2rem 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.pair.inline { grid-template-columns: 1fr; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: 6px; padding: .8rem; margin: 0; font: 14px/1.5 Georgia, serif; }
.del { background: var(--del); text-decoration: line-through; } .ins { background: var(--ins); }
.rep { background: var(--rep); } .moved { background: var(--move); }
.quote { box-shadow: inset 0 -2px 0 #c0392b; } .number { box-shadow: inset 0 -2px 0 #b7950b; }
.legend span { margin-right: .8rem; padding: 0 .3rem; }
@media print {
  .controls, button, input { display: none !important; }
  body { max-width: none; padding: 0; }
  .pair { grid-template-columns: 1fr 1fr; }
  tbody tr { break-inside: avoid; }
}
"""

SCRIPT = r"""
"use strict";
const data = JSON.parse(document.getElementById("report-data").textContent);
const PAGE = 300;
let shown = PAGE, order = "size", filter = "", current = null, inline = false;
const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
function matches(c) {
  if (!filter) return true;
  const hay = [c.title, c.canonical, ...c.sources, ...c.members.map((m) => m.title + " " + m.source)].join(" ").toLowerCase();
  return hay.includes(filter);
}
function sorted() {
  const list = data.clusters.filter(matches);
  if (order === "size") list.sort((a, b) => b.members.length - a.members.length || a.n - b.n);
  else list.sort((a, b) => (a.date || "9999").localeCompare(b.date || "9999") || a.n - b.n);
  return list;
}
function renderTable() {
  const body = $("clusters-body");
  body.replaceChildren();
  const list = sorted();
  for (const c of list.slice(0, shown)) {
    const row = el("tr", { tabindex: "0", "data-cluster": String(c.n), "aria-selected": String(current === c) },
      el("td", {}, String(c.n)), el("td", {}, String(c.members.length)), el("td", {}, c.date.slice(0, 10)),
      el("td", {}, c.title), el("td", { class: "muted" }, c.sources.join(", ")));
    row.addEventListener("click", () => open(c));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(c); } });
    body.append(row);
  }
  $("table-note").textContent = list.length > shown ? `showing ${shown} of ${list.length} clusters` :
    `${list.length} cluster${list.length === 1 ? "" : "s"}`;
  $("more").hidden = list.length <= shown;
}
function marked(text, spans, side) {
  // spans: [start, end, classes] sorted, not overlapping
  const out = el("pre", { class: "text", "data-side": side });
  let pos = 0;
  spans.sort((x, y) => x[0] - y[0]);  // moved text may arrive out of the other side's order
  for (const [start, end, classes] of spans) {
    if (start < pos) continue;
    out.append(document.createTextNode(text.slice(pos, start)));
    out.append(el("mark", { class: classes }, text.slice(start, end) || "\u2009"));
    pos = end;
  }
  out.append(document.createTextNode(text.slice(pos)));
  return out;
}
function classes(kind, tags, side) {
  const base = tags.includes("moved") ? "moved" : kind === "replace" ? "rep" : side === "a" ? "del" : "ins";
  return [base, ...tags.filter((t) => t === "quote" || t === "number")].join(" ");
}
function comparison(c, m) {
  const a = data.texts[c.text], b = data.texts[m.text];
  if (inline) {
    const out = el("pre", { class: "text", "data-side": "inline" });
    let pos = 0;
    for (const [kind, a0, a1, b0, b1, tags] of m.changes) {
      if (a0 < pos) continue;
      out.append(document.createTextNode(a.slice(pos, a0)));
      if (a1 > a0) out.append(el("del", { class: "del " + classes(kind, tags, "a") }, a.slice(a0, a1)));
      if (b1 > b0) out.append(el("ins", { class: "ins " + classes(kind, tags, "b") }, b.slice(b0, b1)));
      pos = a1;
    }
    out.append(document.createTextNode(a.slice(pos)));
    return el("div", { class: "pair inline" }, out);
  }
  const left = m.changes.filter((ch) => ch[2] > ch[1]).map((ch) => [ch[1], ch[2], classes(ch[0], ch[5], "a")]);
  const right = m.changes.filter((ch) => ch[4] > ch[3]).map((ch) => [ch[3], ch[4], classes(ch[0], ch[5], "b")]);
  return el("div", { class: "pair" }, marked(a, left, "canonical"), marked(b, right, "member"));
}
function badges(m) {
  const out = [];
  if (m.verdict === "rewrite") out.push(el("span", { class: "badge rewrite" }, "rewrite"));
  if (m.quotes) out.push(el("span", { class: "badge quote", title: "changes inside quotations" }, `${m.quotes} quote change${m.quotes > 1 ? "s" : ""}`));
  if (m.figures) out.push(el("span", { class: "badge figure", title: "changed figures" }, `${m.figures} figure change${m.figures > 1 ? "s" : ""}`));
  for (const d of m.drift || []) out.push(el("span", { class: "badge quote", title: d.quote }, `quote ${d.verdict}`));
  return out;
}
function showMember(c, m) {
  const view = $("comparison");
  view.replaceChildren(el("h3", {}, `${m.source || m.id} against ${c.members[0].source || c.canonical}`), comparison(c, m));
  const at = String(c.members.indexOf(m));
  for (const b of document.querySelectorAll("[data-member]")) b.setAttribute("aria-pressed", String(b.dataset.member === at));
}
function open(c) {
  current = c;
  for (const row of document.querySelectorAll("#clusters-body tr")) row.setAttribute("aria-selected", String(row.dataset.cluster === String(c.n)));
  const detail = $("detail");
  const list = el("ul", { class: "members" });
  c.members.forEach((m, i) => {
    const label = el("li", {},
      i === 0 ? el("strong", {}, "canonical ") : el("button", { type: "button", "data-member": String(i), "aria-pressed": "false" }, "compare"),
      ` ${m.source || "(no source)"} · ${m.date ? m.date.slice(0, 10) : "undated"} · ${m.id}`,
      i === 0 ? "" : el("span", { class: "muted" }, ` · similarity ${m.similarity.toFixed(2)} · containment ${m.containment.toFixed(2)}`),
      ...badges(m));
    list.append(label);
  });
  const toggle = el("button", { type: "button", id: "layout", "aria-pressed": String(inline) }, inline ? "Side by side" : "Inline");
  detail.replaceChildren(el("h2", { tabindex: "-1", id: "detail-title" }, `Cluster ${c.n}: ${c.title}`), list,
    el("div", { class: "controls" }, toggle,
      el("span", { class: "legend muted" }, el("span", { class: "del" }, "deleted"), el("span", { class: "ins" }, "inserted"),
        el("span", { class: "rep" }, "replaced"), el("span", { class: "moved" }, "moved"))),
    el("div", { id: "comparison" }));
  for (const button of list.querySelectorAll("[data-member]")) {
    button.addEventListener("click", () => showMember(c, c.members[Number(button.dataset.member)]));
  }
  toggle.addEventListener("click", () => {
    inline = !inline;
    const pressed = document.querySelector("[data-member][aria-pressed=true]");
    open(c);
    if (pressed) showMember(c, c.members[Number(pressed.dataset.member)]);
  });
  if (c.members.length > 1) showMember(c, c.members[1]);
  $("detail-title").focus();
}
$("search").addEventListener("input", (e) => { filter = e.target.value.trim().toLowerCase(); shown = PAGE; renderTable(); });
for (const button of document.querySelectorAll("[data-order]")) {
  button.addEventListener("click", () => {
    order = button.dataset.order;
    for (const b of document.querySelectorAll("[data-order]")) b.setAttribute("aria-pressed", String(b === button));
    renderTable();
  });
}
$("more").addEventListener("click", () => { shown += PAGE; renderTable(); });
document.addEventListener("keydown", (e) => { if (e.key === "/" && document.activeElement !== $("search")) { e.preventDefault(); $("search").focus(); } });
renderTable();
"""


def render_page(data: dict[str, Any]) -> str:
    summary = data["summary"]
    counts = [("documents", summary["documents"]), ("clusters", summary["clusters"]), ("duplicates", summary["duplicates"]),
              ("rewrites", summary["rewrites"]), ("skipped", summary["skipped"])]
    reasons = "".join(f"<li>{escape(reason)}: {n:,}</li>" for reason, n in summary["skipped_by_reason"].items())
    csp = (f"default-src 'none'; script-src '{_hash(SCRIPT)}'; style-src '{_hash(STYLE)}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
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
<thead><tr><th>#</th><th>size</th><th>date</th><th>canonical title</th><th>sources</th></tr></thead>
<tbody id="clusters-body"></tbody>
</table>
<p><button type="button" id="more" hidden>Show more</button></p>
<section id="detail" aria-live="polite"><p class="muted">Open a cluster (click it, or focus it and press Enter) to compare its versions.</p></section>
</main>
<footer class="muted"><p>newsdedup {escape(_version())}</p></footer>
<script type="application/json" id="report-data">{_json(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _chart(sizes: list[int]) -> str:
    """A bar chart of how many clusters have each size (sizes above 20 share a bar), as SVG."""
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
        x = 30 + i * 34
        bars.append(f'<rect x="{x}" y="{130 - height}" width="26" height="{height}"><title>{counts[label]:,} clusters of {label}</title></rect>'
                    f'<text x="{x + 13}" y="146" text-anchor="middle">{label}</text>'
                    f'<text x="{x + 13}" y="{126 - height}" text-anchor="middle">{counts[label]:,}</text>')
    width = 40 + 34 * len(labels)
    return (f'<svg class="chart" role="img" aria-label="clusters by size" width="{width}" height="152" viewBox="0 0 {width} 152">'
            f'{"".join(bars)}</svg>')


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


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
