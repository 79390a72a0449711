"""The bundled glossary in terms/: valid, complete for the seed domain, and stable on write."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.model import Concept, Glossary, Status, TermType
from glossary.store.termstore import TermStore, glossary_files, load_glossary

REPO = Path(__file__).resolve().parents[1]
TERMS = REPO / "terms"
SEEDS = REPO / "corpora" / "hanoi-convention" / "_build" / "seeds"

# (concept id, English preferred term, Vietnamese preferred term): what the seeds name.
REQUIRED = [
    ("hanoi-convention", "Hanoi Convention", "Công ước Hà Nội"),
    ("un-convention-against-cybercrime", "United Nations Convention against Cybercrime",
     "Công ước của Liên hợp quốc về chống tội phạm mạng"),
    ("supplementary-protocol", "supplementary protocol", "nghị định thư bổ sung"),
    ("ratify", "ratify", "phê chuẩn"),
    ("signatory", "signatory", "quốc gia ký"),
    ("united-nations", "United Nations", "Liên hợp quốc"),
    ("unodc", "United Nations Office on Drugs and Crime", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm"),
    ("un-secretary-general", "United Nations Secretary-General", "Tổng Thư ký Liên hợp quốc"),
    ("asean", "ASEAN", "ASEAN"),
    ("un-headquarters", "United Nations Headquarters", "trụ sở Liên hợp quốc"),
    ("prime-minister", "Prime Minister", "Thủ tướng"),
    ("deputy-prime-minister", "Deputy Prime Minister", "Phó Thủ tướng"),
    ("ministry-of-public-security", "Ministry of Public Security", "Bộ Công an"),
    ("deputy-minister-of-public-security", "Deputy Minister of Public Security", "Thứ trưởng Bộ Công an"),
    ("ministry-of-foreign-affairs", "Ministry of Foreign Affairs", "Bộ Ngoại giao"),
    ("politburo-member", "Politburo member", "Ủy viên Bộ Chính trị"),
    ("government-news-website", "Government of Vietnam news website", "Báo Điện tử Chính phủ"),
    ("national-convention-center", "National Convention Center", "Trung tâm Hội nghị Quốc gia"),
    ("speaker-uzbekistan-lower-house", "Speaker of the Legislative Chamber of Uzbekistan", "Chủ tịch Hạ viện Uzbekistan"),
    ("vice-president-ecuador", "Vice President of Ecuador", "Phó Tổng thống Ecuador"),
    ("president-russia", "President of Russia", "Tổng thống Nga"),
    ("deputy-prime-minister-poland", "Deputy Prime Minister of Poland", "Phó Thủ tướng Ba Lan"),
    ("deputy-prime-minister-cambodia", "Deputy Prime Minister of Cambodia", "Phó Thủ tướng Campuchia"),
    ("pham-minh-chinh", "Pham Minh Chinh", "Phạm Minh Chính"),
    ("bui-thanh-son", "Bui Thanh Son", "Bùi Thanh Sơn"),
    ("pham-the-tung", "Pham The Tung", "Phạm Thế Tùng"),
    ("antonio-guterres", "António Guterres", "António Guterres"),
    ("ghada-waly", "Ghada Waly", "Ghada Waly"),
    ("signing-ceremony", "signing ceremony", "Lễ mở ký"),
    ("high-level-conference", "High-level Conference", "Hội nghị cấp cao"),
    ("high-level-discussion-session", "high-level discussion session", "phiên thảo luận cấp cao"),
    ("plenary-session", "plenary session", "phiên thảo luận toàn thể"),
    ("press-conference", "press conference", "họp báo"),
    ("opening-speech", "opening speech", "phát biểu khai mạc"),
    ("five-accelerations", "five accelerations", "5 đẩy mạnh"),
    ("southeast-asia-pacific-cyber-program", "Southeast Asia and Pacific Cyber Program",
     "Chương trình An ninh mạng Đông Nam Á và Thái Bình Dương"),
    ("cybercrime", "cybercrime", "tội phạm mạng"),
    ("cybersecurity", "cybersecurity", "an ninh mạng"),
    ("cyberspace", "cyberspace", "không gian mạng"),
    ("cyberattack", "cyberattack", "tấn công mạng"),
    ("electronic-evidence", "electronic evidence", "chứng cứ điện tử"),
    ("cooperation-network-24-7", "24/7 cooperation network", "mạng lưới hợp tác 24/7"),
    ("digital-transformation", "digital transformation", "chuyển đổi số"),
    ("critical-infrastructure", "critical infrastructure", "hạ tầng trọng yếu"),
    ("digital-space", "digital space", "không gian số"),
    ("digital-era", "digital era", "kỷ nguyên số"),
    ("artificial-intelligence", "artificial intelligence", "trí tuệ nhân tạo"),
    ("cryptocurrency", "cryptocurrency", "tiền mã hóa"),
    ("personal-data", "personal data", "dữ liệu cá nhân"),
    ("capacity-building", "capacity building", "nâng cao năng lực"),
    ("multilateralism", "multilateralism", "chủ nghĩa đa phương"),
    ("rule-of-law", "rule of law", "pháp quyền"),
    ("national-security", "national security", "an ninh quốc gia"),
    ("cross-border-crime", "cross-border crime", "tội phạm xuyên biên giới"),
    ("international-cooperation", "international cooperation", "hợp tác quốc tế"),
    ("legal-framework", "legal framework", "khuôn khổ pháp lý"),
    ("human-rights", "human rights", "quyền con người"),
    ("no-one-left-behind", "no one is left behind", "không để ai bị bỏ lại phía sau"),
    ("australian-dollar", "Australian dollar", "đô la Úc"),
]

# (concept id, language, term, status): the renderings the brief and the seeds single out.
DECISIONS = [
    ("unodc", "en", "UNODC", Status.ADMITTED),
    ("unodc", "en", "UNDOC", Status.FORBIDDEN),
    ("united-nations", "en", "UN", Status.ADMITTED),
    ("united-nations", "vi", "LHQ", Status.ADMITTED),
    ("un-convention-against-cybercrime", "en", "UN Convention against Cybercrime", Status.ADMITTED),
    ("un-secretary-general", "en", "Secretary General of the United Nations", Status.DEPRECATED),
    ("prime-minister", "en", "PM", Status.ADMITTED),
    ("politburo-member", "vi", "Uỷ viên Bộ Chính trị", Status.ADMITTED),
    ("signing-ceremony", "en", "Opening Ceremony", Status.DEPRECATED),
    ("high-level-discussion-session", "en", "High-level Discussion Session", Status.ADMITTED),
    ("plenary-session", "en", "plenary discussion session", Status.ADMITTED),
    ("speaker-uzbekistan-lower-house", "en", "Speaker of the Uzbekistan's House of Representatives", Status.DEPRECATED),
    ("speaker-uzbekistan-lower-house", "en", "Uzbekistan's Parliamentary Speaker", Status.DEPRECATED),
    ("president-russia", "en", "Russian President", Status.ADMITTED),
    ("deputy-prime-minister-poland", "en", "Polish Deputy Prime Minister", Status.ADMITTED),
    ("pham-minh-chinh", "en", "Phạm Minh Chính", Status.ADMITTED),
    ("bui-thanh-son", "en", "Bùi Thanh Sơn", Status.ADMITTED),
    ("antonio-guterres", "en", "Antonio Guterres", Status.DEPRECATED),
    ("southeast-asia-pacific-cyber-program", "en", "Southeast Asia and Pacific Cyber Programme", Status.ADMITTED),
    ("southeast-asia-pacific-cyber-program", "en", "Cyber Security Program in Southeast Asia and the Pacific", Status.DEPRECATED),
    ("cybercrime", "en", "cyber crime", Status.DEPRECATED),
    ("cybersecurity", "en", "cyber security", Status.DEPRECATED),
    ("cyberattack", "en", "cyber attack", Status.DEPRECATED),
    ("digital-era", "en", "digital age", Status.ADMITTED),
    ("artificial-intelligence", "en", "AI", Status.ADMITTED),
    ("cryptocurrency", "vi", "tiền điện tử", Status.ADMITTED),
    ("critical-infrastructure", "vi", "cơ sở hạ tầng quan trọng", Status.ADMITTED),
    ("australian-dollar", "en", "AUD", Status.ADMITTED),
    ("australian-dollar", "en", "$", Status.DEPRECATED),
]

# Every rendering of "5 đẩy mạnh" in the seeds, with the status the glossary gives it.
FIVE_PUSHES_RENDERINGS = [
    ("5 pushes", Status.DEPRECATED),
    ("5 Accelerations", Status.ADMITTED),
    ("5 Strengthens", Status.DEPRECATED),
    ("5 Accents", Status.FORBIDDEN),
    ("five key actions", Status.ADMITTED),
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(TERMS)


def _concept(glossary: Glossary, concept_id: str) -> Concept:
    concept = glossary.get(concept_id)
    assert concept is not None, f"no concept {concept_id!r} in {TERMS}"
    return concept


def _status(concept: Concept, lang: str, text: str) -> Status | None:
    return next((t.status for t in concept.terms_in(lang) if t.text == text), None)


def test_validate_command_accepts_the_bundled_glossary() -> None:
    result = CliRunner().invoke(app, ["validate", str(TERMS)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_at_least_40_concepts_each_with_vi_and_en(glossary: Glossary) -> None:
    assert len(glossary) >= 40
    missing = [c.id for c in glossary if not (c.preferred("en") and c.preferred("vi"))]
    assert missing == []


@pytest.mark.parametrize(("concept_id", "en", "vi"), REQUIRED, ids=[r[0] for r in REQUIRED])
def test_required_concept_present(glossary: Glossary, concept_id: str, en: str, vi: str) -> None:
    concept = _concept(glossary, concept_id)
    assert concept.preferred("en").text == en
    assert concept.preferred("vi").text == vi
    assert concept.definition


@pytest.mark.parametrize(("concept_id", "lang", "text", "status"), DECISIONS, ids=[f"{d[0]}:{d[2]}" for d in DECISIONS])
def test_recorded_decision(glossary: Glossary, concept_id: str, lang: str, text: str, status: Status) -> None:
    assert _status(_concept(glossary, concept_id), lang, text) is status


def test_undoc_is_a_forbidden_variant_of_unodc(glossary: Glossary) -> None:
    undoc = [t for t in _concept(glossary, "unodc").terms_in("en") if t.text == "UNDOC"]
    assert len(undoc) == 1
    assert undoc[0].status is Status.FORBIDDEN
    assert undoc[0].type is TermType.VARIANT
    # nowhere else may UNDOC be usable
    assert all(t.status is Status.FORBIDDEN for c in glossary for t in c.all_terms() if t.text == "UNDOC")


@pytest.mark.parametrize(("text", "status"), FIVE_PUSHES_RENDERINGS, ids=[r[0] for r in FIVE_PUSHES_RENDERINGS])
def test_every_five_pushes_rendering_has_a_status(glossary: Glossary, text: str, status: Status) -> None:
    concept = _concept(glossary, "five-accelerations")
    assert concept.preferred("vi").text == "5 đẩy mạnh"
    assert _status(concept, "en", text) is status


def test_five_pushes_table_matches_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent")
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    assert [text for text, _ in FIVE_PUSHES_RENDERINGS if text not in seeds] == []


def test_every_non_preferred_term_has_a_reason(glossary: Glossary) -> None:
    missing = [f"{c.id}/{t.lang}/{t.text}" for c in glossary for t in c.all_terms()
               if t.status is not Status.PREFERRED and not t.reason]
    assert missing == []


def test_preferred_term_gives_a_reason_when_there_was_a_choice(glossary: Glossary) -> None:
    missing = [f"{c.id}/{lang}" for c in glossary for lang, terms in c.terms.items()
               if len(terms) > 1 and not c.preferred(lang).reason]
    assert missing == []


def test_preferred_english_terms_are_fully_described(glossary: Glossary) -> None:
    incomplete = [c.id for c in glossary
                  if not all((c.preferred("en").type, c.preferred("en").pos, c.preferred("en").context, c.preferred("en").source))]
    assert incomplete == []


def test_text_is_nfc(glossary: Glossary) -> None:
    for path in glossary_files(TERMS):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path


@pytest.mark.parametrize("path", glossary_files(TERMS), ids=lambda p: p.name)
def test_file_round_trips_byte_identically(path: Path) -> None:
    store = TermStore.open(TERMS)
    assert store.render(path) == path.read_text(encoding="utf-8")
