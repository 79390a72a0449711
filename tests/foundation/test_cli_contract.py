"""The command line's contract (README "Commands"): exit codes, nothing-checked refusals,
I/O errors in one line, SIGTERM, report sets written all or nothing, `-o -`, the glossary
found from any folder of the project, concordance that indexes on first use."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def glossary(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None,
             timeout: int = 300) -> subprocess.CompletedProcess:
    """The installed console entry point, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "glossary", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def one_line_error(done: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("glossary: error:")]
    for needle in needles:
        assert needle in line, line


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the repository's terms/ and corpora/: a project of its own."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "terms", root / "terms")
    shutil.copytree(REPO / "corpora", root / "corpora")
    (root / "notes" / "deep").mkdir(parents=True)
    return root


# -- exit codes -----------------------------------------------------------------------------------
def test_an_empty_folder_is_bad_input_not_a_perfect_score(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = glossary("variance", str(tmp_path / "empty"), "--fail-on", "error", "-o", str(tmp_path / "r" / "v"))
    one_line_error(done, 2, "no aligned pairs read from", "no file there is in a corpus format")
    assert "100.0%" not in done.stdout and not (tmp_path / "r").exists()


def test_a_folder_of_documents_that_are_no_corpus_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "article.docx").write_bytes(b"PK\x03\x04 not a corpus")
    for command in (["variance", str(docs), "-o", str(tmp_path / "v")], ["discover", str(docs)],
                    ["corpus", "conflicts", str(docs)]):
        one_line_error(glossary(*command), 2, "no aligned pairs read")


def test_pairs_the_glossary_has_no_terms_for_are_bad_input(tmp_path: Path) -> None:
    corpus = tmp_path / "fr.csv"
    corpus.write_text("vi,fr\nThủ tướng Phạm Minh Chính,Le Premier ministre Pham Minh Chinh\n", encoding="utf-8")
    done = glossary("variance", str(corpus), "--fail-on", "error", "-o", str(tmp_path / "v"))
    one_line_error(done, 2, "nothing to check", "no terms in fr")


def test_findings_at_fail_on_exit_1_and_below_it_exit_0(tmp_path: Path) -> None:
    failing = glossary("variance", "--fail-on", "error", "-q", "-o", str(tmp_path / "a" / "v"))
    assert failing.returncode == 1 and "failing: findings at error or worse" in failing.stderr
    passing = glossary("variance", "-q", "-o", str(tmp_path / "b" / "v"))
    assert passing.returncode == 0 and passing.stdout == ""  # --quiet: no summary


def test_bad_usage_is_exit_2() -> None:
    assert glossary("variance", "--no-such-option").returncode == 2
    assert glossary("variance", "--jobs", "0").returncode == 2
    one_line_error(glossary("corpus", "stats", "--input-format", "docx"), 2, "unknown corpus format 'docx'")


def test_an_output_that_cannot_be_written_is_exit_3_in_one_line(tmp_path: Path) -> None:
    done = glossary("variance", "-o", "README.md/x", "-f", "json")
    one_line_error(done, 3, "I/O error", "README.md", "Not a directory")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        one_line_error(glossary("variance", "-o", str(locked / "v"), "-f", "json"), 3, "Permission denied")


def test_an_internal_error_is_one_line_and_the_traceback_comes_with_debug(monkeypatch, tmp_path: Path) -> None:
    import glossary.render.json_report as json_report

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(json_report, "write_json", broken)
    plain = runner.invoke(app, ["variance", "-f", "json", "-o", str(tmp_path / "v.json")])
    assert plain.exit_code == 3 and "internal error: ZeroDivisionError: a bug" in plain.output
    assert "Traceback" not in plain.output and "--debug" in plain.output
    loud = runner.invoke(app, ["variance", "-f", "json", "-o", str(tmp_path / "v.json"), "--debug"])
    assert loud.exit_code == 3 and "Traceback" in loud.output


