"""What is not prose (glossary/text/mask.py): one table per rule, near misses included."""
from __future__ import annotations

import pytest

from glossary.text.mask import (
    ACCELERATOR, EMAIL, ENTITY, ESCAPE, IDENTIFIER, MARKUP, NUMBER, OPTION, PATH, PRINTF, URL, VARIABLE,
    Span, mask, masked_pair, masked_spans, original_span, placeholders, prose, strip_accelerators,
    underscore_word,
)


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    """The masked spans as (what they cover, kind), checked to be ordered and disjoint."""
    spans = masked_spans(text, **kwargs)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start, spans
    return [(text[s.start:s.end], s.kind) for s in spans]


def table(*rows):
    return pytest.mark.parametrize("text, expected", rows, ids=[r[0][:40] for r in rows])


@table(
    ("Shortcut %s does not exist", [("%s", PRINTF)]),
    ("%d files, %5.2f%%", [("%d", PRINTF), ("%5.2f", PRINTF), ("%%", PRINTF)]),
    ("%1$s on %2$s", [("%1$s", PRINTF), ("%2$s", PRINTF)]),
    ("%-10s|%.250s|%*d|%lu|%zu|%lld|%I64d|%'d", [
        ("%-10s", PRINTF), ("%.250s", PRINTF), ("%*d", PRINTF), ("%lu", PRINTF), ("%zu", PRINTF),
        ("%lld", PRINTF), ("%I64d", PRINTF), ("%'d", PRINTF)]),
    ("Hello %(name)s, %(count)d new", [("%(name)s", PRINTF), ("%(count)d", PRINTF)]),
    ("%Y-%m-%d %_H:%M", [("%Y", PRINTF), ("%m", PRINTF), ("%d", PRINTF), ("%_H", PRINTF), ("%M", PRINTF)]),
    ("Copy %1 to %2", [("%1", PRINTF), ("%2", PRINTF)]),
    ("boost %1% and %<PRIu64> and %{count}", [("%1%", PRINTF), ("%<PRIu64>", PRINTF), ("%{count}", PRINTF)]),
    ("%pB: section %pA", [("%pB", PRINTF), ("%pA", PRINTF)]),
    ("'%s' %s:", [("%s", PRINTF), ("%s", PRINTF)]),
    # near misses: percent signs in prose
    ("tăng 83,5% so với năm ngoái", []),
    ("50% discount, 100 % des cas", []),
    ("50%off and 100%ig", []),
    ("%Dùng", []),  # coreutils' "Use%" in Vietnamese
    ("%sĐược biên dịch", [("%s", PRINTF)]),
)
def test_printf(text, expected) -> None:
    assert found(text) == expected


@table(
    ("{0} of {1}", [("{0}", VARIABLE), ("{1}", VARIABLE)]),
    ("{} {name} {obj.attr} {0:.2f} {name!r}", [
        ("{}", VARIABLE), ("{name}", VARIABLE), ("{obj.attr}", VARIABLE), ("{0:.2f}", VARIABLE),
        ("{name!r}", VARIABLE)]),
    ("Hi {{user}} and {{ user.name }}", [("{{user}}", VARIABLE), ("{{ user.name }}", VARIABLE)]),
    ("${var} ${var:-x} $(uname -r) $((1+2))", [
        ("${var}", VARIABLE), ("${var:-x}", VARIABLE), ("$(uname -r)", VARIABLE), ("$((1+2))", VARIABLE)]),
    ("Set $HOME or $TMPDIR", [("$HOME", VARIABLE), ("$TMPDIR", VARIABLE)]),
    ("@PACKAGE@ @GPG_AGENT@", [("@PACKAGE@", VARIABLE), ("@GPG_AGENT@", VARIABLE)]),
    # near misses
    ("a set {a, b}", []),
    ("cost $5 and $83.5 million, US$ 10", []),
    ("“$BIẾN” hay “${BIẾN}”", []),  # translated metavariables are prose
    ("{tên}", []),
)
def test_variables(text, expected) -> None:
    assert found(text) == expected


