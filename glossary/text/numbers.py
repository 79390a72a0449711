"""Figures and currencies in a text, read with the language's own number format.

Each language's decimal and grouping symbols, scale words (thousand/million,
nghìn/triệu/tỷ), month names, date order and currency symbols come from CLDR
through Babel, so "83,5 triệu" (Vietnamese) and "83.5 million" (English) both
read 83,500,000 and "1.000" / "1,000" both read 1000. Slash dates follow the
language's short date pattern (d/M in Vietnamese, M/d in English) and compare
with written dates ("25/10" = "October 25").

``compare_figures`` lines up the source figures with the target's and says what
did not survive: a figure missing, a figure changed (65 -> 69), a currency lost
("83,5 triệu AUD" -> "$83.5 million").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.dates import get_date_format, get_month_names
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol, list_currencies

from glossary.model.langtags import base_language
from glossary.text.normalize import tokenize

# Words CLDR does not list: percent words, bare currency words, spelled-out small
# numbers (used only to accept "five" for a source "5", never to read the source).
_PERCENT_WORDS = {"en": ("percent", "per cent"), "vi": ("phần trăm",), "fr": ("pour cent",), "de": ("Prozent",)}
_CURRENCY_WORDS = {
    "en": {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pounds": "GBP", "yen": "JPY"},
    "vi": {"đồng": "VND", "đô la": "USD", "đô": "USD", "euro": "EUR", "yên": "JPY"},
}
_NUMBER_WORDS = {
    "en": {w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split())}
    | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
       "hundred": 100, "thousand": 1000, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
       "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10},
    "vi": {w: i for i, w in enumerate("không một hai ba bốn năm sáu bảy tám chín mười".split())},
}
_ORDINAL_SUFFIX = {"en": r"(?:st|nd|rd|th)\b"}
# A changed figure is paired only with one of about the same size (65 -> 69, not 110 -> 2025).
CHANGED_RATIO = Decimal(2)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure as written: ``text[start:end]``, its value, currency and kind."""

    kind: str  # "number", "percent" or "date"
    value: Decimal | None  # numbers and percents, scale applied
    text: str
    start: int
    end: int
    currency: str | None = None  # ISO 4217 code, read with the language's CLDR symbols ("$" is USD in English)
    currency_text: str | None = None  # as written: "$", "AUD", "đồng"
    date: tuple[int | None, int, int] | None = None  # (year, month, day)

    def same(self, other: "Figure") -> bool:
        if self.kind == "date" or other.kind == "date":
            if self.kind != other.kind or self.date is None or other.date is None:
                return False
            (ya, ma, da), (yb, mb, db) = self.date, other.date
            return ma == mb and da == db and (ya is None or yb is None or ya == yb)
        return self.kind == other.kind and self.value == other.value

    def near(self, other: "Figure") -> bool:
        """About the same size and kind: a plausible changed figure."""
        if self.kind != other.kind:
            return False
        if self.kind == "date":
            return True
        if not self.value or not other.value:
            return False
        ratio = abs(self.value / other.value)
        return 1 / CHANGED_RATIO <= ratio <= CHANGED_RATIO


@dataclass(frozen=True, slots=True)
class FigureIssue:
    kind: str  # "missing", "changed" or "currency-lost"
    source: Figure
    target: Figure | None = None


def _is_money(code: str) -> bool:
    """ISO 4217 X-codes are metals, funds and test codes (XAU "Gold"), except the shared currencies."""
    return not code.startswith("X") or code in ("XAF", "XOF", "XCD", "XPF")


