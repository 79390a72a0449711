"""What TBX v3 (ISO 30042:2019, ``tbx``) and TBX v2 (2008, ``martif``) share.

Both hold the same TBX-Basic data categories in the same three levels; only the
element names and the namespace differ, so one writer and one reader serve both,
parameterised by a ``Shape``.

Model field -> TBX-Basic data category (the mapping is the same both ways):

========================  =====================================================
concept subject           ``descrip type="subjectField"`` (conceptEntry)
concept definition        ``descrip type="definition"`` (conceptEntry)
concept source            ``admin type="source"`` (conceptEntry)
concept note              ``note`` (conceptEntry), one per line
concept created/modified  ``transacGrp``: ``transactionType`` origination /
                          modification + ``date`` (conceptEntry)
term status               ``termNote type="administrativeStatus"``; forbidden is
                          ``deprecatedTerm-admn-sts`` + the note FORBIDDEN_NOTE
term type / pos           ``termNote type="termType"`` / ``"partOfSpeech"``
term context              ``descrip type="context"`` (termSec)
term source               ``admin type="source"`` (termSec)
term usage / reason       ``note`` labelled USAGE_LABEL / REASON_LABEL (TBX-Basic
                          has no usage-note or reason category)
term note                 ``note`` (termSec), one per line
========================  =====================================================
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from glossary.errors import ParseError, UsageError
from glossary.exchange.base import ANY_STATUS, ImportOptions, ImportResult, resolve_lang, slug_id, unique_id
from glossary.files.inputs import check_input, one_line
from glossary.files.xmlsafe import check_prolog, local_name, refuse_entities, stranger, xml_error
from glossary.model import Concept, Glossary, PartOfSpeech, Status, Term, TermType
from glossary.model.langtags import normalize_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"

FORBIDDEN_NOTE = "Forbidden term: do not use."
USAGE_LABEL = "Usage note: "
REASON_LABEL = "Status reason: "

STATUS_TO_TBX = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.SUPERSEDED: "supersededTerm-admn-sts",
    Status.FORBIDDEN: "deprecatedTerm-admn-sts",  # TBX-Basic has no "forbidden"; the note tells them apart
}

# Values read, lower-cased. The TBX picklist, the TBX v2 default XCS's normative
# statuses (read as preferred), and Weblate's shorthands, where "forbidden" and
# "obsolete" mean forbidden (Weblate marks such terms forbidden).
STATUS_FROM_TBX = {
    "preferredterm-admn-sts": Status.PREFERRED, "preferred": Status.PREFERRED,
    "standardizedterm-admn-sts": Status.PREFERRED, "legalterm-admn-sts": Status.PREFERRED,
    "regulatedterm-admn-sts": Status.PREFERRED,
    "admittedterm-admn-sts": Status.ADMITTED, "admitted": Status.ADMITTED,
    "deprecatedterm-admn-sts": Status.DEPRECATED, "deprecated": Status.DEPRECATED,
    "supersededterm-admn-sts": Status.SUPERSEDED, "superseded": Status.SUPERSEDED,
    "forbidden": Status.FORBIDDEN, "obsolete": Status.FORBIDDEN, "forbiddenterm-admn-sts": Status.FORBIDDEN,
}
_TYPE = {t.value.casefold(): t for t in TermType}
_POS = {p.value: p for p in PartOfSpeech}


@dataclass(frozen=True, slots=True)
class Shape:
    ns: str | None
    entry: str
    lang: str
    term_group: str

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name


V3 = Shape(TBX3_NS, "conceptEntry", "langSec", "termSec")
V2 = Shape(None, "termEntry", "langSet", "tig")


# -- ids: concept ids become xs:ID values (NCName), reversibly ------------------------
_NAME_CHAR = re.compile(r"[\w.\-]")
_ESCAPED = re.compile(r"_x([0-9A-F]{4,6})_")


def encode_id(raw: str) -> str:
    """XML-name escaping (``_xHHHH_``) of characters an NCName cannot hold, e.g. a leading digit."""
    out = []
    for i, ch in enumerate(raw):
        start_ok = ch == "_" or (ch.isalpha() and _NAME_CHAR.match(ch))
        ok = start_ok if i == 0 else bool(_NAME_CHAR.match(ch))
        if ch == "_" and _ESCAPED.match(raw, i):  # a literal "_x0041_" must survive decoding
            ok = False
        out.append(ch if ok else f"_x{ord(ch):04X}_")
    return "".join(out)


def decode_id(raw: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw)


# -- writing ----------------------------------------------------------------------------
def _sub(parent: etree._Element, shape: Shape, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, shape.tag(name), attrs)
    if text is not None:
        el.text = text
    return el


def _notes(parent: etree._Element, shape: Shape, text: str | None, label: str = "") -> None:
    # one <note> per line: readers fold whitespace inside an element, never across elements
    for line in (text or "").split("\n"):
        if line.strip():
            _sub(parent, shape, "note", label + line.strip())


def entry_element(concept: Concept, langs: list[str], shape: Shape) -> etree._Element:
    """One conceptEntry (v3) or termEntry (v2) holding ``langs`` in that order."""
    entry_id = encode_id(concept.id)
    entry = etree.Element(shape.tag(shape.entry), id=entry_id)
    if concept.subject:
        _sub(entry, shape, "descrip", concept.subject, type="subjectField")
    if concept.definition:
        _sub(entry, shape, "descrip", concept.definition, type="definition")
    if concept.source:
        _sub(entry, shape, "admin", concept.source, type="source")
    _notes(entry, shape, concept.note)
    for kind, date in (("origination", concept.created), ("modification", concept.modified)):
        if date:
            group = _sub(entry, shape, "transacGrp")
            _sub(group, shape, "transac", kind, type="transactionType")
            _sub(group, shape, "date", date)
    for lang in langs:
        terms = concept.terms_in(lang)
        if not terms:
            continue
        lang_el = _sub(entry, shape, shape.lang)
        lang_el.set(XML_LANG, lang)
        for n, term in enumerate(terms, 1):
            group = _sub(lang_el, shape, shape.term_group, id=f"{entry_id}-{lang}-{n}")
            _sub(group, shape, "term", term.text)
            # termSec order (core RNG): term, every termNote, then the rest
            if term.pos:
                _sub(group, shape, "termNote", term.pos.value, type="partOfSpeech")
            if term.type:
                _sub(group, shape, "termNote", term.type.value, type="termType")
            _sub(group, shape, "termNote", STATUS_TO_TBX[term.status], type="administrativeStatus")
            if term.context:
                _sub(group, shape, "descrip", term.context, type="context")
            if term.source:
                _sub(group, shape, "admin", term.source, type="source")
            if term.status is Status.FORBIDDEN:
                _sub(group, shape, "note", FORBIDDEN_NOTE)
            _notes(group, shape, term.usage, USAGE_LABEL)
            _notes(group, shape, term.reason, REASON_LABEL)
            _notes(group, shape, term.note)
    return entry


def append_entries(body: etree._Element, glossary: Glossary, langs: list[str], shape: Shape) -> int:
    """One entry per concept with a term in ``langs``, appended to ``body``; returns how many."""
    count = 0
    for concept in glossary:
        if any(concept.terms_in(lang) for lang in langs):
            body.append(entry_element(concept, langs, shape))
            count += 1
    return count


def serialize(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading ----------------------------------------------------------------------------
def parse_tree(path: Path) -> etree._ElementTree:
    """Parse a whole TBX file safely: no DTD, no entities, no network; a regular file within
    ``GLOSSARY_MAX_FILE_BYTES`` (it is read whole)."""
    check_input(path, whole=True)
    check_prolog(path)  # empty file, <!ENTITY> declarations
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise xml_error(exc, path) from None
    except (OSError, etree.LxmlError) as exc:  # "Error reading file ...: Invalid bytes in character encoding"
        raise ParseError(f"cannot read: {one_line(exc)}", path=path) from None
    refuse_entities(tree, path)
    return tree


def check_entries_only(root: etree._Element, entry: str, path: Path) -> None:
    """Every ``<body>`` holds only ``entry`` elements: an unknown element where an entry belongs
    (a ``<termEntryx>`` holding a concept) is an error at its line, never skipped in silence."""
    for body in root.iter(etree.Element):
        if local_name(body.tag) != "body":
            continue
        other = stranger(body, {entry})
        if other is not None:
            raise ParseError(f"unknown element <{local_name(other.tag)}> in <body> (only <{entry}> belongs there)",
                             path=path, line=other.sourceline)


def clean_text(el: etree._Element) -> str:
    """Element text with inline markup flattened; line breaks of pretty-printing folded to a space."""
    text = "".join(el.itertext())
    return re.sub(r"[ \t]*\r?\n[ \t]+", " ", text).strip()


def _safe_lang(tag: str | None) -> str | None:
    try:
        return normalize_lang(tag) if tag else None
    except UsageError:
        return None


def _join(parts: list[str], sep: str) -> str | None:
    seen = list(dict.fromkeys(p for p in parts if p))
    return sep.join(seen) if seen else None


class EntryReader:
    """Reads conceptEntry/termEntry elements into concepts, counting what the model cannot hold."""

    def __init__(self, path: Path, options: ImportOptions, result: ImportResult, shape: Shape,
                 *, main_lang: str | None) -> None:
        self.path = path
        self.options = options
        self.result = result
        self.shape = shape
        self.main_lang = _safe_lang(main_lang)
        self.taken: set[str] = set()
        self.unstated: set[int] = set()  # id() of terms read without administrativeStatus

    def is_(self, el: etree._Element, name: str) -> bool:
        return local_name(el.tag) == name

    def where(self, el: etree._Element) -> str:
        return f"{self.path}:{el.sourceline}"

    def read(self, entry: etree._Element) -> Concept:
        subjects: list[str] = []
        definitions: list[tuple[str | None, str, str | None]] = []  # (lang, text, its source)
        sources: list[str] = []
        notes: list[str] = []
        created: list[str] = []
        modified: list[str] = []
        terms: dict[str, list[Term]] = {}
        for child in entry:
            name = local_name(child.tag)
            if name in (self.shape.lang, "langSec", "langSet"):
                self.language(child, terms, definitions, sources, notes)
            elif name == "transacGrp":
                self.transaction(child, created, modified, level="conceptEntry")
            else:
                self.meta(child, level="conceptEntry", subjects=subjects, definitions=definitions,
                          sources=sources, notes=notes, lang=None)
        raw_id = entry.get("id")
        where = self.where(entry)
        if raw_id:
            concept_id = unique_id(decode_id(raw_id), self.taken, self.result, where)
        else:
            first = next((t.text for ts in terms.values() for t in ts), "concept")
            concept_id = slug_id(first, self.taken)
            self.result.provisional_ids.add(concept_id)  # matched by its terms in a merge
            self.result.notes.append(f"{where}: entry without id given the id {concept_id!r}")
        main = self._main_definition(definitions)
        if main is not None and main[2]:
            sources.insert(0, main[2])
        for lang, text, source in definitions:
            if main is not None and text == main[1]:  # the same definition repeated at language level
                if source and source not in sources:
                    sources.append(source)
                continue
            extra = f"Definition ({lang}): {text}" if lang else f"Definition: {text}"
            notes.append(extra + (f" [source: {source}]" if source else ""))
            self.result.notes.append(f"{where}: concept {concept_id!r}: a second definition ({lang or 'concept'}) kept in the note")
        for lang_terms in terms.values():
            self.assume_statuses(lang_terms, concept_id, where)
        return Concept(
            id=concept_id, terms=terms, subject=_join(subjects, "; "),
            definition=main[1] if main else None, note=_join(notes, "\n"), source=_join(sources, "; "),
            created=min(created) if created else None, modified=max(modified) if modified else None,
        )

    def _main_definition(self, definitions: list[tuple[str | None, str, str | None]]):
        if not definitions:
            return None
        for wanted in (None, self.main_lang):
            for item in definitions:
                if item[0] == wanted:
                    return item
        return definitions[0]

    def language(self, el: etree._Element, terms: dict[str, list[Term]], definitions: list, sources: list[str],
                 notes: list[str]) -> None:
        raw = el.get(XML_LANG) or el.get("lang") or ""
        if not raw:
            raise ParseError(f"<{local_name(el.tag)}> without xml:lang", path=self.path, line=el.sourceline)
        lang = resolve_lang(raw, self.options, path=self.path, line=el.sourceline)
        bucket = terms.setdefault(lang, [])
        for child in el:
            name = local_name(child.tag)
            if name in ("termSec", "tig", "ntig"):
                term = self.term(child, lang)
                if term is not None:
                    bucket.append(term)
            elif name == "transacGrp":
                self.result.drop("transactionType at language level")
            else:
                self.meta(child, level="langSec", subjects=[], definitions=definitions, sources=sources,
                          notes=notes, lang=lang)
        if not bucket:
            del terms[lang]

    def meta(self, el: etree._Element, *, level: str, subjects: list[str], definitions: list,
             sources: list[str], notes: list[str], lang: str | None) -> None:
        """Concept- or language-level admin/descrip/note (grouped or not)."""
        name = local_name(el.tag)
        kind = el.get("type") or ""
        if name == "descripGrp":
            descrip = next((c for c in el if self.is_(c, "descrip")), None)
            group_sources = [clean_text(c) for c in el if self.is_(c, "admin") and c.get("type") == "source"]
            for c in el:
                if self.is_(c, "note"):
                    notes.append(clean_text(c))
                elif self.is_(c, "admin") and c.get("type") != "source" or self.is_(c, "ref") or self.is_(c, "xref"):
                    self.result.drop(f"{local_name(c.tag)} {c.get('type') or ''} in descripGrp".replace("  ", " "))
            if descrip is not None:
                self.descrip(descrip, level, subjects, definitions, sources, lang, _join(group_sources, "; "))
            return
        if name == "descrip":
            self.descrip(el, level, subjects, definitions, sources, lang, None)
        elif name == "admin" and kind == "source":
            sources.append(clean_text(el))
        elif name == "note":
            notes.append(clean_text(el))
        elif name in ("adminGrp", "noteGrp"):
            for c in el:
                self.meta(c, level=level, subjects=subjects, definitions=definitions, sources=sources,
                          notes=notes, lang=lang)
        else:
            self.result.drop(f"{name} {kind}".strip() + f" at {level} level")

    def descrip(self, el: etree._Element, level: str, subjects: list[str], definitions: list,
                sources: list[str], lang: str | None, group_source: str | None) -> None:
        kind = el.get("type") or ""
        text = clean_text(el)
        if kind == "subjectField" and level == "conceptEntry":
            subjects.append(text)
            if group_source:
                sources.append(group_source)
        elif kind == "definition":
            definitions.append((lang, text, group_source))
        else:
            self.result.drop(f"descrip {kind} at {level} level")

    def transaction(self, group: etree._Element, created: list[str], modified: list[str], *, level: str) -> None:
        kind = next((clean_text(c) for c in group if self.is_(c, "transac")), "")
        date = next((clean_text(c) for c in group if self.is_(c, "date")), "")
        for c in group:
            if self.is_(c, "transacNote"):
                self.result.drop(f"transacNote {c.get('type') or ''}".strip())
        if kind == "origination" and date:
            created.append(date)
        elif kind == "modification" and date:
            modified.append(date)
        else:
            self.result.drop(f"transactionType {kind or '(none)'} at {level} level")

    def term(self, group: etree._Element, lang: str) -> Term | None:
        text: str | None = None
        status_raw: str | None = None
        fields: dict[str, list[str]] = {"context": [], "source": [], "usage": [], "reason": [], "note": []}
        pos = ttype = None
        forbidden_note = False
        for el in self._flatten(group):
            name = local_name(el.tag)
            kind = el.get("type") or ""
            value = clean_text(el)
            if name == "term":
                text = value
            elif name == "termNote" and kind == "administrativeStatus":
                status_raw = value
            elif name == "termNote" and kind == "partOfSpeech":
                pos = _POS.get(value.casefold())
                if pos is None:
                    self.result.drop(f"partOfSpeech {value}")
            elif name == "termNote" and kind == "termType":
                ttype = _TYPE.get(value.casefold())
                if ttype is None:
                    self.result.drop(f"termType {value}")
            elif name == "termNote":
                self.result.drop(f"termNote {kind}")
            elif name == "descrip" and kind == "context":
                fields["context"].append(value)
                fields["source"].extend(self._group_sources(el))
            elif name == "descrip" and kind.casefold() in ("usage note", "usagenote"):  # Weblate's usage notes
                fields["usage"].append(value)
            elif name == "admin" and kind == "source":
                if el.getparent() is not None and local_name(el.getparent().tag) == "descripGrp":
                    continue  # taken with its descrip
                fields["source"].append(value)
            elif name == "note":
                if value == FORBIDDEN_NOTE:
                    forbidden_note = True
                elif value.startswith(USAGE_LABEL):
                    fields["usage"].append(value[len(USAGE_LABEL):])
                elif value.startswith(REASON_LABEL):
                    fields["reason"].append(value[len(REASON_LABEL):])
                else:
                    fields["note"].append(value)
            elif name in ("descripGrp", "termGrp", "termNoteGrp", "adminGrp"):
                continue
            else:
                self.result.drop(f"{name} {kind}".strip() + " at term level")
        if not text:
            self.result.notes.append(f"{self.where(group)}: a term without text was skipped")
            return None
        status = self.status(status_raw, group, forbidden_note)
        term = Term(
            text=text, lang=lang, status=status or Status.PREFERRED, type=ttype, pos=pos,
            usage=_join(fields["usage"], "\n"), context=_join(fields["context"], "\n"),
            source=_join(fields["source"], "; "), reason=_join(fields["reason"], "\n"),
            note=_join(fields["note"], "\n"),
        )
        if status is None:
            self.unstated.add(id(term))  # decided per language by assume_statuses()
        return term

    def assume_statuses(self, terms: list[Term], concept_id: str, where: str) -> None:
        """A term without a status: preferred if its language has no stated preferred term and it is
        the first such; admitted otherwise (the model needs one preferred term per language)."""
        pending = self.unstated
        unstated = [t for t in terms if id(t) in pending]
        if not unstated:
            return
        has_preferred = any(t.status is Status.PREFERRED and id(t) not in pending for t in terms)
        for n, term in enumerate(unstated):
            term.status = Status.PREFERRED if (n == 0 and not has_preferred) else Status.ADMITTED
            pending.discard(id(term))
            self.result.unsure(concept_id, term, ANY_STATUS)  # the file says nothing: a merge takes the glossary's
        if len(unstated) > 1 or has_preferred:
            self.result.notes.append(f"{where}: concept {concept_id!r}: {len(unstated)} {unstated[0].lang} term(s) "
                                     "without administrativeStatus read as "
                                     + ", ".join(f"{t.text!r} {t.status.value}" for t in unstated))

    def status(self, raw: str | None, group: etree._Element, forbidden_note: bool) -> Status | None:
        if raw is None:
            return None
        status = STATUS_FROM_TBX.get(raw.strip().casefold())
        if status is None:
            raise ParseError(f"unknown administrativeStatus {raw!r} (known: {', '.join(sorted(STATUS_FROM_TBX))})",
                             path=self.path, line=group.sourceline)
        if status is Status.DEPRECATED and forbidden_note:
            return Status.FORBIDDEN
        return status

    def _group_sources(self, descrip: etree._Element) -> list[str]:
        parent = descrip.getparent()
        if parent is None or local_name(parent.tag) != "descripGrp":
            return []
        return [clean_text(c) for c in parent if self.is_(c, "admin") and c.get("type") == "source"]

    def _flatten(self, group: etree._Element):
        for el in group:
            yield el
            if local_name(el.tag) in ("termGrp", "termNoteGrp", "descripGrp", "adminGrp"):
                yield from self._flatten(el)
