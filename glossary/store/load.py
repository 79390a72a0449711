"""Reading the ``terms/`` glossary: the fast, read-only path every command that checks or looks up takes.

Files are parsed with libyaml (``fastyaml``) and the concepts built from each file are cached
by its bytes (``cache``). Editing, which must keep comments and order, goes through
``termstore.TermStore`` and ruamel.yaml instead; this module does not load ruamel, so a
lookup does not pay for it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from glossary.errors import ParseError, Problem, UsageError, ValidationError
from glossary.files.inputs import check_input
from glossary.model import Concept, Glossary
from glossary.store.validate import ConceptBuilder, check_across

GLOSSARY_SUFFIXES = (".yaml", ".yml")


def glossary_files(root: str | Path) -> list[Path]:
    """The YAML files of a glossary: a directory's ``*.yaml`` (sorted) or one file."""
    path = Path(root)
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in GLOSSARY_SUFFIXES and not p.name.startswith("."))
    raise UsageError(f"no glossary at {path} (expected a directory of .yaml files or one .yaml file)", path=path)


def _file_bytes(path: Path) -> bytes | Problem:
    """A glossary file's bytes, or the problem of one that cannot be read: a directory, a FIFO, a
    device, a dangling link or a loop (refused before opening), too big, unreadable."""
    try:
        check_input(path, whole=True)
        return path.read_bytes()
    except ParseError as error:
        return Problem(str(path), None, error.message, "unreadable")
    except OSError as exc:
        return Problem(str(path), None, f"cannot read: {exc.strerror or exc}", "unreadable")


def read_terms_file(path: Path) -> str | Problem:
    """``checked_terms_file`` without the bytes."""
    checked = checked_terms_file(path)
    return checked if isinstance(checked, Problem) else checked[1]


def checked_terms_file(path: Path) -> tuple[bytes, str] | Problem:
    """A terms/ file's text, checked as every reader checks it: a regular file within the size
    limit (refused before opening), valid UTF-8, and YAML within the limits (no aliases, nesting,
    control characters, over-long values: ``fastyaml``); else its problem. For the editing path
    (``termstore``), whose round-trip parser would hang on a FIFO, expand an alias bomb or raise
    on a date like 2026-13-01: (its bytes, its text)."""
    from glossary.store.fastyaml import load_with_lines

    data = _file_bytes(path)
    if isinstance(data, Problem):
        return data
    text = _file_text(path, data)
    if isinstance(text, Problem):
        return text
    try:
        load_with_lines(text, str(path))
    except ParseError as exc:
        return Problem(str(path), exc.line, exc.message, "syntax")
    return data, text


def _file_text(path: Path, data: bytes) -> str | Problem:
    """A glossary file's text as ``Path.read_text`` gives it (newlines made "\\n"), or the
    problem of a file that is not UTF-8, at the line of its first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(str(path), data[: exc.start].count(b"\n") + 1, "not valid UTF-8", "encoding")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def load_glossary(root: str | Path, *, cache: bool = True) -> Glossary:
    """Load and validate a glossary directory or file; raises ValidationError listing every problem."""
    glossary, problems = check_glossary(root, cache=cache)
    if problems:
        raise ValidationError(problems)
    return glossary


def check_glossary(root: str | Path, *, cache: bool = True) -> tuple[Glossary, list[Problem]]:
    """The glossary as far as it could be built, and every problem found.

    Read-only: files are parsed with libyaml (``fastyaml``) and the built concepts
    are cached per file, keyed by the file's bytes (``glossary.store.cache``). Editing goes
    through ``TermStore``, whose round-trip parser keeps comments but is far slower.

    A consistent read without the writers' lock: an edit interrupted between its renames is
    finished first (``recover_glossary``), and a read during which another command renamed its
    files into place (the files' identities changed) is read again, under the lock the second
    time, so a reader never builds a glossary of some files before an edit and some after.
    """
    from glossary.files.journal import recover_glossary
    from glossary.files.lock import glossary_lock

    recover_glossary(root)
    result, read = _read_once(root, cache)
    if read == _identities(root):
        return result
    with glossary_lock(root):
        return _read_once(root, cache)[0]


FileIdentity = tuple[str, int, int, int, int]  # name, device, inode, size, mtime (ns)


def _identities(root: str | Path) -> list[FileIdentity | str]:
    """What tells a glossary's files apart from the ones a concurrent edit renames over them."""
    out: list[FileIdentity | str] = []
    for path in glossary_files(root):
        try:
            info = path.stat()
        except OSError:
            out.append(path.name)
            continue
        out.append((path.name, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))
    return out


def _read_once(root: str | Path, cache: bool) -> tuple[tuple[Glossary, list[Problem]], list[FileIdentity | str]]:
    from glossary.store.cache import cached_file_concepts

    concepts: list[Concept] = []
    problems: list[Problem] = []
    digest = hashlib.sha256()
    read = _identities(root)  # taken before the bytes: a rename after this shows as a change
    files = glossary_files(root)
    for path in files:
        data = _file_bytes(path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        built = cached_file_concepts(path, data, _build_one_file) if cache else _build_one_file(path, data)
        concepts.extend(built[0])
        problems.extend(built[1])
        digest.update(path.name.encode())
        digest.update(data)
    problems.extend(check_across(concepts))
    glossary = Glossary(concepts=concepts, files=[str(p) for p in files], fingerprint=digest.hexdigest())
    return (glossary, problems), read


def _build_one_file(path: Path, data: bytes) -> tuple[list[Concept], list[Problem]]:
    """Parse and build one file (its bytes ``data``) on the fast read-only path (libyaml; see ``fastyaml``)."""
    from glossary.store.fastyaml import load_with_lines

    problems: list[Problem] = []
    text = _file_text(path, data)
    if isinstance(text, Problem):
        return [], [text]
    try:
        doc = load_with_lines(text, str(path))
    except ParseError as exc:
        return [], [Problem(str(path), exc.line, exc.message, "syntax")]
    concepts = ConceptBuilder(str(path), problems).document(doc)
    return concepts, problems