@table(
    ("<b>Bold</b> text", [("<b>", MARKUP), ("</b>", MARKUP)]),
    ('<a href="http://x.org/?a=1&b=2">link</a>', [('<a href="http://x.org/?a=1&b=2">', MARKUP), ("</a>", MARKUP)]),
    ("line<br/>next <!-- note -->", [("<br/>", MARKUP), ("<!-- note -->", MARKUP)]),
    ("<span weight='bold'>x</span>", [("<span weight='bold'>", MARKUP), ("</span>", MARKUP)]),
    ("git log <commit>", [("<commit>", MARKUP)]),
    ("Tom &amp; Jerry &lt;3 &#234; &#x1F;", [
        ("&amp;", ENTITY), ("&lt;", ENTITY), ("&#234;", ENTITY), ("&#x1F;", ENTITY)]),
    # near misses
    ("<ghi chú>", []),
    ("a < b > c", []),
    ("if a<b and c>d", []),
    ("Tom & Jerry", []),
)
def test_markup(text, expected) -> None:
    assert found(text) == expected


@table(
    ("see https://example.com/a?b=1&c=2.", [("https://example.com/a?b=1&c=2", URL)]),
    ("(at www.debian.org)", [("www.debian.org", URL)]),
    ("mail a.b@example.org.", [("a.b@example.org", EMAIL)]),
    ("L10n@OpenTLE.org", [("L10n@OpenTLE.org", EMAIL)]),
    ("URL https://x.org/aです", [("https://x.org/a", URL)]),
    ("C:\\Windows\\x.ini and \\n", [("C:\\Windows\\x.ini", PATH), ("\\n", ESCAPE)]),
    # near misses
    ("user @ example", []),
    ("%s@%s", [("%s", PRINTF), ("%s", PRINTF)]),
)
def test_urls_emails_escapes(text, expected) -> None:
    assert found(text) == expected


@table(
    ("--file -r --remove-home", [("--file", OPTION), ("-r", OPTION), ("--remove-home", OPTION)]),
    ("  -B, --block-size=SIZE  use '-BM'", [("-B", OPTION), ("--block-size=SIZE", OPTION), ("-BM", OPTION)]),
    ("[-m|--message <message>]", [("-m", OPTION), ("--message", OPTION), ("<message>", MARKUP)]),
    ("--output=TẬP_TIN --size=CỠ", [("--output=", OPTION), ("--size=", OPTION)]),
    # near misses
    ("e-mail, well-known, Secretary-General", []),
    ("from -5 to -10 degrees", []),
    ("wait -- then go", []),
    ("- item", []),
)
def test_options(text, expected) -> None:
    assert found(text) == expected


@table(
    ("/etc/apt and /dev/null.", [("/etc/apt", PATH), ("/dev/null", PATH)]),
    ("~/.config ~user/x ./configure ../lib", [
        ("~/.config", PATH), ("~user/x", PATH), ("./configure", PATH), ("../lib", PATH)]),
    ("edit .bashrc or .gnu_debuglink", [(".bashrc", PATH), (".gnu_debuglink", PATH)]),
    ("file.txt sources.list pg_hba.conf", [("file.txt", PATH), ("sources.list", PATH), ("pg_hba.conf", PATH)]),
    ("src/main.c debian/ usr/share/doc LC_MESSAGES/x", [
        ("src/main.c", PATH), ("debian/", PATH), ("usr/share/doc", PATH), ("LC_MESSAGES/x", PATH)]),
    ("%s/.config and %s.txt", [("%s", PRINTF), ("/.config", PATH), ("%s", PRINTF), (".txt", PATH)]),
    ("/etc/aptが見つかりません", [("/etc/apt", PATH)]),
    # near misses
    ("TCP/IP and/or km/h Yes/No/Cancel", []),
    ("on 25/10/2025 at 1/2 price", []),
    ("</thư/mục/đối/tượng>", []),  # a translated metavariable
    (".NET and C++ and C#", []),
)
def test_paths(text, expected) -> None:
    assert found(text) == expected