def _alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first, each in its NFC and its NFD form: a text
    saved decomposed ("triệu" as e + two combining marks) names the same scale or currency."""
    forms = {form for w in words if w for form in (w, unicodedata.normalize("NFD", w))}
    unique = sorted(forms, key=len, reverse=True)
    return "|".join(re.escape(w) for w in unique)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class NumberReader:
    """Reads figures of one language (CLDR data via Babel)."""

    def __init__(self, lang: str) -> None:
        self.lang = base_language(lang)
        locale = Locale.parse(self.lang)
        self.decimal = get_decimal_symbol(locale)
        self.group = get_group_symbol(locale)
        try:
            self.percent = locale.number_symbols["latn"]["percentSign"]
        except (KeyError, TypeError):
            self.percent = "%"
        self.scales = self._scales(locale)
        self.currencies, self.currency_names = self._currency_marks(locale)
        self.words = _NUMBER_WORDS.get(self.lang, {})
        pattern = get_date_format("short", locale=locale).pattern
        self.day_first = pattern.find("d") < pattern.find("M")
        months: dict[str, int] = {}
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                for form in (name, name.rstrip("."), name[:1].upper() + name[1:]):
                    months.setdefault(form, number)
        if self.lang == "en":
            months.setdefault("Sept", 9)
        self.months = months
        self._build_patterns()

    # -- CLDR tables --------------------------------------------------------------------
    @staticmethod
    def _scales(locale: Locale) -> dict[str, Decimal]:
        """Scale words from the CLDR long compact formats: "0 million" -> million = 10**6."""
        scales: dict[str, Decimal] = {}
        for forms in (locale.compact_decimal_formats.get("long") or {}).values():
            for magnitude, pattern in forms.items():
                text = getattr(pattern, "pattern", str(pattern))
                zeros = text.count("0")
                word = text.replace("0", "").strip().strip("'")
                if word and zeros:
                    scales.setdefault(word, Decimal(magnitude) / Decimal(10) ** (zeros - 1))
        return scales

    def _currency_marks(self, locale: Locale) -> tuple[dict[str, str], dict[str, str]]:
        """What names a currency here: CLDR symbols (this language first, then English) and ISO codes,
        matched as written; and names (lower case)."""
        codes = [c for c in sorted(list_currencies()) if _is_money(c)]
        marks: dict[str, str] = {code: code for code in codes}
        for source in (locale, Locale.parse("en")):  # this language's symbols win ("$" is USD in English)
            for code in codes:
                symbol = get_currency_symbol(code, locale=source)
                if symbol and symbol != code:
                    marks.setdefault(symbol, code)
        names: dict[str, str] = {}
        for code, name in locale.currencies.items():
            if _is_money(code):
                names.setdefault(name.lower(), code)
        for word, code in _CURRENCY_WORDS.get(self.lang, {}).items():
            names.setdefault(word, code)
        return marks, names

    def _build_patterns(self) -> None:
        seps = re.escape(self.group + self.decimal) + ".,"
        if self.group.isspace():
            seps += "\u00a0\u202f"
        suffix = _ORDINAL_SUFFIX.get(self.lang, "")
        self._number = re.compile(rf"(?<![\w.,])\d+(?:[{seps}]\d+)*(?:{suffix})?(?![\d\w])" if suffix
                                  else rf"(?<![\w.,])\d+(?:[{seps}]\d+)*(?!\d)")
        self._slash_date = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
        months = _alternation(list(self.months))
        day = r"(\d{1,2})(?:st|nd|rd|th)?"
        self._month_day = re.compile(rf"(?<!\w)({months})\.?\s+{day}(?:,?\s+(\d{{4}}))?(?!\d)")
        self._day_month = re.compile(rf"(?<!\d){day}\s+(?:of\s+)?({months})(?![\w])(?:,?\s+(\d{{4}}))?")
        scales = _alternation(list(self.scales))
        self._scale = re.compile(rf"\s?({scales})(?!\w)", re.IGNORECASE) if scales else None
        percent_words = _alternation([self.percent, "%", *_PERCENT_WORDS.get(self.lang, ())])
        self._percent = re.compile(rf"\s?({percent_words})(?!\w)", re.IGNORECASE)
        # codes and symbols are matched as written (ALL is a currency, "all" is not); names in any case
        marks = f"{_alternation(list(self.currencies))}|(?i:{_alternation(list(self.currency_names))})"
        self._currency_after = re.compile(rf"\s?({marks})(?!\w)")
        self._currency_before = re.compile(rf"(?<![\w$])({marks})\s?$")

    # -- reading ------------------------------------------------------------------------
    def value(self, raw: str) -> Decimal | None:
        """The value of one written number: this language's grouping and decimal symbols first,
        then the other convention (a Vietnamese text may quote "2.5" the English way)."""
        digits = re.sub(r"(st|nd|rd|th)$", "", raw)
        seps = [ch for ch in digits if not ch.isdigit()]
        parts = re.split(r"\D", digits)
        if not seps:
            return Decimal(digits)
        readings = [(self.group, self.decimal)]
        if {self.group, self.decimal} <= {".", ","}:
            readings.append((self.decimal, self.group))
        else:
            readings.append((",", "."))
        for group, decimal in readings:
            if all(s == group for s in seps) and all(len(p) == 3 for p in parts[1:]):
                return Decimal("".join(parts))
            if seps[-1] == decimal and all(s == group for s in seps[:-1]) and all(len(p) == 3 for p in parts[1:-1]):
                try:
                    return Decimal("".join(parts[:-1]) + "." + parts[-1])
                except InvalidOperation:
                    return None
        return None

    def _currency_code(self, mark: str) -> str | None:
        mark = _nfc(mark)
        return self.currencies.get(mark) or self.currency_names.get(mark.lower())

    def figures(self, text: str) -> list[Figure]:
        """Every figure in ``text``, in order: dates, percents and numbers with scale and currency."""
        found: list[Figure] = []
        masked = list(text)

        def mask(start: int, end: int) -> None:
            masked[start:end] = " " * (end - start)

        for pattern, order in ((self._month_day, "md"), (self._day_month, "dm")):
            for m in pattern.finditer(text):
                if order == "md":
                    name = _nfc(m.group(1))
                    month, day, year = self.months.get(name) or self.months.get(name.rstrip(".")), m.group(2), m.group(3)
                else:
                    day, month, year = m.group(1), self.months.get(_nfc(m.group(2))), m.group(3)
                if month and 1 <= int(day) <= 31 and "".join(masked[m.start():m.end()]).strip():
                    found.append(Figure("date", None, m.group(), m.start(), m.end(),
                                        date=(int(year) if year else None, month, int(day))))
                    mask(m.start(), m.end())
        for m in self._slash_date.finditer("".join(masked)):
            a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
            day, month = (a, b) if self.day_first else (b, a)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                day, month = month, day  # the other order, when only it makes a date (24/7 in English)
            if 1 <= month <= 12 and 1 <= day <= 31:
                full = int(year) + (2000 if len(year) == 2 else 0) if year else None
                found.append(Figure("date", None, m.group(), m.start(), m.end(), date=(full, month, day)))
                mask(m.start(), m.end())
        plain = "".join(masked)
        for m in self._number.finditer(plain):
            value = self.value(m.group())
            if value is None:
                continue
            start, end = m.start(), m.end()
            kind = "number"
            scale = self._scale.match(text, end) if self._scale else None
            if scale:
                value *= self._scale_value(scale.group(1))
                end = scale.end()
            percent = self._percent.match(text, end)
            if percent:
                kind, end = "percent", percent.end()
            currency_text = None
            after = self._currency_after.match(text, end)
            before = self._currency_before.search(text, max(0, start - 12), start)
            if after and self._currency_code(after.group(1)):
                currency_text, end = after.group(1), after.end()
            elif before and self._currency_code(before.group(1)):
                currency_text, start = before.group(1), before.start()
            code = self._currency_code(currency_text) if currency_text else None
            found.append(Figure(kind, value, text[start:end], start, end, code, currency_text))
        return sorted(found, key=lambda f: f.start)

    def _scale_value(self, word: str) -> Decimal:
        word = _nfc(word).lower()
        for name, value in self.scales.items():
            if _nfc(name).lower() == word:
                return value
        return Decimal(1)

    def number_words(self, text: str) -> list[Decimal]:
        """Small numbers written out ("five key actions"): accepted for a source "5"."""
        if not self.words:
            return []
        return [Decimal(self.words[t.text.lower()]) for t in tokenize(text) if t.text.lower() in self.words]


@lru_cache(maxsize=64)
def reader(lang: str) -> NumberReader:
    return NumberReader(lang)


def compare_figures(source: list[Figure], target: list[Figure], *, target_words: list[Decimal] = ()) -> list[FigureIssue]:
    """What the target did with each source figure: kept (no issue), lost its currency, changed, or dropped."""
    remaining = list(target)
    words = list(target_words)
    issues: list[FigureIssue] = []
    pending: list[Figure] = []
    for fig in source:
        match = next((t for t in remaining if fig.same(t)), None)
        if match is None:
            pending.append(fig)
            continue
        remaining.remove(match)
        if fig.currency and match.currency != fig.currency:
            issues.append(FigureIssue("currency-lost", fig, match))
    for fig in pending:
        if fig.kind == "number" and fig.currency is None and fig.value in words:
            words.remove(fig.value)
            continue
        near = next((t for t in remaining if fig.near(t) and bool(t.currency) == bool(fig.currency)), None)
        if near is not None:
            remaining.remove(near)
            issues.append(FigureIssue("changed", fig, near))
        else:
            issues.append(FigureIssue("missing", fig))
    return sorted(issues, key=lambda i: i.source.start)
