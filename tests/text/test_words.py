"""Words per language (glossary/text/words.py): segmentation, compounds, grouping keys."""
from __future__ import annotations

import random
import unicodedata

import pytest

from glossary.errors import UsageError
from glossary.text import words as words_module
from glossary.text.normalize import token_key, tokenize
from glossary.text.words import (
    Compound, learn_compounds, light_key, merge_compounds, stemmer_name, word_key, words,
)


def triples(text: str, lang: str | None, **kwargs) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.end) for t in words(text, lang, **kwargs)]


SEGMENTATION = [
    ("vi", "Không thể mở tập tin.", [
        ("Không", 0, 5), ("thể", 6, 9), ("mở", 10, 12), ("tập", 13, 16), ("tin", 17, 20)]),
    ("vi", "Thủ tướng Phạm Minh Chính", [
        ("Thủ", 0, 3), ("tướng", 4, 9), ("Phạm", 10, 14), ("Minh", 15, 19), ("Chính", 20, 25)]),
    ("en", "Don't re-use e-mail addresses (UN).", [
        ("Don", 0, 3), ("t", 4, 5), ("re", 6, 8), ("use", 9, 12), ("e", 13, 14), ("mail", 15, 19),
        ("addresses", 20, 29), ("UN", 31, 33)]),
    ("de", "Die Datenträger-Größe beträgt 83,5 GB.", [
        ("Die", 0, 3), ("Datenträger", 4, 15), ("Größe", 16, 21), ("beträgt", 22, 29), ("83", 30, 32),
        ("5", 33, 34), ("GB", 35, 37)]),
    ("fr", "L'éditeur n'a pas trouvé « fichier.txt »", [
        ("L", 0, 1), ("éditeur", 2, 9), ("n", 10, 11), ("a", 12, 13), ("pas", 14, 17), ("trouvé", 18, 24),
        ("fichier", 27, 34), ("txt", 35, 38)]),
    ("ja", "音量を調整します HTML 形式で 16進数の値", [
        ("音", 0, 1), ("量", 1, 2), ("を", 2, 3), ("調", 3, 4), ("整", 4, 5), ("し", 5, 6), ("ま", 6, 7),
        ("す", 7, 8), ("HTML", 9, 13), ("形", 14, 15), ("式", 15, 16), ("で", 16, 17), ("16", 18, 20),
        ("進", 20, 21), ("数", 21, 22), ("の", 22, 23), ("値", 23, 24)]),
    ("ja", "ファイル「a.txt」を開けません（2件）", [
        ("フ", 0, 1), ("ァ", 1, 2), ("イ", 2, 3), ("ル", 3, 4), ("a", 5, 6), ("txt", 7, 10), ("を", 11, 12),
        ("開", 12, 13), ("け", 13, 14), ("ま", 14, 15), ("せ", 15, 16), ("ん", 16, 17), ("2", 18, 19),
        ("件", 19, 20)]),
    ("zh-CN", "无法打开文件 PNG：权限不足", [
        ("无", 0, 1), ("法", 1, 2), ("打", 2, 3), ("开", 3, 4), ("文", 4, 5), ("件", 5, 6), ("PNG", 7, 10),
        ("权", 11, 12), ("限", 12, 13), ("不", 13, 14), ("足", 14, 15)]),
    ("zh_CN", "版本2.0中文", [("版", 0, 1), ("本", 1, 2), ("2", 2, 3), ("0", 4, 5), ("中", 5, 6), ("文", 6, 7)]),
    # Thai: each character with its combining marks (ไม่ = ไ + ม่), Latin and Thai digits whole
    ("th", "ไม่สามารถเปิดแฟ้ม PNG ได้ ๒๕ ครั้ง", [
        ("ไ", 0, 1), ("ม่", 1, 3), ("ส", 3, 4), ("า", 4, 5), ("ม", 5, 6), ("า", 6, 7), ("ร", 7, 8),
        ("ถ", 8, 9), ("เ", 9, 10), ("ปิ", 10, 12), ("ด", 12, 13), ("แ", 13, 14), ("ฟ้", 14, 16),
        ("ม", 16, 17), ("PNG", 18, 21), ("ไ", 22, 23), ("ด้", 23, 25), ("๒๕", 26, 28), ("ค", 29, 30),
        ("รั้", 30, 33), ("ง", 33, 34)]),
]