# -- signals and report sets ----------------------------------------------------------------------
def test_sigterm_removes_spills_and_temporary_reports_and_exits_143(tmp_path: Path) -> None:
    from tests.variance.helpers import write_synth

    terms, corpus = write_synth(tmp_path, 200, 60_000, seed=3, variant_rate=0.05)
    spills = tmp_path / "spills"
    spills.mkdir()
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "glossary", "variance", str(corpus), "-g", str(terms),
                                "-o", str(out / "v")], env={**os.environ, "GLOSSARY_TMPDIR": str(spills)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not any(spills.iterdir()) and time.monotonic() < deadline:  # the scan has started spilling
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "Traceback" not in err
    assert list(spills.iterdir()) == []
    assert not out.exists() or list(out.iterdir()) == []


def test_a_report_set_is_written_all_or_nothing(monkeypatch, tmp_path: Path) -> None:
    import glossary.render.markdown as markdown

    stem = tmp_path / "r" / "variance"
    every = ["-f", "text", "-f", "json", "-f", "csv", "-f", "md", "-f", "html"]  # the default: text and html
    assert runner.invoke(app, ["variance", "-o", str(stem), "-q", *every]).exit_code == 0
    before = {p.name: p.read_bytes() for p in stem.parent.iterdir()}
    assert set(before) == {"variance.txt", "variance.json", "variance.csv", "variance-renderings.csv",
                           "variance.md", "variance.html"}

    def half(report, out, **progress):
        out.write("# half a report")
        raise OSError(28, "No space left on device", str(stem) + ".md")

    monkeypatch.setattr(markdown, "write_markdown", half)
    done = runner.invoke(app, ["variance", "-o", str(stem), "-s", "vi", "-q", *every])
    assert done.exit_code == 3 and "No space left on device" in done.output
    assert {p.name: p.read_bytes() for p in stem.parent.iterdir()} == before  # old set, no temporaries


# -- standard output ------------------------------------------------------------------------------
def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    tbx = runner.invoke(app, ["export", "-f", "tbx", "-o", "-"])
    assert tbx.exit_code == 0 and tbx.stdout.startswith("<?xml") and "conceptEntry" in tbx.stdout
    assert not Path("-").exists()
    three_languages = str(REPO / "tests" / "exchange" / "fixtures" / "sample.yaml")  # vi, en, fr: two PO files
    several = runner.invoke(app, ["export", "-f", "po", "-o", "-", "-g", three_languages, "--lang", "vi,en,fr"])
    assert several.exit_code == 2 and "--output - writes one file, but this export makes 2" in several.output
    jsonl = runner.invoke(app, ["corpus", "convert", "corpora", "-o", "-", "-f", "jsonl"])
    assert jsonl.exit_code == 0 and len(jsonl.stdout.splitlines()) == 95
    report = runner.invoke(app, ["variance", "--json"])
    assert report.exit_code == 0 and json.loads(report.stdout)["summary"]["segments"] == 95
    found = runner.invoke(app, ["discover", "--json"])
    assert found.exit_code == 0 and json.loads(found.stdout)["groups"]


# -- the project from any folder ------------------------------------------------------------------
def test_the_glossary_is_found_from_any_folder_of_the_project(project: Path) -> None:
    done = glossary("lookup", "UNODC", cwd=project / "notes" / "deep")
    assert done.returncode == 0 and "United Nations Office on Drugs and Crime" in done.stdout
    checked = glossary("variance", "-q", "-f", "json", cwd=project / "notes")
    assert checked.returncode == 0 and (project / "reports" / "variance.json").is_file()


def test_the_glossary_comes_from_the_environment_or_the_error_names_the_option(tmp_path: Path,
                                                                                project: Path) -> None:
    nowhere = tmp_path / "elsewhere"
    nowhere.mkdir()
    env = {"GLOSSARY_TERMS": str(project / "terms")}
    assert glossary("lookup", "UNODC", cwd=nowhere, env=env).returncode == 0
    missing = glossary("lookup", "UNODC", cwd=nowhere, env={"GLOSSARY_TERMS": ""})
    one_line_error(missing, 2, "no glossary found", "--glossary", "GLOSSARY_TERMS")


def test_concordance_indexes_the_project_corpora_on_first_use(project: Path) -> None:
    first = glossary("concordance", "UNODC", "--json", cwd=project / "notes")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["total"] > 0
    assert (project / ".glossary-index" / "corpus.sqlite").is_file()
    again = glossary("concordance", "UNODC", cwd=project)
    assert again.returncode == 0 and "indexing" not in again.stderr


def test_verbose_says_what_was_read_and_quiet_prints_no_summary(tmp_path: Path) -> None:
    loud = runner.invoke(app, ["variance", "-v", "-o", str(tmp_path / "v"), "-f", "json"])
    assert loud.exit_code == 0 and "read 95 pairs (vi->en) from 1 file(s)" in loud.output
    assert "Variance report" in loud.output
    quiet = runner.invoke(app, ["discover", "-q", "-o", str(tmp_path / "d.txt")])
    assert quiet.exit_code == 0 and quiet.output == "" and (tmp_path / "d.txt").stat().st_size > 0


def test_progress_is_shown_on_stderr_when_asked_and_never_on_stdout(tmp_path: Path) -> None:
    shown = glossary("variance", "--progress", "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["summary"]["segments"] == 95
    assert "reading and checking" in shown.stderr
    plain = glossary("discover", "--progress", "-o", str(tmp_path / "d.txt"))
    assert plain.returncode == 0 and plain.stdout == ""
    assert "reading and tokenising" in plain.stderr and "grouping" in plain.stderr
    hidden = glossary("variance", "--json")  # not a terminal, not asked: nothing
    assert "reading and checking" not in hidden.stderr
