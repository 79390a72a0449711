"""The finding ids of a JSON variance report, read piece by piece (for ``--baseline``).

A report of a million pairs is hundreds of megabytes of JSON; ``json.load`` would hold
all of it as Python objects. Here the top-level object is walked member by member and
every top-level list item by item (``json.JSONDecoder.raw_decode`` on a buffer that is
refilled as needed), so only one item is ever decoded at a time and only the ids are kept.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, TextIO

from glossary.errors import ParseError

CHUNK_CHARS = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _NotJson(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


class _Reader:
    """JSON values from a text stream, one at a time."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.line = 1  # line of buffer[0]
        self.eof = False

    def _more(self, at_least: int = CHUNK_CHARS) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(max(CHUNK_CHARS, at_least))
        if not chunk:
            self.eof = True
            return False
        self.line += self.buffer.count("\n", 0, self.pos)
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0
        return True

    def error(self, message: str, pos: int | None = None) -> _NotJson:
        return _NotJson(message, self.line + self.buffer.count("\n", 0, self.pos if pos is None else pos))

    def peek(self) -> str:
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer) or not self._more():
                return self.buffer[self.pos:self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"Expecting {char!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                # perhaps only cut off by the buffer: read as much again (linear in the value's size)
                if self._more(len(self.buffer) - self.pos):
                    continue
                raise self.error(exc.msg, exc.pos) from None
            if end == len(self.buffer) and self._more():  # a number may go on in the next chunk
                continue
            self.pos = end
            return value

    def items(self, each: Callable[[Any], None]) -> None:
        """Every item of the array that starts here, one by one."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            each(self.value())
            if self.peek() == "]":
                self.pos += 1
                return
            self.expect(",")


def finding_ids(path: str | Path, *, tool: str = "glossary") -> set[str]:
    """Finding ids of an earlier JSON report (of ``tool``); a one-line ``ParseError`` naming the file otherwise."""
    ids: set[str] = set()
    bad = False
    named: Any = None
    has_findings = False

    def add(finding: Any) -> None:
        nonlocal bad
        if isinstance(finding, dict) and isinstance(finding.get("id"), str):
            ids.add(finding["id"])
        else:
            bad = True

    try:
        with open(path, encoding="utf-8") as handle:
            reader = _Reader(handle)
            if reader.peek() != "{":
                if reader.peek() == "":
                    raise reader.error("Expecting value")
                reader.value()  # JSON, but not an object (or not JSON at all)
                raise ParseError(f"baseline is not a {tool} variance report (no \"tool\": \"{tool}\")", path=path)
            reader.pos += 1
            if reader.peek() == "}":
                reader.pos += 1
            else:
                while True:
                    key = reader.value()
                    if not isinstance(key, str):
                        raise reader.error("Expecting property name enclosed in double quotes")
                    reader.expect(":")
                    if reader.peek() == "[":
                        has_findings = has_findings or key == "findings"
                        reader.items(add if key == "findings" else (lambda item: None))
                    else:
                        value = reader.value()
                        if key == "tool":
                            named = value
                        elif key == "findings":
                            bad = True
                    if reader.peek() == "}":
                        reader.pos += 1
                        break
                    reader.expect(",")
            if reader.peek() != "":
                raise reader.error("Extra data")
    except OSError as exc:
        raise ParseError(f"cannot read baseline: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise ParseError("baseline is not UTF-8 text", path=path) from None
    except _NotJson as exc:
        raise ParseError(f"baseline is not JSON: {exc.message}", path=path, line=exc.line) from None
    if named != tool:
        raise ParseError(f"baseline is not a {tool} variance report (no \"tool\": \"{tool}\")", path=path)
    if bad or not has_findings:
        raise ParseError("baseline has no list of findings with ids", path=path)
    return ids
