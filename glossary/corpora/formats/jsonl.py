"""JSON Lines: one aligned pair per line, a JSON object with these keys.

==================  ========  ==========================================================
key                 required  meaning
==================  ========  ==========================================================
``source``          yes       source text (string)
``target``          yes       target text (string)
``source_lang``     [1]_      source language tag (``vi``, ``vi-VN``, ``vi_VN``)
``target_lang``     [1]_      target language tag
``id``              no        unit id, unique in the file (string or number); default: line number
``source_id``       no        id shared by every rendering of one source; default: ``id``
``document``        no        the document the pair belongs to
``rendering``       no        which rendering of the source this is (label)
``notes``           no        list of strings (a single string is accepted)
``props``           no        object of string values (TMX props, CSV extra columns, ...)
``state``           no        workflow state (``translated``, ``fuzzy``, ...)
``display_source``  no        source with its inline markup, for display
``display_target``  no        target with its inline markup, for display
==================  ========  ==========================================================

.. [1] required unless given by ``--source-lang`` / ``--target-lang``.

Any other key is a bad record (a misspelt key would otherwise be lost). Blank
lines are ignored. UTF-8 (or UTF-16/32 with a BOM), BOM accepted. Written by ``glossary corpus convert --to jsonl``
with the same keys, empty optional ones left out.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, file_language, register
from glossary.corpora.formats.textio import open_lines
from glossary.corpora.segments import Origin, Segment
from glossary.errors import UsageError
from glossary.files.inputs import bad_character, one_line

MAX_DEPTH = 2  # a record is an object whose values are strings, a list of strings or an object of strings

KEYS = ("source", "target", "source_lang", "target_lang", "id", "source_id", "document", "rendering",
        "notes", "props", "state", "display_source", "display_target")
_TEXT_KEYS = ("source_lang", "target_lang", "source_id", "document", "rendering", "state",
              "display_source", "display_target")


@register
class JsonlFormat(CorpusFormat):
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    description = "JSON Lines, one pair per line (keys: see glossary/corpora/formats/README.md)"
    escaped_controls = True  # control characters written as escapes, as real catalogues hold them; not NUL
    writable = True

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        for number, line in open_lines(path):
            if not line.strip():
                continue
            raw = bad_character(line)  # JSON refuses raw C0 controls, not raw DEL or C1: escaped ones are kept
            if raw is not None:
                self.bad_record(options, stats, path, number, f"the line holds {raw} as it is (not escaped)",
                                kind="character a record cannot hold")
                continue
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                self.bad_record(options, stats, path, number, f"invalid JSON: {exc.msg} (column {exc.colno})",
                                kind="invalid JSON")
                continue
            except RecursionError:  # arrays in arrays, thousands deep: no record is shaped so
                self.bad_record(options, stats, path, number, "invalid record: JSON nested too deep "
                                f"(a record nests {MAX_DEPTH} levels at most)", kind="invalid JSON")
                continue
            except ValueError as exc:  # an integer of more than 4,300 digits
                self.bad_record(options, stats, path, number, f"invalid JSON: {one_line(exc).split(';')[0]}",
                                kind="invalid JSON")
                continue
            problem = _problem(record)
            if problem:
                self.bad_record(options, stats, path, number, problem, kind="not a pair record")
                continue
            source_lang = file_language(record.get("source_lang"), path, number) or options.source_lang
            target_lang = file_language(record.get("target_lang"), path, number) or options.target_lang
            if not source_lang or not target_lang:
                side = "source" if not source_lang else "target"
                self.bad_record(options, stats, path, number,
                                f"no {side}_lang on the line and no --{side}-lang given")
                continue
            notes = record.get("notes") or ()
            unit_id = str(record["id"]) if "id" in record else str(number)
            yield Segment(
                source=record["source"],
                target=record["target"],
                source_lang=source_lang,
                target_lang=target_lang,
                origin=Origin(str(path), number),
                unit_id=unit_id,
                source_id=record.get("source_id") or unit_id,
                document=record.get("document") or "",
                rendering=record.get("rendering") or "",
                notes=(notes,) if isinstance(notes, str) else tuple(notes),
                props=dict(record.get("props") or {}),
                state=record.get("state") or "",
                display_source=record.get("display_source"),
                display_target=record.get("display_target"),
            )

    def write_stream(self, segments: Iterable[Segment], out: TextIO) -> int:
        count = 0
        for segment in segments:
            out.write(json.dumps(to_record(segment), ensure_ascii=False) + "\n")
            count += 1
        if count == 0:  # raised inside ``write``'s atomic stream: the old file, if any, stays
            raise UsageError("nothing to write: no segments were read")
        return count


def to_record(segment: Segment) -> dict[str, Any]:
    """The JSON object of one segment: the documented keys, empty optional ones left out."""
    record: dict[str, Any] = {
        "source": segment.source,
        "target": segment.target,
        "source_lang": segment.source_lang,
        "target_lang": segment.target_lang,
        "id": segment.unit_id,
    }
    optional: dict[str, Any] = {
        "source_id": segment.source_id if segment.source_id != segment.unit_id else "",
        "document": segment.document,
        "rendering": segment.rendering,
        "notes": list(segment.notes),
        "props": segment.props,
        "state": segment.state,
        "display_source": segment.display_source,
        "display_target": segment.display_target,
    }
    record.update({k: v for k, v in optional.items() if v})
    return record


def _problem(record: object) -> str | None:
    """Why a decoded line is not a usable record, or None."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    unknown = sorted(set(record) - set(KEYS))
    if unknown:
        return f"unknown key(s) {', '.join(map(repr, unknown))} (known: {', '.join(KEYS)})"
    for key in ("source", "target"):
        if key not in record:
            return f"missing key {key!r}"
        if not isinstance(record[key], str):
            return f"{key!r} must be a string"
    for key in _TEXT_KEYS:
        if key in record and record[key] is not None and not isinstance(record[key], str):
            return f"{key!r} must be a string"
    if "id" in record and not isinstance(record["id"], (str, int)):
        return "'id' must be a string or a number"
    notes = record.get("notes") or []
    if not isinstance(notes, (str, list)) or (isinstance(notes, list) and not all(isinstance(n, str) for n in notes)):
        return "'notes' must be a list of strings"
    props = record.get("props") or {}
    if not isinstance(props, dict) or not all(isinstance(v, str) for v in props.values()):
        return "'props' must be an object of strings"
    return None