@pytest.mark.parametrize("lang, text, expected", SEGMENTATION, ids=[f"{r[0]}:{r[1][:20]}" for r in SEGMENTATION])
def test_segmentation(lang, text, expected) -> None:
    assert triples(text, lang) == expected
    for word, start, end in expected:
        assert text[start:end] == word


def test_spaced_languages_are_normalize_tokenize() -> None:
    for text in ("Don't re-use e-mail", "Die Datenträger-Größe", "Thủ tướng Phạm Minh Chính"):
        assert words(text, "en") == tokenize(text)


def test_script_decides_even_without_or_against_the_language() -> None:
    assert triples("Open ファイル now", None) == [
        ("Open", 0, 4), ("フ", 5, 6), ("ァ", 6, 7), ("イ", 7, 8), ("ル", 8, 9), ("now", 10, 13)]
    assert triples("Open ファイル", "en") == triples("Open ファイル", "ja")


def test_hangul_words_stay_whole() -> None:
    assert triples("파일을 열 수 없습니다", "ko") == [("파일을", 0, 3), ("열", 4, 5), ("수", 6, 7), ("없습니다", 8, 12)]


def test_combining_marks_stay_with_their_letter() -> None:
    nfd = unicodedata.normalize("NFD", "がぎ")  # か + U+3099
    assert triples(nfd, "ja") == [(nfd[0:2], 0, 2), (nfd[2:4], 2, 4)]
    # Devanagari vowel signs split normalize.tokenize; a word keeps them
    assert triples("हिन्दी भाषा", "hi") == [("हिन्दी", 0, 6), ("भाषा", 7, 11)]
    nfd_vi = unicodedata.normalize("NFD", "Không thể mở tập tin")
    assert [unicodedata.normalize("NFC", t.text) for t in words(nfd_vi, "vi")] == ["Không", "thể", "mở", "tập", "tin"]


@pytest.mark.parametrize("lang, text, expected", [
    ("vi", "T_rang trên mỗi tờ: %s", [("Trang", 0, 6), ("trên", 7, 11), ("mỗi", 12, 15), ("tờ", 16, 18)]),
    ("vi", "Mở thư _mục /etc/apt bằng --force", [
        ("Mở", 0, 2), ("thư", 3, 6), ("mục", 8, 11), ("bằng", 21, 25)]),
    ("fr", "L'éditeur n'a pas trouvé « fichier.txt »", [
        ("L", 0, 1), ("éditeur", 2, 9), ("n", 10, 11), ("a", 12, 13), ("pas", 14, 17), ("trouvé", 18, 24)]),
    ("ja", "ヘルプ(_H)", [("ヘ", 0, 1), ("ル", 1, 2), ("プ", 2, 3)]),
    ("zh-CN", "无法打开 %s：<b>权限</b>", [
        ("无", 0, 1), ("法", 1, 2), ("打", 2, 3), ("开", 3, 4), ("权", 11, 12), ("限", 12, 13)]),
    ("en", "Se_lection of %d <b>files</b>", [("Selection", 0, 10), ("of", 11, 13), ("files", 20, 25)]),
])
def test_prose_only_words(lang, text, expected) -> None:
    assert triples(text, lang, prose_only=True) == expected


def test_prose_only_offsets_cover_the_accelerator() -> None:
    text = "Pages per _sheet:"
    [*_, sheet] = words(text, "en", prose_only=True)
    assert sheet.text == "sheet" and text[sheet.start:sheet.end] == "sheet"  # a leading marker stays out
    [trang, *_] = words("T_rang", "vi", prose_only=True)
    assert "T_rang"[trang.start:trang.end] == "T_rang"


def test_a_bad_language_tag_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        words("x", "vn-zz-not-a-tag")


# --- Vietnamese compounds ------------------------------------------------------------------

