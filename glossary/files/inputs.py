"""What every reader checks before and while it reads: the file is a regular file it may read,
not too big to read whole, and its text holds no character a record cannot hold.

The limits are stated here and configurable through the environment (every command, the
server and the parallel workers read the same variables):

==============================  ===========  ==================================================
variable                        default      what it limits
==============================  ===========  ==================================================
``GLOSSARY_MAX_SEGMENT_CHARS``  20000        characters in one segment's source or target, one
                                             term, one definition or note (longer: refused, or
                                             skipped and counted with ``--skip-bad``)
``GLOSSARY_MAX_FILE_BYTES``     268435456    bytes of a file read whole (TBX, glossary tables,
                                             OmegaT, PO imports, MO, .xlsx, terms/ YAML)
``GLOSSARY_MAX_NESTING``        64           nesting depth of a JSON record or a YAML document
==============================  ===========  ==================================================

Why 20,000 characters: the longest entry of the 2 million in Debian's catalogues has 9,419
(binutils' help), a news sentence a few hundred; and the work downstream of reading grows with
the square of a segment's length: the word aligner of ``discover`` weighs every source word
against every target word (``glossary/align/links.py``), and every variance finding quotes its
whole segment (a 40,000-character segment with 1,700 findings made 78 MB reports). A segment
past the limit is a document in one unit, not a segment: split it, or raise the limit.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import ParseError, UsageError

_DEFAULTS = {"GLOSSARY_MAX_SEGMENT_CHARS": 20_000, "GLOSSARY_MAX_FILE_BYTES": 256 * 1024 * 1024,
             "GLOSSARY_MAX_NESTING": 64}


@dataclass(frozen=True, slots=True)
class Limits:
    segment_chars: int
    file_bytes: int
    nesting: int


def limits() -> Limits:
    """The limits in force (read from the environment each time: cheap, and tests may set them)."""
    values = {}
    for name, default in _DEFAULTS.items():
        raw = os.environ.get(name)
        if raw is None or not raw.strip():
            values[name] = default
            continue
        try:
            values[name] = int(raw.replace("_", ""))
        except ValueError:
            raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
        if values[name] <= 0:
            raise UsageError(f"{name} must be positive, not {raw!r}")
    return Limits(values["GLOSSARY_MAX_SEGMENT_CHARS"], values["GLOSSARY_MAX_FILE_BYTES"],
                  values["GLOSSARY_MAX_NESTING"])


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_input(path: Path, *, whole: bool = False) -> int:
    """Refuse, before opening it, what no reader can read: a missing file, a dangling symbolic link
    or a loop of them, a directory, a FIFO, a device, a socket, a file we may not read; with
    ``whole`` (formats read into memory at once), a file past ``GLOSSARY_MAX_FILE_BYTES``.
    The file's size in bytes."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ParseError(_stat_problem(path, exc), path=path) from None
    for test, what in _KINDS:
        if test(info.st_mode):
            raise ParseError(f"cannot read: {what}, not a regular file", path=path)
    if not os.access(path, os.R_OK):
        raise ParseError("cannot read: permission denied", path=path)
    if whole and info.st_size > limits().file_bytes:
        raise ParseError(f"file of {info.st_size:,} bytes is past the limit of {limits().file_bytes:,} for a file "
                         "read whole (set GLOSSARY_MAX_FILE_BYTES to raise it)", path=path)
    return info.st_size


def _stat_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "cannot read: a loop of symbolic links"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"cannot read: a symbolic link to {os.readlink(path)}, which does not exist"
    if exc.errno == errno.ENOENT:
        return "cannot read: no such file"
    return f"cannot read: {exc.strerror or exc}"


def irregular_reason(path: Path) -> str | None:
    """Why a folder entry is not a readable regular file (for walks), or None when it is one."""
    try:
        check_input(path)
    except ParseError as error:
        return error.message.removeprefix("cannot read: ")
    return None


def read_whole(path: Path) -> bytes:
    """A file read whole, after ``check_input(whole=True)``; I/O errors as ParseError."""
    check_input(path, whole=True)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}", path=path) from None


# -- characters no record may hold ------------------------------------------------------------------
# NUL, and lone surrogates (no encoding can write them): never, in any format.
_NEVER = re.compile("[\x00\ud800-\udfff]")
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(text: str, *, controls: bool = True) -> str | None:
    """A description of the first character ``text`` may not hold ("U+0000 (NUL) at character 12"),
    or None. ``controls=False``: only NUL and lone surrogates are refused (formats that write
    control characters as escapes, which real catalogues use: ANSI colours, argp's \\v)."""
    match = (_CONTROL if controls else _NEVER).search(text)
    if match is None:
        return None
    char = match.group()
    name = {"\x00": " (NUL)", "\x1b": " (ESC)", "\x7f": " (DEL)"}.get(char, "")
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "control character"
    return f"{kind} U+{ord(char):04X}{name} at character {match.start() + 1}"


def too_long(text: str) -> str | None:
    """Why ``text`` is past the segment limit, or None."""
    limit = limits().segment_chars
    if len(text) <= limit:
        return None
    return (f"{len(text):,} characters, past the limit of {limit:,} (set GLOSSARY_MAX_SEGMENT_CHARS to raise it)")


def one_line(message: str) -> str:
    """A message from a library (lxml, PyYAML, openpyxl) on one line: whitespace runs as one space."""
    return " ".join(str(message).split())
