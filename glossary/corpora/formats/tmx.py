"""TMX 1.1-1.4b: translation units with one variant per language (or several).

Several ``<tuv>`` of the target language in one ``<tu>`` are several renderings of
one source; each becomes a Segment sharing the unit's ``source_id``. Props and
notes are kept. Read with lxml ``iterparse``, clearing each unit as it goes.
TMX 1.1-1.3 name a variant's language with ``lang``, 1.4 with ``xml:lang``; both are read.

Conventional props read into the model: ``x-document``, ``x-source-id``,
``x-rendering``, ``x-state``; a ``<tuv>``'s ``x-unit-id`` prop names that rendering's
unit (written when renderings of one source from different units share a ``<tu>``).
"""
from __future__ import annotations

import codecs
import mmap
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, Iterable, Iterator, TextIO

from lxml import etree

from glossary import __version__
from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, file_language, register
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError, UsageError
from glossary.files.xmlsafe import (
    check_prolog,
    entity_reference,
    escape_text,
    first_non_xml_char,
    head_text,
    inner_markup,
    iter_elements,
    local_name,
    release,
    stranger,
)
from glossary.model.langtags import same_language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native markup, not text (TMX 1.4b section 3.7).
_CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut"}
_INLINE_ELEMENTS = _CODE_ELEMENTS | {"hi", "sub"}
UNIT_ID_PROP = "x-unit-id"


def seg_text(seg: etree._Element) -> str:
    """Plain text of a <seg>: text and <hi>/<sub> text kept, native codes dropped."""
    parts: list[str] = [seg.text or ""]
    for child in seg:
        if local_name(child.tag) not in _CODE_ELEMENTS:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def seg_display(seg: etree._Element) -> str | None:
    """The <seg> content as written, inline tags included, for display; None when plain."""
    return inner_markup(seg) if len(seg) else None


def tuv_lang(tuv: etree._Element) -> str | None:
    return tuv.get(XML_LANG) or tuv.get("lang")


