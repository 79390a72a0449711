"""Merging files without ids (Trados, OmegaT, memoQ's own) by the concepts' terms; the
conflicts that still stop a merge; `import --merge` shows the diff, asks, --yes, --dry-run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.exchange.base import ImportOptions, get_format
from glossary.exchange.merge import open_target, plan_merge
from glossary.model import Status
from glossary.store.termstore import load_glossary

from .conftest import SAMPLE

runner = CliRunner()
SHARED = """concepts:
  - id: a
    terms:
      vi: [bên a]
      en:
        - term: party A
        - term: the party
          status: admitted
  - id: b
    terms:
      vi: [bên b]
      en:
        - term: party B
        - term: the party
          status: admitted
"""


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    folder = tmp_path / "terms"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.yaml")
    return folder


def plan_for(path: Path, fmt: str, terms: Path, **options):
    result = get_format(fmt).import_file(path, ImportOptions(**options))
    return plan_merge(open_target(terms), result, into=terms / "imported.yaml")


def test_a_new_row_is_a_new_concept_with_an_id_of_its_own(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("Vietnamese,English,Definition\nUNODC,UN drugs office,\n"  # shares UNODC (vi) with unodc
                    "tội phạm mạng,cybercrime,\n", encoding="utf-8-sig")
    plan = plan_for(path, "trados", terms)
    assert plan.conflicts == [] and plan.added_concepts == ["toi-pham-mang"] and plan.added_terms == 1
    plan.store.save()
    merged = load_glossary(terms)
    assert [(t.text, t.status) for t in merged.get("unodc").terms["en"]][-1] == ("UN drugs office", Status.ADMITTED)
    assert [(t.text, t.status) for t in merged.get("toi-pham-mang").terms["en"]] == [("cybercrime", Status.PREFERRED)]


def test_a_field_that_differs_is_still_a_conflict(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("Vietnamese,English,Definition\nUNODC,UN drugs office,The UN office.\n", encoding="utf-8")
    plan = plan_for(path, "trados", terms)
    assert [c.kind for c in plan.conflicts] == ["field-differs"]
    assert "definition: 'The UN office that supports" in str(plan.conflicts[0])


def test_a_slug_that_is_a_glossary_id_is_never_taken_for_it(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.utf8"  # the slug of "ký" is "ky", of "unodc" is "unodc": both exist as ids or terms
    path.write_text("Unodc\tUnited Nations Office on Drugs and Crime\n", encoding="utf-8")
    plan = plan_for(path, "omegat", terms, source_lang="vi", target_lang="en")
    assert plan.conflicts == [] and not plan.changes  # "Unodc" is the glossary's UNODC (case does not count)
    assert plan.notes == ["unodc: 'Unodc' (vi) read as the glossary's 'UNODC'"]


def test_homonyms_go_to_the_concept_whose_preferred_term_agrees(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.utf8"  # ký is preferred in ky-verb, admitted in ky-noun
    path.write_text("ký\tsign off\t\n", encoding="utf-8")
    plan = plan_for(path, "omegat", terms, source_lang="vi", target_lang="en")
    assert plan.conflicts == [] and plan.added_terms == 1
    plan.store.save()
    assert [t.text for t in load_glossary(terms).get("ky-verb").terms["en"]] == ["sign", "sign off"]


def test_an_omegat_comment_goes_with_the_terms_it_came_with(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.utf8"
    path.write_text("phiên ký\tsignature session\tonly in headlines\n", encoding="utf-8")
    plan = plan_for(path, "omegat", terms, source_lang="vi", target_lang="en")
    assert plan.conflicts == []
    plan.store.save()
    added = load_glossary(terms).get("ky-noun").terms["en"][-1]
    assert (added.text, added.status, added.note) == ("signature session", Status.ADMITTED, "only in headlines")


def test_memoqs_own_export_with_numeric_ids_merges_by_meaning(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "memoq-export.csv"
    path.write_text("Entry_ID;Entry_Subject;Vietnamese;English;English_Forbidden\n"
                    "17;international organizations;Văn phòng Liên hợp quốc về Ma túy và Tội phạm|UNODC;"
                    "United Nations Office on Drugs and Crime|UNODC;UNDOC\n"
                    "18;;5 đẩy mạnh;five key actions;5 pushes|5 Accelerations|5 Accents\n", encoding="utf-8-sig")
    plan = plan_for(path, "memoq", terms)
    assert plan.conflicts == [] and not plan.changes and plan.matched == 2


@pytest.mark.parametrize("body, kind", [
    # a preferred term in memoQ's forbidden column: forbidden cannot stand for preferred
    ("Entry_ID,English,English_Forbidden\n,five key actions|5 pushes,signing\n", "two-statuses"),
    # "the party" is admitted in a and in b alike: which concept gets "a party"?
    ("Entry_ID,English\n,the party|a party\n", "ambiguous"),
])
def test_real_conflicts_still_stop_the_merge(tmp_path: Path, body: str, kind: str) -> None:
    terms = tmp_path / "terms"
    terms.mkdir()
    if kind == "ambiguous":
        (terms / "shared.yaml").write_text(SHARED, encoding="utf-8")
    else:
        shutil.copy(SAMPLE, terms / "sample.yaml")
    before = {p.name: p.read_bytes() for p in terms.iterdir()}
    path = tmp_path / "in.csv"
    path.write_text(body, encoding="utf-8")
    done = runner.invoke(app, ["import", str(path), "-g", str(terms), "--merge", "--yes", "--input-format", "memoq"])
    assert done.exit_code == 1, done.output
    assert f"[{kind}]" in done.stderr and "nothing merged" in done.stderr
    assert {p.name: p.read_bytes() for p in terms.iterdir()} == before


def test_an_unconfirmed_merge_writes_nothing(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.utf8"
    path.write_text("phiên ký\tsignature session\n", encoding="utf-8")
    before = (terms / "sample.yaml").read_bytes()
    args = ["import", str(path), "-g", str(terms), "--merge", "-s", "vi", "-t", "en"]
    refused = runner.invoke(app, args, input="n\n")
    assert refused.exit_code == 1 and "+        - term: signature session" in refused.stdout
    assert "Write these changes?" in refused.stderr and "nothing written" in refused.stderr
    closed = runner.invoke(app, args)  # no answer at all (standard input closed) is no
    assert closed.exit_code == 1
    assert (terms / "sample.yaml").read_bytes() == before
    accepted = runner.invoke(app, args, input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "merged into" in accepted.stdout and (terms / "sample.yaml").read_bytes() != before


def test_yes_and_dry_run_need_merge(tmp_path: Path) -> None:
    path = tmp_path / "g.utf8"
    path.write_text("a\tb\n", encoding="utf-8")
    done = runner.invoke(app, ["import", str(path), "-g", str(SAMPLE), "--dry-run", "-s", "vi", "-t", "en"])
    assert done.exit_code == 2 and "go with --merge" in done.output
