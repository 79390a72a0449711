"""Terminal and JSON views of lookup, concordance, index updates and glossary edits.

Library results come in as data; this module is the only place that decides how
they look. User text is always printed as ``rich.text.Text``, never as markup.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from glossary.model import Status, Term
from glossary.search.lookup import STATUS_RANK, LookupAnswer, LookupHit

if TYPE_CHECKING:  # the corpus index (sqlite3, the readers) is loaded only when a command uses it
    from glossary.search.concordance import ConceptRenderings, Concordance, UpdateSummary

_STATUS_STYLE = {
    Status.PREFERRED: "bold green",
    Status.ADMITTED: "",
    Status.DEPRECATED: "yellow",
    Status.SUPERSEDED: "yellow",
    Status.FORBIDDEN: "bold red",
}
_STATUS_LABEL = {
    Status.PREFERRED: "preferred",
    Status.ADMITTED: "admitted",
    Status.DEPRECATED: "deprecated ✗",
    Status.SUPERSEDED: "superseded ✗",
    Status.FORBIDDEN: "FORBIDDEN ✗",
}
_HIGHLIGHT = "bold black on yellow"


# -- lookup ------------------------------------------------------------------------------------
def term_json(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"term": term.text, "lang": term.lang, "status": term.status.value}
    for key in ("type", "pos"):
        value = getattr(term, key)
        if value is not None:
            out[key] = value.value
    for key in ("usage", "context", "source", "reason", "note"):
        value = getattr(term, key)
        if value:
            out[key] = value
    return out


def renderings_json(renderings: list[ConceptRenderings]) -> list[dict[str, Any]]:
    return [{"source_lang": r.source_lang, "target_lang": r.target_lang, "segments": r.segments,
             "renderings": [{"text": c.text or None, "status": c.status.value if c.status else None,
                             "count": c.count} for c in r.counts]} for r in renderings]


def lookup_json(answer: LookupAnswer, renderings: dict[str, list[ConceptRenderings]] | None = None) -> dict[str, Any]:
    """The lookup answer for scripts; ``renderings`` by concept id when a corpus index was used."""
    results = []
    for hit in answer.hits:
        concept = hit.concept
        entry: dict[str, Any] = {
            "concept_id": concept.id,
            "score": hit.score,
            "match": hit.kind.value,
            "matched_term": {"term": hit.term.text, "lang": hit.term.lang, "status": hit.term.status.value},
            "preferred": {lang: t.text for lang in concept.terms if (t := concept.preferred(lang)) is not None},
            "terms": {lang: [term_json(t) for t in terms] for lang, terms in concept.terms.items()},
        }
        for key in ("subject", "definition", "note", "source"):
            value = getattr(concept, key)
            if value:
                entry[key] = value
        if renderings is not None:
            entry["corpus"] = renderings_json(renderings.get(concept.id, []))
        results.append(entry)
    return {
        "query": answer.query,
        "searched": {"languages": answer.languages, "subject": answer.subject,
                     "concepts": answer.concepts_searched, "terms": answer.terms_searched},
        "results": results,
        "suggestions": [{"term": s.text, "lang": s.lang, "concept_id": s.concept_id, "score": s.score}
                        for s in answer.suggestions],
    }


def print_lookup(answer: LookupAnswer, console: Console,
                 renderings: dict[str, list[ConceptRenderings]] | None = None) -> None:
    if not answer.hits:
        _print_nothing_found(answer, console)
        return
    for number, hit in enumerate(answer.hits, start=1):
        if number > 1:
            console.print()
        _print_hit(number, hit, console, renderings.get(hit.concept.id, []) if renderings is not None else None)


def _print_nothing_found(answer: LookupAnswer, console: Console) -> None:
    scope = f"{answer.terms_searched} terms of {answer.concepts_searched} concepts in {', '.join(answer.languages)}"
    if answer.subject:
        scope += f", subject containing {answer.subject!r}"
    console.print(Text(f"nothing found for {answer.query!r} (searched {scope}; exact, without diacritics, "
                       "abbreviations, prefixes, words and near misses)"), soft_wrap=True)
    if answer.suggestions:
        console.print(Text("nearest terms:"))
        for s in answer.suggestions:
            console.print(Text.assemble("  ", (s.text, "bold"), f" ({s.lang}, concept {s.concept_id})"))
    else:
        console.print(Text("no term is near it either"))


def _print_hit(number: int, hit: LookupHit, console: Console, renderings: list[ConceptRenderings] | None) -> None:
    concept = hit.concept
    header = Text.assemble(f"{number}. ", (concept.id, "bold cyan"))
    if concept.subject:
        header.append(f"  [{concept.subject}]", style="dim")
    header.append(f"  {hit.kind.value} match on {hit.term.lang} ", style="dim")
    header.append(repr(hit.term.text), style="dim")
    header.append(f" ({hit.score:g})", style="dim")
    console.print(header, soft_wrap=True)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for lang, terms in concept.terms.items():
        for i, term in enumerate(_ordered(terms)):
            table.add_row(Text(lang if i == 0 else "", style="bold"),
                          Text(_STATUS_LABEL[term.status], style=_STATUS_STYLE[term.status]),
                          _term_line(term))
    console.print(Padding(table, (0, 0, 0, 2)))
    for label, value in (("definition", concept.definition), ("note", concept.note)):
        if value:
            console.print(Text.assemble(("  " + label + ": ", "dim"), value), soft_wrap=True)
    for term in concept.all_terms():
        for label in ("usage", "context"):
            value = getattr(term, label)
            if value:
                console.print(Text.assemble((f"  {label} ({term.lang} {term.text}): ", "dim"), value), soft_wrap=True)
    if renderings is not None:
        _print_renderings(renderings, console)


def _ordered(terms: list[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: STATUS_RANK[t.status])


def _term_line(term: Term) -> Text:
    line = Text(term.text, style="bold" if term.status is Status.PREFERRED else "")
    details = [v.value for v in (term.type, term.pos) if v is not None]
    if details:
        line.append(f"  ({', '.join(details)})", style="dim")
    if term.reason and not term.status.usable:
        line.append(f"  — {term.reason}", style=_STATUS_STYLE[term.status])
    return line


def _print_renderings(renderings: list[ConceptRenderings], console: Console) -> None:
    if not renderings:
        console.print(Text("  corpus: no segment holds this concept's source terms", style="dim"))
        return
    for pair in renderings:
        line = Text(f"  corpus {pair.source_lang}→{pair.target_lang}, {pair.segments} segment(s): ", style="dim")
        for i, count in enumerate(pair.counts):
            if i:
                line.append(" · ", style="dim")
            if count.status is None:
                line.append(f"no glossary term {count.count}", style="dim")
            else:
                marker = "" if count.status.usable else " ✗"
                line.append(f"{count.text}{marker} {count.count}", style=_STATUS_STYLE[count.status])
        console.print(line, soft_wrap=True)


# -- concordance --------------------------------------------------------------------------------
def concordance_json(result: Concordance) -> dict[str, Any]:
    return {
        "query": result.query,
        "words": result.words,
        "filters": {"lang": result.lang, "document": result.document, "outlet": result.outlet},
        "total": result.total,
        "shown": len(result.lines),
        "segments": [{
            "path": line.path, "line": line.line, "unit_id": line.unit_id, "document": line.document,
            "outlet": line.outlet, "source_lang": line.source_lang, "target_lang": line.target_lang,
            "source": line.source, "target": line.target,
            "source_matches": [list(span) for span in line.source_spans],
            "target_matches": [list(span) for span in line.target_spans],
        } for line in result.lines],
    }


def highlighted(text: str, spans: list[tuple[int, int]]) -> Text:
    out = Text(text)
    for start, end in spans:
        out.stylize(_HIGHLIGHT, start, end)
    return out


def print_concordance(result: Concordance, console: Console) -> None:
    filters = [f"{k} {v!r}" for k, v in (("lang", result.lang), ("document", result.document),
                                          ("outlet", result.outlet)) if v]
    scope = f" ({', '.join(filters)})" if filters else ""
    if not result.total:
        console.print(Text(f"no segment holds {result.query!r}{scope}; the search ignores case and diacritics"),
                      soft_wrap=True)
        return
    shown = f", showing the first {len(result.lines)}" if len(result.lines) < result.total else ""
    console.print(Text(f"{result.total} segment(s) hold {result.query!r}{scope}{shown}"), soft_wrap=True)
    table = Table(show_lines=True, expand=True)
    table.add_column("where", ratio=1, min_width=16, overflow="fold")
    pairs = {(line.source_lang, line.target_lang) for line in result.lines}
    source_head, target_head = ("source", "target") if len(pairs) != 1 else next(iter(pairs))
    table.add_column(source_head, ratio=3)
    table.add_column(target_head, ratio=3)
    for line in result.lines:
        where = Text(line.document or "", style="bold")
        if line.outlet:
            where.append(f"\n{line.outlet}", style="dim")
        where.append(f"\n{line.path.rsplit('/', 1)[-1]}:{line.line}", style="dim")
        table.add_row(where, highlighted(line.source, line.source_spans), highlighted(line.target, line.target_spans))
    console.print(table)


# -- index ------------------------------------------------------------------------------------
def index_summary_json(summary: UpdateSummary) -> dict[str, Any]:
    return {"index": summary.index, "added": summary.added, "updated": summary.updated,
            "unchanged": summary.unchanged, "removed": summary.removed, "segments_read": summary.segments_read,
            "segments_total": summary.segments_total, "seconds": round(summary.seconds, 3),
            "warnings": summary.warnings}


def print_index_summary(summary: UpdateSummary, console: Console) -> None:
    parts = [f"{len(summary.added)} added", f"{len(summary.updated)} updated", f"{len(summary.unchanged)} unchanged"]
    if summary.removed:
        parts.append(f"{len(summary.removed)} removed")
    console.print(Text(f"{summary.index}: {summary.segments_total} segment(s) indexed; files: {', '.join(parts)}; "
                       f"{summary.segments_read} segment(s) read in {summary.seconds:.2f} s"), soft_wrap=True)
    for label, paths in (("added", summary.added), ("updated", summary.updated), ("removed", summary.removed)):
        for path in paths:
            console.print(Text(f"  {label}: {path}", style="dim"), soft_wrap=True)


# -- edits ------------------------------------------------------------------------------------
def print_diff(diff: str, console: Console) -> None:
    """A unified diff, coloured by line."""
    for line in diff.splitlines():
        style = ("bold" if line.startswith(("+++", "---")) else "green" if line.startswith("+")
                 else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else "")
        console.print(Text(line, style=style), soft_wrap=True)
