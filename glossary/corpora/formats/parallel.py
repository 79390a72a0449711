"""Parallel plain text, Moses style: ``name.vi`` + ``name.en``, line n to line n.

A file belongs to a pair when its last suffix is a language tag (``vi``, ``en``,
``vi_VN``) and a file with the same name and another language suffix lies beside it.
``--source-lang`` says which file is the source (a pair alone cannot tell); every
other language file beside it is a target unless ``--target-lang`` picks one.
Naming either file of a pair reads the pair once. Files must have the same number
of lines: a mismatch is an error at the first line with no partner (with
``skip_bad``, the unpartnered lines are counted and skipped). Unicode encodings sniffed as for CSV, BOM accepted.
"""
from __future__ import annotations

import glob
from itertools import zip_longest
from pathlib import Path
from typing import Iterator

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, register, registered_formats
from glossary.corpora.formats.textio import cut_short, open_lines
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError
from glossary.model.langtags import is_valid_lang, normalize_lang, same_language


def suffix_language(path: Path) -> str | None:
    """``corpus.vi`` -> ``vi``; None when the suffix is no language tag or another format's."""
    suffix = path.suffix[1:]
    if not 2 <= len(suffix) <= 12 or not suffix.replace("-", "").replace("_", "").isalnum():
        return None
    if any(path.name.lower().endswith(s) for f in registered_formats().values() for s in f.suffixes):
        return None
    return normalize_lang(suffix) if is_valid_lang(suffix) else None


def language_files(path: Path) -> dict[str, Path]:
    """Every file of the pair (or set) ``path`` belongs to, by language."""
    files: dict[str, Path] = {}
    for candidate in sorted(path.parent.glob(glob.escape(path.stem) + ".*")):
        lang = suffix_language(candidate)
        if lang and candidate.is_file():
            files.setdefault(lang, candidate)
    return files


def _find(files: dict[str, Path], lang: str) -> tuple[str, Path] | None:
    return next(((l, p) for l, p in files.items() if same_language(l, lang)), None)


@register
class ParallelFormat(CorpusFormat):
    name = "parallel"
    suffixes = ()
    description = "parallel plain text, name.<lang> files aligned line by line (Moses)"

    def claims(self, path: Path) -> bool:
        return suffix_language(path) is not None and len(language_files(path)) >= 2

    def sniff(self, path: Path, head: bytes) -> bool:
        return self.claims(path)

    def companions(self, path: Path, options: ReadOptions) -> tuple[Path, ...]:
        try:
            source, targets = self._pair(path, options)
        except ParseError:
            return ()
        if source is None:
            return ()
        return (source[1], *(p for _, p in targets))

    def _pair(self, path: Path, options: ReadOptions) -> tuple[tuple[str, Path] | None, list[tuple[str, Path]]]:
        """The source file and target files to read for ``path``; (None, []) when it is in neither side."""
        lang = suffix_language(path)
        if lang is None:
            raise ParseError("not a parallel-text file: the suffix must be a language tag (name.vi, name.en)",
                             path=path)
        files = language_files(path)
        names = ", ".join(p.name for p in files.values())
        if len(files) < 2:
            raise ParseError(f"no partner file beside it: expected {path.stem}.<lang>", path=path)
        if not options.source_lang:
            raise ParseError(f"parallel text: pass --source-lang to say which of {names} is the source", path=path)
        source = _find(files, options.source_lang)
        if source is None:
            raise ParseError(f"no {options.source_lang} file beside it (found: {names})", path=path)
        targets = [(l, p) for l, p in files.items() if p != source[1]
                   and (not options.target_lang or same_language(l, options.target_lang))]
        if not targets:
            raise ParseError(f"no {options.target_lang or 'target'} file beside it (found: {names})", path=path)
        if path == source[1]:
            return source, targets
        if any(p == path for _, p in targets):
            return source, [(l, p) for l, p in targets if p == path]
        return None, []

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        source, targets = self._pair(path, options)
        if source is None:
            stats.warn(f"{path}: not read: {suffix_language(path)} is not in the requested pair "
                       f"{options.describe_pair()}")
            return
        source_lang, source_path = source
        paths = [source_path] + [p for _, p in targets]
        several = len(targets) > 1
        last: dict[int, tuple[int, str]] = {}  # file -> its last line read
        for rows in zip_longest(*(open_lines(p, read_for=path) for p in paths)):
            last.update((i, row) for i, row in enumerate(rows) if row is not None)
            missing = [paths[i] for i, row in enumerate(rows) if row is None]
            if missing:
                number = next(row[0] for row in rows if row is not None)
                self._mismatch(options, stats, missing, paths, number, rows)
                continue
            number = rows[0][0]
            source_text = rows[0][1].rstrip("\r\n")
            for (lang, _), (_, text) in zip(targets, rows[1:]):
                yield Segment(
                    source=source_text,
                    target=text.rstrip("\r\n"),
                    source_lang=source_lang,
                    target_lang=lang,
                    origin=Origin(str(source_path), number),
                    unit_id=f"{number}/{lang}" if several else str(number),
                )
        for i, (number, text) in sorted(last.items()):
            if number > 1 and not text.endswith(("\n", "\r")):
                stats.warn(cut_short(paths[i], number))

    def _mismatch(self, options: ReadOptions, stats: ReadStats, missing: list[Path], paths: list[Path],
                  number: int, rows: tuple) -> None:
        longer = next(paths[i] for i, row in enumerate(rows) if row is not None)
        ended = ", ".join(f"{p.name} ends at line {number - 1}" for p in missing)
        self.bad_record(options, stats, longer, number,
                        f"line counts differ: {ended}; line {number} of {longer.name} has no partner",
                        kind="line with no partner line")
