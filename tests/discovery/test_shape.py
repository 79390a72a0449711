"""Rendering spans as whole words, per script (discovery.shape) and per language (Vietnamese edges)."""
from __future__ import annotations

import pytest

from glossary.discovery.align import trim_edge_syllables
from glossary.discovery.shape import settle
from glossary.text.normalize import tokenize


@pytest.mark.parametrize(("text", "piece", "expected"), [
    ("ルートディレクトリの指定が必要です", "ィレ", "ルートディレクトリ"),  # a katakana run is not cut
    ("ファイルへの書き込みでエラーが発生しました", "エラーが発", "エラー"),  # cut at the particle
    ("集約 %s へのアクセスが拒否されました", "セスが拒否", "アクセス"),  # longest piece: the noun
    ("一覧を表示", "一覧を表示", "一覧"),  # a tie goes to the noun before the particle
    ("取り除く", "取り除", "取り除"),  # okurigana is no particle
])
def test_a_span_without_spaces_is_settled_to_whole_words(text: str, piece: str, expected: str) -> None:
    start = text.index(piece)
    span = settle(text, start, start + len(piece), spaced=False)
    assert span is not None and text[span[0]:span[1]] == expected


@pytest.mark.parametrize(("text", "piece"), [
    ("削除しました", "した"),  # grammar alone
    ("“%s” を開く", "%s"),  # a placeholder
])
def test_grammar_or_code_alone_is_no_rendering(text: str, piece: str) -> None:
    start = text.index(piece)
    assert settle(text, start, start + len(piece), spaced=False) is None


def test_in_a_spaced_language_a_span_across_a_placeholder_is_no_rendering() -> None:
    text = "mở tập tin %s ngay"
    assert settle(text, 3, 10, spaced=True) == (3, 10)
    assert settle(text, 3, 13, spaced=True) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("của thiết bị", "thiết bị"),
    ("đang đặt", "đặt"),
    ("gặp lỗi khi", "lỗi"),
    ("trình phục vụ đã", "trình phục vụ"),
    ("cho phép", "cho phép"),  # cho opens a word
    ("hiện tại", "hiện tại"),  # tại closes one
    ("không hợp lệ", "không hợp lệ"),
    ("người dùng", "người dùng"),
    ("của", "của"),  # never trimmed to nothing
])
def test_vietnamese_grammar_syllables_at_the_edges_of_an_aligned_span_go(text: str, expected: str) -> None:
    tokens = tokenize(text)
    low, high = trim_edge_syllables(tokens, 0, len(tokens))
    assert text[tokens[low].start:tokens[high - 1].end] == expected