CORPUS = [
    "Không thể mở tập tin.",
    "Tập tin không hợp lệ.",
    "Không tìm thấy tập tin cấu hình của người dùng.",
    "Xóa thư mục của người dùng.",
    "Thư mục không hợp lệ: %s",
    "Tạo thư _mục mới cho người dùng",
    "Người dùng không có quyền ghi vào thư mục.",
    "Mở tập tin của các người dùng khác.",
    "Đã lưu tập tin vào thư mục của các nhóm.",
    "Tên người dùng không hợp lệ.",
    "Không thể đọc tập tin %s của các gói.",
    "Danh sách các gói của hệ thống.",
    "Xóa các bản sao của nhóm.",
    "Cấu hình của máy và các thiết bị.",
    "Quyền của tài khoản, các nhóm và các gói.",
]


def test_learned_compounds() -> None:
    found = {c.text.lower(): c for c in learn_compounds(CORPUS, "vi")}
    assert {"tập tin", "thư mục", "người dùng", "không hợp lệ"} <= set(found)
    assert "hợp lệ" not in found  # never outside "không hợp lệ"
    assert "của các" not in found  # three times, but each part is frequent elsewhere (G² 6.0)
    assert found["thư mục"].count == 5  # "thư _mục" counts: the accelerator is no gap
    c = found["người dùng"]
    assert c.key == (token_key("người"), token_key("dùng")) and c.dice == 1.0 and c.g2 > 10.83
    [cua_cac] = [c for c in learn_compounds(CORPUS, "vi", min_dice=0.0, min_g2=0.0) if c.text == "của các"]
    assert cua_cac.count == 3 and cua_cac.g2 < 10.83


def test_compounds_are_deterministic_and_order_free() -> None:
    first = learn_compounds(CORPUS, "vi", min_count=3)
    shuffled = CORPUS[:]
    random.Random(5).shuffle(shuffled)
    assert learn_compounds(shuffled, "vi", min_count=3) == first
    assert learn_compounds(CORPUS + CORPUS, "vi", min_count=3) == first  # distinct texts count once
    assert [c.count for c in first] == sorted((c.count for c in first), reverse=True)


def test_punctuation_masked_code_and_digits_break_adjacency() -> None:
    corpus = ["tập. Tin", "tập %s tin", "tập, tin", "tập 5 tin", "tập\ttin?"] * 3
    corpus = [f"{t} {i}" for i, t in enumerate(corpus)]  # distinct texts
    assert learn_compounds(corpus, "vi", min_count=2, min_dice=0.0, min_g2=0.0) == []
    joined = [f"tập tin {i}" for i in range(3)]
    assert [c.text for c in learn_compounds(joined, "vi", min_count=3, min_dice=0.0, min_g2=0.0)] == ["tập tin"]


def test_thresholds() -> None:
    assert learn_compounds(CORPUS, "vi", min_count=100) == []
    assert learn_compounds(CORPUS, "vi", max_len=1) == []
    loose = learn_compounds(CORPUS, "vi", min_count=2, min_dice=0.0, min_g2=0.0)
    strict = learn_compounds(CORPUS, "vi", min_count=2)
    assert len(strict) < len(loose)
    assert all(c.count >= 2 and c.dice >= 0.2 and c.g2 >= 10.83 for c in strict)
    assert all(len(c.key) <= 2 for c in learn_compounds(CORPUS, "vi", max_len=2))


def test_case_and_tone_placement_share_a_key_and_the_commonest_form_shows() -> None:
    corpus = ["Hòa bình 1", "hoà bình 2", "hòa bình 3", "Hòa bình 4"]
    [c] = learn_compounds(corpus, "vi", min_count=3, min_g2=0.0)
    assert c.count == 4 and c.text == "Hòa bình"


