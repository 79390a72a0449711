"""PO glossary files (Weblate's convention), one per language pair, written with polib.

msgctxt = concept id (homonyms stay apart), msgid = a source-language term (one entry
per source term), msgstr = the preferred target term. The rest goes into extracted
comments (``#.``), one labelled line each, so a reader sees it and an import reads it
back: ``status`` (of the source term), ``definition``, ``subject``, ``usage`` (of the
preferred target term), and the other target terms by status (``admitted``,
``deprecated``, ``superseded``, ``forbidden``); a forbidden term is never a msgstr.

An entry without those comments (added by hand or by another tool) has no stated status:
in a merge its msgid agrees with any status and its msgstr with preferred or admitted; an
entry without msgctxt has no concept id and is matched to the glossary by its terms.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from glossary.errors import ParseError, UsageError
from glossary.exchange.base import (
    ANY_STATUS,
    USABLE_STATUSES,
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_date,
    language_pairs,
    one_line,
    pair_file_name,
    register,
    resolve_lang,
    slug_id,
    unique_id,
)
from glossary.files.inputs import one_line
from glossary.model import Concept, Glossary, Status, Term
from glossary.model.langtags import display_name, same_language

LIST_SEP = " | "  # several terms on one comment line
_STATUS = {s.value: s for s in Status}
_OTHER_STATUSES = (Status.ADMITTED, Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN)


def po_date(date: str) -> str:
    """ISO date or date-time -> the PO header form ``YYYY-MM-DD HH:MM+ZZZZ``."""
    try:
        if len(date) == 10:
            return f"{_dt.date.fromisoformat(date).isoformat()} 00:00+0000"
        moment = _dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--date {date!r} is not an ISO date (YYYY-MM-DD)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def entry_comments(concept: Concept, source_term: Term, target: str) -> list[str]:
    lines = [f"status: {source_term.status.value}"]
    if concept.subject:
        lines.append(f"subject: {one_line(concept.subject)}")
    if concept.definition:
        lines.append(f"definition: {one_line(concept.definition)}")
    preferred = concept.preferred(target)
    if preferred is not None and preferred.usage:
        lines.append(f"usage: {one_line(preferred.usage)}")
    for status in _OTHER_STATUSES:
        terms = concept.with_status(target, status)
        if terms:
            lines.append(f"{status.value}: {LIST_SEP.join(t.text for t in terms)}")
    return lines


@register
class PoFormat(ExchangeFormat):
    name = "po"
    suffixes = (".po", ".pot")
    description = "PO glossary (Weblate convention), one file per language pair"
    line_records = True
    pairwise = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        date = export_date(glossary, options)
        if date is None:
            raise UsageError("no concept has a created/modified date: give --date YYYY-MM-DD "
                             "so the PO headers are reproducible")
        files = []
        for source, target in language_pairs(glossary, options):
            po = polib.POFile(wrapwidth=0)  # unwrapped: a wrapped "#. definition:" would read back as two lines
            po.header = (f"{options.title}: {display_name(source, 'en')} -> {display_name(target, 'en')} glossary.\n"
                         "msgctxt = concept id; the target terms of each status are in the #. comments.")
            po.metadata = self.headers(source, target, po_date(date), options)
            for concept in glossary:
                preferred = concept.preferred(target)
                if preferred is None:
                    continue  # nothing a translator may write in this language
                for term in concept.terms_in(source):
                    po.append(polib.POEntry(msgctxt=concept.id, msgid=term.text, msgstr=preferred.text,
                                            comment="\n".join(entry_comments(concept, term, target))))
            text = str(po)
            text = text if text.endswith("\n") else text + "\n"
            files.append(ExportFile(name=pair_file_name("glossary", source, target, ".po"), data=text.encode("utf-8"),
                                    entries=len(po), source_lang=source, target_lang=target))
        return files

    @staticmethod
    def headers(source: str, target: str, date: str, options: ExportOptions) -> dict[str, str]:
        plural = get_plural(target.replace("-", "_"))
        return {
            "Project-Id-Version": options.title,
            "POT-Creation-Date": date,
            "PO-Revision-Date": date,
            "Last-Translator": options.translator,
            "Language-Team": display_name(target, "en"),
            "Language": target.replace("-", "_"),
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural.plural_forms,
            "X-Source-Language": source,
            "X-Generator": "glossary export",
        }

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        strict_syntax(path)  # polib lets an unterminated string, an unknown charset, an empty file through
        try:
            po = polib.pofile(str(path), wrapwidth=78)
        except (OSError, UnicodeDecodeError, ValueError, LookupError) as exc:
            raise ParseError(f"not a readable PO file: {one_line(exc)}", path=path) from None
        meta = po.metadata
        declared = [resolve_lang(meta[key], options, path=path, line=None) if meta.get(key, "").strip() else None
                    for key in ("X-Source-Language", "Language")]  # a bad tag is an error even when -s/-t are given
        source = options.source_lang or declared[0]
        target = options.target_lang or declared[1]
        if target and declared[1] and not same_language(target, declared[1]):
            raise ParseError(f"the file's target language (Language) is {declared[1]}, not the requested {target}",
                             path=path)
        if source is None or target is None:
            raise ParseError("the PO file does not say its languages (X-Source-Language, Language): "
                             "give --source-lang and --target-lang", path=path)
        result = ImportResult(path=path, format=self.name)
        by_id: dict[str, Concept] = {}
        taken: set[str] = set()
        for entry in po:
            if entry.obsolete:
                result.drop("obsolete PO entry")
                continue
            where = f"{path}:{entry.linenum}"
            msgstr = entry.msgstr or (entry.msgstr_plural.get(0) if entry.msgstr_plural else "")
            if "fuzzy" in entry.flags and msgstr:
                result.notes.append(f"{where}: fuzzy translation {msgstr!r} read as admitted")
            key = entry.msgctxt or None
            concept = by_id.get(key) if key else None
            if concept is None:
                concept_id = unique_id(key, taken, result, where) if key else slug_id(entry.msgid, taken)
                if not key:
                    result.provisional_ids.add(concept_id)  # no msgctxt: matched by its terms in a merge
                concept = Concept(id=concept_id)
                by_id[key or concept_id] = concept
                result.concepts.append(concept)
            self.read_entry(concept, entry, msgstr, source, target, result, where)
        return result

    def read_entry(self, concept: Concept, entry: polib.POEntry, msgstr: str, source: str, target: str,
                   result: ImportResult, where: str) -> None:
        fields: dict[str, str] = {}
        free: list[str] = []
        for line in (entry.comment or "").splitlines() + (entry.tcomment or "").splitlines():
            label, sep, value = line.partition(": ")
            if sep and label in ("status", "subject", "definition", "usage", *_STATUS):
                fields[label] = value.strip()
            elif line.strip():
                free.append(line.strip())
        status = _STATUS.get(fields.get("status", "preferred"), Status.PREFERRED)
        ours = "status" in fields  # written by this tool's export; else by hand or by another tool
        sources = concept.terms.setdefault(source, [])
        if any(t.text == entry.msgid for t in sources):
            result.notes.append(f"{where}: {entry.msgid!r} listed twice in concept {concept.id!r}")
        else:
            if not ours and any(t.status is Status.PREFERRED for t in sources):
                status = Status.ADMITTED
            sources.append(Term(text=entry.msgid, lang=source, status=status))
            if not ours:
                result.unsure(concept.id, sources[-1], ANY_STATUS)
        concept.subject = concept.subject or fields.get("subject")
        concept.definition = concept.definition or fields.get("definition")
        if free:
            concept.note = "\n".join(dict.fromkeys(((concept.note or "").splitlines()) + free))
        targets = concept.terms.setdefault(target, [])
        if msgstr and not any(t.text == msgstr for t in targets):
            fuzzy = "fuzzy" in entry.flags
            has_preferred = any(t.status is Status.PREFERRED for t in targets)
            targets.append(Term(text=msgstr, lang=target,
                                status=Status.ADMITTED if fuzzy or has_preferred else Status.PREFERRED,
                                usage=fields.get("usage")))
            if not ours:
                result.unsure(concept.id, targets[-1], USABLE_STATUSES)  # a msgstr may be written
        for status in _OTHER_STATUSES:
            for text in filter(None, (t.strip() for t in fields.get(status.value, "").split(LIST_SEP.strip()))):
                if not any(t.text == text for t in targets):
                    targets.append(Term(text=text, lang=target, status=status))
        if not targets:
            del concept.terms[target]

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in self.suffixes and b"msgid" in head


def strict_syntax(path: Path) -> None:
    """Read the catalogue once with the corpus PO parser, which refuses (at the line) what polib
    lets through: an unterminated string, text after a string, a bad escape, an unknown charset,
    an empty file, a NUL; the languages are not its business here."""
    from glossary.corpora.formats.base import get_format, segment_problem

    for segment in get_format("po").check_syntax(path):
        problem = segment_problem(segment, controls=False)
        if problem is not None:
            raise ParseError(problem[0], path=path, line=segment.origin.line)
