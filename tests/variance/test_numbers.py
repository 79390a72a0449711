"""Figures and currencies read with each language's CLDR number format, and compared."""
from __future__ import annotations

from decimal import Decimal

import pytest

from glossary.text.numbers import compare_figures, reader

# (language, text, [(kind, value or (year, month, day), currency)])
READS = [
    ("vi", "83,5 triệu AUD", [("number", Decimal("83500000"), "AUD")]),
    ("en", "AUD 83.5 million", [("number", Decimal("83500000"), "AUD")]),
    ("en", "$83.5 million", [("number", Decimal("83500000"), "USD")]),  # CLDR: "$" is USD in English
    ("vi", "hơn 1.000 đại biểu", [("number", Decimal("1000"), None)]),
    ("en", "over 1,000 delegates", [("number", Decimal("1000"), None)]),
    ("en", "1,000.25", [("number", Decimal("1000.25"), None)]),
    ("vi", "1.000,25", [("number", Decimal("1000.25"), None)]),
    ("vi", "tỷ lệ 2.5 lần", [("number", Decimal("2.5"), None)]),  # the other convention, when only it fits
    ("vi", "5 nghìn tỷ đồng", [("number", Decimal("5000000000000"), "VND")]),
    ("vi", "tăng 50%", [("percent", Decimal("50"), None)]),
    ("en", "up 50 percent", [("percent", Decimal("50"), None)]),
    ("en", "ranking 16th globally", [("number", Decimal("16"), None)]),
    ("vi", "Chiều 25/10", [("date", (None, 10, 25), None)]),  # d/M in Vietnamese (CLDR short date)
    ("en", "On 10/25", [("date", (None, 10, 25), None)]),  # M/d in English
    ("en", "on the afternoon of October 25, 2025", [("date", (2025, 10, 25), None)]),
    ("en", "on 25 October", [("date", (None, 10, 25), None)]),
    ("vi", "ngày 25 tháng 10", [("date", (None, 10, 25), None)]),
    ("en", "a 24/7 network", [("date", (None, 7, 24), None)]),  # read the only way it makes a date
    ("en", "all 18 countries", [("number", Decimal("18"), None)]),  # "all" is not the lek (ALL)
    ("en", "the G20 summit", []),  # a figure inside a name is not a figure
    ("en", "Deputy Prime Minister", []),
]


@pytest.mark.parametrize("lang, text, expected", READS)
def test_figures_read_with_cldr_symbols(lang: str, text: str, expected: list) -> None:
    found = [(f.kind, f.date if f.kind == "date" else f.value, f.currency) for f in reader(lang).figures(text)]
    assert found == expected


# (source vi, target en, expected [(issue kind, source figure, target figure)])
COMPARES = [
    ("83,5 triệu AUD", "AUD 83.5 million", []),
    ("83,5 triệu AUD", "$83.5 million", [("currency-lost", "83,5 triệu AUD", "$83.5 million")]),
    ("83,5 triệu AUD", "83.5 million", [("currency-lost", "83,5 triệu AUD", "83.5 million")]),
    ("hơn 1.000 đại biểu", "over 1,000 delegates", []),
    ("hơn 1.000 đại biểu", "over 1.000 delegates", [("missing", "1.000", None)]),  # 1.000 is one in English
    ("65 quốc gia", "69 countries", [("changed", "65", "69")]),
    ("65 quốc gia", "2025 countries", [("missing", "65", None)]),  # not about the same size: not "changed"
    ("18 quốc gia và 110 đoàn", "18 countries", [("missing", "110", None)]),
    ("tinh thần \"5 đẩy mạnh\"", "five key actions", []),  # written out in the target
    ("Chiều 25/10", "On the afternoon of October 25", []),
    ("Ngày thứ Bảy (25/10)", "on Saturday", [("missing", "25/10", None)]),
    ("Thứ nhất, đẩy mạnh", "1. Strengthen", []),  # target-only figures are not findings
]


@pytest.mark.parametrize("source, target, expected", COMPARES)
def test_compare_source_and_target_figures(source: str, target: str, expected: list) -> None:
    vi, en = reader("vi"), reader("en")
    issues = compare_figures(vi.figures(source), en.figures(target), target_words=en.number_words(target))
    assert [(i.kind, i.source.text, i.target.text if i.target else None) for i in issues] == expected
