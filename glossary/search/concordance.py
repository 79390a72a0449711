"""An on-disk full-text index of corpora, for concordance and corpus evidence in lookup.

Location: ``.glossary-index/corpus.sqlite`` under the current directory
(``DEFAULT_INDEX``), or any path given with ``--index``. It is a cache: delete it
and ``glossary index`` builds it again.

SQLite with FTS5. Segments are read with ``glossary.corpora.formats.read_corpus`` and
stored once in ``segments``; a contentless FTS5 table holds their text for search
with the ``unicode61 remove_diacritics 2`` tokenizer, which drops case and
diacritics. That tokenizer keeps a few letters that are not "letter + mark"
(đ, ð, ł, ø), so those are folded before indexing, the same way
``normalize.fold_diacritics`` folds a query: "Chinh" finds "Chính", "Da Nang" finds
"Đà Nẵng". Each file's size and mtime are kept, so an update re-reads only files
that changed and drops files that are gone.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from glossary.corpora.formats.base import ReadOptions, ReadStats, detect_format, expand_paths, get_format, read_corpus
from glossary.corpora.segments import Segment
from glossary.errors import ParseError, UsageError
from glossary.model import Concept, Status, Term
from glossary.model.langtags import normalize_lang, same_language
from glossary.progress import NO_PROGRESS, Progress, ReadMeter, file_size
from glossary.progress import resolve as resolve_progress
from glossary.text.normalize import Token, match_key, token_key, tokenize

DEFAULT_INDEX = Path(".glossary-index") / "corpus.sqlite"
SCHEMA_VERSION = "1"
_BATCH = 5000
INDEX_PHASE = "indexing"  # the phase ``CorpusIndex.update`` reports (glossary.progress)
# Letters unicode61 does not strip to a base letter; everything else it folds itself.
# đ/Đ are common in Vietnamese and str.replace is several times faster than translate.
_FTS_FOLD = str.maketrans("ðÐłŁøØ", "dDlLoO")
_FTS_RARE = re.compile("[ðÐłŁøØ]")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, signature TEXT NOT NULL, segments INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER, unit_id TEXT NOT NULL,
    source_id TEXT NOT NULL, document TEXT NOT NULL, outlet TEXT NOT NULL,
    source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS segments_file ON segments(file_id);
CREATE VIRTUAL TABLE IF NOT EXISTS segments_fts USING fts5(
    source, target, content='', tokenize='unicode61 remove_diacritics 2');
"""


def fts_text(text: str) -> str:
    """What the FTS table stores for a text: NFC, with the letters unicode61 keeps folded."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return text.translate(_FTS_FOLD) if _FTS_RARE.search(text) else text


def fold_words(query: str) -> list[str]:
    """The query's words as the index compares them: no case, no diacritics."""
    return [token_key(t.text, fold=True) for t in tokenize(query)]


# -- results ----------------------------------------------------------------------------
@dataclass(slots=True)
class UpdateSummary:
    """What ``CorpusIndex.update`` did."""

    index: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    segments_read: int = 0
    segments_total: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ConcordanceLine:
    segment_id: int
    path: str
    line: int | None
    unit_id: str
    document: str
    outlet: str
    source_lang: str
    target_lang: str
    source: str
    target: str
    source_spans: list[tuple[int, int]]  # character offsets of each match in ``source``
    target_spans: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Concordance:
    query: str
    words: list[str]  # the folded words searched
    total: int  # segments matching, before ``limit``
    lines: list[ConcordanceLine]
    lang: str | None = None
    document: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class RenderingCount:
    text: str
    status: Status | None  # None: the segment holds none of the concept's terms
    count: int


@dataclass(frozen=True, slots=True)
class ConceptRenderings:
    """How a corpus rendered one concept from one language into another."""

    source_lang: str
    target_lang: str
    segments: int  # segments whose source holds one of the concept's source terms
    counts: list[RenderingCount]  # most frequent first; a segment may hold several terms


