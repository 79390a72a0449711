"""The lean reference of the speed benchmark gives the verdicts it claims, on TMX and TSV alike."""
from __future__ import annotations

from benchmarks.lean_reference import check, normal, at_word_boundaries
from benchmarks.synth import iter_pairs, make_concepts, write_glossary_yaml, write_tmx, write_tsv


def test_verdicts_on_generated_pairs_match_the_injections(tmp_path):
    concepts = make_concepts(200)
    write_glossary_yaml(concepts, tmp_path / "g.yaml")
    write_tmx(iter_pairs(concepts, 400), tmp_path / "c.tmx", truth=tmp_path / "truth.jsonl")
    write_tsv(iter_pairs(concepts, 400), tmp_path / "c.tsv")
    tmx = check(tmp_path / "g.yaml", tmp_path / "c.tmx", "vi", "en", truth=tmp_path / "truth.jsonl")
    tsv = check(tmp_path / "g.yaml", tmp_path / "c.tsv", "vi", "en", truth=tmp_path / "truth.jsonl")
    assert tmx["pairs"] == tsv["pairs"] == 400
    assert tmx["verdicts"] == tsv["verdicts"]
    assert tmx["caught"]["admitted"] == 1.0 and tmx["caught"]["missing"] == 1.0
    assert tmx["verdicts"]["preferred"] > tmx["verdicts"]["missing"] > 0


def test_word_boundaries():
    text = normal("Chương trình UNODC, và UNODCX")
    start = text.index("unodc")
    assert at_word_boundaries(text, start, start + 4)
    start = text.index("unodcx")
    assert not at_word_boundaries(text, start, start + 4)
