"""The ``terms/`` store: YAML files a terminologist edits by hand and reviews in git.

Files are read with ruamel.yaml's round-trip loader, which keeps comments, key
order and line numbers; edits are made on those documents and written back
atomically, so what the user wrote survives. Every write is validated first.
See README "The terms/ format" for the file layout.

Edits cannot be lost: ``save`` holds the glossary's lock (``files.lock``) while it checks
that the files are still the ones ``open`` read and writes them; when another edit wrote
them in between it raises ``StaleGlossary`` and writes nothing, so the caller makes its
change again on the current files (``cli.edits``) instead of overwriting the other one.
A change to several files is one journalled step (``files.journal``): after a crash the
next ``open`` (or any command) finds the journal and finishes it, so no reader sees some
new files beside old ones.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from glossary.errors import (
    ConflictError,
    ParseError,
    Problem,
    UsageError,
    ValidationError,
)
from glossary.files.journal import commit, journal_path, recover, recover_glossary
from glossary.files.lock import glossary_lock
from glossary.model import Concept, Glossary, Term
from glossary.store.load import (
    GLOSSARY_SUFFIXES,
    check_glossary,
    checked_terms_file,
    glossary_files,
    load_glossary,
)
from glossary.store.validate import (
    CONCEPT_KEYS,
    TERM_KEYS,
    ConceptBuilder,
    check_across,
    normalize_lang_safe,
)

__all__ = ["GLOSSARY_SUFFIXES", "TermStore", "check_glossary", "glossary_files", "load_glossary"]  # the read path re-exported

def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long definition
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml_text(text: str, path: str) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "YAML syntax error").strip()
        raise ParseError(f"YAML: {what}", path=path, line=line) from None
    except YAMLError as exc:
        raise ParseError(f"YAML: {one_line(str(exc))}", path=path) from None
    except (ValueError, OverflowError, RecursionError) as exc:
        # a value the round-trip constructor cannot build (created: 2026-13-01); the read path
        # (checked first by TermStore.open) names such values with their line
        raise ParseError(f"YAML: {one_line(str(exc)) or type(exc).__name__}", path=path) from None


def _located(path: Path, data: bytes, error: ParseError) -> Problem:
    """The problem of a file the round-trip parser refused; when it gave no line (a value it
    could not build), the read path's problem of that file, which has one."""
    if error.line is None:
        from glossary.store.load import _build_one_file

        located = [p for p in _build_one_file(path, data)[1] if p.line is not None]
        if located:
            return located[0]
    return Problem(str(path), error.line, error.message, "syntax")


def one_line(text: str) -> str:
    return " ".join(text.split())


