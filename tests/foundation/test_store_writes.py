"""Writing terms/ back: comments and order kept, validated first, atomic."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from glossary.errors import ConflictError
from glossary.model import Status, Term, TermType
from glossary.store.termstore import TermStore

from .test_store_validation import GOOD


@pytest.fixture()
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "terms" / "un.yaml"
    path.parent.mkdir()
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_unchanged_store_renders_byte_identical(glossary_file: Path) -> None:
    store = TermStore.open(glossary_file.parent)
    assert store.render(glossary_file) == GOOD
    assert store.changed_files() == []
    assert store.save() == []


def test_edit_keeps_comments_and_order(glossary_file: Path) -> None:
    store = TermStore.open(glossary_file.parent)
    store.add_term("unodc", Term("UNODC", "en", Status.ADMITTED, TermType.ACRONYM, reason="Official acronym."))
    store.set_term_fields("unodc", "en", "UNDOC", type="variant")
    assert store.save() == [glossary_file]
    text = glossary_file.read_text(encoding="utf-8")
    assert text.startswith("# A comment the store must keep\n")
    assert "UNDOC  # misspelling seen in seeds" in text
    # the new field goes where TERM_KEYS puts it: after status, before reason
    assert "status: forbidden\n          type: variant\n          reason: Transposition." in text
    assert text.index("UNDOC") < text.index("- term: UNODC") < text.index("vi_VN:")
    again = TermStore.open(glossary_file.parent).glossary().get("unodc")
    assert [t.text for t in again.terms["en"]] == ["United Nations Office on Drugs and Crime", "UNDOC", "UNODC"]


def test_invalid_edit_is_refused_and_nothing_written(glossary_file: Path) -> None:
    store = TermStore.open(glossary_file.parent)
    store.set_term_fields("unodc", "en", "UNDOC", status="preferred")  # two preferred terms
    with pytest.raises(ConflictError, match="two preferred"):
        store.save()
    assert glossary_file.read_text(encoding="utf-8") == GOOD


def test_interrupted_write_leaves_file_intact(glossary_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = TermStore.open(glossary_file.parent)
    store.set_term_fields("unodc", "en", "UNDOC", note="checked")

    def crash(src: str, dst: str) -> None:
        raise OSError("disk pulled out mid-write")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save()
    assert glossary_file.read_text(encoding="utf-8") == GOOD
    assert [p.name for p in glossary_file.parent.iterdir()] == ["un.yaml"]  # no temp file left behind


def test_new_concept_validates_before_save(glossary_file: Path) -> None:
    """Nodes created in memory have no line yet; validation must still work on them."""
    from glossary.model import Concept

    store = TermStore.open(glossary_file.parent)
    store.add_concept(Concept(id="unodc", terms={"en": [Term("UNODC", "en", Status.PREFERRED)]}))
    problems = store.problems()
    assert any(p.code == "duplicate-id" for p in problems)
    store2 = TermStore.open(glossary_file.parent)
    store2.add_concept(Concept(id="hanoi-convention", terms={"en": [Term("Hanoi Convention", "en")]}))
    assert store2.save() == [glossary_file]
    assert "- id: hanoi-convention" in glossary_file.read_text(encoding="utf-8")


def test_edit_of_two_files_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.model import Concept

    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    other = GOOD.replace("id: unodc", "id: un").replace("United Nations Office on Drugs and Crime", "United Nations") \
        .replace("UNDOC", "U.N.").replace("Văn phòng Liên hợp quốc về Ma túy và Tội phạm", "Liên hợp quốc")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    store = TermStore.open(tmp_path)
    store.set_term_fields("unodc", "en", "UNDOC", note="a")
    store.set_term_fields("un", "en", "U.N.", note="b")
    real_replace = os.replace

    def fail_rename(src: str, dst: str) -> None:
        raise OSError("crash at the first rename")

    monkeypatch.setattr(os, "replace", fail_rename)
    with pytest.raises(OSError):
        store.save()
    monkeypatch.setattr(os, "replace", real_replace)
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == GOOD
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # temporaries cleaned up
    assert store.save() == [tmp_path / "a.yaml", tmp_path / "b.yaml"]
