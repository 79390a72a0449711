"""The mutation classes: from one valid seed, the malformed inputs the issue lists.

Each class is a function ``(seed, rng, context) -> Mutant | None`` (None: the class does not
apply to that seed's family). A mutant says what it expects: ``refuse`` (an error, or a
counted warning: never a silent acceptance) or ``any`` (any clean outcome: a byte flip may
land in text and give another valid file). ``marker`` is text that must never reach an
output (an entity's replacement text, a file's content read through XXE or XInclude).
"""
from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fuzz.seeds import Seed

MARK = "FUZZ-EXPANDED-MARK"  # an entity's replacement text
SECRET = "FUZZ-SECRET-FILE-CONTENT"  # the content of a file only XXE/XInclude could read
LONG_BYTES = 10 * 1024 * 1024  # "10 MB lines"
DEEP = 100_000  # nesting depth


@dataclass
class Mutant:
    cls: str
    data: bytes | None = None  # the main file's bytes; None for a file kind
    file_kind: str | None = None  # directory | dangling | loop | fifo | devzero | unreadable
    expect: str = "refuse"  # refuse | any
    marker: str | None = None
    in_folder: bool = False  # the special file sits in a folder the command walks
    skip_bad: bool = False  # also run with --skip-bad
    heavy: bool = False  # also run variance and discover on it
    notes: dict = field(default_factory=dict)


Context = dict  # {"secret": path of the secret file, "dtd": path of an external DTD}
TEXT_FAMILIES = ("xml", "po", "csv", "tsv", "lines", "json", "yaml")


def text_spot(seed: Seed) -> int | None:
    """A byte offset inside the text of a record (not a header), where insertions land."""
    data = seed.data
    if seed.family == "xml":
        tag = rb"<(?:seg|source|target|term)>" if seed.kind != "import" else rb"<term>"
        match = re.search(tag + rb"[^<]{4}", data)
        return match.end() - 2 if match else None
    if seed.family == "po":
        first = data.find(b'msgstr "')
        second = data.find(b'msgid "', first)
        return second + len(b'msgid "') + 2 if second > 0 else None
    if seed.family in ("csv", "tsv", "lines"):
        newline = data.find(b"\n")
        offset = 0 if seed.family == "lines" else newline + 1
        return offset + 3 + (1 if data[offset:offset + 1] == b'"' else 0)
    if seed.family == "json":
        found = data.find(b'"target": "')
        return found + len(b'"target": "') + 2
    if seed.family == "yaml":
        found = data.find(b"- term: ")
        return found + len(b"- term: ") + 2
    return None


def _insert(seed: Seed, piece: bytes) -> bytes | None:
    spot = text_spot(seed)
    if spot is None:
        return None
    while spot < len(seed.data) and seed.data[spot] & 0xC0 == 0x80:  # not inside a UTF-8 sequence
        spot += 1
    return seed.data[:spot] + piece + seed.data[spot:]


def _last_record_cut(seed: Seed) -> bytes | None:
    body = seed.data.rstrip(b"\r\n")
    start = body.rfind(b"\n") + 1
    if seed.family == "po":
        start = body.rfind(b'msgstr "') + len(b'msgstr "')
    if len(body) - start < 6:
        return None
    return body[:start + (len(body) - start) // 2]


def _doctype(seed: Seed, subset: str) -> bytes:
    data = seed.data
    end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    return data[:end] + b"\n<!DOCTYPE x [" + subset.encode() + b"]>" + data[end:]


def _xml_only(fn: Callable[[Seed, random.Random, Context], Mutant | None]):
    def wrapper(seed: Seed, rng: random.Random, ctx: Context) -> Mutant | None:
        return fn(seed, rng, ctx) if seed.family == "xml" else None
    wrapper.__name__ = fn.__name__
    return wrapper


# -- byte-level classes: every reader -----------------------------------------------------------
def truncate(seed, rng, ctx):
    cut = rng.randrange(1, len(seed.data) - 1)
    strict = seed.family in ("xml", "xlsx", "mo")  # a cut file of these can never be complete
    return Mutant("truncation", seed.data[:cut], expect="refuse" if strict else "any")


def truncate_last_record(seed, rng, ctx):
    if seed.family not in ("po", "csv", "tsv", "lines", "json"):
        return None
    data = _last_record_cut(seed)
    return Mutant("truncated last record", data, skip_bad=True) if data else None


def byte_flip(seed, rng, ctx):
    data = bytearray(seed.data)
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return Mutant("byte flips", bytes(data), expect="any")


def invalid_utf8(seed, rng, ctx):
    data = _insert(seed, rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82"]))
    return Mutant("invalid UTF-8", data, skip_bad=True) if data else None


def utf16_bom(seed, rng, ctx):
    if seed.family in ("xlsx", "mo"):
        return None
    text = seed.data.decode("utf-8-sig")
    return Mutant("UTF-16 with BOM", text.encode("utf-16"), expect="any")


def utf16_no_bom(seed, rng, ctx):
    if seed.family in ("xlsx", "mo"):
        return None
    text = seed.data.decode("utf-8-sig")
    return Mutant("UTF-16 without BOM", text.encode(rng.choice(["utf-16-le", "utf-16-be"])), expect="any")


def bom_only(seed, rng, ctx):
    return Mutant("BOM-only file", rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF8 + b"\r\n"]))


