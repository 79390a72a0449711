"""Small glossaries, segments and TMX files for the variance tests."""
from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from glossary.corpora.segments import Origin, Segment
from glossary.model import Concept, Glossary, PartOfSpeech, Status, Term, TermType

# concept id -> lang -> [(text, status, type)] ; status and type may be omitted
Spec = dict[str, dict[str, list]]


def term(lang: str, item) -> Term:
    if isinstance(item, str):
        item = (item,)
    text, status, kind, pos = (tuple(item) + (None, None, None))[:4]
    return Term(text=text, lang=lang, status=Status(status or "preferred"),
                type=TermType(kind) if kind else None, pos=PartOfSpeech(pos) if pos else None)


def glossary(spec: Spec) -> Glossary:
    concepts = [Concept(id=cid, terms={lang: [term(lang, t) for t in terms] for lang, terms in langs.items()})
                for cid, langs in spec.items()]
    return Glossary(concepts=concepts, fingerprint="0" * 64)


def segment(source: str, target: str, *, unit: str = "u1", document: str = "doc", source_lang: str = "vi",
            target_lang: str = "en") -> Segment:
    return Segment(source=source, target=target, source_lang=source_lang, target_lang=target_lang,
                   origin=Origin("test.tmx", 1), unit_id=unit, document=document)


def write_tmx(path: Path, units: list[tuple[str, str, str]], *, source_lang: str = "vi",
              target_lang: str = "en") -> Path:
    """A TMX of (document, source, target) units."""
    body = []
    for i, (document, source, target) in enumerate(units, start=1):
        body.append(
            f'<tu tuid="u{i}"><prop type="x-document">{escape(document)}</prop>'
            f'<tuv xml:lang="{source_lang}"><seg>{escape(source)}</seg></tuv>'
            f'<tuv xml:lang="{target_lang}"><seg>{escape(target)}</seg></tuv></tu>')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" '
                    f'srclang="{source_lang}" datatype="plaintext"/><body>' + "".join(body) + "</body></tmx>\n",
                    encoding="utf-8")
    return path


def write_glossary(path: Path, spec: Spec) -> Path:
    """The same small glossary as a terms/ YAML file."""
    lines = ["concepts:"]
    for cid, langs in spec.items():
        lines += [f"  - id: {cid}", "    terms:"]
        for lang, items in langs.items():
            lines.append(f"      {lang}:")
            for item in items:
                t = term(lang, item)
                lines.append(f"        - term: {json.dumps(t.text, ensure_ascii=False)}")  # JSON strings are YAML
                lines.append(f"          status: {t.status.value}")
                if t.type:
                    lines.append(f"          type: {t.type.value}")
                if t.pos:
                    lines.append(f"          pos: {t.pos.value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_synth(root: Path, terms: int, pairs: int, *, seed: int, variant_rate: float) -> tuple[Path, Path]:
    """A generated glossary of ``terms`` terms and a TMX of ``pairs`` pairs with injected
    variants (benchmarks/synth.py), in ``root``: (glossary path, corpus path)."""
    from benchmarks.synth import iter_pairs, make_concepts, write_glossary_yaml
    from benchmarks.synth import write_tmx as write_synth_tmx

    concepts = make_concepts(terms, seed=seed)
    write_glossary_yaml(concepts, root / "g.yaml")
    write_synth_tmx(iter_pairs(concepts, pairs, seed=seed + 1, variant_rate=variant_rate), root / "c.tmx")
    return root / "g.yaml", root / "c.tmx"
