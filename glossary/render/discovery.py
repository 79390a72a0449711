"""The discovery report rendered: text, JSON, CSV, Markdown, HTML.

Every function takes a ``DiscoveryReport`` and returns the document as a string; the
CLI decides where it goes. JSON follows ``glossary/schemas/discovery-report.schema.json``.
"""
from __future__ import annotations

import csv
import html
import io
import json
from typing import Callable

from glossary.discovery.model import DiscoveryReport, VariantGroup

MAX_TEXT_GROUPS = 200  # the terminal view stops here and says so; the other formats hold every group


def _renderings(group: VariantGroup) -> str:
    parts = []
    for r in group.renderings:
        mark = "*" if r.canonical else ""
        parts.append(f"{mark}{r.text!r} x{r.count}" + ("" if r.canonical else f" [{r.cls.value}]"))
    return ", ".join(parts)


def render_text(report: DiscoveryReport) -> str:
    out = io.StringIO()
    w = out.write
    w(f"Discovery: {report.source_lang} -> {report.target_lang}, {report.segments} segments, "
      f"{report.passages} source passages, {len(report.documents)} documents\n")
    if report.glossary:
        w(f"Glossary prior: {report.glossary['concepts']} concepts (sha256 {report.glossary['fingerprint'][:12]})\n")
    else:
        w("Glossary prior: none\n")
    w(f"{len(report.groups)} variant group(s), {len(report.reverse)} reverse group(s); "
      "most serious drift first (* = proposed canonical)\n\n")
    for g in report.groups[:MAX_TEXT_GROUPS]:
        source = g.source_term if g.source_term else "(no source term)"
        w(f"{g.rank:>3}. [{g.cls.value}] {source} -> {_renderings(g)}\n")
        w(f"     canonical {g.canonical!r}: {g.canonical_evidence}; confidence {g.confidence:.2f}\n")
        w(f"     evidence: {'; '.join(g.evidence)}\n")
        example = next((r.examples[0] for r in g.renderings if not r.canonical and r.examples), None)
        if example:
            w(f"     e.g. {example.segment} ({example.origin})\n")
    if len(report.groups) > MAX_TEXT_GROUPS:
        w(f"... {len(report.groups) - MAX_TEXT_GROUPS} more group(s): use --format json, csv, md or html for all\n")
    if report.reverse:
        w("\nOne rendering for several source terms:\n")
        for r in report.reverse:
            sources = ", ".join(f"{s.text!r} x{s.count}" for s in r.sources)
            w(f"{r.rank:>3}. {r.target!r} <- {sources}\n")
    c = report.comparison
    if c.shared_passages:
        w(f"\nSeveral renderings of one source: {c.shared_passages} passage(s), {len(c.passages)} pair(s) compared"
          + (f", {c.pairs_left_out} left out" if c.pairs_left_out else "") + "\n")
        for d in c.documents:
            w(f"  {d.document_a} vs {d.document_b}: {d.passages} passage(s), chrF {d.chrf:.1f}, "
              f"BLEU {d.bleu:.1f}, TER {d.ter:.1f}\n")
        for name, sig in c.signatures.items():
            w(f"  {name}: {sig}\n")
    return out.getvalue()