def dump_yaml(doc: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(doc, buffer)
    return buffer.getvalue()


class StaleGlossary(ConflictError):
    """The glossary's files changed on disk after the store read them (another edit): nothing written."""


@dataclass
class TermStore:
    """The parsed glossary files, editable in place and saved atomically."""

    root: Path
    documents: dict[Path, Any] = field(default_factory=dict)
    originals: dict[Path, str] = field(default_factory=dict)
    parse_problems: list[Problem] = field(default_factory=list)
    read_digests: dict[Path, str] = field(default_factory=dict)  # sha256 of each file's bytes as ``open`` read them

    # -- loading ---------------------------------------------------------------
    @classmethod
    def open(cls, root: str | Path) -> "TermStore":
        recover_glossary(root)  # an edit interrupted between its renames is finished before anything is read
        store = cls(Path(root))
        for path in glossary_files(root):
            # the read path's checks first: a FIFO, /dev/zero, an alias bomb or a 10 MB value
            # would hang or blow up the round-trip parser
            checked = checked_terms_file(path)
            if isinstance(checked, Problem):
                store.parse_problems.append(checked)
                continue
            data, text = checked
            store.read_digests[path] = hashlib.sha256(data).hexdigest()
            try:
                store.documents[path] = parse_yaml_text(text, str(path))
            except ParseError as exc:
                store.parse_problems.append(_located(path, data, exc))
                continue
            store.originals[path] = text
        return store

    def build(self) -> tuple[list[Concept], list[Problem]]:
        """Concepts of every document and every problem found (parse and validation)."""
        problems = list(self.parse_problems)
        concepts: list[Concept] = []
        for path, doc in self.documents.items():
            concepts.extend(ConceptBuilder(str(path), problems).document(doc))
        problems.extend(check_across(concepts))
        return concepts, problems

    def problems(self) -> list[Problem]:
        return self.build()[1]

    def glossary(self) -> Glossary:
        """The validated glossary; raises ValidationError listing every problem."""
        concepts, problems = self.build()
        if problems:
            raise ValidationError(problems)
        digest = hashlib.sha256()
        for path in self.documents:
            digest.update(path.name.encode())
            digest.update(self.render(path).encode("utf-8"))  # equals the file's bytes when unedited
        return Glossary(concepts=concepts, files=[str(p) for p in self.documents], fingerprint=digest.hexdigest())

    # -- finding nodes -----------------------------------------------------------
    def concept_nodes(self) -> Iterator[tuple[Path, CommentedMap]]:
        for path, doc in self.documents.items():
            if isinstance(doc, dict) and isinstance(doc.get("concepts"), list):
                for node in doc["concepts"]:
                    if isinstance(node, dict):
                        yield path, node

    def concept_node(self, concept_id: str) -> tuple[Path, CommentedMap]:
        for path, node in self.concept_nodes():
            if str(node.get("id")) == concept_id:
                return path, node
        raise UsageError(f"no concept with id {concept_id!r} in {self.root}")

    def term_node(self, concept_id: str, lang: str, text: str) -> tuple[Path, CommentedMap]:
        path, concept = self.concept_node(concept_id)
        for key, nodes in (concept.get("terms") or {}).items():
            if _same_lang(str(key), lang):
                for i, node in enumerate(nodes):
                    if isinstance(node, str) and node == text:
                        nodes[i] = CommentedMap(term=node)  # expand the shorthand so it can take fields
                        return path, nodes[i]
                    if isinstance(node, dict) and str(node.get("term")) == text:
                        return path, node
        raise UsageError(f"concept {concept_id!r} has no {lang} term {text!r}")

    # -- editing -----------------------------------------------------------------
    def add_concept(self, concept: Concept, *, path: str | Path | None = None) -> Path:
        """Append a new concept to ``path`` (default: the first file), keeping the rest as written."""
        target = Path(path) if path is not None else self._default_file()
        doc = self.documents.get(target)
        if doc is None:
            doc = CommentedMap(concepts=CommentedSeq())
            self.documents[target] = doc
        doc.setdefault("concepts", CommentedSeq()).append(concept_to_yaml(concept))
        return target

    def add_term(self, concept_id: str, term: Term) -> Path:
        path, node = self.concept_node(concept_id)
        terms = node.setdefault("terms", CommentedMap())
        key = next((k for k in terms if _same_lang(str(k), term.lang)), term.lang)
        terms.setdefault(key, CommentedSeq()).append(term_to_yaml(term))
        return path

    def set_term_fields(self, concept_id: str, lang: str, text: str, **fields: str | None) -> Path:
        """Set (or with None, remove) fields of one term; keeps the field order of TERM_KEYS for new keys."""
        path, node = self.term_node(concept_id, lang, text)
        for key, value in fields.items():
            if key not in TERM_KEYS:
                raise UsageError(f"unknown term field {key!r}")
            if value is None:
                node.pop(key, None)
            elif key in node:
                node[key] = value
            else:
                node.insert(_insert_position(node, key), key, value)
        return path

    def _default_file(self) -> Path:
        if self.documents:
            return next(iter(self.documents))
        if self.root.suffix in GLOSSARY_SUFFIXES:
            return self.root
        return self.root / "glossary.yaml"

    # -- writing -----------------------------------------------------------------
    def render(self, path: Path) -> str:
        return dump_yaml(self.documents[path])

    def changed_files(self) -> list[Path]:
        return [p for p in self.documents if self.originals.get(p) != self.render(p)]

    def diff(self) -> str:
        """Unified diff of every file the pending edits would change."""
        import difflib

        chunks = []
        for path in self.changed_files():
            chunks.extend(difflib.unified_diff(
                self.originals.get(path, "").splitlines(keepends=True),
                self.render(path).splitlines(keepends=True),
                fromfile=_diff_name("a", path), tofile=_diff_name("b", path)))
        return "".join(chunks)

    def save(self) -> list[Path]:
        """Validate the edited glossary, then write the changed files as one step, under the lock.

        Refuses (ConflictError, nothing written) when the result would not validate, and
        (StaleGlossary) when another edit wrote the files since this store read them.
        """
        _, problems = self.build()
        if problems:
            listing = "; ".join(str(p) for p in problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            first = problems[0]
            raise ConflictError(f"edit refused, the glossary would not validate: {listing}{more}",
                                path=first.path, line=first.line)
        texts = {path: self.render(path) for path in self.changed_files()}
        if not texts:
            return []
        data = {path: text.encode("utf-8") for path, text in texts.items()}
        with glossary_lock(self.root):
            journal = journal_path(self.root)
            recover(journal)  # a change another process left half-done is finished before this one is checked
            self._refuse_if_changed_on_disk()
            commit(data, journal)  # all or nothing, across files too
            # what is on disk now is what this store holds (a file written outside the glossary is not tracked)
            self.read_digests = {path: hashlib.sha256(data[path]).hexdigest() if path in data else
                                 self.read_digests[path] for path in glossary_files(self.root)}
        self.originals.update(texts)
        return list(texts)

    def _refuse_if_changed_on_disk(self) -> None:
        """StaleGlossary when a file was written, added or removed since ``open`` read the glossary."""
        on_disk = glossary_files(self.root) if self.root.exists() else []
        changed = sorted(set(on_disk) ^ set(self.read_digests))
        changed += [p for p in on_disk if p in self.read_digests and _sha256(p) != self.read_digests[p]]
        if changed:
            raise StaleGlossary(f"the glossary changed on disk since it was read (another edit wrote {changed[0]}); "
                                "nothing was written", path=self.root)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def _diff_name(side: str, path: Path) -> str:
    """git-style a/ b/ names, relative to the working directory where possible."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return f"{side}/{shown}"


def _same_lang(a: str, b: str) -> bool:
    return normalize_lang_safe(a) == normalize_lang_safe(b)


def _insert_position(node: CommentedMap, key: str, order: tuple[str, ...] = TERM_KEYS) -> int:
    """Where a new ``key`` goes in ``node``: before the first key that ``order`` puts after it."""
    rank = order.index(key)
    for pos, existing in enumerate(node):
        if existing in order and order.index(existing) > rank:
            return pos
    return len(node)


def set_concept_field(node: CommentedMap, key: str, value: Any) -> None:
    """Set a concept field; a new key goes where the format orders it (CONCEPT_KEYS)."""
    if key in node:
        node[key] = value
        return
    node.insert(_insert_position(node, key, CONCEPT_KEYS), key, value)


def term_to_yaml(term: Term) -> CommentedMap:
    node = CommentedMap()
    node["term"] = term.text
    node["status"] = term.status.value
    for key, value in (("type", term.type.value if term.type else None),
                       ("pos", term.pos.value if term.pos else None),
                       ("usage", term.usage), ("context", term.context), ("source", term.source),
                       ("reason", term.reason), ("note", term.note)):
        if value:
            node[key] = value
    return node


def concept_to_yaml(concept: Concept) -> CommentedMap:
    node = CommentedMap()
    node["id"] = concept.id
    for key in ("subject", "definition", "note", "source", "created", "modified"):
        value = getattr(concept, key)
        if value:
            node[key] = value
    terms = CommentedMap()
    for lang, lang_terms in concept.terms.items():
        terms[lang] = CommentedSeq(term_to_yaml(t) for t in lang_terms)
    node["terms"] = terms
    return node