# -- the index ---------------------------------------------------------------------------
class CorpusIndex:
    """A SQLite FTS5 index of aligned segments; open with ``CorpusIndex.open``."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection

    @classmethod
    def open(cls, path: str | Path = DEFAULT_INDEX, *, create: bool = False) -> "CorpusIndex":
        """Open an index; with ``create`` make it (and its directory) when missing."""
        target = Path(path)
        if not target.exists() and not create:
            raise UsageError(f"no corpus index at {target}: build it with 'glossary index CORPUS...'", path=target)
        if create:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(target)
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA temp_store=MEMORY")
            index = cls(target, db)
            index._check_schema(create=create)
        except sqlite3.DatabaseError as exc:
            raise ParseError(f"not a corpus index ({exc}); delete it and run 'glossary index' again",
                             path=target) from None
        return index

    def _check_schema(self, *, create: bool) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = None
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            version = row[0] if row else None
        if version == SCHEMA_VERSION:
            return
        if tables and not create:
            raise ParseError(f"corpus index has schema {version or 'unknown'}, this version needs {SCHEMA_VERSION}: "
                             "run 'glossary index CORPUS...' to rebuild it", path=self.path)
        with self.db:  # an index of another version is a stale cache: start again
            for table in ("segments_fts", "segments", "files", "meta"):
                if table in tables:
                    self.db.execute(f"DROP TABLE {table}")
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "CorpusIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building ----------------------------------------------------------------------
    def update(self, paths: Iterable[str | Path], *, options: ReadOptions | None = None,
               progress: Progress | Callable[[int], Any] | None = None) -> UpdateSummary:
        """Bring the index in step with ``paths``: read new and changed files, drop vanished ones.

        Each file is replaced in one transaction, so an error (reported with file and
        line) leaves the index as it was for that file. ``progress`` (``glossary.progress``;
        default: the one made active with ``with``) gets one phase, ``INDEX_PHASE``, in bytes of
        the corpus's files (an unchanged file counts as done at once), segments beside them.
        """
        started = time.perf_counter()
        options = options or ReadOptions()
        progress = resolve_progress(progress)
        known = {row[1]: row for row in self.db.execute("SELECT id, path, size, mtime_ns, signature FROM files")}
        summary = UpdateSummary(index=str(self.path))
        stats = ReadStats()
        consumed: set[Path] = set()
        files = expand_paths(paths)
        listed = {p.resolve() for p in files}
        meter = ReadMeter(progress, sum(file_size(p) for p in files), phase=INDEX_PHASE,
                          item_unit="segments") if progress.enabled else None
        for path in files:
            if path.resolve() in consumed:
                continue
            fmt = get_format(options.format) if options.format else detect_format(path)
            companions = [c.resolve() for c in fmt.companions(path, options)]
            consumed.update(companions)
            signature = _signature(options, companions)
            key = str(path.resolve())
            stat = path.stat()
            size = stat.st_size + sum(file_size(c) for c in companions if c != path.resolve())
            if meter is not None and (extra := sum(file_size(c) for c in companions if c not in listed)):
                meter.total += extra  # a companion not named on its own (name.vi given, name.en beside it)
                progress.update(meter.before, total=meter.total)
            row = known.get(key)
            if row is not None and (row[2], row[3], row[4]) == (stat.st_size, stat.st_mtime_ns, signature):
                summary.unchanged.append(key)
                if meter is not None:
                    meter.part(size, 0)
                continue
            segments = read_corpus([path], options, stats, progress=NO_PROGRESS)
            with self.db:
                if row is not None:
                    self._delete_file(row[0])
                count = self._insert_file(path, key, stat.st_size, stat.st_mtime_ns, signature,
                                          meter.read(path, size, segments) if meter is not None else segments)
            (summary.updated if row is not None else summary.added).append(key)
            summary.segments_read += count
        for key, row in known.items():
            if not Path(key).exists():
                with self.db:
                    self._delete_file(row[0])
                summary.removed.append(key)
        if meter is not None:
            meter.finish()
        summary.segments_total = self.segment_count()
        summary.seconds = time.perf_counter() - started
        summary.warnings.extend(stats.warnings)
        return summary

    def _insert_file(self, path: Path, key: str, size: int, mtime_ns: int, signature: str,
                     segments: Iterator[Segment]) -> int:
        cursor = self.db.execute(
            "INSERT INTO files(path, size, mtime_ns, signature, segments) VALUES (?, ?, ?, ?, 0)",
            (key, size, mtime_ns, signature))
        file_id = cursor.lastrowid
        next_id = (self.db.execute("SELECT max(id) FROM segments").fetchone()[0] or 0) + 1
        count = 0
        for batch in _batches(segments, _BATCH):
            rows = [(next_id + i, file_id, s.origin.line, s.unit_id, s.source_id, s.document,
                     s.props.get("x-outlet", ""), s.source_lang, s.target_lang, s.source, s.target)
                    for i, s in enumerate(batch)]
            self.db.executemany("INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO segments_fts(rowid, source, target) VALUES (?, ?, ?)",
                                [(r[0], fts_text(r[9]), fts_text(r[10])) for r in rows])
            next_id += len(rows)
            count += len(rows)
        self.db.execute("UPDATE files SET segments = ? WHERE id = ?", (count, file_id))
        return count

    def _delete_file(self, file_id: int) -> None:
        # A contentless FTS5 table forgets a row only when given the text it indexed.
        rows = self.db.execute("SELECT id, source, target FROM segments WHERE file_id = ?", (file_id,))
        self.db.executemany("INSERT INTO segments_fts(segments_fts, rowid, source, target) VALUES ('delete', ?, ?, ?)",
                            ((i, fts_text(s), fts_text(t)) for i, s, t in rows.fetchall()))
        self.db.execute("DELETE FROM segments WHERE file_id = ?", (file_id,))
        self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    # -- reading -----------------------------------------------------------------------
    def files(self) -> list[tuple[str, int]]:
        return [(p, n) for p, n in self.db.execute("SELECT path, segments FROM files ORDER BY path")]

    def segment_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM segments").fetchone()[0]

    def _languages(self, column: str, lang: str) -> list[str]:
        present = [r[0] for r in self.db.execute(f"SELECT DISTINCT {column} FROM segments")]
        return [tag for tag in present if same_language(tag, lang)]

    def search(self, query: str, *, lang: str | None = None, document: str | None = None,
               outlet: str | None = None, limit: int = 50) -> Concordance:
        """Segments holding the query's words in a row, in corpus order.

        Case- and diacritic-insensitive; a trailing ``*`` makes the last word a prefix.
        ``lang`` searches only the side in that language; ``document`` and ``outlet``
        keep segments whose document id / outlet contains the text (case-insensitive).
        """
        if limit < 1:
            raise UsageError(f"--limit must be at least 1, not {limit}")
        words = fold_words(query)
        if not words:
            raise UsageError(f"nothing to search for in {query!r}: it has no letters or digits")
        prefix = query.rstrip().endswith("*")
        phrase = '"' + " ".join(words) + '"' + ("*" if prefix else "")
        lang = normalize_lang(lang) if lang else None
        where, params = _filters(document, outlet)
        branches = []
        if lang is None:
            branches.append(("segments_fts MATCH ?", [phrase]))
        else:
            for column in ("source", "target"):
                tags = self._languages(f"{column}_lang", lang)
                if tags:
                    marks = ", ".join("?" * len(tags))
                    branches.append((f"segments_fts MATCH ? AND s.{column}_lang IN ({marks})",
                                     [f"{{{column}}} : {phrase}", *tags]))
        if not branches:
            return Concordance(query, words, 0, [], lang, document, outlet)
        selects, all_params = [], []
        for condition, branch_params in branches:
            selects.append(f"SELECT s.id FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid "
                           f"WHERE {condition}{where}")
            all_params.extend(branch_params + params)
        union = " UNION ".join(selects)
        total = self.db.execute(f"SELECT count(*) FROM ({union})", all_params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT s.id, f.path, s.line, s.unit_id, s.document, s.outlet, s.source_lang, s.target_lang, "
            f"s.source, s.target FROM segments s JOIN files f ON f.id = s.file_id "
            f"WHERE s.id IN ({union}) ORDER BY s.id LIMIT ?", [*all_params, limit]).fetchall()
        lines = []
        for sid, path, line, unit, doc, out, slang, tlang, source, target in rows:
            show_source = lang is None or same_language(slang, lang)
            show_target = lang is None or same_language(tlang, lang)
            lines.append(ConcordanceLine(
                sid, path, line, unit, doc, out, slang, tlang, source, target,
                find_spans(source, words, prefix=prefix) if show_source else [],
                find_spans(target, words, prefix=prefix) if show_target else []))
        return Concordance(query, words, total, lines, lang, document, outlet)

    def concept_renderings(self, concept: Concept) -> list[ConceptRenderings]:
        """For each language pair in the index the concept has terms in: how targets rendered it.

        Segments whose source holds any of the concept's source-language terms are
        counted per target-language term they hold; those holding none are counted
        under the empty text with status None.
        """
        out = []
        pairs = self.db.execute("SELECT DISTINCT source_lang, target_lang FROM segments").fetchall()
        for source_lang, target_lang in pairs:
            sources = [t for lang, ts in concept.terms.items() if same_language(lang, source_lang) for t in ts]
            targets = [t for lang, ts in concept.terms.items() if same_language(lang, target_lang) for t in ts]
            if not sources or not targets:
                continue
            phrases = ['"' + " ".join(words) + '"' for t in sources if (words := fold_words(t.text))]
            if not phrases:
                continue
            rows = self.db.execute(
                "SELECT s.target FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid "
                "WHERE segments_fts MATCH ? AND s.source_lang = ? AND s.target_lang = ?",
                ("{source} : (" + " OR ".join(phrases) + ")", source_lang, target_lang)).fetchall()
            if not rows:
                continue
            counts: Counter[int] = Counter()
            by_words: dict[tuple[str, ...], list[int]] = {}
            for i, term in enumerate(targets):
                if words := fold_words(term.text):
                    by_words.setdefault(tuple(words), []).append(i)
            for (text,) in rows:
                counts.update(_renderings_in(text, targets, by_words) or [-1])
            tallies = [RenderingCount(targets[i].text if i >= 0 else "", targets[i].status if i >= 0 else None, n)
                       for i, n in counts.most_common()]
            out.append(ConceptRenderings(source_lang, target_lang, len(rows), tallies))
        return out


def _signature(options: ReadOptions, companions: list[Path]) -> str:
    """What else decides a file's segments: the read options and the files read with it."""
    def state(path: Path) -> list:
        stat = path.stat() if path.exists() else None
        return [str(path), stat.st_size if stat else None, stat.st_mtime_ns if stat else None]

    return json.dumps({"source_lang": options.source_lang, "target_lang": options.target_lang,
                       "skip_bad": options.skip_bad, "format": options.format,
                       "include_obsolete": options.include_obsolete,
                       "companions": [state(c) for c in companions]}, sort_keys=True)


