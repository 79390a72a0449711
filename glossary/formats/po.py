"""gettext PO/POT and compiled MO, read with polib.

``msgid`` is the source and ``msgstr`` the target. Languages: the target from the
header's ``Language``, the source from ``X-Source-Language`` (as Weblate and Pootle
write it); where the header is silent the options give them, and the source falls
back to English, gettext's convention for msgids.

- ``msgctxt`` is kept as the prop ``msgctxt`` and is part of the unit id (``ctxt|msgid``).
- Plurals: each form is a segment; form 0 has ``msgid`` as source, the others
  ``msgid_plural``; the unit id gets ``[n]`` and the prop ``plural-form`` is ``n``.
- The ``fuzzy`` flag gives state ``fuzzy`` (counted in the stats); other flags are kept
  in the prop ``flags``; references in ``references``; comments become notes.
- Obsolete (``#~``) entries are counted and warned about; read (state ``obsolete``)
  only with ``include_obsolete``.
- Untranslated entries (empty ``msgstr``, every entry of a POT) are counted as skipped.

polib reads a catalogue whole: PO/MO is the one format not streamed (catalogues are small).
"""
from __future__ import annotations

import codecs
import re
import struct
from pathlib import Path
from typing import Iterator

import polib

from ..errors import ParseError
from ..segments import Origin, Segment
from .base import CorpusFormat, ReadOptions, ReadStats, file_language, register, resolve_pair

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_CHARSET = re.compile(rb'"Content-Type:[^"]*?charset=([\w_\-:.]+)')
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def _charset(data: bytes) -> str:
    match = _CHARSET.search(data[:65536])
    name = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:  # "CHARSET" in an unfilled POT header
        return "utf-8"
    return name


def _decode_check(data: bytes, encoding: str, path: Path) -> None:
    """A wrong encoding is an error at the line of the first bad byte (polib would not say where)."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(f"not valid {encoding} (byte 0x{data[exc.start]:02x}); "
                         "the header's charset does not match the file", path=path, line=line) from None


@register
class PoFormat(CorpusFormat):
    name = "po"
    suffixes = (".po", ".pot", ".mo")
    description = "gettext PO/POT catalogue, compiled MO"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head[:4] in _MO_MAGIC or b'msgid "' in head

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        catalogue, header_line = self._load(path)
        meta = catalogue.metadata
        # No X-Source-Language and no option: gettext's convention, English msgids.
        declared_source = file_language(meta.get("X-Source-Language"), path, header_line) \
            or (None if options.source_lang else "en")
        source, target = resolve_pair(declared_source, file_language(meta.get("Language"), path, header_line),
                                      options, path, header_line)
        entries = [e for e in catalogue if e.msgid or e.msgctxt]  # the header is not a message
        if not entries:
            raise ParseError("catalogue holds no entries", path=path, line=header_line)
        obsolete = sum(1 for e in entries if e.obsolete)
        if obsolete and not options.include_obsolete:
            stats.skipped["obsolete entry (#~)"] += obsolete
            stats.warn(f"{path}: {obsolete} obsolete (#~) entries not read (--include-obsolete reads them)")
        for entry in entries:
            if options.include_obsolete or not entry.obsolete:
                yield from self._entry(entry, path, source, target)

    def _load(self, path: Path) -> tuple[polib.POFile, int | None]:
        """The catalogue, and the line its header names the languages on (None in an MO)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
        if not data.strip():
            raise ParseError("empty file", path=path, line=1)
        if data[:4] in _MO_MAGIC:
            try:
                return polib.mofile(str(path)), None
            except (OSError, struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
                raise ParseError(f"not a valid MO file: {exc}", path=path) from None
        if path.suffix.lower() == ".mo":
            raise ParseError("not a valid MO file: wrong magic number", path=path)
        encoding = _charset(data)
        _decode_check(data, encoding, path)
        try:
            catalogue = polib.pofile(str(path), encoding=encoding)
        except OSError as exc:
            match = _POLIB_LINE.search(str(exc))
            detail = match.group(2) if match and match.group(2) else None
            raise ParseError(f"PO syntax error: {detail}" if detail else "PO syntax error",
                             path=path, line=int(match.group(1)) if match else None) from None
        found = data.find(b'"Language:')
        return catalogue, (data.count(b"\n", 0, found) + 1) if found >= 0 else 1

    def _entry(self, entry: polib.POEntry | polib.MOEntry, path: Path, source_lang: str, target_lang: str) -> Iterator[Segment]:
        line = getattr(entry, "linenum", None) or None
        base_id = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        flags = [f for f in getattr(entry, "flags", []) if f != "fuzzy"]
        props: dict[str, str] = {}
        if entry.msgctxt:
            props["msgctxt"] = entry.msgctxt
        if flags:
            props["flags"] = ", ".join(flags)
        occurrences = getattr(entry, "occurrences", [])
        if occurrences:
            props["references"] = " ".join(f"{f}:{n}" if n else f for f, n in occurrences)
        notes = tuple(n for n in (getattr(entry, "tcomment", ""), getattr(entry, "comment", "")) if n)
        state = "obsolete" if entry.obsolete else "fuzzy" if "fuzzy" in getattr(entry, "flags", []) else ""
        origin = Origin(str(path), line)
        if not entry.msgid_plural:
            yield Segment(source=entry.msgid, target=entry.msgstr, source_lang=source_lang,
                          target_lang=target_lang, origin=origin, unit_id=base_id,
                          notes=notes, props=props, state=state)
            return
        for form, text in sorted(entry.msgstr_plural.items()):
            yield Segment(source=entry.msgid if int(form) == 0 else entry.msgid_plural, target=text,
                          source_lang=source_lang, target_lang=target_lang, origin=origin,
                          unit_id=f"{base_id}[{form}]", source_id=base_id, notes=notes,
                          props={**props, "plural-form": str(form)}, state=state)
