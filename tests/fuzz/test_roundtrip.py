"""Property tests (Hypothesis) of the readers' round trips: what a writer writes, its reader reads
back the same, for any text a record may hold; and a NUL anywhere is refused at its record's line."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.corpora.formats.base import ReadOptions, ReadStats, get_format, read_corpus
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError
from glossary.exchange.base import ExportOptions, ImportOptions
from glossary.exchange.base import get_format as exchange_format
from glossary.model import Concept, Glossary, Status, Term

# Any character a record may hold: no controls (Cc), surrogates (Cs) or unassigned code points (Cn,
# U+FFFE/U+FFFF among them); "\r" is a control too, which XML reads as "\n".
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=40).filter(
    lambda s: s.strip())
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _segments(pairs: list[tuple[str, str]]) -> list[Segment]:
    return [Segment(source=s, target=t, source_lang="vi", target_lang="en", origin=Origin("mem", i),
                    unit_id=f"u{i}", source_id=f"u{i}") for i, (s, t) in enumerate(pairs, 1)]


def _read(path: Path) -> list[tuple[str, str, str]]:
    return [(s.source, s.target, s.unit_id) for s in read_corpus([path], ReadOptions(), ReadStats())]


@SETTINGS
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5))
def test_tmx_and_jsonl_read_back_what_they_write(pairs: list[tuple[str, str]]) -> None:
    segments = _segments(pairs)
    with tempfile.TemporaryDirectory() as folder:
        for name in ("tmx", "jsonl"):
            path = Path(folder) / f"c.{name}"
            get_format(name).write(segments, path)
            assert _read(path) == [(s.source, s.target, s.unit_id) for s in segments]


@SETTINGS
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5), delimiter=st.sampled_from([",", ";"]))
def test_csv_reads_back_any_quoted_text(pairs: list[tuple[str, str]], delimiter: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["id", "vi", "en"])
    writer.writerows([f"u{i}", s, t] for i, (s, t) in enumerate(pairs, 1))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        assert [(s, t) for s, t, _ in _read(path)] == pairs


@SETTINGS
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=2, max_size=5), data=st.data())
def test_a_nul_anywhere_in_a_record_is_refused_at_its_line(pairs: list[tuple[str, str]], data: st.DataObject) -> None:
    row = data.draw(st.integers(0, len(pairs) - 1))
    text = pairs[row][1]
    cut = data.draw(st.integers(0, len(text)))
    pairs[row] = (pairs[row][0], text[:cut] + "\x00" + text[cut:])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.jsonl"
        get_format("jsonl").write(_segments(pairs), path)
        try:
            _read(path)
        except ParseError as error:
            assert error.line == row + 1 and "NUL" in error.message and "\n" not in str(error)
        else:
            raise AssertionError("a NUL was read")


TERM = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Mn", "Nd"), whitelist_characters=" -'"),
               min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


@SETTINGS
@given(terms=st.lists(st.tuples(TERM, TERM), min_size=1, max_size=4, unique_by=(lambda p: p[0].casefold(),
                                                                                lambda p: p[1].casefold())),
       name=st.sampled_from(["csv", "tbx", "tbx2"]))
def test_glossary_exports_import_back_their_terms(terms: list[tuple[str, str]], name: str) -> None:
    concepts = [Concept(id=f"c{i}", terms={"vi": [Term(vi, "vi", Status.PREFERRED)], "en": [Term(en, "en", Status.PREFERRED)]})
                for i, (vi, en) in enumerate(terms, 1)]
    glossary = Glossary(concepts=concepts, files=[], fingerprint="p")
    fmt = exchange_format(name)
    files = fmt.export(glossary, ExportOptions(languages=["vi", "en"], source_lang="vi", date="2026-01-01"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / files[0].name
        path.write_bytes(files[0].data)
        result = fmt.import_file(path, ImportOptions(source_lang="vi", target_lang="en"))
    read = {(c.id, lang, t.text) for c in result.concepts for lang, ts in c.terms.items() for t in ts}
    assert read == {(c.id, lang, t.text) for c in concepts for lang, ts in c.terms.items() for t in ts}
    assert result.warnings == []
