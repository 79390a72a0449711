"""What a rendering span may be in the target text: whole words, by the script.

In a language written with spaces a span of whole tokens is already whole words. In one
written without them (ja, zh, th) the aligner and the character n-gram statistics see
characters, so a span can cut a word (``ィレ`` of ``ディレクトリ``) or run across a
particle into the predicate (``エラーが発``, ``アクセスが拒否``). ``settle`` takes such a
span to whole words as far as the script shows them:

- a katakana or Latin run it cuts is taken whole (``ファイル``, not ``ァイ``);
- hiragana at its edges (particles, endings: ``の設定``, ``削除し``) is left out, and a span
  of hiragana alone is no rendering (``た``, ``の``: grammar, not a term);
- a particle inside (``が``, ``を``, ``の``...) ends one word and starts another: the span is
  cut there and its longest piece kept (the noun before the particle on a tie: a Japanese
  term is mostly the noun, the verb after it the predicate);
- a span across a placeholder, quote or clause mark is not one rendering.
"""
from __future__ import annotations

import re

# a rendering is words only: letters, marks, digits, spaces, hyphens, apostrophes
WORDS_ONLY = re.compile(r"[^\W_](?:[\w\s'’-]*[^\W_])?")
# case and topic particles, conjunctive particles: a word boundary wherever they stand alone
# between words (okurigana such as り in 取り除 or し in 正しく are no particles)
PARTICLES = frozenset("がをのはにでとへもや")


def run_class(ch: str) -> str | None:
    """The runs a span written without spaces must not cut: katakana words, Latin words."""
    if "\u30a0" <= ch <= "\u30ff" or ch == "\uff70":
        return "katakana"
    if ch.isascii() and ch.isalnum():
        return "latin"
    return None


def hiragana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u309f"


def whole_runs(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the katakana or Latin runs it cuts, hiragana trimmed off its edges
    unless that is all it holds."""
    while start > 0 and run_class(text[start]) is not None and run_class(text[start - 1]) == run_class(text[start]):
        start -= 1
    while end < len(text) and run_class(text[end - 1]) is not None and run_class(text[end]) == run_class(text[end - 1]):
        end += 1
    if not all(hiragana(c) for c in text[start:end]):
        while start < end and hiragana(text[start]):
            start += 1
        while end > start and hiragana(text[end - 1]):
            end -= 1
    return start, end


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at every hiragana particle standing alone between other characters."""
    pieces, begin, i = [], start, start
    while i < end:
        if hiragana(text[i]):
            j = i
            while j < end and hiragana(text[j]):
                j += 1
            if all(c in PARTICLES for c in text[i:j]) and j - i <= 2 and i > start and j < end:
                pieces.append((begin, i))
                begin = j
            i = j
        else:
            i += 1
    pieces.append((begin, end))
    return [p for p in pieces if p[1] > p[0]]


def settle(text: str, start: int, end: int, *, spaced: bool) -> tuple[int, int] | None:
    """The span of ``text[start:end]`` as whole words (module doc), or None when it is no rendering."""
    if not spaced:
        start, end = whole_runs(text, start, end)
        if start >= end or all(hiragana(c) for c in text[start:end]):
            return None
        pieces = _pieces(text, start, end)
        if len(pieces) > 1:
            start, end = max(pieces, key=lambda p: (p[1] - p[0], -p[0]))
            start, end = whole_runs(text, start, end)
    if start >= end or not WORDS_ONLY.fullmatch(text[start:end]):
        return None
    return start, end


def latin_only(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)
