"""Checks that hold on real corpora (issue 16): the rendering named from the word alignment,
term.missing only for what nothing renders, case and localisation markup, classes against the
nearest usable term, German word forms."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from glossary.model import Concept, Glossary, Status, Term
from glossary.store.load import check_glossary, load_glossary
from glossary.text.classify import VariantClass
from glossary.variance.checks.context import (
    Assessor,
    in_copied_compound,
    kana_variant,
    only_case,
)
from glossary.variance.evidence import MIN_ALIGN_PAIRS
from glossary.variance.report import check_pair, run_variance
from glossary.variance.wordforms import element_span, is_form

from .helpers import glossary, segment, write_tmx

# A synthetic en->vi corpus, translated word for word: enough pairs for the aligner to learn
# that "server" is "máy phục vụ" (the glossary's) or "máy chủ" (another rendering), "delete" is
# "xóa" and, in some pairs, "xóa bỏ" (a longer word around the listed one).
LEXICON = {"the": "", "cannot": "không thể", "read": "đọc", "write": "ghi", "open": "mở", "file": "tập tin",
           "list": "danh sách", "new": "mới", "old": "cũ", "user": "người dùng", "name": "tên", "data": "dữ liệu",
           "network": "mạng", "remote": "từ xa", "local": "cục bộ", "error": "lỗi", "copy": "bản sao",
           "start": "khởi động", "stop": "dừng", "connect": "kết nối", "to": "tới", "from": "từ"}
WORDS = [w for w in LEXICON if w != "the"]


def _corpus(seed: int = 7) -> list[tuple[str, str, str]]:
    rnd = random.Random(seed)
    units: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(units) < MIN_ALIGN_PAIRS + 300:
        words = rnd.sample(WORDS, rnd.randint(3, 6))
        cut = rnd.randint(0, len(words))
        roll = rnd.random()
        term, rendering = ("server", "máy phục vụ") if roll < 0.45 else ("delete", "xóa")
        if term == "server" and rnd.random() < 0.15:
            rendering = "máy chủ"
        if term == "delete" and rnd.random() < 0.2:
            rendering = "xóa bỏ"
        source = words[:cut] + [term] + words[cut:]
        if " ".join(source) in seen:
            continue
        seen.add(" ".join(source))
        target = [LEXICON[w] for w in words[:cut]] + [rendering] + [LEXICON[w] for w in words[cut:]]
        units.append(("doc", " ".join(source).capitalize(), " ".join(t for t in target if t)))
    return units


SERVER = {"server": {"en": ["server"], "vi": ["máy phục vụ"]}, "delete": {"en": ["delete"], "vi": ["xóa"]}}


@pytest.fixture(scope="module")
def aligned_report(tmp_path_factory):
    path = write_tmx(tmp_path_factory.mktemp("aligned") / "c.tmx", _corpus(), source_lang="en", target_lang="vi")
    return run_variance([path], glossary=glossary(SERVER))


def test_an_unlisted_rendering_is_named_from_the_alignment(aligned_report) -> None:
    unlisted = [f for f in aligned_report.findings if f.check == "term.unlisted"]
    assert unlisted, "the other rendering of server is named"
    found = {f.found for f in unlisted if f.concept_id == "server"}
    assert found == {"máy chủ"}
    named = next(f for f in unlisted if f.found == "máy chủ")
    assert named.severity.value == "warning" and named.variant_class == "lexical"
    assert "is rendered “máy chủ”" in named.message and named.target[slice(*named.span)] == "máy chủ"
    # a statistical aligner misses some: those say nothing was aligned, at info, never a wrong name
    missing = [f for f in aligned_report.findings if f.check == "term.missing"]
    assert all(f.severity.value == "info" and "máy chủ" in f.target for f in missing)
    assert len(missing) < len(unlisted)


def test_a_longer_rendering_around_a_listed_term_is_named_at_info(aligned_report) -> None:
    extended = [f for f in aligned_report.findings if f.check == "term.extended"]
    assert extended and {f.found for f in extended} == {"xóa bỏ"}
    assert all(f.severity.value == "info" for f in extended)
    # and the pairs that write xóa alone are the preferred term
    plain = [f for f in aligned_report.findings if f.concept_id == "delete" and f.check != "term.extended"]
    assert not [f for f in plain if f.severity.value in ("warning", "error")]


def _mandatory(value: bool) -> Glossary:
    return Glossary(concepts=[Concept(id="server", terms={
        "en": [Term("server", "en", Status.PREFERRED, mandatory=value)],
        "vi": [Term("máy phục vụ", "vi", Status.PREFERRED)]})], fingerprint="0" * 64)


@pytest.mark.parametrize(("mandatory", "severity"), [(False, "info"), (True, "warning")])
def test_term_missing_is_a_note_unless_the_term_is_mandatory(mandatory: bool, severity: str) -> None:
    seg = segment("It restarts the server", "Nó khởi động lại", source_lang="en", target_lang="vi")
    (finding,) = check_pair(seg, assessor=Assessor(_mandatory(mandatory)))
    assert finding.check == "term.missing" and finding.severity.value == severity
    assert ("mandatory" in finding.message) is mandatory


WARNING = {"warning": {"en": ["warning"], "vi": ["cảnh báo"]}, "folder": {"en": ["folder"], "vi": ["thư mục"]},
           "remove": {"en": ["remove"], "vi": ["gỡ bỏ"]}, "key": {"en": ["key"], "vi": ["khóa"]},
           "password": {"en": ["password"], "vi": ["mật khẩu"]}}


@pytest.mark.parametrize(("source", "target"), [
    ("WARNING: disk full", "CẢNH BÁO: đĩa đầy"),  # ALL CAPS
    ("Warning", "Cảnh báo"),  # sentence-initial capital
    ("A Warning Dialog", "Hộp Thoại Cảnh Báo"),  # title case
])
def test_case_is_not_a_finding(source: str, target: str) -> None:
    seg = segment(source, target, source_lang="en", target_lang="vi")
    checks = [f.check for f in check_pair(seg, assessor=Assessor(glossary(WARNING)))]
    assert checks == ["term.preferred"]


def test_case_is_a_finding_when_the_term_is_case_sensitive() -> None:
    g = Glossary(concepts=[Concept(id="warning", terms={
        "en": [Term("warning", "en")], "vi": [Term("cảnh báo", "vi", case_sensitive=True)]})], fingerprint="0" * 64)
    seg = segment("WARNING: disk full", "CẢNH BÁO: đĩa đầy", source_lang="en", target_lang="vi")
    (finding,) = check_pair(seg, assessor=Assessor(g))
    assert finding.check == "term.form" and finding.found == "CẢNH BÁO"


def test_a_metavariable_in_capitals_is_the_term() -> None:
    seg = segment("  -p, --password PASSWORD  set the password", "  -p, --password MẬT_KHẨU  đặt mật khẩu",
                  source_lang="en", target_lang="vi")
    findings = check_pair(seg, assessor=Assessor(glossary(WARNING)))
    assert {f.check for f in findings} == {"term.preferred"}


def test_an_accelerator_inside_a_term_is_masked() -> None:
    seg = segment("New _Folder", "Thư _mục mới", source_lang="en", target_lang="vi")
    (finding,) = check_pair(seg, assessor=Assessor(glossary(WARNING)))
    assert finding.check == "term.preferred" and finding.found.casefold() == "thư mục"
    assert seg.target[slice(*finding.span)] == "Thư _mục"


def test_no_term_inside_an_option_name_or_identifier() -> None:
    seg = segment("  -r, --remove-home   delete the home directory; see apt-key(8)",
                  "  -r, --remove-home   xoá thư mục chính; xem apt-key(8)", source_lang="en", target_lang="vi")
    findings = check_pair(seg, assessor=Assessor(glossary(WARNING)))
    assert not [f for f in findings if f.concept_id in ("remove", "key")]
    assert in_copied_compound("see apt-key here", 8, 11, "xem apt-key")
    assert not in_copied_compound("the command-line key", 4, 16, "dòng lệnh")


def test_classes_are_taken_against_the_nearest_usable_term() -> None:
    g = glossary({"key": {"en": ["key"], "vi": ["phím", ("khóa", "admitted")]}})
    assessor = Assessor(g)
    assert assessor.rendering_class("khoá", "key", "vi") is VariantClass.ORTHOGRAPHIC  # tone placement of khóa
    assert assessor.rendering_class("chìa", "key", "vi") is VariantClass.LEXICAL
    seg = segment("Public key", "Khoá công khai", source_lang="en", target_lang="vi")
    (finding,) = [f for f in check_pair(seg, assessor=assessor) if f.concept_id == "key"]
    assert finding.variant_class == "orthographic"
    # an admitted term is still classed against the others, as its report row shows
    g2 = glossary({"pm": {"vi": ["Phạm Minh Chính"], "en": ["Pham Minh Chinh", ("Phạm Minh Chính", "admitted")]}})
    assert Assessor(g2).rendering_class("Phạm Minh Chính", "pm", "en") is VariantClass.DIACRITICS


def test_a_shorter_run_of_the_terms_words_is_an_abbreviation() -> None:
    assessor = Assessor(glossary({"size": {"en": ["size"], "vi": ["kích cỡ"]}}))
    assert assessor.rendering_class("cỡ", "size", "vi") is VariantClass.ABBREVIATION
    assert assessor.rendering_class("kích thước", "size", "vi") is VariantClass.LEXICAL


def test_helpers_for_case_and_kana() -> None:
    assert only_case("CẢNH BÁO", "cảnh báo") and only_case("MẬT_KHẨU", "mật khẩu")
    assert not only_case("cảnh báo", "cảnh báo") and not only_case("canh bao", "cảnh báo")
    assert kana_variant("サーバ", "サーバー") and kana_variant("ホーム・ディレクトリ", "ホームディレクトリ")
    assert not kana_variant("キー", "鍵")


def test_japanese_long_vowel_variant_is_orthographic() -> None:
    assessor = Assessor(glossary({"server": {"en": ["server"], "ja": ["サーバー"]}}))
    assert assessor.rendering_class("サーバ", "server", "ja") is VariantClass.ORTHOGRAPHIC


# -- German ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("word", "lemma"), [
    ("verzeichnisses", "verzeichnis"), ("dateien", "datei"), ("passwörter", "passwort"), ("ungültiger", "ungültig"),
    ("gelöscht", "löschen"), ("entfernt", "entfernen"), ("gesetzt", "setzen"), ("installiert", "installieren"),
    ("such", "suche"), ("unbekannte", "unbekannter"), ("repositories", "repository")])
def test_german_inflections(word: str, lemma: str) -> None:
    assert is_form(word, lemma)


@pytest.mark.parametrize(("word", "lemma"), [("aktualisierung", "aktualisieren"), ("indem", "index"),
                                             ("dabei", "datei"), ("große", "größe")])
def test_not_german_inflections(word: str, lemma: str) -> None:
    assert not is_form(word, lemma)


def test_german_compound_elements() -> None:
    assert element_span("konfigurationsdatei", "datei") == (14, 19)
    assert element_span("dateiende", "datei") == (0, 5)
    assert element_span("gerätetyp", "gerät") == (0, 5)
    assert element_span("update", "datei") is None


def test_german_word_forms_are_the_term() -> None:
    g = glossary({"directory": {"en": ["directory"], "de": ["Verzeichnis"]}, "file": {"en": ["file"], "de": ["Datei"]},
                  "public-key": {"en": ["public key"], "de": ["öffentlicher Schlüssel"]}})
    assessor = Assessor(g)
    for source, target, found in [
            ("Name of the directory", "Name des Verzeichnisses", "Verzeichnisses"),
            ("Configuration file", "Konfigurationsdatei", "datei"),
            ("Error in the public key", "Fehler im öffentlichen Schlüssel", "öffentlichen Schlüssel")]:
        seg = segment(source, target, source_lang="en", target_lang="de")
        findings = check_pair(seg, assessor=assessor)
        assert [(f.check, f.found) for f in findings] == [("term.preferred", found)], source


# -- the glossary's new fields ----------------------------------------------------------------
def test_mandatory_and_case_sensitive_in_terms_yaml(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("concepts:\n  - id: unodc\n    terms:\n      en:\n        - term: UNODC\n"
                    "          mandatory: true\n          case-sensitive: true\n      vi:\n        - term: UNODC\n",
                    encoding="utf-8")
    (concept,) = load_glossary(path, cache=False).concepts
    en, vi = concept.terms["en"][0], concept.terms["vi"][0]
    assert en.mandatory and en.case_sensitive and not vi.mandatory and not vi.case_sensitive


def test_a_bad_flag_is_one_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("concepts:\n  - id: unodc\n    terms:\n      en:\n        - term: UNODC\n"
                    "          mandatory: often\n", encoding="utf-8")
    _, problems = check_glossary(path, cache=False)
    assert len(problems) == 1 and "bad mandatory 'often' (allowed: true, false)" in problems[0].message
    assert problems[0].line == 6


def test_german_compounds_are_split_for_the_aligner() -> None:
    from collections import Counter

    from glossary.text.normalize import Token, token_key
    from glossary.variance.evidence import CorpusEvidence, split_compound

    evidence = CorpusEvidence("en", "de", word_pairs=Counter(
        {token_key(w): 5 for w in ("Datenträger", "Abbild", "Kommandozeile", "Argumente", "Datei")}))

    def parts(word: str) -> list[str]:
        return [t.text for t in split_compound(Token(word, 10, 10 + len(word)), evidence)]
    assert parts("Datenträgerabbild") == ["Datenträger", "abbild"]
    assert parts("Kommandozeilenargumente") == ["Kommandozeile", "argumente"]  # the linking n goes with neither
    assert parts("Abbildung") == ["Abbildung"] and parts("Datei") == ["Datei"]
    (first, second) = split_compound(Token("Datenträgerabbild", 10, 27), evidence)
    assert (first.start, first.end, second.start, second.end) == (10, 21, 21, 27)


def test_a_katakana_run_splits_into_the_words_the_corpus_writes_alone() -> None:
    from collections import Counter

    from glossary.variance.evidence import CorpusEvidence, _kana_cuts

    known = Counter({"ディスク": 5, "イメージ": 9, "サスペンド": 3, "キー": 20})
    assert _kana_cuts("ディスクイメージ", known) == [4] and _kana_cuts("サスペンドキー", known) == [5]
    assert _kana_cuts("イメージ", known) == [] and _kana_cuts("コンテナイメージ", known) == []
    evidence = CorpusEvidence("en", "ja", kana_pairs=known)
    text = "Apple ディスクイメージ"
    # the aligned characters fall in イメージ: the span is that word, not the whole run
    assert evidence._kana_words(text, 6, 14, 10, 12) == (10, 14)


def test_partitions_read_the_same_evidence(aligned_report, tmp_path) -> None:
    path = write_tmx(tmp_path / "c.tmx", _corpus(), source_lang="en", target_lang="vi")
    parted = run_variance([path], glossary=glossary(SERVER), jobs=2, split_bytes=20_000)
    assert sorted(f.id for f in parted.findings) == sorted(f.id for f in aligned_report.findings)


def test_a_german_compound_holding_the_term_anywhere() -> None:
    from glossary.variance.matching import TermMatcher
    from glossary.variance.wordforms import holds

    g = glossary({"search": {"en": ["search"], "de": ["Suche"]}, "device": {"en": ["device"], "de": ["Gerät"]}})
    search, device = TermMatcher(g, "de").entries
    assert holds("Schemasuchreihenfolge", search) and holds("Textsucheparser", search)
    assert not holds("durchsucht", search) and not holds("Suchpfade mehr", search)
    assert holds("Geräte", device) and not holds("Gewähr", device)
