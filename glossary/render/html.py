"""The variance report as an HTML page that opens at once whatever the corpus's size.

The page is a summary first: the settings, what to fix (the errors, a chart and the concepts in
the order of ``consistency.fix_order``), then the findings, paged and filtered by severity, check
and document in the browser. No network reference of any kind (no external script, style sheet,
font or image) and no inline event handler or ``eval``: the page's one script and one style
sheet are inline (allowed by their hashes in the page's own Content-Security-Policy, which allows
nothing else but scripts of the page's own folder), everything else is data.

Data comes in chunks: ``FINDINGS_PER_CHUNK`` findings (worst first, the renderers' order) or
``CONCEPTS_PER_PAGE`` concepts each, as rows of escaped HTML. A small index in the page gives,
per chunk, how many findings of each (severity, check) group it holds, and the document facet
gives, per document, the chunks and groups of its findings (a document's findings of one group
are contiguous, since findings are sorted by segment within a group): so the page knows the exact
count of any filter and which chunks hold a given page of it, and loads only those.

A small report (``inline_limit``) or a page written to a single stream (standard output) holds
every chunk inline, as ``<script type="application/json">`` blocks parsed only when shown. A
larger report written to a file puts the chunks beside it, in ``<stem>_files/`` (as a browser
saves a page "complete"), each a script that hands its data to the page: ``<script src>`` of a
file next to the page works from ``file://`` where ``fetch`` does not.
"""
from __future__ import annotations

import base64
import hashlib
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from html import escape
from typing import Any, Callable, Iterable, Iterator, TextIO

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import LineWriter, more_note, rendered, writing
from glossary.render.spans import excerpt, percent
from glossary.render.text import (
    FIX_SENTENCE,
    _fix_label,
    fix_summary,
    rendering_label,
    to_fix,
)
from glossary.variance.checks import Finding
from glossary.variance.consistency import ConceptConsistency
from glossary.variance.report import VarianceReport

CHART_CONCEPTS = 20  # bars in the chart
CONCEPTS_PER_PAGE = 100  # concept rows per page (the first page is in the HTML itself)
FINDINGS_PER_PAGE = 50
FINDINGS_PER_CHUNK = 1000
ERRORS_IN_PAGE = 20  # error findings quoted in the summary; all of them are in the findings below
TABLE_ROWS = 200  # documents and conflicts listed; the JSON report (-f json) has all of them
INLINE_LIMIT = 5000  # findings (or concepts) up to which every chunk goes inline, one file

