"""XLIFF 1.2 and 2.0/2.1/2.2: units, segments, states, notes, inline tags.

One reader for both families, streamed with lxml ``iterparse`` one unit at a time.

- XLIFF 1.2: each ``<trans-unit>``'s own ``<source>``/``<target>`` (never those of
  ``<alt-trans>`` matches); a ``<seg-source>`` split into ``<mrk mtype="seg">`` gives one
  segment per ``mid`` (Trados SDLXLIFF, Okapi). State from ``target/@state``, else memoQ's
  ``mq:status``, else the SDLXLIFF ``<sdl:seg conf>``, else ``approved="yes"``.
  Notes: ``<note>`` and memoQ ``<mq:comment>``. ``translate="no"`` units are counted, not read.
- XLIFF 2.x: each ``<segment>`` of a ``<unit>``; ``<ignorable>`` is not text.
  State from ``segment/@state`` (``subState`` kept as a prop). Notes: the unit's ``<notes>``.

Inline codes (``<x/>``, ``<bx/>``, ``<ph>``, ``<bpt>``/``<ept>``, ``<sc/>``/``<ec/>``, ...)
are dropped from ``source``/``target``; text inside ``<g>``, ``<pc>`` and ``<mrk>`` is kept;
the markup as written is kept in ``display_source``/``display_target``.
Languages: 1.2 ``<file source-language target-language>``, 2.x ``<xliff srcLang trgLang>``.
The document is ``<file original>`` (1.2) or ``<file original>``/``id`` (2.x).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, file_language, register, resolve_pair
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError
from glossary.files.xmlsafe import (
    check_prolog,
    entity_reference,
    head_text,
    inner_markup,
    iter_elements,
    local_name,
    release,
    stranger,
)

MQ_NS = "MQXliff"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
# Elements whose content is native code, not text (1.2: ph/bpt/ept/it/sub-in-code; 2.x: ph/sc/ec/sm/em are empty).
_CODE_ELEMENTS = {"ph", "bpt", "ept", "it", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em"}
_UNIT_NAMES = {"trans-unit", "unit"}
# What may stand beside units, in the XLIFF namespace (other namespaces are extensions).
_BESIDE_UNITS = {"1": {"trans-unit", "group", "bin-unit", "context-group", "count-group", "prop-group", "note"},
                 "2": {"unit", "group", "notes", "skeleton"}}
_CONTAINERS = {"1": ("body", "group"), "2": ("file", "group")}


def inline_text(element: etree._Element) -> str:
    """Plain text of a source/target: codes dropped, <g>/<pc>/<mrk> text kept, <cp> decoded."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local_name(child.tag)
        if name == "cp" and child.get("hex"):
            try:
                parts.append(chr(int(child.get("hex"), 16)))
            except ValueError:
                pass
        elif name and name not in _CODE_ELEMENTS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _display(element: etree._Element | None) -> str | None:
    return inner_markup(element) if element is not None and len(element) else None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local_name(c.tag) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local_name(c.tag) == name), None)


def _attr_name(element: etree._Element, key: str) -> str:
    """``{MQXliff}status`` -> ``mq:status``, with the prefix the file uses."""
    if not key.startswith("{"):
        return key
    uri, _, local = key[1:].partition("}")
    prefix = next((p for p, u in element.nsmap.items() if u == uri and p), None)
    return f"{prefix}:{local}" if prefix else local


def _seg_marks(element: etree._Element | None) -> dict[str, etree._Element]:
    """``<mrk mtype="seg" mid>`` descendants by mid (1.2 segmentation)."""
    if element is None:
        return {}
    return {m.get("mid", ""): m for m in element.iter() if local_name(m.tag) == "mrk" and m.get("mtype") == "seg"}


class _File:
    """What the enclosing <file> (and, in 2.x, <xliff>) says."""

    def __init__(self, *, source: str, target: str, document: str) -> None:
        self.source, self.target, self.document = source, target, document


