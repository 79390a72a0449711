"""TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: every language of a concept in one file.

Written to pass the core RelaxNG and the TBX-Basic DCA Schematron; read only after
the checks in ``tbx3check`` pass (a file that is not valid TBX-Basic is refused
with its first problem and line). Field mapping: see ``tbxcommon``.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.exchange.base import (
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_languages,
    register,
)
from glossary.exchange.tbx3check import validate_file
from glossary.exchange.tbxcommon import (
    TBX3_NS,
    V3,
    XML_LANG,
    EntryReader,
    append_entries,
    check_entries_only,
    parse_tree,
    serialize,
)
from glossary.model import Glossary


@register
class Tbx3Format(ExchangeFormat):
    name = "tbx"
    suffixes = (".tbx",)
    description = "TBX v3 (ISO 30042:2019), TBX-Basic DCA: all languages, every field"

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        root = etree.Element(f"{{{TBX3_NS}}}tbx", {"type": "TBX-Basic", "style": "dca"}, nsmap={None: TBX3_NS})
        root.set(XML_LANG, langs[0])
        header = etree.SubElement(root, f"{{{TBX3_NS}}}tbxHeader")
        file_desc = etree.SubElement(header, f"{{{TBX3_NS}}}fileDesc")
        title_stmt = etree.SubElement(file_desc, f"{{{TBX3_NS}}}titleStmt")
        etree.SubElement(title_stmt, f"{{{TBX3_NS}}}title").text = options.title
        source_desc = etree.SubElement(file_desc, f"{{{TBX3_NS}}}sourceDesc")
        etree.SubElement(source_desc, f"{{{TBX3_NS}}}p").text = "Exported by the glossary tool from its terms/ YAML files."
        body = etree.SubElement(etree.SubElement(root, f"{{{TBX3_NS}}}text"), f"{{{TBX3_NS}}}body")
        count = append_entries(body, glossary, langs, V3)
        return [ExportFile(name="glossary.tbx", data=serialize(root), entries=count)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        tree = parse_tree(path)
        validate_file(path, tree, schema=options.tbx_schema)
        root = tree.getroot()
        result = ImportResult(path=path, format=self.name)
        check_entries_only(root, "conceptEntry", path)
        main_lang = root.get(XML_LANG)
        reader = EntryReader(path, options, result, V3, main_lang=main_lang)
        for entry in root.iter(f"{{{TBX3_NS}}}conceptEntry"):
            result.concepts.append(reader.read(entry))
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        return b"<tbx" in head and TBX3_NS.encode() in head