@register
class TmxFormat(CorpusFormat):
    name = "tmx"
    suffixes = (".tmx",)
    description = "TMX 1.1-1.4b translation memory"
    writable = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return "<tmx" in head_text(head)

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        check_prolog(path)
        yield from self._read(path, options, stats)

    def read_range(self, path: Path, part: "TmxRange", options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        """The units whose ``<tu`` starts in ``part`` (from ``split_tmx``), numbered and placed on
        their lines as a read of the whole file would: the file's head (up to ``<body>``), then
        the range, then (unless it runs to the end) closing tags, parsed as one document."""
        check_prolog(path)
        try:
            yield from self._read(path, options, stats, source=_RangeStream(path, part), first_unit=part.units_before,
                                  line_shift=part.line_shift)
        except ParseError as error:
            if error.line is not None and error.line > part.head_lines:
                raise ParseError(error.message, path=path, line=error.line + part.line_shift) from None
            raise

    def _read(self, path: Path, options: ReadOptions, stats: ReadStats, *, source: object = None,
              first_unit: int = 0, line_shift: int = 0) -> Iterator[Segment]:
        header_srclang: str | None = None
        units = first_unit
        is_tmx = False
        for event, element in iter_elements(path, {"tmx", "header", "body", "tu"}, source=source):
            name = local_name(element.tag)
            if event == "start":
                if name == "tmx":
                    is_tmx = True
                    if element.get("version") is None:
                        raise ParseError("<tmx> has no version attribute", path=path, line=element.sourceline)
                continue
            if name == "header":
                raw = element.get("srclang")
                if raw and raw.lower() != "*all*":
                    header_srclang = file_language(raw, path, element.sourceline)
                release(element)
            elif name == "tu":
                units += 1
                if is_tmx:
                    self._strangers(element.getparent(), path, options, stats, line_shift)
                yield from self._unit(element, path, options, stats, header_srclang, units, line_shift)
                release(element)
            elif name == "body" and is_tmx:
                self._strangers(element, path, options, stats, line_shift)
            elif name == "tmx" and units == 0:
                raise ParseError("TMX holds no <tu>", path=path, line=element.sourceline)
        if not is_tmx:
            raise ParseError("not a TMX file: no <tmx> element", path=path, line=1)

    def _strangers(self, body: etree._Element | None, path: Path, options: ReadOptions, stats: ReadStats,
                   line_shift: int) -> None:
        """An element other than ``<tu>`` in ``<body>`` (a ``<tux>`` holding a pair) is a bad record,
        never skipped in silence. Called at each unit (units read are released) and at the end."""
        while body is not None:
            other = stranger(body, {"tu"})
            if other is None:
                return
            name = local_name(other.tag)
            self.bad_record(options, stats, path, _shifted(other, line_shift),
                            f"unknown element <{name}> in <body> (only <tu> belongs there)", kind="unknown element")
            body.remove(other)

    def _unit(self, tu: etree._Element, path: Path, options: ReadOptions, stats: ReadStats,
              header_srclang: str | None, index: int, line_shift: int = 0) -> Iterator[Segment]:
        line = tu.sourceline + line_shift if tu.sourceline else tu.sourceline
        entity = entity_reference(tu)
        if entity is not None:
            self.bad_record(options, stats, path, entity.sourceline + line_shift if entity.sourceline else line,
                            f"entity reference {entity.text} is not defined (entities are not expanded)",
                            kind="undefined entity reference")
            return
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
                    self.bad_record(options, stats, path, _shifted(child, line_shift), "<tuv> without xml:lang")
                    return
                seg = next((c for c in child if local_name(c.tag) == "seg"), None)
                if seg is None:
                    self.bad_record(options, stats, path, _shifted(child, line_shift), "<tuv> without <seg>")
                    return
                tuv_props = {c.get("type"): c.text or "" for c in child if local_name(c.tag) == "prop" and c.get("type")}
                tuv_notes = [c.text or "" for c in child if local_name(c.tag) == "note"]
                variants.append((file_language(raw, path, _shifted(child, line_shift)), seg, tuv_props, tuv_notes))
        unit_id = tu.get("tuid") or props.get(UNIT_ID_PROP) or str(index)
        source_lang = (options.source_lang or file_language(tu.get("srclang"), path, line)
                       or header_srclang or (variants[0][0] if variants else None))
        sources = [v for v in variants if source_lang and same_language(v[0], source_lang)]
        if not sources:
            self.bad_record(options, stats, path, line, f"unit {unit_id!r} has no {source_lang or 'source'} variant",
                            kind="unit without the source language")
            return
        if len(sources) > 1:
            stats.warn(f"{path}:{line}: unit {unit_id!r} has {len(sources)} {source_lang} variants; "
                       "the first is read as the source")
        targets = [v for v in variants if not same_language(v[0], source_lang)]
        if options.target_lang:
            targets = [v for v in targets if same_language(v[0], options.target_lang)]
        if not targets:
            self.bad_record(options, stats, path, line,
                            f"unit {unit_id!r} has no {options.target_lang or 'target'} variant",
                            kind="unit without the target language")
            return
        src_lang, src_seg, _, src_notes = sources[0]
        source_text = seg_text(src_seg)
        source_display = seg_display(src_seg)
        per_language: dict[str, int] = {}
        for number, (tgt_lang, tgt_seg, tgt_props, tgt_notes) in enumerate(targets, start=1):
            # Renderings are numbered within their language: a multilingual unit has one of each.
            per_language[tgt_lang] = per_language.get(tgt_lang, 0) + 1
            several = sum(1 for v in targets if v[0] == tgt_lang) > 1
            merged = dict(props)
            merged.update(tgt_props)
            own_id = merged.pop(UNIT_ID_PROP, None) if UNIT_ID_PROP in tgt_props else None
            yield Segment(
                source=source_text,
                target=seg_text(tgt_seg),
                source_lang=src_lang,
                target_lang=tgt_lang,
                origin=Origin(str(path), _shifted(tgt_seg, line_shift) or line),
                unit_id=own_id or (unit_id if len(targets) == 1 else f"{unit_id}/{number}"),
                source_id=props.get("x-source-id") or unit_id,
                document=merged.get("x-document", ""),
                rendering=merged.get("x-rendering") or (str(per_language[tgt_lang]) if several else ""),
                notes=tuple(notes + src_notes + tgt_notes),
                props=merged,
                state=merged.get("x-state", ""),
                display_source=source_display,
                display_target=seg_display(tgt_seg),
            )

    def write_stream(self, segments: Iterable[Segment], out: TextIO) -> int:
        """Write TMX 1.4b; consecutive renderings of one source share a ``<tu>``.

        Whatever the reader would not give back by default is written as a prop, so
        reading the file again gives the same segments (origins aside).
        """
        count = 0
        header_written = False
        for _, group_iter in groupby(segments, key=_source_key):
            for group in _units(list(group_iter)):
                if not header_written:
                    _write_header(out, group[0].source_lang)
                    header_srclang = group[0].source_lang
                    header_written = True
                out.write(_unit_xml(group, header_srclang))
                count += len(group)
        if not header_written:
            raise UsageError("nothing to write: no segments were read")
        out.write("  </body>\n</tmx>\n")
        return count


def _shifted(element: etree._Element, shift: int) -> int | None:
    line = element.sourceline
    return line + shift if line else line


# -- reading a TMX in parts (glossary.run.engine) --------------------------------------------------
_BODY_START = re.compile(rb"<body[\s>]")
_TU_START = re.compile(rb"<tu[\s>]")
# Where these appear in the body, a "<tu" in the bytes may not be a unit: such files are read whole.
_UNSAFE_IN_BODY = (b"<!--", b"<![CDATA[", b"<?")


@dataclass(frozen=True, slots=True)
class TmxRange:
    """Units of a TMX whose ``<tu`` starts in ``[start, end)`` (byte offsets)."""

    start: int
    end: int
    last: bool  # runs to the end of the file (its own closing tags)
    head_end: int  # where the body's content starts: the bytes before it are parsed with every range
    head_lines: int  # newlines in the head
    units_before: int  # <tu> elements before ``start`` (numbering of units without a tuid)
    line_shift: int  # newlines before ``start`` less those in the head


def split_tmx(path: Path, pieces: int) -> list[TmxRange] | None:
    """Cut a TMX into about ``pieces`` ranges at ``<tu`` boundaries, or None when it cannot be
    cut safely (not UTF-8, no plain ``<body>``, comments, CDATA or processing instructions in
    the body, a namespace prefix on units): then it is read whole."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        head = data[:4096]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) \
                or re.search(rb"encoding=[\"'](?!utf-8|UTF-8|us-ascii|US-ASCII)", head.split(b"?>", 1)[0]):
            return None
        body = _BODY_START.search(data)
        if body is None:
            return None
        head_end = data.find(b">", body.start()) + 1
        if head_end <= 0 or data[head_end - 2:head_end] == b"/>":
            return None
        if any(data.find(marker, head_end) >= 0 for marker in _UNSAFE_IN_BODY):
            return None
        size = len(data)
        cuts = [head_end]
        for i in range(1, pieces):
            found = _TU_START.search(data, max(cuts[-1] + 1, head_end + (size - head_end) * i // pieces))
            if found is None:
                break
            cuts.append(found.start())
        first = _TU_START.search(data, head_end)
        if first is None or len(cuts) < 2:
            return None
        cuts[0] = first.start()
        head_lines = data[:head_end].count(b"\n")
        ranges: list[TmxRange] = []
        units = 0
        lines = data[:cuts[0]].count(b"\n")
        bounds = cuts + [size]
        for i, (start, end) in enumerate(zip(bounds, bounds[1:])):
            ranges.append(TmxRange(start, end, i == len(cuts) - 1, head_end, head_lines, units, lines - head_lines))
            units += sum(1 for _ in _TU_START.finditer(data, start, end))
            lines += data[start:end].count(b"\n")
        return ranges


class _RangeStream:
    """A file-like object for lxml: the TMX's head, one range of units, closing tags."""

    def __init__(self, path: Path, part: TmxRange) -> None:
        self._handle = path.open("rb")
        self._chunks = [(0, part.head_end), (part.start, part.end)]
        self._tail = b"" if part.last else b"\n</body></tmx>\n"

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else 1 << 20
        while self._chunks:
            start, end = self._chunks[0]
            if start >= end:
                self._chunks.pop(0)
                continue
            self._handle.seek(start)
            data = self._handle.read(min(size, end - start))
            self._chunks[0] = (start + len(data), end)
            if not data:
                self._chunks.pop(0)
                continue
            return data
        tail, self._tail = self._tail, b""
        if not tail:
            self._handle.close()
        return tail


def _source_key(segment: Segment) -> tuple[str, str, str, str | None]:
    return (segment.source_id, segment.source_lang, segment.source, segment.display_source)


def _units(group: list[Segment]) -> list[list[Segment]]:
    """Renderings of one source share a <tu> when that reads back the same: they came
    from one <tu> (ids ``u/1``..``u/n``) or each names its rendering; else one <tu> each."""
    if len(group) == 1 or _common_base(group) or all(s.rendering for s in group):
        return [group]
    return [[s] for s in group]


def _write_header(out: IO[str], srclang: str) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(f'  <header creationtool="glossary" creationtoolversion="{__version__}" segtype="sentence" '
              f'o-tmf="glossary" adminlang="en" srclang="{srclang}" datatype="plaintext"/>\n  <body>\n')


def _unit_xml(group: list[Segment], header_srclang: str) -> str:
    """One <tu>: the shared source variant, then one target variant per segment."""
    first = group[0]
    several = len(group) > 1
    base = _common_base(group) if several else first.unit_id
    tu_id = base or first.source_id
    # Props every segment shares go on the <tu>; the rest on each target <tuv>.
    own_props = [_props_to_write(s, tu_id, index, several, rendering)
                 for index, (s, rendering) in enumerate(zip(group, _default_renderings(group)), start=1)]
    shared = {k: v for k, v in own_props[0].items()
              if k != UNIT_ID_PROP and all(p.get(k) == v for p in own_props[1:])}
    shared_notes = _common_prefix([s.notes for s in group])
    srclang = f' srclang="{first.source_lang}"' if first.source_lang != header_srclang else ""
    lines = [f"    <tu tuid={_attr(tu_id)}{srclang}>"]
    lines += [f"      <note>{_text(n, first)}</note>" for n in shared_notes]
    lines += [f'      <prop type={_attr(k)}>{_text(v, first)}</prop>' for k, v in shared.items()]
    lines.append(f'      <tuv xml:lang="{first.source_lang}"><seg>{_seg(first.source, first.display_source, first)}</seg></tuv>')
    for segment, props in zip(group, own_props):
        lines.append(f'      <tuv xml:lang="{segment.target_lang}">')
        lines += [f"        <note>{_text(n, segment)}</note>" for n in segment.notes[len(shared_notes):]]
        lines += [f'        <prop type={_attr(k)}>{_text(v, segment)}</prop>' for k, v in props.items() if k not in shared]
        lines.append(f"        <seg>{_seg(segment.target, segment.display_target, segment)}</seg>")
        lines.append("      </tuv>")
    lines.append("    </tu>\n")
    return "\n".join(lines)


def _default_renderings(group: list[Segment]) -> list[str]:
    """The rendering labels the reader gives target variants with no x-rendering: numbers within a language."""
    totals: dict[str, int] = {}
    for segment in group:
        totals[segment.target_lang] = totals.get(segment.target_lang, 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for segment in group:
        seen[segment.target_lang] = seen.get(segment.target_lang, 0) + 1
        labels.append(str(seen[segment.target_lang]) if totals[segment.target_lang] > 1 else "")
    return labels


def _props_to_write(segment: Segment, tu_id: str, index: int, several: bool, rendering: str) -> dict[str, str]:
    """The segment's props plus the model fields the reader would not derive by itself."""
    props = dict(segment.props)
    derived = {
        "x-source-id": (segment.source_id, tu_id),
        "x-document": (segment.document, ""),
        "x-rendering": (segment.rendering, rendering),
        "x-state": (segment.state, ""),
    }
    for key, (value, default) in derived.items():
        if value != default and props.get(key) != value:
            props[key] = value
    if segment.unit_id != (f"{tu_id}/{index}" if several else tu_id):
        props[UNIT_ID_PROP] = segment.unit_id
    return props


def _common_base(group: list[Segment]) -> str | None:
    """``u`` when the unit ids are ``u/1`` .. ``u/n`` (renderings read from one <tu>)."""
    base = group[0].unit_id.rpartition("/")[0]
    if base and all(s.unit_id == f"{base}/{i}" for i, s in enumerate(group, start=1)):
        return base
    return None


def _common_prefix(tuples: list[tuple[str, ...]]) -> tuple[str, ...]:
    prefix = tuples[0]
    for other in tuples[1:]:
        n = 0
        while n < min(len(prefix), len(other)) and prefix[n] == other[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _checked(text: str, segment: Segment) -> str:
    bad = first_non_xml_char(text)
    if bad is not None:
        raise UsageError(f"unit {segment.unit_id!r} holds U+{ord(bad):04X}, which XML cannot hold",
                         path=segment.origin.path, line=segment.origin.line)
    return text


def _text(text: str, segment: Segment) -> str:
    return escape_text(_checked(text, segment))


def _attr(value: str) -> str:
    return '"' + escape_text(value).replace('"', "&quot;") + '"'


def _seg(text: str, display: str | None, segment: Segment) -> str:
    """The <seg> content: the display markup when it is TMX inline markup for this text."""
    if display is not None and _is_tmx_markup(display, text):
        return _checked(display, segment)
    return _text(text, segment)


def _is_tmx_markup(display: str, text: str) -> bool:
    try:
        seg = etree.fromstring(f"<seg>{display}</seg>", etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    tags_ok = all(local_name(el.tag) in _INLINE_ELEMENTS for el in seg.iterdescendants())
    return tags_ok and seg_text(seg) == text
