"""The variance report as one self-contained HTML page.

Inline CSS and JavaScript only, no network reference of any kind (no external
script, style sheet, font or image), so the page opens the same offline, from a
CI artefact or an e-mail. Tables sort on a click of their header; an inline SVG
bar chart shows the least consistent concepts; every finding quotes its segment
with the term highlighted.
"""
from __future__ import annotations

from html import escape
from typing import TextIO

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import LineWriter, more_note, rendered, writing
from glossary.render.spans import percent, split_span
from glossary.variance.report import VarianceReport

CHART_CONCEPTS = 20  # bars in the chart; the table below it lists every concept

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
.sig,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}.sig{color:#666;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4;cursor:pointer;user-select:none}th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td.num{text-align:right;white-space:nowrap}
.error{color:#b00020;font-weight:bold}.warning{color:#a65f00}.info{color:#006680}
.cls-lexical,.cls-misspelling{color:#b00020}.cls-numeric{color:#8a2be2}.cls-abbreviation{color:#1f5fbf}
.cls-diacritics,.cls-us-uk-spelling{color:#a65f00}.cls-case-hyphen,.cls-orthographic{color:#666}.cls-identical{color:#1a7f37}
mark{background:#ffe066;padding:0 .1em}.quote{color:#444}.dim{color:#777}.ref{font-weight:bold}
.grid{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}.grid b{font-weight:600}
ul.r{margin:0;padding-left:1.1em}
"""

_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
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
});
"""

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _highlight(text: str, span: tuple[int, int] | None) -> str:
    before, inside, after = split_span(text, span)
    if not inside:
        return _e(text)
    return f"{_e(before)}<mark>{_e(inside)}</mark>{_e(after)}"


def _chart(report: VarianceReport) -> str:
    """Horizontal bars: consistency of the least consistent concepts (inline SVG)."""
    concepts = [c for c in report.concepts if c.consistent < c.occurrences][:CHART_CONCEPTS]
    if not concepts:
        return "<p>Every concept is rendered consistently.</p>"
    label_width, bar_width, row = 300, 520, 22
    height = row * len(concepts) + 30
    parts = [f'<svg role="img" width="{label_width + bar_width + 70}" '
             f'height="{height}" aria-label="Least consistent concepts">',
             "<title>Consistency of the least consistent concepts</title>"]
    for i, c in enumerate(concepts):
        y = i * row + 5
        width = max(1.0, c.consistency * bar_width)
        colour = "#1a7f37" if c.consistency >= 0.9 else "#d4a017" if c.consistency >= 0.6 else "#c0392b"
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="12">{_e(c.concept_id)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="{row - 6}" fill="#eee"/>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{row - 6}" fill="{colour}">'
                     f"<title>{_e(c.concept_id)}: {percent(c.consistency)} of {c.occurrences}</title></rect>")
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}" font-size="12">{percent(c.consistency)}</text>')
    axis_y = len(concepts) * row + 20
    for tick in (0, 0.5, 1):
        x = label_width + tick * bar_width
        parts.append(f'<text x="{x:.0f}" y="{axis_y}" font-size="10" text-anchor="middle">{int(tick * 100)}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: VarianceReport) -> str:
    return rendered(write_html, report)


def write_html(report: VarianceReport, stream: TextIO, *, progress: Progress = NO_PROGRESS,
               phase: str = "writing HTML") -> None:
    """The page on ``stream``, line by line (findings streamed from the store).

    With ``progress``, the phase ``phase`` counts concepts, findings, documents and conflicts written."""
    if progress.enabled:
        writing(progress, phase, len(report.concepts) + len(report.findings) + len(report.documents)
                + len(report.conflicts))
    s, st, scores = report.summary, report.settings, report.summary.consistency
    out = LineWriter(stream)
    out += [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Variance report</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>Variance report</h1>",
        '<div class="grid">',
        f"<b>Corpus</b><span>{_e(', '.join(st.corpus))}: {s.files} file(s), {s.segments} pairs, "
        f"{s.documents} document(s), {_e(', '.join(s.language_pairs))}</span>",
        f"<b>Glossary</b><span>{_e(st.glossary)}: {st.glossary_concepts} concepts, {st.glossary_terms} terms, "
        f"sha256 <code>{_e(st.glossary_fingerprint[:12])}</code></span>",
        f"<b>Consistency</b><span>micro {percent(scores.micro)} · macro {percent(scores.macro)} · mean HHI "
        f"{scores.mean_hhi:.2f} · {scores.concepts} concepts, {scores.occurrences} occurrences</span>",
        f'<b>Findings</b><span><span class="error">{s.findings.get("error", 0)} errors</span> · '
        f'<span class="warning">{s.findings.get("warning", 0)} warnings</span> · '
        f'<span class="info">{s.findings.get("info", 0)} info</span> · {s.ok} renderings as preferred</span>',
        f"<b>Conflicts</b><span>{s.conflicts.get('same-source', 0)} sources with several targets · "
        f"{s.conflicts.get('same-target', 0)} targets for several sources</span>",
    ]
    if s.baseline:
        out.append(f"<b>Baseline</b><span>{s.baseline['known']} known findings left out ({_e(s.baseline['file'])})</span>")
    out.append(f'<b>Signature</b><span class="sig">{_e(report.signature)}</span></div>')
    for warning in report.warnings:
        out.append(f'<p class="warning">warning: {_e(warning)}</p>')

    out += ["<h2>Least consistent concepts</h2>", _chart(report),
            '<table class="sortable"><thead><tr><th>concept</th><th>consistency</th><th>HHI</th><th>class</th>'
            "<th>occurrences</th><th>renderings</th></tr></thead><tbody>"]
    for c in counted(report.concepts, progress):
        items = []
        for r in c.renderings:
            text = _e(r.text) if r.text is not None else '<span class="dim">(nothing found)</span>'
            cls = f' <span class="cls-{_e(r.variant_class)}">{_e(r.variant_class)}</span>' if r.variant_class else ""
            guess = " (guess)" if r.how == "guess" else ""
            segments = _e(", ".join(r.segments) + more_note(len(r.segments), r.count))  # examples only
            items.append(f'<li title="{segments}"><span class="{"ref" if r.reference else ""}">{text}</span> ×{r.count}'
                         f'{cls} <span class="dim">{_e(r.status)}{guess}</span></li>')
        out.append(f"<tr><td>{_e(c.concept_id)}</td><td class=\"num\" data-sort=\"{c.consistency:.6f}\">{percent(c.consistency)}</td>"
                   f"<td class=\"num\">{c.hhi:.2f}</td><td class=\"cls-{_e(c.variant_class)}\">{_e(c.variant_class)}</td>"
                   f"<td class=\"num\">{c.occurrences}</td><td><ul class=\"r\">{''.join(items)}</ul></td></tr>")
    out.append("</tbody></table>")

    out += [f"<h2>Findings ({len(report.findings)})</h2>",
            '<table class="sortable"><thead><tr><th>severity</th><th>check</th><th>segment</th><th>finding</th>'
            "<th>source</th><th>target</th><th>id</th></tr></thead><tbody>"]
    for f in counted(report.findings.ordered(), progress):  # worst first, then by check and segment
        sev = f.severity.value
        out.append(f'<tr><td class="{sev}" data-sort="{_SEVERITY_RANK.get(sev, 3)}">{sev}</td><td><code>{_e(f.check)}</code></td>'
                   f'<td title="{_e(f.origin)}">{_e(f.segment)}</td><td>{_e(f.message)}</td>'
                   f'<td class="quote">{_highlight(f.source, f.source_span)}</td>'
                   f'<td class="quote">{_highlight(f.target, f.span)}</td><td><code>{_e(f.id)}</code></td></tr>')
    out.append("</tbody></table>")

    if report.documents:
        out += ["<h2>Documents</h2>", '<table class="sortable"><thead><tr><th>document</th><th>concepts</th>'
                "<th>occurrences</th><th>micro</th><th>macro</th></tr></thead><tbody>"]
        for d in counted(report.documents, progress):
            out.append(f"<tr><td>{_e(d.document)}</td><td class=\"num\">{d.concepts}</td><td class=\"num\">{d.occurrences}</td>"
                       f"<td class=\"num\" data-sort=\"{d.micro:.6f}\">{percent(d.micro)}</td>"
                       f"<td class=\"num\" data-sort=\"{d.macro:.6f}\">{percent(d.macro)}</td></tr>")
        out.append("</tbody></table>")

    if report.conflicts:
        out += [f"<h2>Segment conflicts ({len(report.conflicts)})</h2>", '<table class="sortable"><thead><tr>'
                "<th>kind</th><th>shared text</th><th>variants</th></tr></thead><tbody>"]
        for conflict in counted(report.conflicts, progress):
            variants = "".join(f'<li>{_e(v.text)} <span class="dim">{_e(", ".join(v.segments))}</span></li>'
                               for v in conflict.variants)
            out.append(f"<tr><td>{_e(conflict.kind)}</td><td>{_e(conflict.text)}</td><td><ul class=\"r\">{variants}</ul></td></tr>")
        out.append("</tbody></table>")

    if report.discovered is not None:
        out += [f"<h2>Drift outside the glossary (discovery, {len(report.discovered)} groups)</h2>",
                '<table class="sortable"><thead><tr><th>class</th><th>source term</th><th>renderings</th>'
                "<th>confidence</th></tr></thead><tbody>"]
        for group in report.discovered:
            items = "".join(f"<li>{'<b>' if r['text'] == group['canonical'] else ''}{_e(r['text'])}"
                            f"{'</b>' if r['text'] == group['canonical'] else ''} ×{r['count']} "
                            f"<span class=\"dim\">{_e(r['class'])}</span></li>" for r in group["renderings"])
            out.append(f"<tr><td>{_e(group['class'])}</td><td>{_e(group['source_term'] or '(target only)')}</td>"
                       f"<td><ul class=\"r\">{items}</ul></td>"
                       f"<td class=\"num\" data-sort=\"{group['confidence']:.6f}\">{group['confidence']:.2f}</td></tr>")
        out.append("</tbody></table>")

    out += ["<h2>Checks</h2>", '<table class="sortable"><thead><tr><th>id</th><th>severity</th><th>name</th>'
            "<th>description</th></tr></thead><tbody>"]
    for check in report.checks:
        out.append(f"<tr><td><code>{_e(check['id'])}</code></td><td>{_e(check['severity'])}</td><td>{_e(check['name'])}</td>"
                   f"<td>{_e(check['description'])}</td></tr>")
    out.append("</tbody></table>")
    out += ["<h2>Settings</h2>", "<table><tbody>"]
    for key, value in (("tool", f"{report.tool} {report.version}"), ("glossary fingerprint", st.glossary_fingerprint),
                       ("normalisation", st.normalisation), ("fold diacritics", f"source {st.fold_source}, target {st.fold_target}"),
                       ("guess missing renderings", st.guess), *((f"threshold {k}", v) for k, v in st.thresholds.items())):
        out.append(f"<tr><th>{_e(key)}</th><td>{_e(value)}</td></tr>")
    out += ["</tbody></table>", f"<script>{_JS}</script>", "</body></html>"]