@table(
    ("user.name push.autoSetupRemote", [("user.name", IDENTIFIER), ("push.autoSetupRemote", IDENTIFIER)]),
    ("std::string and foo()", [("std::string", IDENTIFIER), ("foo()", IDENTIFIER)]),
    ("calls to Free_list::allocate: %u", [("Free_list::allocate", IDENTIFIER), ("%u", PRINTF)]),
    ("MAX_SIZE pg_dump Scroll_Lock __init__", [
        ("MAX_SIZE", IDENTIFIER), ("pg_dump", IDENTIFIER), ("Scroll_Lock", IDENTIFIER), ("__init__", IDENTIFIER)]),
    ("KP_Right Page_Down", [("KP_Right", IDENTIFIER), ("Page_Down", IDENTIFIER)]),
    ("getValue autoSetupRemote GtkTreeView", [
        ("getValue", IDENTIFIER), ("autoSetupRemote", IDENTIFIER), ("GtkTreeView", IDENTIFIER)]),
    ("two_phaseが有効", [("two_phase", IDENTIFIER)]),
    ("%s_%s", [("%s", PRINTF), ("_", IDENTIFIER), ("%s", PRINTF)]),
    # near misses
    ("e.g. i.e. U.S. z.B. done.The No.1", []),
    ("apt-key e-mail", []),
    ("JavaScript PackageKit VeraCrypt iPhone eBay macOS", []),
    ("PNG UNODC FILE", []),
    ("TẬP_TIN lần_chuyển_giao_nền ИМЯ_ФАЙЛА", []),  # translated metavariables: prose
    ("fill in ____ here", []),
)
def test_identifiers(text, expected) -> None:
    assert found(text) == expected


@table(
    ("0x1F #FFA500 #fff a6c76c9", [("0x1F", NUMBER), ("#FFA500", NUMBER), ("#fff", NUMBER), ("a6c76c9", NUMBER)]),
    ("1.2.3 2.4.1-rc1 v2.0 192.168.0.1", [
        ("1.2.3", NUMBER), ("2.4.1-rc1", NUMBER), ("v2.0", NUMBER), ("192.168.0.1", NUMBER)]),
    ("123e4567-e89b-12d3-a456-426614174000", [("123e4567-e89b-12d3-a456-426614174000", NUMBER)]),
    # near misses: figures the figure checks need
    ("83,5 triệu, 1.000 người, 1,000 people, 3.14, 1.000.000 đồng", []),
    ("issue #123, year 2025, deadbeef", []),
)
def test_numbers(text, expected) -> None:
    assert found(text) == expected


@table(
    ("_File", [("_", ACCELERATOR)]),
    ("thư _mục", [("_", ACCELERATOR)]),
    ("_Sắc độ :", [("_", ACCELERATOR)]),
    ("Se_lection", [("_", ACCELERATOR)]),
    ("T_rang trên mỗi tờ :", [("_", ACCELERATOR)]),
    ("Tậ_p tin", [("_", ACCELERATOR)]),
    ("Đố_i chiếu", [("_", ACCELERATOR)]),
    ("Th_oát", [("_", ACCELERATOR)]),
    ("&Open", [("&", ACCELERATOR)]),
    ("Op&en", [("&", ACCELERATOR)]),
    ("~Save", [("~", ACCELERATOR)]),
    ("ヘルプ(_H)", [("(_H)", ACCELERATOR)]),
    ("取消(_C)", [("(_C)", ACCELERATOR)]),
    ("開く(&O)...", [("(&O)", ACCELERATOR)]),
    ("Save _As %s", [("_", ACCELERATOR), ("%s", PRINTF)]),
    # near misses
    ("Drag && Drop", []),
    ("R&D, AT&T, Q&A, Drag&Drop", []),
    ("như là &amp hoặc [&version]", []),
    ("+N or ~N, %lld~day, 0~Signaturen", [("%lld", PRINTF)]),
    ("2>&1", []),
    ("~/x and ~5 minutes", [("~/x", PATH)]),
    ("_File _Edit", []),  # two candidates: a label has one mnemonic
    ("(_thời gian_) and _emphasis_", []),  # underscores around a phrase
    ("Gợi_ý/Thứ_tự", []),  # the text joins words with underscores
    ("Chưa_biết2", []),
    ("<Tậ_p> [địa_chỉ...] --file=Tậ_p", [("--file=", OPTION)]),  # metavariables, not mnemonics
    ("lệnh <Tậ_p> và thư _mục", [("_", ACCELERATOR)]),
    # word-like parts: translated metavariables unless the text is known to carry a mnemonic
    ("tên_tệp", []),
    ("имя_схемы", []),
    ("Со_здать", []),
    ("Để ngu_yên", []),
)
def test_accelerators(text, expected) -> None:
    assert found(text) == expected