def render_json(report: DiscoveryReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("rank", "group", "group_class", "source_term", "rendering", "canonical", "class", "count",
               "documents", "segments", "confidence", "canonical_evidence")


def render_csv(report: DiscoveryReport) -> str:
    """One row per rendering of each group."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for g in report.groups:
        for r in g.renderings:
            writer.writerow([g.rank, g.id, g.cls.value, g.source_term or "", r.text, "yes" if r.canonical else "no",
                             r.cls.value, r.count, " ".join(r.documents), " ".join(r.segments),
                             f"{g.confidence:.3f}", g.canonical_evidence])
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: DiscoveryReport) -> str:
    out = io.StringIO()
    w = out.write
    w(f"# Discovery report: {report.source_lang} → {report.target_lang}\n\n")
    w(f"{report.segments} segments, {report.passages} source passages, {len(report.documents)} documents; "
      f"glossary prior: {'yes' if report.glossary else 'none'}.\n\n")
    w("## Variant groups (most serious drift first)\n\n")
    w("| # | class | source term | renderings | canonical | evidence |\n|---|---|---|---|---|---|\n")
    for g in report.groups:
        w(f"| {g.rank} | {g.cls.value} | {_md(g.source_term or '—')} | {_md(_renderings(g))} | "
          f"{_md(g.canonical)} | {_md(g.canonical_evidence)} |\n")
    if report.reverse:
        w("\n## One rendering, several source terms\n\n| # | rendering | source terms |\n|---|---|---|\n")
        for r in report.reverse:
            w(f"| {r.rank} | {_md(r.target)} | {_md(', '.join(f'{s.text} ×{s.count}' for s in r.sources))} |\n")
    c = report.comparison
    if c.documents:
        w("\n## Renderings compared\n\n| document A | document B | passages | chrF | BLEU | TER |\n|---|---|---|---|---|---|\n")
        for d in c.documents:
            w(f"| {_md(d.document_a)} | {_md(d.document_b)} | {d.passages} | {d.chrf:.1f} | {d.bleu:.1f} | {d.ter:.1f} |\n")
        w("\nSignatures (sacrebleu):\n\n")
        for name, sig in c.signatures.items():
            w(f"- {name}: `{sig}`\n")
    return out.getvalue()


def render_html(report: DiscoveryReport) -> str:
    e = html.escape
    rows = []
    for g in report.groups:
        rends = "<br>".join(
            f"{'<b>' if r.canonical else ''}{e(r.text)}{'</b>' if r.canonical else ''} ×{r.count}"
            + ("" if r.canonical else f" <small>{e(r.cls.value)}</small>") for r in g.renderings)
        rows.append(f"<tr class='{e(g.cls.value)}'><td>{g.rank}</td><td>{e(g.cls.value)}</td>"
                    f"<td>{e(g.source_term or '—')}</td><td>{rends}</td><td>{e(g.canonical_evidence)}</td>"
                    f"<td>{g.confidence:.2f}</td></tr>")
    reverse = "".join(f"<tr><td>{r.rank}</td><td>{e(r.target)}</td><td>"
                      + e(", ".join(f"{s.text} ×{s.count}" for s in r.sources)) + "</td></tr>" for r in report.reverse)
    docs = "".join(f"<tr><td>{e(d.document_a)}</td><td>{e(d.document_b)}</td><td>{d.passages}</td>"
                   f"<td>{d.chrf:.1f}</td><td>{d.bleu:.1f}</td><td>{d.ter:.1f}</td></tr>" for d in report.comparison.documents)
    sigs = "".join(f"<li>{e(n)}: <code>{e(s)}</code></li>" for n, s in report.comparison.signatures.items())
    title = f"Discovery report: {e(report.source_lang)} → {e(report.target_lang)}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}
tr.lexical td:nth-child(2),tr.numeric td:nth-child(2){{color:#a00;font-weight:bold}}</style></head>
<body><h1>{title}</h1>
<p>{report.segments} segments, {report.passages} source passages, {len(report.documents)} documents;
glossary prior: {'yes' if report.glossary else 'none'}.</p>
<h2>Variant groups (most serious drift first)</h2>
<table><tr><th>#</th><th>class</th><th>source term</th><th>renderings (canonical in bold)</th><th>why canonical</th><th>confidence</th></tr>
{''.join(rows)}</table>
<h2>One rendering, several source terms</h2>
<table><tr><th>#</th><th>rendering</th><th>source terms</th></tr>{reverse}</table>
<h2>Renderings compared</h2>
<table><tr><th>document A</th><th>document B</th><th>passages</th><th>chrF</th><th>BLEU</th><th>TER</th></tr>{docs}</table>
<ul>{sigs}</ul>
</body></html>
"""


RENDERERS: dict[str, tuple[Callable[[DiscoveryReport], str], str]] = {
    "text": (render_text, "txt"),
    "json": (render_json, "json"),
    "csv": (render_csv, "csv"),
    "md": (render_markdown, "md"),
    "html": (render_html, "html"),
}


def render(report: DiscoveryReport, fmt: str) -> str:
    return RENDERERS[fmt][0](report)
