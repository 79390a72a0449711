"""gettext PO/POT, read by a streaming parser of our own, and compiled MO, read with polib.

``msgid`` is the source and ``msgstr`` the target. Languages: the target from the
header's ``Language``, the source from ``X-Source-Language`` (as Weblate and Pootle
write it); where the header is silent the options give them, and the source falls
back to English, gettext's convention for msgids.

- ``msgctxt`` is kept as the prop ``msgctxt`` and is part of the unit id (``ctxt|msgid``).
- Plurals: each form is a segment; form 0 has ``msgid`` as source, the others
  ``msgid_plural``; the unit id gets ``[n]`` and the prop ``plural-form`` is ``n``.
- The ``fuzzy`` flag gives state ``fuzzy`` (counted in the stats); other flags are kept
  in the prop ``flags``; references in ``references``; comments become notes.
- Obsolete (``#~``) entries are counted and warned about (once the file is read);
  read (state ``obsolete``) only with ``include_obsolete``.
- Untranslated entries (empty ``msgstr``, every entry of a POT) are counted as skipped.

PO is streamed: the file is decoded in blocks (charset from the header) and parsed as
it goes, so memory does not grow with the catalogue. The parser gives what polib gave
(``polib_segments``, kept for MO and as the reference the tests compare with) on every
catalogue polib reads as gettext means it, with these differences: C escapes are
decoded as gettext does (``\\a``, ``\\'``, ``\\?``, octal and hex; polib left them
as written) and a bad one is an error; the header entry (``msgid ""``) must come first;
the first entry of a catalogue without a header gets its line (polib gave none); and
what polib let through silently is an error at its line: an unterminated string, text
after a string, a ``msgstr`` without ``msgid``, a ``msgid`` without ``msgstr``, a comment
inside an entry.
"""
from __future__ import annotations

import codecs
import re
import struct
from pathlib import Path
from typing import Iterator

import polib

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, file_language, register, resolve_pair
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError
from glossary.files.inputs import check_input, read_whole
from glossary.progress import reading_from

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_CHARSET = re.compile(rb'"Content-Type:[^"]*?charset=([\w_\-:.]+)')
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
BLOCK_BYTES = 1 << 20  # bytes decoded and parsed at a time

# The inside of a PO string: no bare quote, backslash or newline; gettext's C escapes only.
_CONTENT = r'[^"\\\n]*(?:\\(?:[\\"abfnrtv\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\n]*)*'
_STRING = re.compile(f'"({_CONTENT})"')
_STRINGS = re.compile(rf'"{_CONTENT}"(?:\n"{_CONTENT}")*')  # a string and its continuation lines
# The common entry, whole, as msgcat writes it, when what follows it cannot add to it (the
# next entry starts). No comments: those take the line path, then this finishes the entry.
# Strings are taken loosely (line ends) and checked only when they hold a quote or backslash.
_LOOSE = r'"[^\n]*"(?:\n"[^\n]*")*'
_FAST_ENTRY = re.compile(
    rf"(?:msgctxt ({_LOOSE})\n)?msgid ({_LOOSE})\n"
    rf"(?:msgstr ({_LOOSE})\n|msgid_plural ({_LOOSE})\n((?:msgstr\[[0-9]+\] {_LOOSE}\n)+))\n*"
    r"(?=msgctxt |msgid |#[ #\n]|#[.:,|][ \t]+\S|#~[ \t]+msg(?:ctxt|id) |\Z)")
_FAST_FORM = re.compile(rf"msgstr\[([0-9]+)\] ({_LOOSE})\n")
_FORM_LINE = re.compile(r"msgstr\[([0-9]+)\]\s*(.*)", re.S)
_BYTE_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+)")
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                   "v": "\v", "'": "'", "?": "?"}
_ESCAPE_RUN = re.compile(r"\\([\\\"abfnrtv'?])|((?:\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+))+)")

_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}
_OPEN = frozenset(("ct", "mi", "mp", "ms", "mx", "pc", "pm", "pp"))  # states a continuation line extends
_BETWEEN = frozenset(("ms", "mx"))  # the current entry is complete: a comment or keyword starts the next
_COMMENTS = frozenset(("he", "cm", "pc", "pm", "pp"))  # before the entry's keywords
_FAST_STATES = frozenset(("ms", "mx", "cm", "pc", "pm", "pp"))  # where ``_FAST_ENTRY`` may start
_NAMES = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr", "mx": "msgstr[n]"}


