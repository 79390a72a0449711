"""Reading line-based text corpora (CSV/TSV, JSON Lines, parallel text) line by line.

Encodings are sniffed among the Unicode ones: a BOM (UTF-8, UTF-16, UTF-32), UTF-16
without a BOM (told by its NUL bytes), else UTF-8. A file that is not valid UTF-8 is an
error at the line of its first bad byte, never a silent replacement or a guess:
legacy code pages cannot be told apart reliably (a cp1252 "crème" reads as cp1250 "crčme").
"""
from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Iterator

from glossary.errors import ParseError
from glossary.files.inputs import check_input
from glossary.progress import reading_from

HEAD_BYTES = 1 << 16
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def cut_short(path: Path, line: int) -> str:
    """The warning for a last line without a line end after lines with one: the file may be truncated."""
    return (f"{path}:{line}: the last line has no line end: the file may have been cut short "
            "(its last record was read as it stands)")


def read_head(path: Path) -> bytes:
    """The first bytes of a file; an empty (or blank) file is an error at line 1."""
    check_input(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
    if not head.strip(b" \t\r\n" + codecs.BOM_UTF8) or head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                                                 codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        raise ParseError("empty file", path=path, line=1)
    return head


def detect_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """(codec, BOM bytes to skip) for a text file, or ParseError at the first bad byte's line."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            # utf-16/utf-32 decoders read the BOM themselves; utf-8 skips it
            return encoding, len(bom) if encoding == "utf-8" else 0
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 text without a BOM
        return ("utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"), 0
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(head, final=False)
    bad = next((i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"), None)
    if bad is None:
        return "utf-8", 0
    line = text.count("\n", 0, bad) + 1
    byte = ord(text[bad]) - 0xDC00
    raise ParseError(f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8", path=path, line=line)


def iter_lines(path: Path, encoding: str, skip: int = 0, *, read_for: Path | None = None) -> Iterator[tuple[int, str]]:
    """(1-based line number, line with its newline) for every line of the file.

    ``read_for``: the file whose read this is, when not ``path`` (the other side of a parallel
    text), for reading progress (``glossary.progress.reading_from``)."""
    owner = read_for if read_for is not None else path
    try:
        if encoding.startswith(("utf-16", "utf-32")):
            # Not ASCII-compatible: let the codec split lines; a bad unit is reported at the line reached.
            with io.TextIOWrapper(reading_from(owner, path.open("rb")), encoding=encoding, errors="strict",
                                  newline="") as text:
                number = 0
                try:
                    for number, line in enumerate(text, start=1):
                        yield number, line
                except UnicodeDecodeError as exc:
                    raise ParseError(f"not valid {encoding}: {exc.reason}", path=path, line=number + 1) from None
            return
        with reading_from(owner, path.open("rb")) as handle:
            handle.seek(skip)
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    raise ParseError(f"not valid {encoding} (byte 0x{raw[exc.start]:02x})",
                                     path=path, line=number) from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None


def open_lines(path: Path, *, read_for: Path | None = None) -> Iterator[tuple[int, str]]:
    """Lines of a text corpus file: (1-based number, text with its newline); ``read_for`` as for ``iter_lines``."""
    head = read_head(path)
    encoding, skip = detect_encoding(path, head)
    return iter_lines(path, encoding, skip, read_for=read_for)
