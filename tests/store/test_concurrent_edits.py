"""Two edits of one glossary file at the same time: both land, neither is lost (issue 18: before,
one of two concurrent ``term add`` was lost 20 times in 20, both exiting 0)."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.cli.edits import confirm_and_write
from glossary.model import Concept, Status, Term
from glossary.store import maintenance
from glossary.store.termstore import StaleGlossary, TermStore

from .faults import file_text, leftovers, start

ROUNDS = 20


def _two_concepts_in_one_file(folder: Path) -> Path:
    terms = folder / "terms"
    terms.mkdir()
    second = file_text("province", "Tỉnh", "Province").split("concepts:\n", 1)[1]
    (terms / "admin.yaml").write_text(file_text("ministry", "Bộ", "Ministry") + second, encoding="utf-8")
    return terms


def test_concurrent_term_add_on_one_file_loses_nothing(tmp_path: Path) -> None:
    terms = _two_concepts_in_one_file(tmp_path)
    again = 0
    for i in range(ROUNDS):
        first = start("term", "add", f"Ministry {i}", "-c", "ministry", "-l", "en", "--status", "admitted", "-y",
                      cwd=tmp_path)
        second = start("term", "add", f"Province {i}", "-c", "province", "-l", "en", "--status", "admitted", "-y",
                       cwd=tmp_path)
        outcomes = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
        for code, _, err in outcomes:
            assert code == 0, err
            assert "Traceback" not in err
        again += sum("making this edit again" in err for _, _, err in outcomes)
        store = TermStore.open(terms)
        glossary = store.glossary()  # valid after every round
        ministry = [t.text for t in glossary.get("ministry").terms["en"]]
        province = [t.text for t in glossary.get("province").terms["en"]]
        assert ministry == ["Ministry", *(f"Ministry {j}" for j in range(i + 1))], f"round {i}: {ministry}"
        assert province == ["Province", *(f"Province {j}" for j in range(i + 1))], f"round {i}: {province}"
        assert leftovers(terms) == []
    text = (terms / "admin.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ministry: a comment the edits must keep\n")
    print(f"{ROUNDS} rounds, {again} edit(s) made again after the other one wrote first")


def test_a_stale_store_is_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    terms = _two_concepts_in_one_file(tmp_path)
    one, two = TermStore.open(terms), TermStore.open(terms)
    maintenance.add_term(one, "ministry", Term("Ministry A", "en", Status.ADMITTED))
    maintenance.add_term(two, "province", Term("Province B", "en", Status.ADMITTED))
    assert one.save() == [terms / "admin.yaml"]
    with pytest.raises(StaleGlossary, match="changed on disk since it was read"):
        two.save()
    assert "Ministry A" in (terms / "admin.yaml").read_text(encoding="utf-8")
    assert "Province B" not in (terms / "admin.yaml").read_text(encoding="utf-8")


def test_the_edit_is_made_again_on_the_current_glossary(tmp_path: Path) -> None:
    terms = _two_concepts_in_one_file(tmp_path)

    def add_province(store: TermStore) -> TermStore:
        return maintenance.add_term(store, "province", Term("Province B", "en", Status.ADMITTED))

    late = add_province(TermStore.open(terms))
    other = TermStore.open(terms)
    maintenance.add_term(other, "ministry", Term("Ministry A", "en", Status.ADMITTED))
    other.save()  # written while ``late`` waited
    assert confirm_and_write(late, yes=True, dry_run=False, redo=lambda: add_province(TermStore.open(terms)))
    glossary = TermStore.open(terms).glossary()
    assert [t.text for t in glossary.get("ministry").terms["en"]] == ["Ministry", "Ministry A"]
    assert [t.text for t in glossary.get("province").terms["en"]] == ["Province", "Province B"]


def test_an_edit_the_other_one_already_made_is_refused_clearly(tmp_path: Path) -> None:
    from glossary.errors import ConflictError

    terms = _two_concepts_in_one_file(tmp_path)

    def add_same(store: TermStore) -> TermStore:
        return maintenance.add_term(store, "province", Term("Province B", "en", Status.ADMITTED))

    late = add_same(TermStore.open(terms))
    add_same(TermStore.open(terms)).save()
    with pytest.raises(ConflictError, match="already has the en term 'Province B'"):
        confirm_and_write(late, yes=True, dry_run=False, redo=lambda: add_same(TermStore.open(terms)))
    assert (terms / "admin.yaml").read_text(encoding="utf-8").count("Province B") == 1


def test_without_yes_the_new_diff_is_asked_about_only_when_it_differs(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    terms = _two_concepts_in_one_file(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(typer, "confirm", lambda *a, **k: asked.append("asked") or True)

    def add_province(store: TermStore) -> TermStore:
        return maintenance.add_term(store, "province", Term("Province B", "en", Status.ADMITTED))

    late = add_province(TermStore.open(terms))
    maintenance.add_term(other := TermStore.open(terms), "ministry", Term("Ministry A", "en", Status.ADMITTED))
    other.save()
    confirm_and_write(late, yes=False, dry_run=False, redo=lambda: add_province(TermStore.open(terms)))
    assert asked == ["asked"]  # the same lines added: the answer given stands

    def promote(store: TermStore) -> TermStore:  # its diff depends on what is preferred now
        return maintenance.add_term(store, "province", Term("Province C", "en", Status.PREFERRED))

    late = promote(TermStore.open(terms))
    maintenance.set_status(other := TermStore.open(terms), maintenance.TermRef("province", "en", "Province B"),
                           Status.PREFERRED)
    other.save()  # the old preferred term is another one now: the late edit's diff changes
    confirm_and_write(late, yes=False, dry_run=False, redo=lambda: promote(TermStore.open(terms)))
    assert asked == ["asked", "asked", "asked"]
    en = {t.text: t.status for t in TermStore.open(terms).glossary().get("province").terms["en"]}
    assert en == {"Province": Status.ADMITTED, "Province B": Status.ADMITTED, "Province C": Status.PREFERRED}


def test_a_store_saves_again_after_its_own_write(tmp_path: Path) -> None:
    terms = _two_concepts_in_one_file(tmp_path)
    store = TermStore.open(terms)
    maintenance.add_term(store, "ministry", Term("Ministry A", "en", Status.ADMITTED))
    store.save()
    maintenance.add_term(store, "ministry", Term("Ministry B", "en", Status.ADMITTED))
    store.add_concept(Concept(id="lake", terms={"en": [Term("Lake", "en")]}), path=terms / "new.yaml")
    assert store.save() == [terms / "admin.yaml", terms / "new.yaml"]
    maintenance.add_term(store, "lake", Term("Pond", "en", Status.ADMITTED))
    assert store.save() == [terms / "new.yaml"]  # its own writes are not someone else's