def test_a_known_mnemonic_takes_a_lone_lower_case_snake_word() -> None:
    assert found("Tìm và tha_y thế") == [("tha_y", IDENTIFIER)]  # alone, it reads as file_name
    assert found("Tìm và tha_y thế", mnemonic=True) == [("_", ACCELERATOR)]
    assert strip_accelerators("Tìm và tha_y thế", mnemonic=True)[0] == "Tìm và thay thế"
    assert found("_Run pg_dump", mnemonic=True) == [("_", ACCELERATOR), ("pg_dump", IDENTIFIER)]
    assert found("LR_E nhúng trái-sang-phải", mnemonic=True) == [("_", ACCELERATOR)]
    assert found("run pg_dump or file_name", mnemonic=True) == [("pg_dump", IDENTIFIER), ("file_name", IDENTIFIER)]


@pytest.mark.parametrize("text", ["Со_здать", "Để ngu_yên", "Sé_lection", "Output t_ray:", "Page or_dering:"])
def test_a_known_mnemonic_takes_a_lone_word_with_one_underscore(text) -> None:
    assert [k for _, k in found(text, mnemonic=True)] == [ACCELERATOR]
    assert "_" not in strip_accelerators(text, mnemonic=True)[0]


def test_a_known_mnemonic_leaves_metavariables_and_code_alone() -> None:
    assert found("dùng <tên_tệp>", mnemonic=True) == []
    assert found("a_b c_d", mnemonic=True) == [("a_b", IDENTIFIER), ("c_d", IDENTIFIER)]  # two: neither


@pytest.mark.parametrize("source, target, source_accel, target_accel", [
    ("C_reate", "Со_здать", "_", "_"),
    ("_Reverse", "Để ngu_yên", "_", "_"),
    ("Output t_ray:", "出力先のトレイ(_R):", "_", "(_R)"),
    ("Find and _Replace", "Tìm và tha_y thế", "_", "_"),
    ("schema_name", "имя_схемы", None, None),
    ("Run pg_dump", "Chạy pg_dump", None, None),
])
def test_masked_pair_reads_each_side_knowing_the_other(source, target, source_accel, target_accel) -> None:
    a, b = masked_pair(source, target)
    def accel(text, spans):
        hits = [text[s.start:s.end] for s in spans if s.kind == ACCELERATOR]
        return hits[0] if hits else None
    assert (accel(source, a), accel(target, b)) == (source_accel, target_accel)


def test_accelerator_characters_are_chosen_by_the_caller() -> None:
    assert found("&Open _File", accelerators="_") == [("_", ACCELERATOR)]
    assert found("&Open _File", accelerators="&") == [("&", ACCELERATOR)]
    assert found("&Open _File", accelerators="") == []


