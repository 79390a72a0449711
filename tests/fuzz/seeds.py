"""Valid inputs for every reader, written at run time from the bundled corpus and glossary.

Nothing comes from outside the repository: the corpus seeds are the first units of
``corpora/hanoi-convention/hanoi-convention.tmx`` (read by our TMX reader, written in each
corpus format), the glossary seeds are exports of ``terms/`` by our exporters (every exchange
format, tables also as .xlsx) and one ``terms/`` file as it is.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[2]
BUNDLED_TMX = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"
BUNDLED_TERMS = REPO / "terms"
SEED_UNITS = 8  # aligned pairs per corpus seed: small inputs, fast runs


@dataclass(frozen=True)
class Seed:
    """One valid input: the reader (``kind`` says which command reads it) and its files."""

    reader: str  # e.g. "corpus:tmx", "import:memoq", "terms:yaml"
    kind: str  # corpus | import | terms
    name: str  # the main file's name
    data: bytes
    companion: tuple[str, bytes] | None = None  # parallel text: the other side
    family: str = ""  # xml | lines | csv | json | po | mo | xlsx | yaml | tsv


def _pairs() -> list[tuple[str, str]]:
    from glossary.corpora.formats.base import ReadOptions, ReadStats, get_format

    pairs: list[tuple[str, str]] = []
    for segment in get_format("tmx").read(BUNDLED_TMX, ReadOptions(), ReadStats()):
        if segment.target_lang.startswith("en") and "\n" not in segment.source + segment.target:
            pairs.append((segment.source, segment.target))
        if len(pairs) == SEED_UNITS:
            break
    return pairs


def _tmx(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(
        f'    <tu tuid="u{i}">\n      <tuv xml:lang="vi"><seg>{escape(s)}</seg></tuv>\n'
        f'      <tuv xml:lang="en"><seg>{escape(t)}</seg></tuv>\n    </tu>\n' for i, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header creationtool="fuzz" '
            'creationtoolversion="1" segtype="sentence" o-tmf="fuzz" adminlang="en" srclang="vi" '
            f'datatype="plaintext"/>\n  <body>\n{units}  </body>\n</tmx>\n').encode()


def _xliff12(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(f'      <trans-unit id="u{i}">\n        <source>{escape(s)}</source>\n'
                    f'        <target state="translated">{escape(t)}</target>\n      </trans-unit>\n'
                    for i, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '  <file original="fuzz.txt" source-language="vi" target-language="en" datatype="plaintext">\n'
            f'    <body>\n{units}    </body>\n  </file>\n</xliff>\n').encode()


def _xliff20(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(f'    <unit id="u{i}">\n      <segment state="translated">\n        <source>{escape(s)}</source>\n'
                    f'        <target>{escape(t)}</target>\n      </segment>\n    </unit>\n'
                    for i, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'srcLang="vi" trgLang="en">\n  <file id="f1">\n{units}  </file>\n</xliff>\n').encode()


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _po(pairs: list[tuple[str, str]]) -> bytes:
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
            '"X-Source-Language: vi\\n"\n\n')
    body = "".join(f"#: fuzz.txt:{i}\nmsgid {_po_string(s)}\nmsgstr {_po_string(t)}\n\n" for i, (s, t) in enumerate(pairs, 1))
    return (head + body).encode()


def _mo(pairs: list[tuple[str, str]]) -> bytes:
    import polib

    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en", "X-Source-Language": "vi"}
    for source, target in pairs:
        catalogue.append(polib.POEntry(msgid=source, msgstr=target))
    return bytes(catalogue.to_binary())


def _delimited(pairs: list[tuple[str, str]], delimiter: str) -> bytes:
    buffer = io.StringIO(newline="")
    if delimiter == "\t":
        buffer.write("vi\ten\n" + "".join(f"{s}\t{t}\n" for s, t in pairs))
    else:
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["id", "vi", "en"])
        writer.writerows([f"u{i}", s, t] for i, (s, t) in enumerate(pairs, 1))
    return buffer.getvalue().encode()


def _jsonl(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(json.dumps({"source": s, "target": t, "source_lang": "vi", "target_lang": "en", "id": f"u{i}"},
                              ensure_ascii=False) + "\n" for i, (s, t) in enumerate(pairs, 1)).encode()


def corpus_seeds() -> list[Seed]:
    from glossary.corpora.formats.xlsx import workbook_bytes

    pairs = _pairs()
    vi = "".join(s + "\n" for s, _ in pairs).encode()
    en = "".join(t + "\n" for _, t in pairs).encode()
    return [
        Seed("corpus:tmx", "corpus", "seed.tmx", _tmx(pairs), family="xml"),
        Seed("corpus:xliff-1.2", "corpus", "seed.xlf", _xliff12(pairs), family="xml"),
        Seed("corpus:xliff-2.0", "corpus", "seed.xliff", _xliff20(pairs), family="xml"),
        Seed("corpus:po", "corpus", "seed.po", _po(pairs), family="po"),
        Seed("corpus:mo", "corpus", "seed.mo", _mo(pairs), family="mo"),
        Seed("corpus:csv", "corpus", "seed.csv", _delimited(pairs, ","), family="csv"),
        Seed("corpus:tsv", "corpus", "seed.tsv", _delimited(pairs, "\t"), family="tsv"),
        Seed("corpus:jsonl", "corpus", "seed.jsonl", _jsonl(pairs), family="json"),
        Seed("corpus:parallel", "corpus", "seed.vi", vi, companion=("seed.en", en), family="lines"),
        Seed("corpus:xlsx", "corpus", "seed.xlsx",
             workbook_bytes([["vi", "en"]] + [[s, t] for s, t in pairs]), family="xlsx"),
    ]


# The exchange formats, the file each writes, and the family its bytes belong to.
_EXPORTS = (
    ("tbx", "seed.tbx", "xml", "csv"), ("tbx2", "seed.tbx2.tbx", "xml", "csv"), ("po", "seed.po", "po", "csv"),
    ("omegat", "seed.txt", "tsv", "tsv"), ("memoq", "seed.memoq.csv", "csv", "csv"),
    ("trados", "seed.trados.csv", "csv", "csv"), ("csv", "seed.glossary.csv", "csv", "csv"),
    ("memoq", "seed.memoq.xlsx", "xlsx", "xlsx"), ("trados", "seed.trados.xlsx", "xlsx", "xlsx"),
    ("csv", "seed.glossary.xlsx", "xlsx", "xlsx"),
)
SEED_CONCEPTS = 12  # concepts per glossary seed


def _small_glossary():
    from glossary.model import Glossary
    from glossary.store.load import load_glossary

    glossary = load_glossary(BUNDLED_TERMS, cache=False)
    concepts = [c for c in glossary if c.terms_in("vi") and c.terms_in("en")][:SEED_CONCEPTS]
    return Glossary(concepts=concepts, files=glossary.files, fingerprint="fuzz")


def import_seeds() -> list[Seed]:
    from glossary.exchange.base import ExportOptions, get_format

    glossary = _small_glossary()
    seeds: list[Seed] = []
    for name, file_name, family, table in _EXPORTS:
        options = ExportOptions(languages=["vi", "en"], source_lang="vi", date="2026-01-01", table=table)
        files = get_format(name).export(glossary, options)
        label = f"import:{name}" + ("-xlsx" if table == "xlsx" else "")
        seeds.append(Seed(label, "import", file_name, files[0].data, family=family))
    return seeds


def terms_seeds() -> list[Seed]:
    return [Seed("terms:yaml", "terms", "cyber.yaml", (BUNDLED_TERMS / "cyber.yaml").read_bytes(), family="yaml")]


def edit_seeds() -> list[Seed]:
    """terms/ as ``term add`` reads it: through ``store/termstore.py`` (ruamel, which keeps comments)."""
    return [Seed("terms:yaml (term add)", "terms", "cyber.yaml", (BUNDLED_TERMS / "cyber.yaml").read_bytes(),
                 family="yaml")]


def all_seeds(*, edits: bool = False) -> list[Seed]:
    return corpus_seeds() + import_seeds() + terms_seeds() + (edit_seeds() if edits else [])


def write_seed_files(seed: Seed, folder: Path, data: bytes | None = None) -> Path:
    """Write a seed (or a mutant's bytes) into ``folder``; the main file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / seed.name
    main.write_bytes(seed.data if data is None else data)
    if seed.companion:
        (folder / seed.companion[0]).write_bytes(seed.companion[1])
    return main


def small_terms(folder: Path) -> Path:
    """A one-file glossary (the bundled places.yaml): what ``import`` diffs against, quickly."""
    target = folder / "small-terms"
    if not target.exists():
        target.mkdir()
        shutil.copy(BUNDLED_TERMS / "places.yaml", target / "places.yaml")
    return target


def copy_terms(folder: Path) -> Path:
    """A copy of the bundled glossary, for commands that need one beside the mutant."""
    target = folder / "glossary-terms"
    if not target.exists():
        shutil.copytree(BUNDLED_TERMS, target)
    return target
