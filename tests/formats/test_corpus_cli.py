"""`glossary corpus stats` and `glossary corpus convert`, through the real entry point."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from contract import FIXTURES, SAMPLE_PAIRS, pairs, read
from typer.testing import CliRunner

from glossary.cli.main import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("glossary")
    cmd = [exe, *args] if exe else [sys.executable, "-c", "from glossary.cli.main import run; run()", *args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_stats_prints_what_was_read() -> None:
    result = runner.invoke(app, ["corpus", "stats", str(FIXTURES / "sample.tmx")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 file(s), 5 segment(s) read, 0 skipped" in out
    assert f"{FIXTURES / 'sample.tmx'}  [tmx]  5 segment(s)" in out
    assert "language pairs: vi->en 4, vi-VN->en-US 1" in out
    assert "documents: 1" in out and "sample-doc  5 segment(s)" in out
    assert "sources: 4; renderings per source: mean 1.25, max 2 (sources: 3 with 1, 1 with 2)" in out


def test_stats_json_counts_skips_states_and_warnings() -> None:
    result = runner.invoke(app, ["corpus", "stats", "--json", str(FIXTURES / "sample.po")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segments"] == 5 and data["formats"] == {"po": 1}
    assert data["states"] == {"fuzzy": 1}
    assert data["skipped"] == {"obsolete entry (#~)": 1, "empty target (untranslated)": 1}
    assert "obsolete (#~) entries not read" in result.stderr


def test_stats_over_a_mixed_directory_lists_every_format() -> None:
    result = runner.invoke(app, ["corpus", "stats", "--json", "-s", "vi", "-t", "en", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["formats"]) == {"tmx", "xliff", "po", "csv", "xlsx", "jsonl", "parallel"}
    assert all(f["segments"] == 5 for f in data["files"])


def test_stats_defaults_to_the_bundled_corpora() -> None:
    result = _run("corpus", "stats")
    assert result.returncode == 0, result.stderr
    assert "hanoi-convention.tmx  [tmx]" in result.stdout


def test_bad_file_is_one_line_error_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("vi,en\nCông ước,Convention\nHà Nội,Hanoi,extra\n", encoding="utf-8")
    result = _run("corpus", "stats", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip() == f"glossary: error: {bad}:3: row has 3 columns, expected 2"
    assert "Traceback" not in result.stderr


def test_skip_bad_warns_and_counts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("vi,en\nCông ước,Convention\nHà Nội,Hanoi,extra\n", encoding="utf-8")
    result = _run("corpus", "stats", "--skip-bad", str(bad))
    assert result.returncode == 0, result.stderr
    assert "1 file(s), 1 segment(s) read, 1 skipped" in result.stdout
    assert "1  wrong column count" in result.stdout
    assert f"warning: {bad}:3: skipped: row has 3 columns, expected 2" in result.stderr


def test_unknown_language_option_is_a_clean_error() -> None:
    result = _run("corpus", "stats", "--source-lang", "vn", str(FIXTURES / "sample.tmx"))
    assert result.returncode == 2 and "'vn' is not a known language tag" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("to", ["tmx", "jsonl"])
def test_convert_a_mixed_pile_to_one_file(tmp_path: Path, to: str) -> None:
    out = tmp_path / f"all.{to}"
    inputs = [str(FIXTURES / name) for name in ("sample.xlf", "sample.po", "sample.vi")]
    result = runner.invoke(app, ["corpus", "convert", *inputs, "-s", "vi", "-t", "en", "--to", to, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote 15 segment(s) from 3 file(s) to {out} [{to}]" in result.stderr
    assert sorted(pairs(read(out)[0])) == sorted(SAMPLE_PAIRS * 3)


def test_convert_infers_the_format_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    result = runner.invoke(app, ["corpus", "convert", str(FIXTURES / "sample.tmx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pairs(read(out)[0]) == SAMPLE_PAIRS


@pytest.mark.parametrize(("args", "message"), [
    (["--to", "csv"], "cannot write 'csv'; --format takes one of: jsonl, tmx"),
    ([], "cannot tell the output format from 'out.txt'; pass --format (jsonl, tmx)"),
])
def test_convert_refuses_formats_it_cannot_write(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run("corpus", "convert", str(FIXTURES / "sample.tmx"), "-o", str(tmp_path / "out.txt"), *args)
    assert result.returncode == 2 and message in result.stderr


def test_failed_convert_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a", "target": "b"}\n{"source": "a", \n', encoding="utf-8")
    out = tmp_path / "out.tmx"
    out.write_text("old", encoding="utf-8")
    result = _run("corpus", "convert", str(bad), "-s", "vi", "-t", "en", "-o", str(out))
    assert result.returncode == 2 and f"{bad}:2: invalid JSON" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out.tmx"]


def test_convert_does_not_read_its_previous_output_back_in(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.tmx", tmp_path / "sample.tmx")
    out = tmp_path / "all.jsonl"
    for _ in range(2):
        result = runner.invoke(app, ["corpus", "convert", str(tmp_path), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert len(read(out)[0]) == 5