# opens a file of the page's chunk folder by name, for writing (files.WriteSet.open beside the page)
ChunkOpener = Callable[[str], AbstractContextManager[TextIO]]

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
.sig,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}.sig{color:#666;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}table.sortable th{cursor:pointer;user-select:none}th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td.num{text-align:right;white-space:nowrap}
.error{color:#b00020;font-weight:bold}.warning{color:#a65f00}.info{color:#006680}
.fix-error{color:#b00020;font-weight:bold}.fix-warning{color:#a65f00}.fix-unlisted{color:#8a2be2}.fix-missing,.fix-admitted{color:#666}
.cls-lexical,.cls-misspelling{color:#b00020}.cls-numeric{color:#8a2be2}.cls-abbreviation{color:#1f5fbf}
.cls-diacritics,.cls-us-uk-spelling{color:#a65f00}.cls-case-hyphen,.cls-orthographic,.cls-missing{color:#666}.cls-identical{color:#1a7f37}
.wrong{color:#b00020}
mark{background:#ffe066;padding:0 .1em}.quote{color:#444}.dim{color:#777}.ref{font-weight:bold}
.grid{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}.grid b{font-weight:600}
ul.r{margin:0;padding-left:1.1em}
.controls{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;margin:.5em 0}
.controls select{max-width:22em}.pager{display:flex;gap:.5em;align-items:center;margin:.5em 0}
.busy{opacity:.5}[hidden]{display:none!important}.pager input{width:5em}
"""

# The page's behaviour: the sortable concept table, the concept pager and the findings browser.
# Data: window.glossaryData(name, value) is what each chunk file calls.
_JS = r"""
(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("report-index").textContent);
  var store = {}, waiting = {};
  window.glossaryData = function (name, value) {
    store[name] = value;
    (waiting[name] || []).forEach(function (done) { done(value); });
    delete waiting[name];
  };
  function load(name) {
    return new Promise(function (resolve, reject) {
      if (name in store) { resolve(store[name]); return; }
      var inline = document.getElementById("chunk-" + name);
      if (inline) { store[name] = JSON.parse(inline.textContent); resolve(store[name]); return; }
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var tag = document.createElement("script");
      tag.src = index.folder + "/" + name + ".js";
      tag.onerror = function () { reject(new Error("cannot read " + tag.src)); };
      document.head.appendChild(tag);
    });
  }
  function sortable(table) {
    table.querySelectorAll("th").forEach(function (th, column) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = !th.classList.contains("sorted-asc");
        table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort") || a.cells[column].textContent;
          var y = b.cells[column].getAttribute("data-sort") || b.cells[column].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  document.querySelectorAll("table.sortable").forEach(sortable);

  function pager(root, pages, show) {
    var at = 1;
    var prev = root.querySelector("[data-prev]"), next = root.querySelector("[data-next]");
    var number = root.querySelector("[data-page]"), label = root.querySelector("[data-pages]");
    function go(page) {
      var count = pages();
      at = Math.max(1, Math.min(page, Math.max(1, count)));
      number.value = at;
      label.textContent = String(Math.max(1, count));
      prev.disabled = at <= 1;
      next.disabled = at >= count;
      return show(at);
    }
    prev.addEventListener("click", function () { go(at - 1); });
    next.addEventListener("click", function () { go(at + 1); });
    number.addEventListener("change", function () { go(parseInt(number.value, 10) || 1); });
    return go;
  }

  // -- concepts: page 1 is in the HTML, the others in chunks of the same size
  var conceptRoot = document.getElementById("concepts");
  if (conceptRoot && index.concepts.pages > 1) {
    var conceptBody = conceptRoot.querySelector("tbody"), firstPage = conceptBody.innerHTML;
    conceptRoot.querySelector(".pager").hidden = false;
    pager(conceptRoot, function () { return index.concepts.pages; }, function (page) {
      if (page === 1) { conceptBody.innerHTML = firstPage; return Promise.resolve(); }
      conceptRoot.classList.add("busy");
      return load("concepts-" + (page - 1)).then(function (rows) {
        conceptBody.innerHTML = rows.join("");
        conceptRoot.classList.remove("busy");
      });
    })(1);
  }

  // -- findings
  var root = document.getElementById("findings");
  if (!root) { return; }
  var body = root.querySelector("tbody"), summary = root.querySelector("[data-summary]");
  var fSeverity = root.querySelector("[name=severity]"), fCheck = root.querySelector("[name=check]");
  var fDocument = root.querySelector("[name=document]");
  var documents = null;  // the document facet, loaded after the first page
  var perChunk = [];  // findings passing the filters, per chunk
  function groupPasses(g) {
    var group = index.groups[g];
    return (!fSeverity.value || index.severities[group[0]] === fSeverity.value)
      && (!fCheck.value || index.checks[group[1]] === fCheck.value);
  }
  function count() {
    perChunk = index.chunks.map(function () { return 0; });
    if (fDocument.value && documents) {
      documents.runs[parseInt(fDocument.value, 10)].forEach(function (run) {
        if (groupPasses(run[1])) { perChunk[run[0]] += run[2]; }
      });
    } else {
      index.chunks.forEach(function (groups, c) {
        groups.forEach(function (pair) { if (groupPasses(pair[0])) { perChunk[c] += pair[1]; } });
      });
    }
    return perChunk.reduce(function (a, b) { return a + b; }, 0);
  }
  var total = count();
  function passes(row) {
    return groupPasses(row[0]) && (!fDocument.value || row[1] === parseInt(fDocument.value, 10));
  }
  function show(page) {
    var first = (page - 1) * index.pageSize, last = first + index.pageSize, seen = 0, wanted = [];
    perChunk.forEach(function (n, c) {
      if (n && seen + n > first && seen < last) { wanted.push([c, Math.max(0, first - seen)]); }
      seen += n;
    });
    root.classList.add("busy");
    return Promise.all(wanted.map(function (w) { return load("findings-" + w[0]); })).then(function (chunks) {
      var html = [];
      chunks.forEach(function (rows, i) {
        var skip = wanted[i][1];
        for (var r = 0; r < rows.length && html.length < index.pageSize; r++) {
          if (passes(rows[r])) { if (skip > 0) { skip--; } else { html.push(rows[r][2]); } }
        }
      });
      body.innerHTML = html.join("");
      summary.textContent = total ? ("findings " + (first + 1) + "–" + Math.min(last, total) + " of " + total)
        : "no finding passes these filters";
      root.classList.remove("busy");
      root.setAttribute("data-ready", String(page));
    });
  }
  var go = pager(root, function () { return Math.ceil(total / index.pageSize); }, show);
  function refilter() { total = count(); return go(1); }
  [fSeverity, fCheck, fDocument].forEach(function (select) { select.addEventListener("change", refilter); });
  go(1).then(function () {
    return load("documents");
  }).then(function (facet) {
    documents = facet;
    var options = document.createDocumentFragment();
    facet.names.forEach(function (name, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = name + " (" + facet.counts[i] + ")";
      options.appendChild(option);
    });
    fDocument.appendChild(options);
    fDocument.disabled = false;
    root.setAttribute("data-documents", "ready");
  }).catch(function (error) { summary.textContent = String(error); });
})();
"""

def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# The page declares a strict policy of its own: nothing from the network, only its own script and
# style (by hash), and scripts of its own folder ('self': the chunk files beside it; file: too, for
# browsers that give each local file an origin of its own, where 'self' would not match its folder).
CSP = (f"default-src 'none'; script-src {_sha256(_JS)} 'self' file:; style-src {_sha256(_CSS)}; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _quote(text: str, span: tuple[int, int] | None) -> str:
    """The segment around the span, cut at word boundaries, the span marked."""
    before, inside, after = excerpt(text, span)
    if not inside:
        return _e(before)
    return f"{_e(before)}<mark>{_e(inside)}</mark>{_e(after)}"


def _json(value: Any) -> str:
    """JSON safe inside a <script> element: no "<" at all (so no "</script>" and no "<!--")."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


# -- the parts of the page ----------------------------------------------------------------------
def _chart(concepts: list[ConceptConsistency]) -> str:
    """Horizontal bars of the first concepts to fix (inline SVG): the longer the bar, the larger the
    share of occurrences not rendered by a usable term; coloured by what is wrong."""
    shown = [c for c in concepts if c.fix in ("error", "warning", "unlisted", "missing")][:CHART_CONCEPTS]
    if not shown:
        return "<p>Every concept is rendered by a preferred or admitted term.</p>"
    label_width, bar_width, row = 300, 460, 22
    colours = {"error": "#c0392b", "warning": "#d4a017", "unlisted": "#8a2be2", "missing": "#999"}
    height = row * len(shown) + 30
    parts = [f'<svg role="img" width="{label_width + bar_width + 240}" height="{height}" '
             'aria-label="Concepts to fix first: share of occurrences not rendered by a usable term">',
             "<title>Concepts to fix first: the longer the bar, the more occurrences use a wrong, unlisted or "
             "no rendering</title>"]
    for i, c in enumerate(shown):
        y = i * row + 5
        share = 1.0 - c.consistency
        width = max(2.0, share * bar_width)
        wrong = f", {c.wrong_uses} wrong" if c.wrong_uses else ""
        label = f"{percent(share)} not consistent{wrong}"
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="12">{_e(c.concept_id)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="{row - 6}" fill="#f2f2f2"/>')
        parts.append(f'<rect class="bar" data-concept="{_e(c.concept_id)}" x="{label_width}" y="{y}" width="{width:.1f}" '
                     f'height="{row - 6}" fill="{colours[c.fix]}"><title>{_e(c.concept_id)}: {_e(label)} of '
                     f"{c.occurrences}</title></rect>")
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}" font-size="12">{_e(label)}</text>')
    axis_y = len(shown) * row + 20
    for tick in (0, 0.5, 1):
        x = label_width + tick * bar_width
        parts.append(f'<text x="{x:.0f}" y="{axis_y}" font-size="10" text-anchor="middle">{int(tick * 100)}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def concept_row(c: ConceptConsistency) -> str:
    items = []
    for r in c.renderings:
        text = _e(r.text) if r.text is not None else '<span class="dim">(nothing found)</span>'
        cls = f' <span class="cls-{_e(r.variant_class)}">{_e(r.variant_class)}</span>' if r.variant_class else ""
        segments = _e(", ".join(r.segments) + more_note(len(r.segments), r.count))  # examples only
        status = f'<span class="{"wrong" if r.wrong else "dim"}">{_e(rendering_label(r))}</span>'
        items.append(f'<li title="{segments}"><span class="{"ref" if r.reference else ""}">{text}</span> ×{r.count}'
                     f"{cls} {status}</li>")
    cls = "never rendered" if c.variant_class == "missing" else c.variant_class
    return (f'<tr><td>{_e(c.concept_id)}</td><td class="fix-{c.fix}" data-sort="{c.wrong_uses}">{_e(_fix_label(c))}</td>'
            f'<td class="num" data-sort="{c.consistency:.6f}">{percent(c.consistency)}</td>'
            f'<td class="num" data-sort="{c.preferred_share:.6f}">{percent(c.preferred_share)}</td>'
            f'<td class="num">{c.hhi:.2f}</td><td class="cls-{_e(c.variant_class)}">{_e(cls)}</td>'
            f'<td class="num">{c.occurrences}</td><td><ul class="r">{"".join(items)}</ul></td></tr>')


def finding_row(f: Finding) -> str:
    sev = f.severity.value
    return (f'<tr><td class="{sev}">{sev}</td><td><code>{_e(f.check)}</code></td>'
            f'<td title="{_e(f.origin)}">{_e(f.segment)}</td><td>{_e(f.message)}</td>'
            f'<td class="quote">{_quote(f.source, f.source_span)}</td>'
            f'<td class="quote">{_quote(f.target, f.span)}</td><td><code>{_e(f.id)}</code></td></tr>')


_FINDING_HEAD = ("<thead><tr><th>severity</th><th>check</th><th>segment</th><th>finding</th><th>source</th>"
                 "<th>target</th><th>id</th></tr></thead>")
_CONCEPT_HEAD = ("<thead><tr><th>concept</th><th>to fix</th><th>consistent</th><th>preferred</th><th>HHI</th>"
                 "<th>class</th><th>occurrences</th><th>renderings</th></tr></thead>")


def settings_rows(report: VarianceReport) -> list[tuple[str, str]]:
    """The settings block: every value from the report's settings, which the run took from the code."""
    st = report.settings
    rows = [("tool", f"{report.tool} {report.version}"), ("glossary fingerprint", st.glossary_fingerprint),
            ("normalisation", st.normalisation), ("fold diacritics", f"source {st.fold_source}, target {st.fold_target}"),
            ("guess missing renderings", str(st.guess))]
    rows += [(f"threshold {k}", str(v)) for k, v in st.thresholds.items()]
    rows.append(("check profile", st.profile))
    rows.append(("corpus evidence", st.evidence))
    return rows


# -- chunks -------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Facets:
    """What the findings browser's index needs, gathered while the findings are written."""

    severities: list[str]
    checks: list[str]
    groups: list[list[int]]  # (severity index, check index) in render order
    chunks: list[list[list[int]]]  # per chunk: [group, count], ...
    documents: dict[str, list[list[int]]]  # document -> [chunk, group, count], ...


def _finding_chunks(report: VarianceReport, progress: Progress, facets: _Facets) -> Iterator[tuple[str, list]]:
    """("findings-N", rows) per chunk, rows [group, document index, html]; fills ``facets``."""
    group_of: dict[tuple[str, str], int] = {}
    document_of: dict[str, int] = {}
    rows: list[list] = []
    chunk: dict[int, int] = {}
    number = 0
    for f in counted(report.findings.ordered(), progress):
        key = (f.severity.value, f.check)
        group = group_of.get(key)
        if group is None:
            if f.severity.value not in facets.severities:
                facets.severities.append(f.severity.value)
            if f.check not in facets.checks:
                facets.checks.append(f.check)
            group = group_of[key] = len(facets.groups)
            facets.groups.append([facets.severities.index(key[0]), facets.checks.index(key[1])])
        document = f.document or f.segment.rsplit("#", 1)[0]
        doc = document_of.get(document)
        if doc is None:
            doc = document_of[document] = len(document_of)
            facets.documents[document] = []
        runs = facets.documents[document]
        if runs and runs[-1][0] == number and runs[-1][1] == group:
            runs[-1][2] += 1
        else:
            runs.append([number, group, 1])
        chunk[group] = chunk.get(group, 0) + 1
        rows.append([group, doc, finding_row(f)])
        if len(rows) == FINDINGS_PER_CHUNK:
            facets.chunks.append([[g, n] for g, n in chunk.items()])
            yield f"findings-{number}", rows
            rows, chunk, number = [], {}, number + 1
    if rows:
        facets.chunks.append([[g, n] for g, n in chunk.items()])
        yield f"findings-{number}", rows


def _documents_facet(facets: _Facets) -> dict[str, Any]:
    """The documents in the order their first finding comes, with their runs and finding counts."""
    names = list(facets.documents)
    runs = [facets.documents[name] for name in names]
    return {"names": names, "runs": runs, "counts": [sum(n for _, _, n in r) for r in runs]}


def _concept_chunks(concepts: list[ConceptConsistency], progress: Progress) -> Iterator[tuple[str, list[str]]]:
    """("concepts-N", rows) for the pages after the first."""
    for page, first in enumerate(range(CONCEPTS_PER_PAGE, len(concepts), CONCEPTS_PER_PAGE), start=1):
        part = concepts[first:first + CONCEPTS_PER_PAGE]
        rows = [concept_row(c) for c in part]
        progress.advance(len(part))
        yield f"concepts-{page}", rows


# -- the page ---------------------------------------------------------------------------------------
def render_html(report: VarianceReport) -> str:
    return rendered(write_html, report)


def items_written(report: VarianceReport) -> int:
    """What ``write_html`` advances its progress by: concepts, findings, documents and conflicts listed."""
    return (len(report.concepts) + len(report.findings) + min(len(report.documents), TABLE_ROWS)
            + min(len(report.conflicts), TABLE_ROWS))


def write_html(report: VarianceReport, stream: TextIO, *, progress: Progress = NO_PROGRESS,
               phase: str = "writing HTML", chunks: ChunkOpener | None = None, folder: str = "",
               inline_limit: int | None = None) -> None:
    """The page on ``stream``, line by line. With ``chunks`` (an opener of files in the folder the page
    names ``folder``, relative to it) and more than ``inline_limit`` (default ``INLINE_LIMIT``) findings or concepts, the data goes
    to files there (see the module docstring); otherwise it is all inline.

    With ``progress``, the phase ``phase`` counts concepts, findings, documents and conflicts written."""
    if progress.enabled:
        writing(progress, phase, items_written(report))
    limit = INLINE_LIMIT if inline_limit is None else inline_limit
    beside = chunks is not None and (len(report.findings) > limit or len(report.concepts) > limit)
    out = LineWriter(stream)
    inline: list[tuple[str, Any]] = []

    def emit(name: str, value: Any) -> None:
        if beside and chunks is not None:
            with chunks(f"{name}.js") as handle:
                handle.write(f"glossaryData({json.dumps(name)},{_json(value)});\n")
        else:
            inline.append((name, value))

    _head_and_summary(report, out)
    concepts = report.concepts
    _fix_first(report, out, progress)

    # the findings: chunks first (their index goes in the page), the page's table after
    facets = _Facets([], [], [], [], {})
    for name, rows in _finding_chunks(report, progress, facets):
        emit(name, rows)
    emit("documents", _documents_facet(facets))
    for name, rows in _concept_chunks(concepts, progress):
        emit(name, rows)
    _findings_browser(report, out, facets)
    _tables(report, out, progress)
    index = {"folder": folder if beside else "", "pageSize": FINDINGS_PER_PAGE, "severities": facets.severities,
             "checks": facets.checks, "groups": facets.groups, "chunks": facets.chunks,
             "concepts": {"pages": max(1, -(-len(concepts) // CONCEPTS_PER_PAGE)), "total": len(concepts)}}
    out.append(f'<script type="application/json" id="report-index">{_json(index)}</script>')
    for name, value in inline:
        out.append(f'<script type="application/json" id="chunk-{_e(name)}">{_json(value)}</script>')
    out += [f"<script>{_JS}</script>", "</body></html>"]


def _head_and_summary(report: VarianceReport, out: LineWriter) -> None:
    s, st, scores = report.summary, report.settings, report.summary.consistency
    fixes = " · ".join(f'<span class="fix-{tier}">{n} concept{"s" if n != 1 else ""} '
                       f'{_e(FIX_SENTENCE[tier].format(uses=uses))}</span>' for tier, n, uses in fix_summary(report))
    out += [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Variance report</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>Variance report</h1>",
        '<div class="grid" id="summary">',
        f"<b>To fix</b><span>{fixes or 'nothing: every concept is rendered by a preferred or admitted term'}</span>",
        f"<b>Corpus</b><span>{_e(', '.join(st.corpus))}: {s.files} file(s), {s.segments} pairs, "
        f"{s.documents} document(s), {_e(', '.join(s.language_pairs))}</span>",
        f"<b>Glossary</b><span>{_e(st.glossary)}: {st.glossary_concepts} concepts, {st.glossary_terms} terms, "
        f"sha256 <code>{_e(st.glossary_fingerprint[:12])}</code></span>",
        f"<b>Consistency</b><span>micro {percent(scores.micro)} · macro {percent(scores.macro)} (preferred or "
        f"admitted) · mean HHI {scores.mean_hhi:.2f} · {scores.concepts} concepts, {scores.occurrences} occurrences</span>",
        f'<b>Findings</b><span><span class="error">{s.findings.get("error", 0)} errors</span> · '
        f'<span class="warning">{s.findings.get("warning", 0)} warnings</span> · '
        f'<span class="info">{s.findings.get("info", 0)} info</span> · {s.ok} renderings as preferred</span>',
        f"<b>Conflicts</b><span>{s.conflicts.get('same-source', 0)} sources with several targets · "
        f"{s.conflicts.get('same-target', 0)} targets for several sources</span>",
    ]
    if s.baseline:
        out.append(f"<b>Baseline</b><span>{s.baseline['known']} known findings left out ({_e(s.baseline['file'])})</span>")
    if st.profile_signature != "default":
        out.append(f"<b>Check profile</b><span>{_e(st.profile)}</span>")
    out.append(f'<b>Signature</b><span class="sig">{_e(report.signature)}</span></div>')
    for warning in report.warnings:
        out.append(f'<p class="warning">warning: {_e(warning)}</p>')


def _fix_first(report: VarianceReport, out: LineWriter, progress: Progress) -> None:
    errors = report.summary.findings.get("error", 0)
    if errors:
        shown = min(errors, ERRORS_IN_PAGE)
        out += [f'<h2 id="errors">Errors ({errors})</h2>',
                f'<table class="findings">{_FINDING_HEAD}<tbody>']
        out += [finding_row(f) for f in report.findings.ordered(shown)]
        out.append("</tbody></table>")
        if errors > shown:
            out.append(f'<p class="dim">… {errors - shown} more errors under Findings (severity: error).</p>')
    concepts = report.concepts
    fix = to_fix(report)
    out += [f"<h2>Concepts, what to fix first ({len(fix)} of {len(concepts)} not rendered by the preferred term "
            "alone)</h2>", _chart(concepts)]
    first = concepts[:CONCEPTS_PER_PAGE]
    out += ['<div id="concepts">',
            '<div class="pager" hidden><button type="button" data-prev>previous</button> page '
            '<input type="number" min="1" value="1" data-page aria-label="concept page" size="4"> of '
            f'<span data-pages>1</span> <span class="dim">({len(concepts)} concepts, {CONCEPTS_PER_PAGE} a page)</span>'
            '<button type="button" data-next>next</button></div>',
            f'<table class="sortable">{_CONCEPT_HEAD}<tbody>']
    out += [concept_row(c) for c in counted(first, progress)]
    out += ["</tbody></table></div>"]


def _findings_browser(report: VarianceReport, out: LineWriter, facets: _Facets) -> None:
    counts = report.summary.findings
    by_check = report.summary.by_check
    severity_options = "".join(f'<option value="{_e(s)}">{_e(s)} ({counts.get(s, 0)})</option>'
                               for s in ("error", "warning", "info") if counts.get(s, 0))
    check_options = "".join(f'<option value="{_e(c)}">{_e(c)} ({by_check.get(c, 0)})</option>'
                            for c in sorted(facets.checks))
    out += [f'<h2>Findings ({len(report.findings)})</h2>', '<div id="findings">',
            '<div class="controls">'
            f'<label>Severity <select name="severity"><option value="">all</option>{severity_options}</select></label>'
            f'<label>Check <select name="check"><option value="">all</option>{check_options}</select></label>'
            '<label>Document <select name="document" disabled><option value="">all</option></select></label>'
            '<span data-summary class="dim">Findings load with JavaScript; every one is also in the JSON and CSV '
            'reports (glossary variance -f json -f csv).</span></div>',
            '<div class="pager"><button type="button" data-prev>previous</button> page '
            '<input type="number" min="1" value="1" data-page aria-label="findings page" size="6"> of '
            '<span data-pages>1</span><button type="button" data-next>next</button></div>',
            f'<table class="findings">{_FINDING_HEAD}<tbody></tbody></table></div>']


def _tables(report: VarianceReport, out: LineWriter, progress: Progress) -> None:
    if report.documents:
        shown = report.documents[:TABLE_ROWS]
        out += [f"<h2>Documents, least consistent first ({len(report.documents)})</h2>",
                '<table class="sortable"><thead><tr><th>document</th><th>concepts</th>'
                "<th>occurrences</th><th>micro</th><th>macro</th></tr></thead><tbody>"]
        for d in counted(shown, progress):
            out.append(f"<tr><td>{_e(d.document)}</td><td class=\"num\">{d.concepts}</td><td class=\"num\">{d.occurrences}</td>"
                       f"<td class=\"num\" data-sort=\"{d.micro:.6f}\">{percent(d.micro)}</td>"
                       f"<td class=\"num\" data-sort=\"{d.macro:.6f}\">{percent(d.macro)}</td></tr>")
        out.append("</tbody></table>")
        _rest(out, len(shown), len(report.documents), "documents")

    if report.conflicts:
        shown_conflicts = report.conflicts[:TABLE_ROWS]
        out += [f"<h2>Segment conflicts ({len(report.conflicts)})</h2>", '<table class="sortable"><thead><tr>'
                "<th>kind</th><th>shared text</th><th>variants</th></tr></thead><tbody>"]
        for conflict in counted(shown_conflicts, progress):
            variants = "".join(f'<li>{_e(v.text)} <span class="dim">{_e(", ".join(v.segments))}</span></li>'
                               for v in conflict.variants)
            out.append(f"<tr><td>{_e(conflict.kind)}</td><td>{_e(conflict.text)}</td><td><ul class=\"r\">{variants}</ul></td></tr>")
        out.append("</tbody></table>")
        _rest(out, len(shown_conflicts), len(report.conflicts), "conflicts")

    if report.discovered is not None:
        out += [f"<h2>Drift outside the glossary (discovery, {len(report.discovered)} groups)</h2>",
                '<table class="sortable"><thead><tr><th>class</th><th>source term</th><th>renderings</th>'
                "<th>confidence</th></tr></thead><tbody>"]
        for group in report.discovered[:TABLE_ROWS]:
            items = "".join(f"<li>{'<b>' if r['text'] == group['canonical'] else ''}{_e(r['text'])}"
                            f"{'</b>' if r['text'] == group['canonical'] else ''} ×{r['count']} "
                            f"<span class=\"dim\">{_e(r['class'])}</span></li>" for r in group["renderings"])
            out.append(f"<tr><td>{_e(group['class'])}</td><td>{_e(group['source_term'] or '(target only)')}</td>"
                       f"<td><ul class=\"r\">{items}</ul></td>"
                       f"<td class=\"num\" data-sort=\"{group['confidence']:.6f}\">{group['confidence']:.2f}</td></tr>")
        out.append("</tbody></table>")
        _rest(out, min(len(report.discovered), TABLE_ROWS), len(report.discovered), "groups")

    out += ["<h2>Checks</h2>", '<table class="sortable"><thead><tr><th>id</th><th>severity</th><th>name</th>'
            "<th>description</th></tr></thead><tbody>"]
    for check in report.checks:
        out.append(f"<tr><td><code>{_e(check['id'])}</code></td><td>{_e(check['severity'])}</td><td>{_e(check['name'])}</td>"
                   f"<td>{_e(check['description'])}</td></tr>")
    out.append("</tbody></table>")
    out += ['<h2>Settings</h2>', '<table id="settings"><tbody>']
    out += [f"<tr><th>{_e(key)}</th><td>{_e(value)}</td></tr>" for key, value in settings_rows(report)]
    out.append("</tbody></table>")


def _rest(out: LineWriter, shown: int, total: int, what: str) -> None:
    if total > shown:
        out.append(f'<p class="dim">… {total - shown} more {what}: every one is in the JSON report '
                   "(glossary variance -f json).</p>")


def chunk_names(report: VarianceReport) -> Iterable[str]:
    """The chunk file names a page of ``report`` written beside its folder uses (for tests and tidying)."""
    findings = -(-len(report.findings) // FINDINGS_PER_CHUNK)
    yield from (f"findings-{n}.js" for n in range(findings))
    yield "documents.js"
    yield from (f"concepts-{n}.js" for n in range(1, max(1, -(-len(report.concepts) // CONCEPTS_PER_PAGE))))