@register
class XliffFormat(CorpusFormat):
    name = "xliff"
    suffixes = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff")
    description = "XLIFF 1.2 (incl. memoQ, Trados SDLXLIFF) and 2.0-2.2"

    def sniff(self, path: Path, head: bytes) -> bool:
        return "<xliff" in head_text(head)

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        check_prolog(path)
        version = ""
        root_langs: tuple[str | None, str | None] = (None, None)
        current: _File | None = None
        units = 0
        namespaces: tuple[str | None, ...] = (None,)
        for event, element in iter_elements(path, {"xliff", "file", "header", "body", "group", *_UNIT_NAMES}):
            name = local_name(element.tag)
            line = element.sourceline
            if event == "start":
                if name == "xliff":
                    namespaces = (etree.QName(element).namespace, None)
                    version = element.get("version") or ""
                    if not version:
                        raise ParseError("<xliff> has no version attribute", path=path, line=line)
                    root_langs = (file_language(element.get("srcLang"), path, line),
                                  file_language(element.get("trgLang"), path, line))
                elif name == "file":
                    current = self._file(element, version, root_langs, path, options)
                continue
            if name in _UNIT_NAMES:
                if current is None:
                    raise ParseError(f"<{name}> outside <file>", path=path, line=line)
                units += 1
                self._strangers(element.getparent(), version, namespaces, path, options, stats)
                entity = entity_reference(element)
                if entity is not None:
                    self.bad_record(options, stats, path, entity.sourceline or line,
                                    f"entity reference {entity.text} is not defined (entities are not expanded)",
                                    kind="undefined entity reference")
                elif version.startswith("1"):
                    yield from self._unit_12(element, current, path, options, stats)
                else:
                    yield from self._unit_2(element, current, path, options, stats)
                release(element)
            elif name in ("header", "group", "file", "body"):
                if name in _CONTAINERS["1" if version.startswith("1") else "2"]:
                    self._strangers(element, version, namespaces, path, options, stats)
                if name != "body":
                    release(element)
            elif name == "xliff" and units == 0:
                raise ParseError("XLIFF holds no units", path=path, line=line)
        if not version:
            raise ParseError("not an XLIFF file: no <xliff> element", path=path, line=1)

    def _strangers(self, parent: etree._Element | None, version: str, namespaces: tuple[str | None, ...], path: Path,
                   options: ReadOptions, stats: ReadStats) -> None:
        """An unknown XLIFF element where units belong (a ``<trans-unitx>`` holding a pair) is a bad
        record, never skipped in silence. Called at each unit (units read are released) and at the end."""
        family = "1" if version.startswith("1") else "2"
        if parent is None or local_name(parent.tag) not in _CONTAINERS[family]:
            return
        while (other := stranger(parent, _BESIDE_UNITS[family], namespaces)) is not None:
            self.bad_record(options, stats, path, other.sourceline,
                            f"unknown element <{local_name(other.tag)}> in <{local_name(parent.tag)}> "
                            f"(units belong there: <{'trans-unit' if family == '1' else 'unit'}>)",
                            kind="unknown element")
            parent.remove(other)

    def _file(self, element: etree._Element, version: str, root_langs: tuple[str | None, str | None],
              path: Path, options: ReadOptions) -> _File:
        line = element.sourceline
        if version.startswith("1"):
            declared = (file_language(element.get("source-language"), path, line),
                        file_language(element.get("target-language"), path, line))
        else:
            declared = root_langs
        source, target = resolve_pair(*declared, options, path, line)
        document = element.get("original") or (element.get("id") if not version.startswith("1") else "") or ""
        return _File(source=source, target=target, document=document)

    def _unit_12(self, tu: etree._Element, file: _File, path: Path, options: ReadOptions,
                 stats: ReadStats) -> Iterator[Segment]:
        line = tu.sourceline
        unit_id = tu.get("id") or tu.get("resname") or str(line)
        if tu.get("translate") == "no":
            stats.skip("not for translation (translate=\"no\")", f"{path}:{line}", warn=False)
            return
        source = _child(tu, "source")
        if source is None:
            self.bad_record(options, stats, path, line, f"<trans-unit> {unit_id!r} has no <source>",
                            kind="unit without <source>")
            return
        target = _child(tu, "target")
        notes = tuple(n.text or "" for n in _children(tu, "note"))
        comments = _child(tu, "comments")  # memoQ: <mq:comments><mq:comment>
        if comments is not None:
            notes += tuple(c.text or "" for c in comments if local_name(c.tag) == "comment")
        props = {_attr_name(tu, k): v for k, v in tu.attrib.items()
                 if k != "id" and not k.startswith("{http://www.w3.org")}
        unit_state = (target.get("state") if target is not None else None) or tu.get(f"{{{MQ_NS}}}status") \
            or ("approved" if tu.get("approved") == "yes" else "")
        seg_source = _child(tu, "seg-source")
        source_marks = _seg_marks(seg_source)
        if not source_marks:
            yield self._segment(path, file, source, target, unit_id, notes, props, unit_state,
                                target.sourceline if target is not None else line)
            return
        # Segmented unit: pair <mrk mtype="seg"> of seg-source and target by mid.
        target_marks = _seg_marks(target)
        if not target_marks and target is not None and len(source_marks) == 1:
            target_marks = {next(iter(source_marks)): target}  # one segment, target left unmarked
        seg_defs = {s.get("id"): s for s in tu.iter(f"{{{SDL_NS}}}seg")}
        several = len(source_marks) > 1
        for mid, mark in source_marks.items():
            sdl = seg_defs.get(mid)
            state = (sdl.get("conf") if sdl is not None else None) or unit_state
            target_mark = target_marks.get(mid)
            yield self._segment(path, file, mark, target_mark, f"{unit_id}/{mid}" if several else unit_id,
                                notes, props, state or "",
                                target_mark.sourceline if target_mark is not None else mark.sourceline)

    def _unit_2(self, unit: etree._Element, file: _File, path: Path, options: ReadOptions,
                stats: ReadStats) -> Iterator[Segment]:
        line = unit.sourceline
        unit_id = unit.get("id") or str(line)
        if unit.get("translate") == "no":
            stats.skip("not for translation (translate=\"no\")", f"{path}:{line}", warn=False)
            return
        notes_el = _child(unit, "notes")
        notes = tuple(n.text or "" for n in _children(notes_el, "note")) if notes_el is not None else ()
        props = {k: v for k, v in unit.attrib.items() if k != "id" and not k.startswith("{")}
        segments = _children(unit, "segment")
        if not segments:
            self.bad_record(options, stats, path, line, f"<unit> {unit_id!r} has no <segment>",
                            kind="unit without <segment>")
            return
        for number, segment in enumerate(segments, start=1):
            source = _child(segment, "source")
            if source is None:
                self.bad_record(options, stats, path, segment.sourceline,
                                f"<segment> in unit {unit_id!r} has no <source>", kind="unit without <source>")
                continue
            target = _child(segment, "target")
            seg_props = dict(props)
            if segment.get("subState"):
                seg_props["subState"] = segment.get("subState")
            seg_id = segment.get("id") or str(number)
            yield self._segment(path, file, source, target, f"{unit_id}/{seg_id}" if len(segments) > 1 else unit_id,
                                notes, seg_props, segment.get("state") or "",
                                target.sourceline if target is not None else segment.sourceline)

    def _segment(self, path: Path, file: _File, source: etree._Element, target: etree._Element | None,
                 unit_id: str, notes: tuple[str, ...], props: dict[str, str], state: str, line: int | None) -> Segment:
        return Segment(
            source=inline_text(source),
            target=inline_text(target) if target is not None else "",
            source_lang=file.source,
            target_lang=file.target,
            origin=Origin(str(path), line),
            unit_id=unit_id,
            document=file.document,
            notes=notes,
            props=dict(props),
            state=state,
            display_source=_display(source),
            display_target=_display(target),
        )
