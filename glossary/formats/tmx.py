"""TMX 1.1-1.4b: translation units with one variant per language (or several).

Several ``<tuv>`` of the target language in one ``<tu>`` are several renderings of
one source; each becomes a Segment sharing the unit's ``source_id``. Props and
notes are kept. Read with lxml ``iterparse``, clearing each unit as it goes.
Conventional props read into the model: ``x-document``, ``x-source-id``, ``x-rendering``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import ParseError, UsageError
from ..langtags import normalize_lang, same_language
from ..segments import Origin, Segment
from .base import CorpusFormat, ReadOptions, ReadStats, register
from .xmlsafe import check_no_doctype_entities, iter_elements, local_name, release

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native markup, not text (TMX 1.4b section 3.7).
_CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut"}


def seg_text(seg: etree._Element) -> str:
    """Plain text of a <seg>: text and <hi>/<sub> text kept, native codes dropped."""
    parts: list[str] = [seg.text or ""]
    for child in seg:
        name = local_name(child.tag)
        if name not in _CODE_ELEMENTS:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def seg_display(seg: etree._Element) -> str:
    """The <seg> content as written, inline tags included, for display."""
    inner = (seg.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in seg)
    return inner


def tuv_lang(tuv: etree._Element) -> str | None:
    return tuv.get(XML_LANG) or tuv.get("lang")


@register
class TmxFormat(CorpusFormat):
    name = "tmx"
    suffixes = (".tmx",)
    description = "TMX 1.1-1.4b translation memory"

    def sniff(self, path: Path, head: bytes) -> bool:
        return b"<tmx" in head

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        try:
            with path.open("rb") as handle:
                head = handle.read(8192)
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
        if not head.strip():
            raise ParseError("empty file", path=path, line=1)
        check_no_doctype_entities(path, head)
        header_srclang: str | None = None
        units = 0
        for event, element in iter_elements(path, {"tmx", "header", "tu"}):
            name = local_name(element.tag)
            if event == "start":
                if name == "tmx" and element.get("version") is None:
                    raise ParseError("<tmx> has no version attribute", path=path, line=element.sourceline)
                continue
            if name == "header":
                raw = element.get("srclang")
                if raw and raw.lower() != "*all*":
                    header_srclang = self._lang(raw, path, element.sourceline)
                continue
            if name == "tu":
                units += 1
                yield from self._unit(element, path, options, stats, header_srclang, units)
                release(element)
        if units == 0:
            raise ParseError("TMX holds no <tu>", path=path)

    def _lang(self, raw: str, path: Path, line: int | None) -> str:
        try:
            return normalize_lang(raw)
        except UsageError as exc:
            raise ParseError(exc.message, path=path, line=line) from None

    def _unit(self, tu: etree._Element, path: Path, options: ReadOptions, stats: ReadStats,
              header_srclang: str | None, index: int) -> Iterator[Segment]:
        line = tu.sourceline
        props: dict[str, str] = {}
        notes: list[str] = []
        variants: list[tuple[str, etree._Element, dict[str, str], list[str]]] = []
        for child in tu:
            name = local_name(child.tag)
            if name == "prop" and child.get("type"):
                props[child.get("type")] = child.text or ""
            elif name == "note":
                notes.append(child.text or "")
            elif name == "tuv":
                raw = tuv_lang(child)
                if not raw:
                    self.bad_record(options, stats, path, child.sourceline, "<tuv> without xml:lang")
                    return
                seg = next((c for c in child if local_name(c.tag) == "seg"), None)
                if seg is None:
                    self.bad_record(options, stats, path, child.sourceline, "<tuv> without <seg>")
                    return
                tuv_props = {c.get("type"): c.text or "" for c in child if local_name(c.tag) == "prop" and c.get("type")}
                tuv_notes = [c.text or "" for c in child if local_name(c.tag) == "note"]
                variants.append((self._lang(raw, path, child.sourceline), seg, tuv_props, tuv_notes))
        unit_id = tu.get("tuid") or props.get("x-unit-id") or str(index)
        source_lang = options.source_lang or header_srclang or (variants[0][0] if variants else None)
        sources = [v for v in variants if source_lang and same_language(v[0], source_lang)]
        if not sources:
            self.bad_record(options, stats, path, line, f"unit {unit_id!r} has no {source_lang or 'source'} variant")
            return
        targets = [v for v in variants if not same_language(v[0], source_lang)]
        if options.target_lang:
            targets = [v for v in targets if same_language(v[0], options.target_lang)]
        if not targets:
            self.bad_record(options, stats, path, line,
                            f"unit {unit_id!r} has no {options.target_lang or 'target'} variant")
            return
        src_lang, src_seg, _, src_notes = sources[0]
        source_text = seg_text(src_seg)
        for number, (tgt_lang, tgt_seg, tgt_props, tgt_notes) in enumerate(targets, start=1):
            rendering = tgt_props.get("x-rendering") or props.get("x-rendering") or (str(number) if len(targets) > 1 else "")
            merged = dict(props)
            merged.update(tgt_props)
            yield Segment(
                source=source_text,
                target=seg_text(tgt_seg),
                source_lang=src_lang,
                target_lang=tgt_lang,
                origin=Origin(str(path), tgt_seg.sourceline or line),
                unit_id=unit_id if len(targets) == 1 else f"{unit_id}/{number}",
                source_id=props.get("x-source-id") or unit_id,
                document=tgt_props.get("x-document") or props.get("x-document", ""),
                rendering=rendering,
                notes=tuple(notes + src_notes + tgt_notes),
                props=merged,
                display_source=seg_display(src_seg) if len(src_seg) else None,
                display_target=seg_display(tgt_seg) if len(tgt_seg) else None,
            )
