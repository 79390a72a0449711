"""TBX v2 (``martif``, the TBX-Basic 2008 shape): what OmegaT, Weblate and Translate Toolkit read.

Export writes ``termEntry/langSet/tig`` with the same data categories as TBX v3.
Import is lenient, as files written by other tools need: ``tig`` and ``ntig``, no
namespace or any, Weblate's shorthand statuses ("forbidden", "obsolete" -> forbidden)
and ``descrip type="Usage note"``, ids that are not XML names.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.errors import ParseError
from glossary.exchange.base import (
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_languages,
    register,
)
from glossary.exchange.tbxcommon import (
    V2,
    XML_LANG,
    EntryReader,
    append_entries,
    check_entries_only,
    parse_tree,
    serialize,
)
from glossary.files.xmlsafe import local_name
from glossary.model import Glossary


@register
class Tbx2Format(ExchangeFormat):
    name = "tbx2"
    suffixes = (".tbx",)
    description = "TBX v2 (martif, TBX-Basic 2008) for OmegaT, Weblate, Translate Toolkit"

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        root = etree.Element("martif", {"type": "TBX-Basic-V1"})
        root.set(XML_LANG, langs[0])
        header = etree.SubElement(root, "martifHeader")
        file_desc = etree.SubElement(header, "fileDesc")
        etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = options.title
        etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = (
            "Exported by the glossary tool from its terms/ YAML files.")
        encoding = etree.SubElement(header, "encodingDesc")
        etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
        body = etree.SubElement(etree.SubElement(root, "text"), "body")
        count = append_entries(body, glossary, langs, V2)
        return [ExportFile(name="glossary.v2.tbx", data=serialize(root), entries=count)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        tree = parse_tree(path)
        root = tree.getroot()
        if local_name(root.tag) != "martif":
            raise ParseError(f"root element is <{local_name(root.tag)}>, not TBX v2 <martif>"
                             + (" (this is TBX v3: use --input-format tbx)" if local_name(root.tag) == "tbx" else ""),
                             path=path, line=root.sourceline)
        result = ImportResult(path=path, format=self.name)
        reader = EntryReader(path, options, result, V2, main_lang=root.get(XML_LANG))
        check_entries_only(root, "termEntry", path)
        entries = [el for el in root.iter(etree.Element) if local_name(el.tag) == "termEntry"]
        if not entries:
            raise ParseError("no termEntry in this TBX file", path=path, line=root.sourceline)
        for entry in entries:
            result.concepts.append(reader.read(entry))
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        return b"<martif" in head