def empty(seed, rng, ctx):
    return Mutant("empty file", b"")


def nul_byte(seed, rng, ctx):
    data = _insert(seed, b"\x00")
    return Mutant("NUL byte", data, skip_bad=True) if data else None


def control_char(seed, rng, ctx):
    data = _insert(seed, bytes([rng.choice([1, 7, 8, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F])]))
    return Mutant("control character", data, skip_bad=True) if data else None


def long_line(seed, rng, ctx):
    if seed.family not in TEXT_FAMILIES:
        return None
    words = "an toàn mạng tội phạm mạng Công ước Hà Nội cybercrime convention ".encode()
    piece = words * (LONG_BYTES // len(words))
    data = _insert(seed, piece)
    return Mutant("10 MB line", data, skip_bad=True, heavy=seed.kind == "corpus") if data else None


def deep_nesting(seed, rng, ctx):
    if seed.family == "xml":
        data = _insert(seed, b"<hi>" * DEEP + b"x" + b"</hi>" * DEEP) if seed.kind == "corpus" else \
            _insert(seed, b"<hi>" * DEEP + b"x" + b"</hi>" * DEEP)
    elif seed.family == "json":
        spot = seed.data.find(b'"id": ')
        data = seed.data[:spot] + b'"props": ' + b"[" * DEEP + b"]" * DEEP + b", " + seed.data[spot:]
    elif seed.family == "yaml":
        found = seed.data.find(b"\n    definition: ")
        data = seed.data[:found] + b"\n    note: " + b"[" * DEEP + b"]" * DEEP + seed.data[found:]
    else:
        return None
    return Mutant("deep nesting", data)


def duplicate_record(seed, rng, ctx):
    data = seed.data
    if seed.family == "xml":
        match = re.search(rb"(\s*<(tu|trans-unit|unit|termEntry|conceptEntry)[ >].*?</\2>)", data, re.DOTALL)
        if not match:
            return None
        data = data[:match.end()] + match.group(1) + data[match.end():]
    elif seed.family in ("csv", "tsv", "lines", "json"):
        lines = data.splitlines(keepends=True)
        if len(lines) < 3:
            return None
        data = b"".join(lines[:2] + [lines[1]] + lines[2:])
    else:
        return None
    return Mutant("duplicate record", data, expect="any")


def missing_field(seed, rng, ctx):
    data = seed.data
    if seed.family == "xml":
        data = re.sub(rb"<(seg|source|term)>[^<]*</\1>", b"", data, count=1)
    elif seed.family == "json":
        data = data.replace(b'"target": ', b'"targetx": ', 1)
    elif seed.family in ("csv", "tsv"):
        lines = data.splitlines(keepends=True)
        separator = b"\t" if seed.family == "tsv" else b","
        head, _, _ = lines[1].rpartition(separator)
        data = b"".join(lines[:1] + [head + b"\r\n"] + lines[2:])
    elif seed.family == "yaml":
        data = data.replace(b"    terms:\n", b"    termz:\n", 1)
    else:
        return None
    return Mutant("missing field", data, expect="any")


def wrong_language(seed, rng, ctx):
    data = seed.data
    tag = rng.choice([b"qq-!!", b"123", b"x" * 40])
    if seed.family == "xml":
        data = re.sub(rb'(xml:lang|target-language|trgLang)="en"', rb'\1="' + tag + b'"', data, count=1)
    elif seed.family == "json":
        data = data.replace(b'"target_lang": "en"', b'"target_lang": "' + tag + b'"', 1)
    elif seed.family == "po":
        data = data.replace(b"Language: en", b"Language: " + tag, 1)
    elif seed.family == "yaml":
        data = data.replace(b"      en:\n", b"      " + tag + b":\n", 1)
    else:
        return None
    return Mutant("wrong language tag", data)


def huge_number(seed, rng, ctx):
    if seed.family == "json":
        data = seed.data.replace(b'"id": "u1"', b'"id": ' + b"9" * 5000, 1)
    elif seed.family == "yaml":
        data = seed.data.replace(b"created: 2026-11-23", b"created: " + b"9" * 5000, 1)
    elif seed.family in ("csv",) and seed.kind == "corpus":
        data = seed.data.replace(b"u1,", b"9" * 5000 + b",", 1)
    else:
        return None
    return Mutant("5,000-digit number", data, expect="any")


def lone_surrogate(seed, rng, ctx):
    if seed.family == "json":
        return Mutant("lone surrogate", _insert(seed, b"\\ud800"), skip_bad=True)
    if seed.family == "po":
        return None
    return None


def escaped_control(seed, rng, ctx):
    """A control character written as an escape the format decodes: JSON \\u0000, PO \\000, XML &#x1b;."""
    # PO and JSON may write other control characters as escapes (real catalogues do: ANSI colours), not NUL
    piece = {"json": b"\\u0000", "po": b"\\000", "xml": b"&#x1b;"}.get(seed.family)
    if piece is None:
        return None
    return Mutant("escaped control character", _insert(seed, piece), skip_bad=True)


_UNIT_ELEMENTS = {"corpus:tmx": b"tu", "corpus:xliff-1.2": b"trans-unit", "corpus:xliff-2.0": b"unit",
                  "import:tbx2": b"termEntry", "import:tbx": b"conceptEntry"}


def unknown_element(seed, rng, ctx):
    name = _UNIT_ELEMENTS.get(seed.reader)
    if name is None:
        return None
    data = re.sub(rb"<" + name + rb"([ >])", rb"<" + name + rb"x\1", seed.data, count=1)
    data = data.replace(b"</" + name + b">", b"</" + name + b"x>", 1)
    return Mutant("unknown element where a unit belongs", data, skip_bad=True)


def unknown_charset(seed, rng, ctx):
    if seed.family == "po":
        data = seed.data.replace(b"charset=UTF-8", b"charset=NO-SUCH-CODEC", 1)
    elif seed.family == "mo":  # the same length: the tables' offsets stay right
        data = seed.data.replace(b"charset=UTF-8", b"charset=NOPE9", 1)
    elif seed.family == "xml":
        data = re.sub(rb"encoding=['\"]UTF-8['\"]", b'encoding="NO-SUCH-CODEC"', seed.data, count=1)
    else:
        return None
    return Mutant("unknown charset", data)


# -- XML entities and inclusion -----------------------------------------------------------------
@_xml_only
def entity_text(seed, rng, ctx):
    data = _doctype(seed, f'<!ENTITY x "{MARK}">')
    return Mutant("internal entity in text", _insert(Seed(seed.reader, seed.kind, seed.name, data, family="xml"), b"&x;"),
                  marker=MARK)


@_xml_only
def entity_attribute(seed, rng, ctx):
    data = _doctype(seed, f'<!ENTITY x "{MARK}">')
    data = re.sub(rb'(tuid|id)="[^"]*"', rb'\1="&x;"', data, count=1)
    return Mutant("internal entity in an attribute", data, marker=MARK)


@_xml_only
def entity_language(seed, rng, ctx):
    data = _doctype(seed, '<!ENTITY x "en">')
    data = re.sub(rb'(xml:lang|target-language|trgLang)="en"', rb'\1="&x;"', data, count=1)
    return Mutant("internal entity as the language", data, notes={"expansion_if_accepted": True})


@_xml_only
def billion_laughs(seed, rng, ctx):
    subset = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    data = _doctype(seed, subset)
    spot = text_spot(Seed(seed.reader, seed.kind, seed.name, data, family="xml"))
    return Mutant("billion laughs", data[:spot] + b"&a9;" + data[spot:], marker="lollollol")


@_xml_only
def external_entity(seed, rng, ctx):
    data = _doctype(seed, f'<!ENTITY x SYSTEM "file://{ctx["secret"]}">')
    spot = text_spot(Seed(seed.reader, seed.kind, seed.name, data, family="xml"))
    return Mutant("external entity (XXE)", data[:spot] + b"&x;" + data[spot:], marker=SECRET)


@_xml_only
def parameter_entity(seed, rng, ctx):
    data = _doctype(seed, f'<!ENTITY % p SYSTEM "file://{ctx["dtd"]}"> %p; <!ENTITY % q "<!ENTITY y \'{MARK}\'>"> %q;')
    spot = text_spot(Seed(seed.reader, seed.kind, seed.name, data, family="xml"))
    return Mutant("parameter entities", data[:spot] + b"&y;" + data[spot:], marker=MARK)


@_xml_only
def external_dtd(seed, rng, ctx):
    data = seed.data
    end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    data = data[:end] + f'\n<!DOCTYPE x SYSTEM "file://{ctx["dtd"]}">'.encode() + data[end:]
    spot = text_spot(Seed(seed.reader, seed.kind, seed.name, data, family="xml"))
    return Mutant("external DTD defining entities", data[:spot] + b"&z;" + data[spot:], marker=SECRET)


@_xml_only
def xinclude(seed, rng, ctx):
    piece = (f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{ctx["secret"]}" '
             'parse="text"/>').encode()
    return Mutant("XInclude", _insert(seed, piece), expect="any", marker=SECRET)


@_xml_only
def entity_past_prolog_limit(seed, rng, ctx):
    data = seed.data
    end = data.find(b"?>") + 2
    padding = b"<!--" + b"x" * (2 * 1024 * 1024) + b"-->"
    data = data[:end] + padding + f'<!DOCTYPE x [<!ENTITY x "{MARK}">]>'.encode() + data[end:]
    data = re.sub(rb'(tuid|id)="[^"]*"', rb'\1="&x;"', data, count=1)
    return Mutant("entity declared after a 2 MB comment", data, marker=MARK)


# -- YAML (terms/) --------------------------------------------------------------------------------
def yaml_only(fn):
    def wrapper(seed, rng, ctx):
        return fn(seed, rng, ctx) if seed.family == "yaml" else None
    wrapper.__name__ = fn.__name__
    return wrapper


@yaml_only
def alias_bomb(seed, rng, ctx):
    bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]\n" for i in range(1, 10))
    data = seed.data.replace(b"subject: cybercrime\n", b"subject: cybercrime\n" + bomb.encode(), 1)
    return Mutant("YAML alias bomb", data)


