"""OmegaT glossary: UTF-8 tab-separated ``.utf8``, columns source, target, comment; no header.

One line per (source term, usable target term): the preferred target first, then the
admitted ones, so OmegaT offers them in that order. The comment is the same on every
line of a concept: the preferred target's usage note, the definition, the target
terms to avoid, and the concept note. The format has no ids, statuses or other
fields; reading it back, the lines of one source term with one comment make a
concept (first target preferred, the others admitted), and source terms whose
targets and comment are identical are taken as synonyms of one concept (the first
preferred). The comment becomes the concept note.

For a merge the file has no ids and no statuses: every concept's id is made up, every
term stands for any status, and what the merge matches are the file's statements, one
per source term and comment (``ImportResult.entries``), not the synonym guess above; a
comment agrees with a glossary concept whose own comment (``concept_comment``) is the
same, and a new comment goes with the terms it came with (their note).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from glossary.errors import ParseError, UsageError
from glossary.exchange.base import (
    ANY_STATUS,
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    check_text,
    language_pairs,
    one_line,
    pair_file_name,
    register,
    slug_id,
    usable_terms,
)
from glossary.files.inputs import read_whole
from glossary.model import Concept, Glossary, Status, Term

_AVOID = (Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN)


def concept_comment(concept: Concept, target: str) -> str:
    parts = []
    preferred = concept.preferred(target)
    if preferred is not None and preferred.usage:
        parts.append(preferred.usage)
    if concept.definition:
        parts.append(concept.definition)
    avoid = [t.text for t in concept.with_status(target, *_AVOID)]
    if avoid:
        parts.append("avoid: " + " | ".join(avoid))
    if concept.note:
        parts.append(concept.note)
    return one_line("; ".join(parts))  # TSV has no quoting: a tab or line break would break the line


def pair_lines(glossary: Glossary, source: str, target: str) -> list[tuple[str, str, str]]:
    lines = []
    for concept in glossary:
        targets = usable_terms(concept, target)
        if not targets:
            continue
        comment = concept_comment(concept, target)
        for term in concept.terms_in(source):
            if term.text.lstrip().startswith("#"):
                raise UsageError(f"concept {concept.id!r}: source term {term.text!r} starts with '#', "
                                 "which OmegaT reads as a comment line")
            for t in targets:
                lines.append((one_line(term.text), one_line(t.text), comment))
    return lines


def group_lines(lines: list[tuple[int, str, str, str]], source: str, target: str) -> list[Concept]:
    """Lines (line, source, target, comment) -> concepts, as the module docstring says.

    Lines are grouped by (source, comment): the comment is per concept, so homonyms
    (one source term in two concepts) stay apart when their comments differ.
    """
    merged: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for (src, comment), targets in _statements(lines).items():
        merged.setdefault((tuple(targets), comment), []).append(src)
    return _concepts([(sources, targets, comment) for (targets, comment), sources in merged.items()], source, target)


def statement_entries(lines: list[tuple[int, str, str, str]], source: str, target: str) -> list[Concept]:
    """One concept per (source term, comment): what the file states, without the synonym guess."""
    return _concepts([([src], targets, comment) for (src, comment), targets in _statements(lines).items()],
                     source, target)


def _statements(lines: list[tuple[int, str, str, str]]) -> dict[tuple[str, str], list[str]]:
    """(source term, comment) -> its targets, in file order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for _line, src, tgt, comment in lines:
        targets = groups.setdefault((src, comment), [])
        if tgt not in targets:
            targets.append(tgt)
    return groups


def _concepts(groups: list[tuple[list[str], Sequence[str], str]], source: str, target: str) -> list[Concept]:
    taken: set[str] = set()
    concepts = []
    for sources, targets, comment in groups:
        concept = Concept(id=slug_id(sources[0], taken), note=comment or None)
        concept.terms[source] = [Term(text=s, lang=source, status=Status.PREFERRED if i == 0 else Status.ADMITTED)
                                 for i, s in enumerate(sources)]
        concept.terms[target] = [Term(text=t, lang=target, status=Status.PREFERRED if i == 0 else Status.ADMITTED)
                                 for i, t in enumerate(targets)]
        concepts.append(concept)
    return concepts


def need_languages(options: ImportOptions, what: str) -> tuple[str, str]:
    if not options.source_lang or not options.target_lang:
        raise UsageError(f"{what} files do not name their languages: give --source-lang and --target-lang")
    return options.source_lang, options.target_lang


@register
class OmegaTFormat(ExchangeFormat):
    name = "omegat"
    suffixes = (".utf8", ".tab", ".txt")
    description = "OmegaT glossary, tab-separated .utf8 (source, target, comment), one file per language pair"
    line_records = True
    pairwise = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        files = []
        for source, target in language_pairs(glossary, options):
            lines = pair_lines(glossary, source, target)
            data = "".join(f"{s}\t{t}\t{c}\n" for s, t, c in lines).encode("utf-8")
            files.append(ExportFile(name=pair_file_name("glossary", source, target, ".utf8"), data=data,
                                    entries=len(lines), source_lang=source, target_lang=target))
        return files

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        source, target = need_languages(options, "OmegaT")
        data = read_whole(path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ParseError("not valid UTF-8 (OmegaT .utf8 glossaries are UTF-8)", path=path,
                             line=data[: exc.start].count(b"\n") + 1) from None
        result = ImportResult(path=path, format=self.name)
        lines = []
        # Lines end at \n (or \r\n) only: splitlines() would also break at \v, \f and \x1c-\x1e.
        for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            cols = raw.split("\t")
            for column, cell in enumerate(cols, start=1):
                check_text(cell, f"column {column}", path, number)
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                result.warnings.append(f"{path}:{number}: a line without source and target tab-separated was skipped")
                continue
            if len(cols) > 3:
                result.drop("OmegaT columns after the third")
            lines.append((number, cols[0].strip(), cols[1].strip(), cols[2].strip() if len(cols) > 2 else ""))
        if not lines:
            raise ParseError("no glossary entry (source<TAB>target) in this file", path=path, line=1)
        result.concepts = group_lines(lines, source, target)
        result.entries = statement_entries(lines, source, target)
        result.provisional_ids.update(c.id for c in (*result.concepts, *result.entries))
        result.status_meaning.update({status: ANY_STATUS for status in Status})
        result.summary = lambda concept: concept_comment(concept, target)
        return result
