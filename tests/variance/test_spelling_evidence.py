"""A misspelling of a term is close in form and not a word of the language: rare in the corpus
compared with the term, and unknown to the language's spelling dictionary (Debian's Hunspell
dictionaries, installed by .ci/install-clients.sh: hunspell-de-de, hunspell-vi, hunspell-en-us)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from glossary.variance.dictionary import spelling_dictionary
from glossary.variance.evidence import CorpusEvidence, form_key
from glossary.variance.report import run_variance
from glossary.variance.spelling import KNOWN_PAIRS, TYPO_PAIRS, known_form

from .helpers import glossary, write_tmx


def _evidence(counts: dict[str, int]) -> CorpusEvidence:
    return CorpusEvidence("en", "vi", pairs=1000, form_pairs=Counter({form_key(k): n for k, n in counts.items()}))


def test_a_rare_form_is_a_typo_a_frequent_one_a_word() -> None:
    evidence = _evidence({"trống": 100, "trong": 40, "mặt khẩu": TYPO_PAIRS, "mật khẩu": 300})
    assert known_form("Trong", "trống", evidence)  # the corpus writes it as often as a word is written
    assert not known_form("mặt khẩu", "mật khẩu", evidence)  # twice beside 300: a typing error
    # rare compared with the term: 3 in 1,000 is a typo, KNOWN_PAIRS whatever the term's count is a word
    assert not known_form("UNDOC", "UNODC", _evidence({"UNDOC": 3, "UNODC": 1000}))
    assert known_form("dabei", "Datei", _evidence({"dabei": KNOWN_PAIRS, "Datei": 3000}))


def test_without_evidence_nor_dictionary_a_near_miss_stays_a_misspelling() -> None:
    assert not known_form("UNDOC", "UNODC", None, None)


def test_the_debian_dictionaries_are_read() -> None:
    german, vietnamese = spelling_dictionary("de"), spelling_dictionary("vi-VN")
    assert german is not None and vietnamese is not None, "hunspell-de-de and hunspell-vi (.ci/install-clients.sh)"
    assert german.name == "de_DE" and german.knows("Wartung") and german.knows("dabei")
    assert not german.knows("Netwerk") and not german.knows("Bibiliothek")
    assert vietnamese.knows("khoản")
    # a word the dictionary knows is a word; several words are left to the frequencies (mặt khẩu)
    assert known_form("Wartung", "Warnung", None, german)
    assert not known_form("Netwerk", "Netzwerk", None, german)
    assert not known_form("mặt khẩu", "mật khẩu", None, vietnamese)


def test_end_to_end_words_are_not_misspellings_and_undoc_stays(tmp_path: Path) -> None:
    g = glossary({"warning": {"en": ["warning"], "de": ["Warnung"]}, "network": {"en": ["network"], "de": ["Netzwerk"]},
                  "unodc": {"en": ["UNODC"], "de": ["UNODC"]}})
    units = [("d", "warning", "Warnung"), ("d", "network", "Netzwerk"), ("d", "maintenance mode", "Wartungsmodus"),
             ("d", "maintenance", "Wartung"), ("d", "no connection", "kein Netwerk"),
             ("d", "the UNODC report", "der UNODC-Bericht"), ("d", "the report", "der UNDOC-Bericht")]
    report = run_variance([write_tmx(tmp_path / "c.tmx", units, source_lang="en", target_lang="de")], glossary=g)
    misspelt = sorted((f.check, f.found) for f in report.findings if f.check.endswith(".misspelling"))
    assert misspelt == [("target.misspelling", "Netwerk"), ("target.misspelling", "UNDOC")]


def test_copies_metavariables_and_glued_pieces_are_not_typos() -> None:
    from glossary.variance.checks.context import Assessor
    from glossary.variance.report import check_pair

    from .helpers import segment

    g = glossary({"index": {"en": ["index"], "de": ["Index"]}, "file": {"en": ["file"], "de": ["Datei"]},
                  "encoding": {"en": ["encoding"], "de": ["Kodierung"]}, "unodc": {"en": ["UNODC"], "de": ["UNODC"]},
                  "install": {"en": ["install"], "de": ["Installieren"]}})
    assessor = Assessor(g)

    def misspelt(source: str, target: str) -> list[str]:
        seg = segment(source, target, source_lang="en", target_lang="de")
        return [f.found for f in check_pair(seg, assessor=assessor) if f.check.endswith(".misspelling")]
    assert misspelt("support build-indep", "»build-indep« unterstützen") == []  # copied from the source
    assert misspelt("uses the group of RFILE", "benutzt die Gruppe von RDATEI") == []  # a metavariable
    assert misspelt("Invalid %-encoding", "Unzulässige %-Kodierung") == []  # odierung: glued to %-K
    assert misspelt("Please [I]nstall again", "Bitte [I]nstallieren Sie erneut") == []
    assert misspelt("the UNODC report", "der UNDOC-Bericht") == ["UNDOC"]  # an acronym's capitals are its spelling