@yaml_only
def alias_in_value(seed, rng, ctx):
    data = seed.data.replace(b"    definition: ", b"    definition: &d ", 1)
    data = data.replace(b"    note: ", b"    note: *d\n    source2: ", 1)
    return Mutant("YAML alias", data)


@yaml_only
def yaml_tag(seed, rng, ctx):
    data = seed.data.replace(b"    definition: ", f"    definition: !!python/object/apply:os.system ['echo {MARK}'] ".encode(), 1)
    return Mutant("YAML tag", data, marker=MARK)


@yaml_only
def bad_date(seed, rng, ctx):
    date = rng.choice([b"2026-13-01", b"2026-02-30", b"2026-00-10", b"20261-01-01", b"2026-1-1x"])
    return Mutant("invalid date", seed.data.replace(b"created: 2026-11-23", b"created: " + date, 1))


@yaml_only
def yaml_nul(seed, rng, ctx):
    return Mutant("escaped NUL in a YAML string", seed.data.replace(b"- term: ", b'- term: "\\0', 1).replace(
        b"\n", b'"\n', 1) if False else _yaml_quoted(seed, "\\0"))


def _yaml_quoted(seed: Seed, escape: str) -> bytes:
    found = seed.data.find(b"- term: ")
    end = seed.data.find(b"\n", found)
    value = seed.data[found + len(b"- term: "):end].decode()
    return seed.data[:found] + f'- term: "{value[:2]}{escape}{value[2:]}"'.encode() + seed.data[end:]