def _charset(data: bytes, path: Path | None = None) -> str:
    """The header's charset; "CHARSET" (an unfilled POT header) reads as UTF-8; any other name
    Python does not know is an error at its line, never a guess."""
    match = _CHARSET.search(data[:65536])
    name = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        if name.upper() == "CHARSET" or path is None:
            return "utf-8"
        line = data.count(b"\n", 0, match.start()) + 1
        raise ParseError(f"unknown charset {name!r} in the header's Content-Type", path=path, line=line) from None
    return name


# Raw control characters (not written as escapes): gettext writes "\033", never the byte itself.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _unescape(text: str, encoding: str) -> str:
    """A PO string's value from its escaped form (already checked by ``_CONTENT``).
    Octal and hex escapes are bytes in the catalogue's charset, as for gettext."""
    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return _SIMPLE_ESCAPES[match.group(1)]
        values = [int(code[1:], 16) if code[0] == "x" else int(code, 8) for code in _BYTE_ESCAPE.findall(match.group(2))]
        if any(v > 0xFF for v in values):
            raise ValueError(f"escape {match.group(2)!r} is not a byte")
        try:
            return bytes(values).decode(encoding)
        except UnicodeDecodeError:
            raise ValueError(f"escaped bytes {match.group(2)!r} are not valid {encoding}") from None
    return _ESCAPE_RUN.sub(one, text) if "\\" in text else text


def _loose(raw: str) -> str | None:
    """The escaped inside of strings matched by ``_LOOSE`` (continuation lines joined), or None
    where they are not valid PO strings (the line path then says where and why)."""
    inside = raw[1:-1]
    if "\n" in inside:
        inside = inside.replace('"\n"', "")
    if ('"' in inside or "\\" in inside) and _STRINGS.fullmatch(raw) is None:
        return None
    return inside


class _Entry:
    """One entry as the parser collects it; string fields are still escaped."""

    __slots__ = ("line", "msgctxt", "msgid", "plural", "msgstr", "forms", "flags", "references", "tcomment",
                 "comment", "obsolete", "has_msgid")

    def __init__(self, line: int) -> None:
        self.line = line
        self.msgctxt: str | None = None
        self.msgid = self.plural = self.msgstr = self.tcomment = self.comment = ""
        self.forms: dict[int, str] | None = None
        self.flags: list[str] = []
        self.references: list[str] = []
        self.obsolete = self.has_msgid = False


