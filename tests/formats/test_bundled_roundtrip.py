"""The bundled corpus converts TMX -> JSONL -> TMX without loss."""
from __future__ import annotations

from pathlib import Path

from contract import fields, read

from glossary.corpora.formats import get_format

BUNDLED = Path(__file__).resolve().parents[2] / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"


def test_bundled_corpus_tmx_to_jsonl_to_tmx_is_lossless(tmp_path: Path) -> None:
    original, stats = read(BUNDLED)
    assert len(original) == stats.segments > 0 and not stats.skipped
    jsonl = tmp_path / "hanoi.jsonl"
    tmx = tmp_path / "hanoi.tmx"
    assert get_format("jsonl").write(original, jsonl) == len(original)
    via_jsonl, _ = read(jsonl)
    assert get_format("tmx").write(via_jsonl, tmx) == len(original)
    back, _ = read(tmx)
    expected = [fields(s) for s in original]
    assert [fields(s) for s in via_jsonl] == expected
    assert [fields(s) for s in back] == expected
    # the renderings that share a source keep sharing it
    assert len({s.source_id for s in back}) < len(back)