# -- workbooks ------------------------------------------------------------------------------------
def _rewrite_member(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes | None:
    source = zipfile.ZipFile(io.BytesIO(data))
    if member not in source.namelist():
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def _sheet_member(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/worksheets/sheet1.xml"


def xlsx_entity(seed, rng, ctx):
    if seed.family != "xlsx":
        return None
    member = _sheet_member(seed.data)

    def change(content: bytes) -> bytes:
        end = content.find(b"?>") + 2
        content = content[:end] + f'<!DOCTYPE x [<!ENTITY x "{MARK}">]>'.encode() + content[end:]
        return re.sub(rb"(<t[^>]*>)([^<]{2})", rb"\1\2&x;", content, count=3)
    data = _rewrite_member(seed.data, member, change)
    return Mutant("internal entity in a workbook", data, marker=MARK) if data else None


def xlsx_control(seed, rng, ctx):
    if seed.family != "xlsx":
        return None
    member = _sheet_member(seed.data)

    def change(content: bytes) -> bytes:
        # a late string: a record's cell, not the header's (openpyxl leaves "_x0007_" as written,
        # so a control character reaches a cell only as a character reference)
        matches = list(re.finditer(rb"(<t[^>]*>)([^<]{2})", content))
        spot = matches[len(matches) // 2 + 1].end()
        return content[:spot] + rng.choice([b"&#x0;", b"&#x7;", b"&#x1b;"]) + content[spot:]
    data = _rewrite_member(seed.data, member, change)
    return Mutant("control character in a workbook cell", data, skip_bad=True) if data else None


# -- files that are not regular files -------------------------------------------------------------
def _kind(name: str, cls: str):
    def make(seed, rng, ctx):
        if name == "directory" and seed.kind == "corpus":
            return None  # a corpus argument that is a folder is walked: that is what folders are for
        return Mutant(cls, file_kind=name)
    make.__name__ = name
    return make


def _kind_in_folder(name: str, cls: str):
    def make(seed, rng, ctx):
        if seed.kind != "corpus":
            return None
        return Mutant(cls + " in a corpus folder", file_kind=name, in_folder=True)
    make.__name__ = name + "_in_folder"
    return make


CLASSES: list[Callable] = [
    truncate, truncate_last_record, byte_flip, invalid_utf8, utf16_bom, utf16_no_bom, bom_only, empty, nul_byte,
    control_char, escaped_control, long_line, deep_nesting, duplicate_record, missing_field, wrong_language,
    huge_number, lone_surrogate, unknown_element, unknown_charset,
    entity_text, entity_attribute, entity_language, billion_laughs, external_entity, parameter_entity, external_dtd,
    xinclude, entity_past_prolog_limit,
    alias_bomb, alias_in_value, yaml_tag, bad_date, yaml_nul, xlsx_entity, xlsx_control,
    _kind("directory", "a directory"), _kind("unreadable", "unreadable file"), _kind("dangling", "dangling symlink"),
    _kind("loop", "symlink loop"), _kind("fifo", "FIFO"), _kind("devzero", "/dev/zero"),
    _kind_in_folder("dangling", "dangling symlink"), _kind_in_folder("fifo", "FIFO"),
]
# Classes whose output depends on the random draw: the full run makes several of each.
RANDOM_CLASSES = {"truncate", "byte_flip", "invalid_utf8", "control_char", "bad_date", "utf16_no_bom", "bom_only",
                  "wrong_language"}
EXPANSION_CLASSES = {"internal entity in text", "internal entity in an attribute", "internal entity as the language",
                     "billion laughs", "external entity (XXE)", "parameter entities", "external DTD defining entities",
                     "XInclude", "entity declared after a 2 MB comment", "internal entity in a workbook", "YAML tag"}


def class_names() -> set[str]:
    """Every class's name, as its mutants carry it (made from each seed family once)."""
    from tests.fuzz.seeds import all_seeds

    ctx = {"secret": "/nonexistent/secret", "dtd": "/nonexistent/dtd"}
    return {m.cls for seed in all_seeds() for m in mutants(seed, ctx, per_random_class=1)}


def mutants(seed: Seed, ctx: Context, *, per_random_class: int, base_seed: int = 18) -> list[Mutant]:
    """Every applicable class for ``seed``; random classes ``per_random_class`` times (deterministic)."""
    out: list[Mutant] = []
    for fn in CLASSES:
        repeats = per_random_class if fn.__name__ in RANDOM_CLASSES else 1
        for index in range(repeats):
            rng = random.Random(f"{base_seed}:{seed.reader}:{fn.__name__}:{index}")
            mutant = fn(seed, rng, ctx)
            if mutant is not None and (mutant.data is not None or mutant.file_kind is not None):
                out.append(mutant)
    return out
