"""The checks a TBX v3 file must pass before it is imported.

The official check is the core RelaxNG *and* the TBX-Basic DCA Schematron; their
files are reference material that this package does not ship (see
tests/standards/tbx-basic/SOURCE.md), so the rules that matter for import are
checked here in Python, and the RelaxNG is run as well when a schema file is given.

Exactly these rules (the tests compare the verdicts with the real validators):

Structure (core RelaxNG):
  S1 the root is ``tbx`` in namespace urn:iso:std:iso:30042:ed-2
  S2 ``tbxHeader/fileDesc`` holds publicationStmt?, titleStmt?, sourceDesc, in that order
  S3 ``text/body`` holds at least one conceptEntry
  S4 every conceptEntry has an ``id``; every ``id`` is an NCName and unique
  S5 every langSec has ``xml:lang`` and a termSec; every conceptEntry has a langSec
  S6 a termSec starts with ``term``, then every termNote(Grp), then the rest
  S7 every ``target`` (except on xref, a URI) names an ``id`` of the file
  S8 ``date`` is an xs:date or xs:dateTime
TBX-Basic DCA (Schematron), plus one rule the Schematron means but cannot fire:
  D1 ``tbx/@type`` is TBX-Basic and ``@style`` is dca
  D2 every element is in the TBX namespace
  D3 data-category names per element (admin, descrip, ref, termNote, transac, transacNote, xref)
  D4 levels: termNote only in termSec; subjectField only at conceptEntry; context only at
     termSec; definition at conceptEntry or langSec; customerSubset/projectSubset/crossReference
     at conceptEntry or termSec; source and transactionType and externalCrossReference at any
     of the three levels; xGraphic at conceptEntry or langSec (a *Grp wrapper counts as its parent)
  D5 picklists: administrativeStatus, partOfSpeech, grammaticalGender, termType, termLocation
  D6 transactionType is origination or modification (the Schematron states it, but its rule
     never fires; see tests/standards/tbx-basic/negative/EXPECTED.md note 2)
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from glossary.errors import ParseError
from glossary.exchange.tbxcommon import TBX3_NS, XML_LANG
from glossary.files.xmlsafe import local_name

CATEGORIES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "ref": {"crossReference"},
    "termNote": {"administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender",
                 "termLocation", "termType"},
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
}
LEVELS = {
    "subjectField": {"conceptEntry"},
    "context": {"termSec"},
    "definition": {"conceptEntry", "langSec"},
    "customerSubset": {"conceptEntry", "termSec"},
    "projectSubset": {"conceptEntry", "termSec"},
    "crossReference": {"conceptEntry", "termSec"},
    "source": {"conceptEntry", "langSec", "termSec"},
    "transactionType": {"conceptEntry", "langSec", "termSec"},
    "responsibility": {"conceptEntry", "langSec", "termSec"},
    "externalCrossReference": {"conceptEntry", "langSec", "termSec"},
    "xGraphic": {"conceptEntry", "langSec"},
}
PICKLISTS = {
    "administrativeStatus": ("admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                             "preferredTerm-admn-sts"),
    "partOfSpeech": ("adjective", "noun", "other", "verb", "adverb"),
    "grammaticalGender": ("masculine", "feminine", "neuter", "other"),
    "termType": ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"),
    "termLocation": ("checkBox", "comboBox", "comboBoxElement", "dialogBox", "groupBox", "informativeMessage",
                     "interactiveMessage", "menuItem", "progressBar", "pushButton", "radioButton", "slider",
                     "spinBox", "tab", "tableText", "textBox", "toolTip", "user-definedType"),
    "transactionType": ("origination", "modification"),
}
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")


@dataclass(frozen=True, slots=True)
class Finding:
    line: int | None
    rule: str
    message: str


def _tag(name: str) -> str:
    return f"{{{TBX3_NS}}}{name}"


def _level(el: etree._Element) -> str | None:
    """The conceptEntry/langSec/termSec an element belongs to (a *Grp wrapper is skipped)."""
    parent = el.getparent()
    while parent is not None and local_name(parent.tag).endswith("Grp"):
        parent = parent.getparent()
    return local_name(parent.tag) if parent is not None else None


def check_tree(tree: etree._ElementTree) -> list[Finding]:
    """Every finding, in document order."""
    root = tree.getroot()
    found: list[Finding] = []

    def add(el: etree._Element | None, rule: str, message: str) -> None:
        found.append(Finding(el.sourceline if el is not None else None, rule, message))

    if root.tag != _tag("tbx"):
        add(root, "S1", f"root element is <{local_name(root.tag)}> (namespace {etree.QName(root).namespace or 'none'}), "
                        f"not TBX v3 <tbx xmlns=\"{TBX3_NS}\">")
        return found
    if root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        add(root, "D1", f"not a TBX-Basic DCA file: type={root.get('type')!r} style={root.get('style')!r} "
                        "(expected type=\"TBX-Basic\" style=\"dca\")")
    _check_header(root, add)
    body = root.find(f"{_tag('text')}/{_tag('body')}")
    if body is None or body.find(_tag("conceptEntry")) is None:
        add(body if body is not None else root, "S3", "<body> holds no conceptEntry")
    ids: dict[str, int | None] = {}
    for el in root.iter(etree.Element):
        el_id = el.get("id")
        if el_id is not None:
            if not _NCNAME.match(el_id):
                add(el, "S4", f"id {el_id!r} is not an XML name (NCName)")
            elif el_id in ids:
                add(el, "S4", f"id {el_id!r} used twice (first on line {ids[el_id]})")
            ids.setdefault(el_id, el.sourceline)
    for el in root.iter(etree.Element):
        _check_element(el, ids, add)
    return found


def _check_header(root: etree._Element, add) -> None:
    file_desc = root.find(f"{_tag('tbxHeader')}/{_tag('fileDesc')}")
    if file_desc is None:
        add(root, "S2", "missing <tbxHeader><fileDesc>")
        return
    order = [local_name(c.tag) for c in file_desc if isinstance(c.tag, str)]
    expected_rank = {"publicationStmt": 0, "titleStmt": 1, "sourceDesc": 2}
    ranks = [expected_rank.get(n, 9) for n in order]
    if ranks != sorted(ranks) or order.count("sourceDesc") != 1 or len(set(order)) != len(order) or 9 in ranks:
        add(file_desc, "S2", f"fileDesc holds {', '.join(order) or 'nothing'}; the core schema wants "
                             "publicationStmt?, titleStmt?, sourceDesc in that order")


def _check_element(el: etree._Element, ids: dict[str, int | None], add) -> None:
    name = local_name(el.tag)
    if etree.QName(el).namespace != TBX3_NS:
        add(el, "D2", f"element <{el.tag}> is not in the TBX namespace (DCT-style elements are not allowed in DCA)")
        return
    if name == "conceptEntry":
        if el.get("id") is None:
            add(el, "S4", "conceptEntry without id")
        if el.find(_tag("langSec")) is None:
            add(el, "S5", "conceptEntry without langSec")
    elif name == "langSec":
        if not el.get(XML_LANG):
            add(el, "S5", "langSec without xml:lang")
        if el.find(_tag("termSec")) is None:
            add(el, "S5", "langSec without termSec")
    elif name == "termSec":
        _check_term_order(el, add)
    elif name == "date":
        _check_date(el, add)
    target = el.get("target")
    if target is not None and name != "xref" and target not in ids:
        add(el, "S7", f"{name} target {target!r} names no id in this file")
    kind = el.get("type")
    if name in CATEGORIES:
        if not kind:
            add(el, "D3", f"<{name}> without a data category (type)")
            return
        if kind not in CATEGORIES[name]:
            add(el, "D3", f"<{name} type=\"{kind}\"> is not a TBX-Basic data category "
                          f"(allowed: {', '.join(sorted(CATEGORIES[name]))})")
            return
        level = _level(el)
        if name == "termNote" and level != "termSec":
            add(el, "D4", f"termNote {kind} at {level} level; termNote is only allowed in termSec")
        allowed = LEVELS.get(kind)
        if allowed and level not in allowed:
            add(el, "D4", f"{kind} at {level} level (allowed at: {', '.join(sorted(allowed))})")
        value = "".join(el.itertext()).strip()
        if name in ("termNote", "transac") and kind in PICKLISTS and value not in PICKLISTS[kind]:
            rule = "D6" if kind == "transactionType" else "D5"
            add(el, rule, f"{kind} {value!r} is not in the TBX-Basic picklist ({', '.join(PICKLISTS[kind])})")


def _check_term_order(el: etree._Element, add) -> None:
    names = [local_name(c.tag) for c in el if isinstance(c.tag, str)]
    if not names or names[0] != "term" or names.count("term") != 1:
        add(el, "S6", "termSec must start with exactly one <term>")
        return
    seen_other = False
    for child_name in names[1:]:
        if child_name in ("termNote", "termNoteGrp"):
            if seen_other:
                add(el, "S6", "termNote after descrip/admin/note in termSec; the order is term, termNote*, then the rest")
                return
        else:
            seen_other = True


def _check_date(el: etree._Element, add) -> None:
    value = (el.text or "").strip()
    try:
        if "T" in value:
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            _dt.date.fromisoformat(value)
    except ValueError:
        add(el, "S8", f"date {value!r} is not an ISO date or date-time")


def validate_file(path: Path, tree: etree._ElementTree, *, schema: Path | None = None) -> None:
    """Raise ParseError naming the first finding (and how many more) when the file is not valid."""
    findings = check_tree(tree)
    if schema is not None:
        findings.extend(_relaxng(tree, schema))
    if findings:
        findings.sort(key=lambda f: f.line or 0)
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise ParseError(f"not valid TBX-Basic v3 [{first.rule}]: {first.message}{more}", path=path, line=first.line)


def _relaxng(tree: etree._ElementTree, schema: Path) -> list[Finding]:
    try:
        relaxng = etree.RelaxNG(etree.parse(str(schema)))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise ParseError(f"cannot use the RelaxNG schema: {exc}", path=schema) from None
    if relaxng.validate(tree):
        return []
    return [Finding(e.line, "RNG", e.message) for e in relaxng.error_log]