def test_merge_compounds() -> None:
    text = "Không thể mở tập tin của người dùng"
    lexicon = learn_compounds(CORPUS, "vi", min_count=3)
    merged = merge_compounds(words(text, "vi"), lexicon, text)
    assert [(t.text, t.start, t.end) for t in merged] == [
        ("Không", 0, 5), ("thể", 6, 9), ("mở", 10, 12), ("tập tin", 13, 20), ("của", 21, 24),
        ("người dùng", 25, 35)]
    assert merge_compounds(words("tập. tin", "vi"), [("tập", "tin")], "tập. tin")[0].text == "tập"
    assert merge_compounds(words(text, "vi"), [], text) == words(text, "vi")
    assert isinstance(lexicon[0], Compound)


# --- grouping keys -------------------------------------------------------------------------

SAME = [
    ("en", "organization organizations Organization"),
    ("en", "sign signs signed signing"),
    ("en", "ratify ratifies ratified ratifying"),
    ("en", "push pushes pushed pushing"),
    ("en", "stop stopped stopping"),
    ("en", "install installed installs"),
    ("en", "process processes"),
    ("de", "Datei Dateien"),
    ("de", "Verzeichnis Verzeichnisse Verzeichnissen"),
    ("de", "Größe Größen"),
    ("fr", "fichier fichiers"),
    ("fr", "activé activée activés activées"),
    ("fr", "journal journaux"),
    ("es", "archivo archivos"),
    ("es", "opción opciones"),
    ("pt", "arquivo arquivos"),
    ("pt", "configuração configurações"),
    ("it", "cartella cartelle"),
    ("ru", "файл файла файлы файлов файлами"),
    ("pl", "plik pliki plików plikami"),
    ("vi", "Hòa hoà HÒA"),
    ("ja", "ｶﾀｶﾅ カタカナ"),
]
DIFFERENT = [
    ("en", "organization", "organ"),
    ("en", "AIDS", "aid"),
    ("de", "Datei", "Daten"),
    ("fr", "fichier", "fiche"),
    ("vi", "hòa", "hóa"),
    ("vi", "Phạm", "Pham"),
]


@pytest.mark.parametrize("lang, forms", SAME)
def test_forms_of_one_word_share_a_key(lang, forms) -> None:
    keys = {word_key(w, lang) for w in forms.split()}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("lang, a, b", DIFFERENT)
def test_different_words_keep_different_keys(lang, a, b) -> None:
    assert word_key(a, lang) != word_key(b, lang)


@pytest.mark.parametrize("lang, forms", [row for row in SAME if row[0] not in ("en", "vi", "ja")])
def test_the_fallback_key_groups_the_same_forms(lang, forms) -> None:
    assert len({light_key(w, lang) for w in forms.split()}) == 1


def test_keys_are_case_folded_and_leave_codes_alone() -> None:
    assert word_key("Straße", "de") == word_key("STRASSE".lower(), "de")
    assert word_key("Win32", "en") == "win32"
    assert word_key("PIM", "de") == "pim"
    assert word_key("Tiếng", "ko") == "tiếng"  # no stemmer: case folding only


def test_stemmer_name_states_the_key_in_use() -> None:
    assert stemmer_name("vi-VN") == "vietnamese"
    assert stemmer_name("ja") == "characters"
    assert stemmer_name("en") == "english-light"
    assert stemmer_name("ko") == "casefold"
    name = stemmer_name("de")
    if words_module._snowball is None:
        assert name == "light:de"
    else:
        assert name.startswith("snowball-") and name.endswith(":german")


def test_snowball_is_used_when_installed() -> None:
    snowball = pytest.importorskip("snowballstemmer")
    stem = snowball.stemmer("german").stemWord("datenträgers")
    assert word_key("Datenträgers", "de") == stem
    assert word_key("działa", "pl") in ("działa", snowball.stemmer("polish").stemWord("działa"))


def test_the_fallback_is_used_without_snowball(monkeypatch) -> None:
    monkeypatch.setattr(words_module, "_snowball", None)
    words_module._snowball_algorithms.cache_clear()
    words_module.word_key.cache_clear()
    try:
        assert stemmer_name("de") == "light:de"
        assert word_key("Dateien", "de") == light_key("Dateien", "de") == "datei"
    finally:
        monkeypatch.undo()
        words_module._snowball_algorithms.cache_clear()
        words_module.word_key.cache_clear()