class _PoParser:
    """gettext PO, line by line as polib's state machine reads it (the same entries, lines
    and comment handling), stricter where polib let malformed text through; the common
    entry shape is taken whole by one regex match (``_FAST_ENTRY``)."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        self.state = "st"
        self.entry: _Entry | None = _Entry(0)  # None: the last entry was complete and has been read
        self.number = 0  # the line being read
        self.obsolete_line = False
        self.form = 0  # the msgstr[n] being read
        self.first = True  # still in the first entry (the header, if there is one)
        self.language_line: int | None = None  # where the header names the target language
        self.done: list[_Entry] = []  # entries completed by the last lines read

    def error(self, message: str, line: int | None = None) -> ParseError:
        return ParseError(f"PO syntax error: {message}", path=self.path, line=line or self.number)

    # -- reading ----------------------------------------------------------------------------
    def step(self, text: str, pos: int) -> int:
        """Read the line of ``text`` at ``pos``; where the next line starts."""
        stop = text.find("\n", pos)
        if stop < 0:
            stop = len(text)
        self.number += 1
        self.line(text[pos:stop])
        return stop + 1

    def blocks(self) -> Iterator[tuple[str, bool]]:
        """The file decoded in blocks of whole lines, newlines made "\\n" (polib reads in text mode);
        a byte the charset cannot decode is an error at its line."""
        lines_before = 0  # "\n" bytes before the block: the decoding error's line
        rest = b""
        first = True
        try:
            with reading_from(self.path, self.path.open("rb")) as handle:
                while True:
                    raw = handle.read(BLOCK_BYTES)
                    final = not raw
                    data = rest + raw
                    cut = len(data) if final else data.rfind(b"\n") + 1
                    if not final and cut == 0:  # no newline yet: read on
                        rest = data
                        continue
                    block, rest = data[:cut], data[cut:]
                    try:
                        text = block.decode(self.encoding)
                    except UnicodeDecodeError as exc:
                        line = lines_before + block.count(b"\n", 0, exc.start) + 1
                        raise ParseError(f"not valid {self.encoding} (byte 0x{block[exc.start]:02x}); "
                                         "the header's charset does not match the file",
                                         path=self.path, line=line) from None
                    lines_before += block.count(b"\n")
                    if "\r" in text:
                        text = text.replace("\r\n", "\n").replace("\r", "\n")
                    if first:
                        text = text.removeprefix("\ufeff")
                        first = False
                    raw_control = _RAW_CONTROL.search(text)
                    if raw_control is not None:
                        line = lines_before - text.count("\n") + text.count("\n", 0, raw_control.start()) + 1
                        raise ParseError(f"control character U+{ord(raw_control.group()):04X} written as it is "
                                         "(PO writes it as an escape, such as \\033)", path=self.path, line=line)
                    yield text, final
                    if final:
                        return
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", path=self.path) from None

    # -- the common entry, whole ------------------------------------------------------------------
    def take(self, m: re.Match[str], values: tuple[str | None, str, str | None]) -> None:
        """An entry matched by ``_FAST_ENTRY`` (its comments, if any, already read)."""
        if self.state in _BETWEEN:
            if self.entry is not None:
                self.done.append(self.entry)
            self.entry = _Entry(self.number + 1)
            self.first = False
        entry = self.entry
        entry.msgctxt, entry.msgid, msgstr = values
        entry.has_msgid = True
        entry.obsolete = False
        if msgstr is not None:
            entry.msgstr = msgstr
            self.state = "ms"
        else:
            entry.plural = _loose(m.group(4)) or ""
            entry.forms = {int(number): _loose(value) or "" for number, value in _FAST_FORM.findall(m.group(5))}
            self.state = "mx"

    # -- one line -------------------------------------------------------------------------------
    def line(self, raw: str) -> None:
        line = raw.strip()
        if not line:
            return
        if self.first and self.language_line is None and '"Language:' in line:
            self.language_line = self.number
        tokens = line.split(None, 2)
        if tokens[0] == "#~|":  # a previous string of an obsolete entry: nothing to read
            return
        self.obsolete_line = tokens[0] == "#~" and len(tokens) > 1
        if self.obsolete_line:
            line = line[3:].strip()
            tokens = tokens[1:]
        head = tokens[0]
        if head in _KEYWORDS and len(tokens) > 1:
            self.keyword(_KEYWORDS[head], self.string(line[len(head):].lstrip(), head))
        elif head == "#:":
            if len(tokens) > 1:
                self.comment().references.extend(line[2:].split())
        elif line[0] == '"':
            self.continuation(self.string(line, "continuation"))
        elif line.startswith("msgstr["):
            m = _FORM_LINE.fullmatch(line)
            if m is None:
                raise self.error(f"bad plural msgstr {line[:40]!r}")
            self.keyword("mx", self.string(m.group(2), "msgstr[n]"), int(m.group(1)))
        elif head == "#,":
            if len(tokens) > 1:
                self.comment().flags.extend(flag.strip() for flag in line[2:].split(","))
        elif head == "#" or head.startswith("##"):
            if self.state in ("st", "he"):  # comments before anything else are the file's, not an entry's
                self.state = "he"
                return
            text = line.lstrip("#")
            entry = self.comment()
            entry.tcomment = f"{entry.tcomment}\n{text[1:] if text.startswith(' ') else text}" if entry.tcomment \
                else (text[1:] if text.startswith(" ") else text)
        elif head == "#.":
            if len(tokens) > 1:
                entry = self.comment()
                entry.comment = f"{entry.comment}\n{line[3:]}" if entry.comment else line[3:]
        elif head == "#|":
            self.previous(line, tokens)
        else:
            raise self.error(f"unexpected text {line[:40]!r}")

    def string(self, text: str, keyword: str) -> str:
        """The escaped inside of one quoted string that must be all of ``text``."""
        m = _STRING.match(text)
        if m is not None and m.end() == len(text):
            return m.group(1)
        if not text.startswith('"'):
            raise self.error(f"{keyword} is not followed by a quoted string")
        closing = re.match(r'"(?:[^"\\]|\\.)*"', text)
        if closing is None:
            raise self.error("unterminated string (no closing double quote)")
        if closing.end() < len(text):
            if '"' in text[closing.end():]:
                raise self.error("unescaped double quote found")
            raise self.error(f"text after the closing double quote: {text[closing.end():][:30]!r}")
        bad = re.search(r"\\(?![\\\"abfnrtv'?0-7]|x[0-9A-Fa-f])(.?)", text)
        if bad is not None:
            raise self.error(f"invalid escape sequence \\{bad.group(1)}")
        raise self.error("invalid string")  # pragma: no cover - every case is named above

    # -- transitions ----------------------------------------------------------------------------
    def _new_entry_if_complete(self) -> _Entry:
        if self.state in _BETWEEN:
            if self.entry is not None:
                self.done.append(self.entry)
            self.entry = _Entry(self.number)
            self.first = False
        elif not self.entry.line:  # the first entry starts here (not at the file's own comments)
            self.entry.line = self.number
        return self.entry

    def comment(self) -> _Entry:
        """The entry a comment line belongs to (a complete entry before it ends there)."""
        if self.state in ("ct", "mi", "mp"):
            raise self.error(f"comment inside an entry (after its {_NAMES[self.state]}, before its msgstr)")
        entry = self._new_entry_if_complete()
        self.state = "cm"
        return entry

    def previous(self, line: str, tokens: list[str]) -> None:
        """``#|`` lines: the previous msgctxt/msgid of a fuzzy entry (read, not kept)."""
        if len(tokens) <= 1:
            raise self.error("empty #| line")
        if tokens[1].startswith('"'):
            if self.state not in ("pc", "pm", "pp"):
                raise self.error("#| continuation without a previous msgctxt or msgid")
            self.string(line[2:].lstrip(), "continuation")
            return
        if len(tokens) == 2:
            raise self.error("invalid continuation line")
        if tokens[1] not in _PREVIOUS:
            raise self.error(f"unknown keyword {tokens[1]}")
        self.comment()
        self.string(line[2:].lstrip()[len(tokens[1]):].lstrip(), f"#| {tokens[1]}")
        self.state = _PREVIOUS[tokens[1]]

    def keyword(self, symbol: str, value: str, form: int = 0) -> None:
        state = self.state
        if symbol == "ct" or symbol == "mi":
            if state in ("mi", "mp") or symbol == "ct" and state == "ct":
                raise self.error(f"{_NAMES[symbol]} after {_NAMES[state]}: "
                                 f"{'msgid without msgstr' if state != 'ct' else 'msgctxt without msgid'}")
            entry = self._new_entry_if_complete()
            if symbol == "ct":
                entry.msgctxt = value
            else:
                entry.msgid, entry.has_msgid, entry.obsolete = value, True, self.obsolete_line
            self.state = symbol
            return
        entry = self.entry
        if not entry.has_msgid or state in _COMMENTS or state == "st":
            raise self.error(f"{_NAMES[symbol]} without msgid")
        if symbol == "mp":
            if state != "mi":
                raise self.error(f"msgid_plural after {_NAMES[state]}")
            entry.plural = value
        elif symbol == "ms":
            if state not in ("mi", "mp"):
                raise self.error(f"msgstr after {_NAMES[state]}")
            entry.msgstr = value
        else:
            if state not in ("mi", "mp", "mx"):
                raise self.error(f"msgstr[{form}] after {_NAMES[state]}")
            if entry.forms is None:
                entry.forms = {}
            entry.forms[form] = value
            self.form = form
        self.state = symbol

    def continuation(self, value: str) -> None:
        state = self.state
        if state not in _OPEN:
            raise self.error("string continuation without msgid, msgstr or msgctxt before it")
        entry = self.entry
        if state == "ct":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif state == "mi":
            entry.msgid += value
        elif state == "mp":
            entry.plural += value
        elif state == "ms":
            entry.msgstr += value
        elif state == "mx":
            assert entry.forms is not None
            entry.forms[self.form] += value
        # pc, pm, pp: previous strings are not kept

    def finish(self) -> None:
        if self.state in _BETWEEN:
            if self.entry is not None:
                self.done.append(self.entry)
        elif self.state in ("ct", "mi", "mp"):
            raise self.error(f"{'msgid' if self.entry.has_msgid else 'msgctxt'} without msgstr at the end of the file")
        # else: trailing comments, or nothing: no entry (as polib)