def _filters(document: str | None, outlet: str | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    for column, value in (("document", document), ("outlet", outlet)):
        if value:
            clauses.append(f" AND s.{column} LIKE ? ESCAPE '\\'")
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
    return "".join(clauses), params


def _renderings_in(text: str, targets: list[Term], by_words: dict[tuple[str, ...], list[int]]) -> set[int]:
    """Which target terms a segment holds, each occurrence credited to one term.

    The longest match wins where matches overlap ("Chinh" inside "Pham Minh Chinh" is
    not a second rendering). Terms that fold alike ("Pham Minh Chinh", "Phạm Minh
    Chính"; "Secretary-General", "Secretary General") are told apart by the surface
    form: same text first, then the same match key (case, Unicode form, tone
    placement), then the first listed.
    """
    spans = [(start, end, candidates) for words, candidates in by_words.items()
             for start, end in find_spans(text, list(words))]
    taken: list[tuple[int, int]] = []
    found: set[int] = set()
    for start, end, candidates in sorted(spans, key=lambda s: s[0] - s[1]):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        surface = unicodedata.normalize("NFC", text[start:end])
        exact = [i for i in candidates if unicodedata.normalize("NFC", targets[i].text) == surface]
        close = [i for i in candidates if match_key(targets[i].text) == match_key(surface)]
        found.add((exact or close or candidates)[0])
    return found


def find_spans(text: str, words: list[str], *, prefix: bool = False) -> list[tuple[int, int]]:
    """Character spans in ``text`` where the folded ``words`` occur in a row."""
    tokens: list[Token] = tokenize(text)
    keys = [token_key(t.text, fold=True) for t in tokens]
    n = len(words)
    spans = []
    for i in range(len(tokens) - n + 1):
        if keys[i:i + n - 1] == words[:-1] and (
                keys[i + n - 1].startswith(words[-1]) if prefix else keys[i + n - 1] == words[-1]):
            spans.append((tokens[i].start, tokens[i + n - 1].end))
    return spans


def _batches(segments: Iterator[Segment], size: int) -> Iterator[list[Segment]]:
    batch: list[Segment] = []
    for segment in segments:
        batch.append(segment)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
