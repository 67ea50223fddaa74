"use strict";
const data = JSON.parse(document.getElementById("report-data").textContent);
const PAGE = 300;
let shown = PAGE, order = "size", filter = "", current = null, inline = false, at = -1;
const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
const day = (date) => (date ? date.slice(0, 10) : "undated");
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
function outletsCell(c) {
  // the first publisher's outlet first, in bold; then the others in the order they ran it
  const cell = el("td", { class: "muted" });
  const first = c.first === null ? "" : c.members[c.first].source;
  c.sources.forEach((s, i) => {
    if (i) cell.append(", ");
    cell.append(s === first ? el("span", { class: "first-outlet", title: "first publisher" }, s) : s);
  });
  return cell;
}
function renderTable() {
  const body = $("clusters-body");
  body.replaceChildren();
  const list = sorted();
  for (const c of list.slice(0, shown)) {
    const row = el("tr", { tabindex: "0", "data-cluster": String(c.n), "aria-selected": String(current === c) },
      el("td", { class: "num" }, String(c.n)), el("td", { class: "num" }, String(c.members.length)),
      el("td", { class: "date" }, c.date.slice(0, 10)), el("td", {}, c.title), outletsCell(c));
    row.addEventListener("click", () => open(c));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(c); } });
    body.append(row);
  }
  $("table-note").textContent = list.length > shown ? `showing ${shown} of ${list.length} clusters` :
    `${list.length} cluster${list.length === 1 ? "" : "s"}`;
  $("more").hidden = list.length <= shown;
}
function plain(text) {
  // unchanged text: paragraphs between the first and the last folded behind a button
  const parts = text.split(/(\n[ \t]*\n)/);
  const paragraphs = (parts.length + 1) / 2;
  if (paragraphs < 4) return [document.createTextNode(text)];
  const head = parts[0] + parts[1], tail = parts[parts.length - 2] + parts[parts.length - 1];
  const middle = parts.slice(2, parts.length - 2).join(""), n = paragraphs - 2;
  const fold = el("button", { type: "button", class: "fold", "aria-expanded": "false" }, `\u22ef ${n} unchanged paragraphs (show)`);
  fold.addEventListener("click", () => fold.replaceWith(document.createTextNode(middle)));
  return [document.createTextNode(head), fold, document.createTextNode(tail)];
}
function marked(text, spans, side) {
  // spans: [start, end, classes] sorted, not overlapping
  const out = el("pre", { class: "text", "data-side": side });
  let pos = 0;
  spans.sort((x, y) => x[0] - y[0]);  // moved text may arrive out of the other side's order
  for (const [start, end, classes] of spans) {
    if (start < pos) continue;
    out.append(...plain(text.slice(pos, start)));
    out.append(el("mark", { class: classes }, text.slice(start, end) || "\u2009"));
    pos = end;
  }
  out.append(...plain(text.slice(pos)));
  return out;
}
function classes(tags, side) {
  // what a side of a change is: deleted (canonical side) or inserted (member side), or moved
  const base = tags.includes("moved") ? "moved" : side === "a" ? "del" : "ins";
  return [base, ...tags.filter((t) => t === "quote" || t === "number")].join(" ");
}
function comparison(c, m) {
  const a = data.texts[c.text], b = data.texts[m.text];
  if (inline) {
    const out = el("pre", { class: "text", "data-side": "inline" });
    let pos = 0;
    for (const [, a0, a1, b0, b1, tags] of m.changes) {
      if (a0 < pos) continue;
      out.append(...plain(a.slice(pos, a0)));
      if (a1 > a0) out.append(el("del", { class: classes(tags, "a") }, a.slice(a0, a1)));
      if (b1 > b0) out.append(el("ins", { class: classes(tags, "b") }, b.slice(b0, b1)));
      pos = a1;
    }
    out.append(...plain(a.slice(pos)));
    return el("div", { class: "pair inline" }, out);
  }
  const left = m.changes.filter((ch) => ch[2] > ch[1]).map((ch) => [ch[1], ch[2], classes(ch[5], "a")]);
  const right = m.changes.filter((ch) => ch[4] > ch[3]).map((ch) => [ch[3], ch[4], classes(ch[5], "b")]);
  return el("div", { class: "pair" }, marked(a, left, "canonical"), marked(b, right, "member"));
}
function badges(m) {
  const out = [];
  // each kind of badge once, with its count
  const counted = (name, n) => (n > 1 ? `${name}s \u00d7${n}` : name);
  if (m.quotes) out.push(el("span", { class: "badge quote", title: "changes inside quotations" }, counted("quote change", m.quotes)));
  if (m.figures) out.push(el("span", { class: "badge figure", title: "changed figures" }, counted("figure change", m.figures)));
  for (const d of m.drift || []) {
    out.push(el("span", { class: "badge quote", title: d.quotes.join("\n") }, d.count > 1 ? `quote ${d.verdict} \u00d7${d.count}` : `quote ${d.verdict}`));
  }
  return out;
}
function link(m) {
  // only an http(s) URL is a link; anything else is shown as inert text
  if (m.href && /^https?:\/\//i.test(m.href)) {
    return el("a", { href: m.href, rel: "noopener noreferrer", target: "_blank", class: "url" }, m.url);
  }
  return m.url ? el("span", { class: "inert", title: "not an http or https link" }, m.url) : "";
}
function order_of(c) {
  // the members as a tree from the first publisher: [place, depth] in reading order
  const children = c.members.map(() => []);
  const roots = [];
  c.members.forEach((m, i) => { if (m.parent === null || m.parent === undefined || m.parent === i) roots.push(i); else children[m.parent].push(i); });
  roots.sort((x, y) => (x !== c.first) - (y !== c.first) || x - y);
  const out = [], seen = new Set();
  const visit = (i, depth) => {
    if (seen.has(i)) return;
    seen.add(i);
    out.push([i, depth]);
    for (const k of children[i]) visit(k, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  c.members.forEach((_, i) => visit(i, 0));  // (anything a broken link left out)
  return out;
}
function version(c, m, i, depth) {
  const parent = m.parent === null || m.parent === undefined ? null : c.members[m.parent];
  const before = parent || (c.first !== null && c.first !== i ? c.members[c.first] : null);
  const retitled = before !== null && Boolean(m.title) && Boolean(before.title) && m.title !== before.title;
  const head = el("div", { class: "version-head" },
    i === c.first ? el("span", { class: "badge first", title: "the earliest version (the others derive from it)" }, "first publisher") : "",
    el("span", { class: "outlet" }, m.source || "(no outlet)"),
    el("span", { class: "date" }, day(m.date)),
    el("span", { class: "headline" + (retitled ? " retitled" : ""), title: retitled ? "retitled" : "" }, m.title || "(no headline)"),
    retitled ? el("span", { class: "badge retitled" }, "retitled") : "",
    el("span", { class: "badge " + m.verdict }, m.verdict),
    m.story === null || m.story === undefined ? "" : el("span", { class: "muted" }, `story ${m.story.toFixed(2)}`),
    ...badges(m));
  const facts = el("div", { class: "from" },
    parent ? `copied from ${parent.source || parent.id} (confidence ${m.confidence.toFixed(2)}) \u00b7 ` : "",
    m.text === null ? "canonical: the others are compared with it" : `similarity ${m.similarity.toFixed(2)} \u00b7 containment ${m.containment.toFixed(2)}`,
    m.changed === undefined ? "" : ` \u00b7 ${(100 * m.changed).toFixed(1)}% changed`,
    " \u00b7 ", el("span", {}, m.id), " ", link(m));
  const item = el("li", { class: [i === c.first ? "first" : "", depth ? (depth > 6 ? "deep" : "d" + depth) : ""].join(" ").trim(), "data-place": String(i) },
    head, facts);
  if (m.text !== null) item.append(el("button", { type: "button", "data-member": String(i), "aria-pressed": "false" }, "compare"));
  return item;
}
function changes() {
  const view = $("comparison");
  const list = [...view.querySelectorAll('pre[data-side="inline"] del, pre[data-side="inline"] ins, pre[data-side="member"] mark')];
  return list.length ? list : [...view.querySelectorAll('pre[data-side="canonical"] mark')];
}
function jump(step) {
  const list = changes();
  if (!list.length) return;
  if (at >= 0 && at < list.length) list[at].classList.remove("current");
  at = (at + step + list.length) % list.length;
  list[at].classList.add("current");
  list[at].scrollIntoView({ block: "center" });
  $("change-note").textContent = `change ${at + 1} of ${list.length}`;
}
function showMember(c, m) {
  const view = $("comparison");
  at = -1;
  view.replaceChildren(el("h3", {}, `${m.source || m.id} (${day(m.date)}) against ${c.members[0].source || c.canonical} (${day(c.members[0].date)})`),
    comparison(c, m));
  $("change-note").textContent = `${changes().length} changes: press j or n for the next, k or p for the previous`;
  const place = String(c.members.indexOf(m));
  for (const b of document.querySelectorAll("[data-member]")) b.setAttribute("aria-pressed", String(b.dataset.member === place));
}
function legend() {
  const marks = [["del", "deleted"], ["ins", "inserted"], ["moved", "moved"], ["quote", "inside a quotation"], ["number", "a figure"]];
  return el("span", { class: "legend muted" }, ...marks.flatMap(([name, text]) => [el("span", { class: name }, text), " "]));
}
function open(c) {
  current = c;
  for (const row of document.querySelectorAll("#clusters-body tr")) row.setAttribute("aria-selected", String(row.dataset.cluster === String(c.n)));
  const detail = $("detail");
  const list = el("ul", { class: "members", "aria-label": "versions, each under the one it was copied from" });
  for (const [i, depth] of order_of(c)) list.append(version(c, c.members[i], i, depth));
  const toggle = el("button", { type: "button", id: "layout", "aria-pressed": String(inline) }, inline ? "Side by side" : "Inline");
  const previous = el("button", { type: "button", id: "previous-change", title: "k or p" }, "\u2191 previous change");
  const next = el("button", { type: "button", id: "next-change", title: "j or n" }, "\u2193 next change");
  detail.replaceChildren(el("h2", { tabindex: "-1", id: "detail-title" }, `Cluster ${c.n}: ${c.title}`), list,
    el("div", { class: "controls" }, toggle, previous, next, el("span", { id: "change-note", class: "muted" }), legend()),
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
  previous.addEventListener("click", () => jump(-1));
  next.addEventListener("click", () => jump(1));
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
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || document.activeElement === $("search")) return;
  if (e.key === "/") { e.preventDefault(); $("search").focus(); }
  else if (e.key === "j" || e.key === "n") { e.preventDefault(); jump(1); }
  else if (e.key === "k" || e.key === "p") { e.preventDefault(); jump(-1); }
});
renderTable();