def _metadata(msgstr: str) -> dict[str, str]:
    """The header's fields, as polib reads them."""
    meta: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        try:
            key, value = line.split(":", 1)
            meta[key] = value.strip()
        except ValueError:
            if key is not None:
                meta[key] += "\n" + line.strip()
    return meta


def _languages(meta: dict[str, str], options: ReadOptions, path: Path, line: int | None) -> tuple[str, str]:
    # No X-Source-Language and no option: gettext's convention, English msgids.
    declared_source = file_language(meta.get("X-Source-Language"), path, line) or (None if options.source_lang else "en")
    return resolve_pair(declared_source, file_language(meta.get("Language"), path, line), options, path, line)


@register
class PoFormat(CorpusFormat):
    name = "po"
    suffixes = (".po", ".pot", ".mo")
    description = "gettext PO/POT catalogue, compiled MO"
    escaped_controls = True  # control characters written as escapes, as real catalogues hold them; not NUL

    def sniff(self, path: Path, head: bytes) -> bool:
        return head[:4] in _MO_MAGIC or b'msgid "' in head

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        check_input(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(65536)
            if not head.strip() and not _has_content(path):
                raise ParseError("empty file", path=path, line=1)
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
        if head[:4] in _MO_MAGIC or path.suffix.lower() == ".mo":
            yield from polib_segments(path, options, stats)
            return
        yield from self._read_po(path, _charset(head, path), options, stats)

    def check_syntax(self, path: Path) -> Iterator[Segment]:
        """Every entry of a PO file as segments, whatever languages its header names (read as
        ``und``): for readers of PO that want this parser's strictness (glossary imports)."""
        try:
            with path.open("rb") as handle:
                head = handle.read(65536)
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
        if not head.strip(b" \t\r\n\xef\xbb\xbf") and not _has_content(path):
            raise ParseError("empty file", path=path, line=1)
        if head[:4] in _MO_MAGIC:
            return
        yield from self._read_po(path, _charset(head, path), ReadOptions(), ReadStats(), fixed=("und", "und"))

    def _read_po(self, path: Path, encoding: str, options: ReadOptions, stats: ReadStats,
                 fixed: tuple[str, str] | None = None) -> Iterator[Segment]:
        parser = _PoParser(path, encoding)
        path_name = str(path)
        done = parser.done
        fast = _FAST_ENTRY.match
        between = _BETWEEN
        include_obsolete = options.include_obsolete
        languages: tuple[str, str] | None = None  # known once the first entry (the header, if any) is read
        header_line = 1
        read = obsolete = 0

        def finished() -> Iterator[Segment]:
            """The entries the line path completed, in order (the first may be the header)."""
            nonlocal languages, header_line, read, obsolete
            for entry in done:
                if languages is None:
                    meta: dict[str, str] = {}
                    header_line = parser.language_line or 1
                    is_header = not entry.obsolete and entry.msgid == ""
                    if is_header:
                        try:
                            meta = _metadata(_unescape(entry.msgstr, encoding))
                        except ValueError as exc:
                            raise ParseError(f"PO syntax error: {exc}", path=path, line=entry.line) from None
                    languages = fixed or _languages(meta, options, path, header_line)
                    if is_header:
                        continue
                if not entry.msgid and not entry.msgctxt:
                    if not entry.obsolete:
                        raise ParseError('a second header entry (msgid ""), or a header that is not the first entry',
                                         path=path, line=entry.line)
                    continue  # as polib: an obsolete entry without msgid or msgctxt is not read
                read += 1
                if entry.obsolete:
                    obsolete += 1
                    if not include_obsolete:
                        continue
                yield from _segments(entry, path_name, languages[0], languages[1], encoding)
            done.clear()

        for text, final in parser.blocks():
            pos, end = 0, len(text)
            while pos < end:
                state = parser.state
                if languages is not None and state in _FAST_STATES:
                    m = fast(text, pos)
                    if m is not None and (final or m.end() < end):
                        ctxt_raw, id_raw, str_raw, plural_raw, forms_raw = m.groups()
                        whole = m.group()
                        if "\\" not in whole and whole.count('"') == (4 if ctxt_raw is None else 6):
                            # one line each, no escape and no inner quote: the strings are as written
                            msgid, msgstr = id_raw[1:-1], str_raw[1:-1] if str_raw is not None else None
                            ctxt = ctxt_raw[1:-1] if ctxt_raw is not None else None
                        else:
                            msgid = _loose(id_raw)
                            ctxt = _loose(ctxt_raw) if ctxt_raw is not None else None
                            msgstr = _loose(str_raw) if str_raw is not None else None
                        valid = msgid and (ctxt is not None or ctxt_raw is None) and (
                            msgstr is not None if plural_raw is None else
                            _loose(plural_raw) is not None
                            and all(_loose(v) is not None for _, v in _FAST_FORM.findall(forms_raw)))
                        if valid:
                            if state in between and plural_raw is None:
                                # the common case: a whole entry without comments, read here
                                if parser.entry is not None:
                                    done.append(parser.entry)
                                    parser.entry = None
                                    yield from finished()
                                line = parser.number + 1
                                read += 1
                                if "\\" in msgid or "\\" in msgstr or ctxt and "\\" in ctxt:
                                    try:
                                        msgid, msgstr = _unescape(msgid, encoding), _unescape(msgstr, encoding)
                                        ctxt = _unescape(ctxt, encoding) if ctxt else ctxt
                                    except ValueError as exc:
                                        raise ParseError(f"PO syntax error: {exc}", path=path, line=line) from None
                                origin = Origin(path_name, line)
                                if ctxt:
                                    yield Segment(msgid, msgstr, languages[0], languages[1], origin, f"{ctxt}|{msgid}",
                                                  "", "", "", (), {"msgctxt": ctxt}, "")
                                else:
                                    yield Segment(msgid, msgstr, languages[0], languages[1], origin, msgid,
                                                  "", "", "", (), {}, "")
                            else:
                                parser.take(m, (ctxt, msgid, msgstr))
                                done.append(parser.entry)
                                parser.entry = None
                            parser.number += text.count("\n", pos, m.end())
                            pos = m.end()
                            if done:
                                yield from finished()
                            continue
                try:
                    pos = parser.step(text, pos)
                except ParseError:
                    # an error that does not continue the entry before it leaves that entry whole: read it
                    if parser.state in between and parser.entry is not None and languages is not None \
                            and not text[pos:pos + 8].lstrip().startswith(('"', "msgstr", "#~")):
                        done.append(parser.entry)
                        parser.entry = None
                        yield from finished()
                    raise
                if done:
                    yield from finished()
        parser.finish()
        yield from finished()
        if languages is None:  # no entry at all: the languages are still checked first
            header_line = parser.language_line or 1
            if fixed is None:
                _languages({}, options, path, header_line)
            raise ParseError("no PO entry in the file, not even a header (empty, or comments only)",
                             path=path, line=1)
        if not read:
            _empty_catalogue(path, stats)
            return
        if not include_obsolete:
            _obsolete_not_read(path, obsolete, stats)


def _empty_catalogue(path: Path, stats: ReadStats) -> None:
    """A catalogue with a header and no message (many Debian .mo files are): counted, noted, not an error."""
    stats.skip("empty catalogue (a header only)", str(path), detail="empty catalogue (a header only)")


def _obsolete_not_read(path: Path, obsolete: int, stats: ReadStats) -> None:
    """Count and warn about the obsolete entries a read without ``include_obsolete`` left out."""
    if obsolete:
        stats.skipped["obsolete entry (#~)"] += obsolete
        stats.warn(f"{path}: {obsolete} obsolete (#~) entries not read (--include-obsolete reads them)")


def _has_content(path: Path) -> bool:
    """Does a file that starts with a megabyte of whitespace hold anything else?"""
    with path.open("rb") as handle:
        return any(block.strip() for block in iter(lambda: handle.read(1 << 20), b""))


def _segments(entry: _Entry, path: str, source_lang: str, target_lang: str, encoding: str) -> Iterator[Segment]:
    """An entry's segments, as ``_polib_entry`` makes them from a polib entry."""
    try:
        msgid = _unescape(entry.msgid, encoding)
        ctxt = _unescape(entry.msgctxt, encoding) if entry.msgctxt is not None else None
        msgstr = _unescape(entry.msgstr, encoding)
        plural = _unescape(entry.plural, encoding)
        forms = {n: _unescape(v, encoding) for n, v in entry.forms.items()} if entry.forms else {}
    except ValueError as exc:
        raise ParseError(f"PO syntax error: {exc}", path=path, line=entry.line) from None
    base_id = f"{ctxt}|{msgid}" if ctxt else msgid
    props: dict[str, str] = {}
    if ctxt:
        props["msgctxt"] = ctxt
    flags = entry.flags
    state = "obsolete" if entry.obsolete else ""
    if flags:
        if "fuzzy" in flags:
            state = state or "fuzzy"
            flags = [f for f in flags if f != "fuzzy"]
        if flags:
            props["flags"] = ", ".join(flags)
    if entry.references:
        props["references"] = " ".join(entry.references)
    notes = tuple(n for n in (entry.tcomment, entry.comment) if n)
    origin = Origin(path, entry.line or None)
    if not plural:
        yield Segment(msgid, msgstr, source_lang, target_lang, origin, base_id, "", "", "", notes, props, state)
        return
    for form, text in sorted(forms.items()):
        yield Segment(msgid if form == 0 else plural, text, source_lang, target_lang, origin,
                      f"{base_id}[{form}]", base_id, "", "", notes, {**props, "plural-form": str(form)}, state)


# -- polib: MO, and the reference the PO parser is tested against ------------------------------------
def polib_segments(path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
    """A catalogue read whole with polib (MO; PO only in tests, as the reference)."""
    catalogue, header_line = _polib_load(path)
    source, target = _languages(catalogue.metadata, options, path, header_line)
    entries = [e for e in catalogue if e.msgid or e.msgctxt]  # the header is not a message
    if not entries:
        _empty_catalogue(path, stats)
        return
    if not options.include_obsolete:
        _obsolete_not_read(path, sum(1 for e in entries if e.obsolete), stats)
    for entry in entries:
        if options.include_obsolete or not entry.obsolete:
            yield from _polib_entry(entry, path, source, target)


def _check_mo(data: bytes, path: Path) -> None:
    """An MO file's tables and strings lie inside the file: a truncated or corrupt MO is an error,
    never a catalogue read in part (polib stops where it can read no more)."""
    order = "<" if data[:4] == _MO_MAGIC[0] else ">"
    size = len(data)
    if size < 28:
        raise ParseError(f"not a valid MO file: {size} bytes, shorter than its header", path=path)
    _, _, count, originals, translations = struct.unpack(order + "5I", data[:20])
    for table, name in ((originals, "original"), (translations, "translated")):
        if table + 8 * count > size:
            raise ParseError(f"not a valid MO file: the table of {count} {name} strings runs past the end of the file "
                             f"({size} bytes): truncated?", path=path)
        for index in range(count):
            length, offset = struct.unpack(order + "2I", data[table + 8 * index:table + 8 * index + 8])
            if offset + length > size:
                raise ParseError(f"not a valid MO file: {name} string {index + 1} of {count} runs past the end of "
                                 f"the file ({size} bytes): truncated?", path=path)
            if name == "translated" and index == 0:  # the header entry (msgid ""), sorted first: its charset
                original = struct.unpack(order + "2I", data[originals:originals + 8])[0]
                if original == 0:
                    try:
                        _charset(b'"' + data[offset:offset + length].replace(b"\n", b'"\n"') + b'"', path)
                    except ParseError as error:  # a line means nothing in an MO
                        raise ParseError(f"{error.message} (the MO header)", path=path) from None


def _polib_load(path: Path) -> tuple[polib.POFile | polib.MOFile, int | None]:
    """The catalogue, and the line its header names the languages on (None in an MO)."""
    data = read_whole(path)
    if data[:4] in _MO_MAGIC:
        _check_mo(data, path)
        try:
            return polib.mofile(str(path)), None
        except (OSError, struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise ParseError(f"not a valid MO file: {exc}", path=path) from None
    if path.suffix.lower() == ".mo":
        raise ParseError("not a valid MO file: wrong magic number", path=path)
    encoding = _charset(data)
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(f"not valid {encoding} (byte 0x{data[exc.start]:02x}); "
                         "the header's charset does not match the file", path=path, line=line) from None
    try:
        catalogue = polib.pofile(str(path), encoding=encoding)
    except OSError as exc:
        match = _POLIB_LINE.search(str(exc))
        detail = match.group(2) if match and match.group(2) else None
        raise ParseError(f"PO syntax error: {detail}" if detail else "PO syntax error",
                         path=path, line=int(match.group(1)) if match else None) from None
    found = data.find(b'"Language:')
    return catalogue, (data.count(b"\n", 0, found) + 1) if found >= 0 else 1


def _polib_entry(entry: polib.POEntry | polib.MOEntry, path: Path, source_lang: str, target_lang: str) -> Iterator[Segment]:
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