@table(
    ("Don't stop, it's l'éditeur d'images.", []),
    ("Thủ tướng Phạm Minh Chính gặp đại diện UNODC tại Hà Nội.", []),
    ("音量を調整します", []),
    ("ความโปร่งแสงของสี", []),
    ("Hello, world! (really?) «oui» — “yes”; 'no'.", []),
    ("5 đẩy mạnh: 83,5 triệu AUD.", []),
)
def test_prose_is_never_masked(text, expected) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("word, kind", [
    ("pg_dump", "identifier"), ("MAX_SIZE", "identifier"), ("Scroll_Lock", "identifier"),
    ("snake_case_name", "identifier"), ("name_", "prose"), ("_word_", "prose"), ("_File", "accelerator"),
    ("Se_lection", "accelerator"), ("T_rang", "accelerator"), ("KP_Right", "identifier"),
    ("tên_tệp", "prose"), ("Tậ_p", "accelerator"), ("Со_здать", "prose"), ("Đố_i", "accelerator"),
    ("TẬP_TIN", "prose"), ("ИМЯ_ФАЙЛА", "prose"), ("lần_chuyển_giao_nền", "prose"), ("___", "prose"),
])
def test_underscore_words(word, kind) -> None:
    assert underscore_word(word) == kind


def test_nfd_text_masks_like_nfc() -> None:
    import unicodedata
    for text in ("<tên_tệp> và thư _mục %s", "Tậ_p tin", "Thủ tướng", "TẬP_TIN"):
        nfd = unicodedata.normalize("NFD", text)
        kinds = [s.kind for s in masked_spans(nfd)]
        assert kinds == [s.kind for s in masked_spans(text)], text


def test_mask_keeps_length_and_offsets() -> None:
    text = "Copy %s to <b>/tmp/x</b> with --force"
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked == "Copy " + " " * 2 + " to " + " " * len("<b>/tmp/x</b>") + " with " + " " * len("--force")
    assert masked.index("with") == text.index("with")


def test_mask_takes_precomputed_spans() -> None:
    assert mask("abc", spans=[Span(1, 2, PRINTF)]) == "a c"


@pytest.mark.parametrize("text, stripped, originals", [
    ("thư _mục", "thư mục", [0, 1, 2, 3, 5, 6, 7, 8]),
    ("T_rang", "Trang", [0, 2, 3, 4, 5, 6]),
    ("ヘルプ(_H)", "ヘルプ", [0, 1, 2, 7]),
    ("&Open file", "Open file", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ("no marker", "no marker", list(range(10))),
])
def test_strip_accelerators_with_offset_map(text, stripped, originals) -> None:
    new, offsets = strip_accelerators(text)
    assert new == stripped
    assert list(offsets) == originals
    assert offsets[-1] == len(text)
    for i, ch in enumerate(new):
        assert text[offsets[i]] == ch


def test_original_span_points_into_the_original_text() -> None:
    text = "Mở thư _mục"
    new, offsets = strip_accelerators(text)
    start = new.index("thư mục")
    a, b = original_span(offsets, start, start + len("thư mục"))
    assert text[a:b] == "thư _mục"
    a, b = original_span(offsets, new.index("mục"), len(new))
    assert text[a:b] == "mục"


def test_prose_strips_accelerators_and_masks_the_rest() -> None:
    text = "Save _As %s"
    view, offsets = prose(text)
    assert view == "Save As   "
    assert len(offsets) == len(view) + 1
    a, b = original_span(offsets, 5, 7)
    assert text[a:b] == "As"
    view, _ = prose("T_rang %d", fill="#")
    assert view == "Trang ##"


def test_placeholders_are_what_source_and_translation_share() -> None:
    assert placeholders("Copy %1$s to {dest} as $USER") == ["%1$s", "{dest}", "$USER"]
    assert placeholders("Sao chép %1$s tới {dest}") == ["%1$s", "{dest}"]
    assert placeholders("_File", kinds=frozenset({ACCELERATOR})) == []  # accelerators are not placeholders


def test_repeated_calls_are_deterministic() -> None:
    text = "Run `apt-get --fix-broken install` in /var/lib/dpkg, see %s <b>now</b>"
    assert masked_spans(text) == masked_spans(text) == masked_spans(str(text))
