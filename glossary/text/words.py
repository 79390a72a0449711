"""Words per language, for alignment and term mining.

``words(text, lang)`` gives word tokens with character offsets into ``text``
(``glossary.text.normalize.Token``), built on ``normalize.tokenize`` so a word here is a
token there:

- **Languages written with spaces** (en, de, fr, ru, ...): the tokens of
  ``normalize.tokenize`` (letters and digits with their combining marks; hyphens,
  apostrophes and underscores separate). A combining mark outside the Latin ranges that
  ``tokenize`` knows (Devanagari, Thai and other vowel signs) stays with its letter here.
- **Vietnamese**: the tokens are syllables (``tập``, ``tin``); multi-syllable words are
  found later, by alignment or by ``learn_compounds`` (below).
- **Scripts written without spaces** (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan,
  Yi; ``glossary.text.scripts``): one token per character, a character with the
  combining marks that follow it (Thai ``ร่``, NFD kana ``が``). Latin words and digit runs
  inside such text stay whole (``HTML``, ``16``, Thai digits ``๒๕``). This goes by the
  script of each character, whatever the language; the language adds that in ja, zh, th,
  lo, km, my and bo (``langtags.UNSPACED_LANGUAGES``) every letter outside the Latin,
  Greek, Cyrillic, Armenian and Hangul alphabets is split too.
- ``prose_only=True`` reads the text as ``glossary.text.mask.prose`` shows it: no
  placeholder, markup or code token is a word, accelerators are removed (``T_rang`` is the
  word ``Trang``, its offsets those of ``T_rang`` in the original; a leading marker stays
  outside: ``_sheet`` gives ``sheet`` at the offsets of ``sheet``).

``learn_compounds(texts)`` finds likely multi-syllable Vietnamese words in a corpus by the
association of adjacent syllables: every 2- to ``max_len``-gram of syllables adjacent in
the text (one space, no-break space or line break between them; no punctuation, tab,
digit or masked code) that occurs at least ``min_count`` times (in distinct texts by
default), whose weakest binary split still has a Dice coefficient of at least
``min_dice`` and a log-likelihood G² of at least ``min_g2`` (10.83: p < 0.001 with one
degree of freedom). A shorter n-gram with at least ``subsumed`` (90%) of its occurrences
inside one kept longer n-gram is dropped (``lần chuyển`` inside ``lần chuyển giao``;
``hợp lệ``, 82% inside ``không hợp lệ``, stays). The defaults (3, 0.2, 10.83, 4
syllables) were set on Debian's Vietnamese catalogues (35,359 translations, 453
compounds in 2.5 s): function-word pairs score far below 0.2 (``của các`` 0.04, ``là
một`` 0.15), words such as ``người dùng`` (0.29) and ``văn bản`` (0.23) above it.
Deterministic: the result depends only on the set of distinct texts, ordered by count,
then Dice, then key.

``word_key(word, lang)`` is a grouping key for the forms of one word, case-folded (the
caller keeps and shows the original):

- Vietnamese: ``normalize.token_key`` (case and tone-mark placement: ``Hòa`` = ``hoà``);
- unspaced scripts: NFKC and case folding (half-width katakana = full-width);
- English: a light inflectional key (plural and third person -s/-es/-ies, -ed/-ied, -ing,
  final -e, doubled consonants), the forms ``glossary.text.inflect`` generates:
  ``organizations`` = ``organization`` but not ``organ``;
- the Snowball languages (de, fr, es, it, pt, nl, ru, pl, sv, da, nb, fi, ...): the
  Snowball stem (``snowballstemmer``, BSD-3, when it is installed), a stem shorter than
  three letters replaced by the word; without it, a small per-language suffix-stripping
  key (``light_key``); ``stemmer_name(lang)`` says which one is in use (a report states it);
- anything else, any word that is not all letters and any word in capitals (``AIDS``,
  ``PIM``): case folding only.
"""
from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, NamedTuple

from glossary.model.langtags import UNSPACED_LANGUAGES, base_language
from glossary.text.mask import original_span, prose
from glossary.text.normalize import Token, fold_diacritics, token_key, tokenize
from glossary.text.scripts import UNSPACED_RE, is_mark

try:  # optional: declared by the project when it is wanted (see the module doc)
    import snowballstemmer as _snowball
except ImportError:  # pragma: no cover - depends on the environment
    _snowball = None

__all__ = ["Compound", "learn_compounds", "light_key", "merge_compounds", "stemmer_name",
           "word_key", "words"]

_MASKED = "\ufffc"  # what masked code reads as inside learn_compounds: never a word, never a space
_GAPS = frozenset(" \n\u00a0")  # what may stand between two syllables of one word (a wrapped line too)


# --- segmentation ------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _base(lang: str | None) -> str | None:
    return base_language(lang) if lang else None


def _alphabetic(ch: str) -> bool:
    """Letters of the spaced alphabets: Latin, Greek, Cyrillic, Armenian, Hangul, full-width Latin."""
    o = ord(ch)
    return (o < 0x0590 or 0x1E00 <= o <= 0x1FFF or 0x1100 <= o <= 0x11FF or 0xAC00 <= o <= 0xD7AF
            or 0x3130 <= o <= 0x318F or 0xFF10 <= o <= 0xFF5A or 0x2C60 <= o <= 0x2C7F or 0xA720 <= o <= 0xA7FF)


def _split_char(ch: str, unspaced_lang: bool) -> bool:
    if ch.isdigit() or is_mark(ch):
        return False
    if UNSPACED_RE.match(ch):
        return True
    return unspaced_lang and ch.isalpha() and not _alphabetic(ch)


def _with_marks(text: str, tokens: list[Token]) -> list[Token]:
    """Combining marks that ``tokenize`` leaves out (outside the Latin ranges) go back to
    the letter before them; tokens that only marks separate are one token."""
    out: list[Token] = []
    n = len(text)
    for tok in tokens:
        start, end = tok.start, tok.end
        while end < n and is_mark(text[end]):
            end += 1
        if out and out[-1].end == start:  # only marks stood between them
            start = out.pop().start
        out.append(Token(text[start:end], start, end))
    return out


def _segment(text: str, unspaced_lang: bool) -> list[Token]:
    tokens = tokenize(text)
    if text.isascii():
        return tokens
    tokens = _with_marks(text, tokens)
    if not unspaced_lang and not UNSPACED_RE.search(text):
        return tokens
    out: list[Token] = []
    for tok in tokens:
        word, base = tok.text, tok.start
        if not any(_split_char(c, unspaced_lang) for c in word):
            out.append(tok)
            continue
        i, n = 0, len(word)
        while i < n:
            j = i + 1
            if _split_char(word[i], unspaced_lang):
                while j < n and is_mark(word[j]):
                    j += 1  # a character with its marks
            else:
                while j < n and not _split_char(word[j], unspaced_lang):
                    j += 1  # a Latin word, a digit run
            out.append(Token(word[i:j], base + i, base + j))
            i = j
    return out


def words(text: str, lang: str | None = None, *, prose_only: bool = False, mnemonic: bool = False) -> list[Token]:
    """Word tokens of ``text`` with offsets into ``text`` (rules: module doc).

    ``lang`` is a BCP-47 tag (``vi``, ``ja-JP``, ``zh_CN``) or None (script rules only).
    With ``prose_only`` masked code is no word and accelerators are removed: a token's
    text is then the word as read (``Trang``), its offsets those in ``text`` (``T_rang``);
    ``mnemonic`` as in ``mask.masked_spans`` (the text is known to carry an accelerator).
    """
    unspaced_lang = _base(lang) in UNSPACED_LANGUAGES
    if not prose_only:
        return _segment(text, unspaced_lang)
    view, offsets = prose(text, mnemonic=mnemonic)
    out = []
    for tok in _segment(view, unspaced_lang):
        start, end = original_span(offsets, tok.start, tok.end)
        out.append(Token(tok.text, start, end))
    return out


# --- Vietnamese compounds ----------------------------------------------------------------

class Compound(NamedTuple):
    """A likely multi-syllable word: its syllable keys, most frequent written form, how often
    it occurs, and the association of its weakest split (Dice, log-likelihood G²)."""

    key: tuple[str, ...]
    text: str
    count: int
    dice: float
    g2: float


def _runs(text: str, lang: str) -> list[list[Token]]:
    """Runs of syllables adjacent in ``text``: one space, no-break space or line break between
    them, nothing masked, no punctuation, no digits."""
    view, offsets = prose(text, fill=_MASKED)
    runs: list[list[Token]] = []
    run: list[Token] = []
    previous_end = None
    for tok in _segment(view, _base(lang) in UNSPACED_LANGUAGES):
        if not all(c.isalpha() or is_mark(c) for c in tok.text):
            if run:
                runs.append(run)
            run, previous_end = [], None
            continue
        if previous_end is not None and not (tok.start - previous_end == 1 and view[previous_end] in _GAPS):
            runs.append(run)
            run = []
        run.append(tok)
        previous_end = tok.end
    if run:
        runs.append(run)
    return [r for r in runs if r]


def _g2(k11: int, left: int, right: int, total: int) -> float:
    """Dunning's log-likelihood of a 2x2 table: the pair ``k11`` times, its parts ``left`` and
    ``right`` times, in ``total`` positions."""
    k12, k21 = max(left - k11, 0), max(right - k11, 0)
    k22 = max(total - k11 - k12 - k21, 0)
    rows, cols = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    g = 0.0
    for k, r, c in ((k11, rows[0], cols[0]), (k12, rows[0], cols[1]), (k21, rows[1], cols[0]), (k22, rows[1], cols[1])):
        if k > 0 and r > 0 and c > 0:
            g += k * math.log(k * total / (r * c))
    return 2.0 * g


def learn_compounds(texts: Iterable[str], lang: str = "vi", *, min_count: int = 3, min_dice: float = 0.2,
                    min_g2: float = 10.83, max_len: int = 4, subsumed: float = 0.9,
                    distinct: bool = True) -> list[Compound]:
    """Likely multi-syllable words of a corpus, by association of adjacent syllables (module doc)."""
    if max_len < 2:
        return []
    counts: Counter[tuple[str, ...]] = Counter()
    forms: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    total = 0
    seen: set[str] = set()
    for text in texts:
        if distinct:
            if text in seen:
                continue
            seen.add(text)
        for run in _runs(text, lang):
            keys = [token_key(t.text) for t in run]
            total += len(keys)
            for n in range(1, max_len + 1):
                for i in range(len(keys) - n + 1):
                    gram = tuple(keys[i:i + n])
                    counts[gram] += 1
                    if n > 1:
                        forms[gram][unicodedata.normalize("NFC", " ".join(t.text for t in run[i:i + n]))] += 1
    kept: list[Compound] = []
    for gram, count in counts.items():
        if len(gram) < 2 or count < min_count:
            continue
        dice = g2 = math.inf
        for cut in range(1, len(gram)):
            left, right = counts[gram[:cut]], counts[gram[cut:]]
            dice = min(dice, 2.0 * count / (left + right))
            g2 = min(g2, _g2(count, left, right, total))
        if dice >= min_dice and g2 >= min_g2:
            text = min(forms[gram].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            kept.append(Compound(gram, text, count, round(dice, 6), round(g2, 6)))
    longest: dict[tuple[str, ...], int] = {}  # n-gram -> count of the most frequent kept n-gram holding it
    for c in kept:
        n = len(c.key)
        for size in range(2, n):
            for i in range(n - size + 1):
                part = c.key[i:i + size]
                longest[part] = max(longest.get(part, 0), c.count)
    kept = [c for c in kept if longest.get(c.key, 0) < subsumed * c.count]
    kept.sort(key=lambda c: (-c.count, -c.dice, c.key))
    return kept


def merge_compounds(tokens: list[Token], compounds: Iterable[Compound | tuple[str, ...]], text: str) -> list[Token]:
    """Join runs of ``tokens`` (syllables of ``text``, one space or line break apart) that
    form a known compound, longest first; a joined token's text is its syllables joined by
    one space, its offsets from the first syllable's start to the last one's end."""
    lexicon = {c.key if isinstance(c, Compound) else tuple(c) for c in compounds}
    if not lexicon:
        return list(tokens)
    longest = max(len(k) for k in lexicon)
    keys = [token_key(t.text) for t in tokens]
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        joined = 1
        for n in range(min(longest, len(tokens) - i), 1, -1):
            if tuple(keys[i:i + n]) in lexicon and all(
                    tokens[j + 1].start - tokens[j].end == 1 and text[tokens[j].end] in _GAPS
                    for j in range(i, i + n - 1)):
                joined = n
                break
        if joined == 1:
            out.append(tokens[i])
        else:
            group = tokens[i:i + joined]
            out.append(Token(" ".join(t.text for t in group), group[0].start, group[-1].end))
        i += joined
    return out


# --- grouping keys -----------------------------------------------------------------------

SNOWBALL_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "nn": "norwegian", "no": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
MIN_STEM = 3

# The fallback without Snowball: inflectional endings, longest first; one is removed when
# at least MIN_STEM letters remain. A pair (ending, replacement) rewrites instead.
_LIGHT_ENDINGS: dict[str, tuple[str | tuple[str, str], ...]] = {
    "de": (("nissen", "nis"), ("nisse", "nis"), ("nis", "nis"), "ern", "em", "en", "er", "es", "e", "s", "n"),
    "nl": ("heden", "en", "s", "e"),
    "fr": (("eaux", "eau"), ("aux", "al"), "es", "s", "x", "e"),
    "es": ("es", "os", "as", "s", "a", "o", "e"),
    "pt": (("oes", "a"), ("aes", "a"), ("ao", "a"), "es", "os", "as", "s", "a", "o", "e"),  # on folded forms
    "it": ("i", "e", "a", "o"),
    "ca": ("es", "os", "s", "a", "o", "e"),
    "ro": ("ilor", "elor", "ul", "ului", "le", "lor", "i", "e", "a"),
    "sv": ("erna", "arna", "orna", "ens", "ets", "en", "et", "er", "ar", "or", "na", "a", "e", "s"),
    "da": ("erne", "ene", "ers", "en", "er", "et", "e", "s"),
    "nb": ("ene", "ers", "en", "er", "et", "a", "e", "s"),
    "ru": ("иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ых", "их", "ой", "ей", "ий",
           "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов",
           "ев", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й"),
    "uk": ("ями", "ами", "ого", "ому", "ими", "их", "ій", "ий", "ої", "ою", "ом", "ам", "ах", "ів", "а",
           "я", "о", "е", "и", "і", "у", "ю", "ь", "й"),
    "pl": ("ami", "ach", "ów", "om", "em", "ie", "ia", "y", "i", "a", "ę", "ą", "o", "e", "u"),
    "cs": ("ami", "ech", "ů", "ům", "em", "ie", "y", "i", "a", "e", "u", "o"),
}
_LIGHT_ENDINGS["nn"] = _LIGHT_ENDINGS["no"] = _LIGHT_ENDINGS["nb"]
_LIGHT_FOLD = frozenset({"es", "pt", "it", "ca"})  # accents move between forms: opción / opciones


@lru_cache(maxsize=64)
def _stemmer(algorithm: str):
    return _snowball.stemmer(algorithm)


def _snowball_algorithm(base: str) -> str | None:
    if _snowball is None:
        return None
    algorithm = SNOWBALL_LANGUAGES.get(base)
    return algorithm if algorithm in _snowball_algorithms() else None


@lru_cache(maxsize=1)
def _snowball_algorithms() -> frozenset[str]:
    return frozenset(_snowball.algorithms()) if _snowball is not None else frozenset()


def stemmer_name(lang: str) -> str:
    """Which key ``word_key`` uses for ``lang``: ``snowball-<version>:<algorithm>``, ``light:<lang>``,
    ``english-light``, ``vietnamese``, ``characters`` or ``casefold``."""
    base = _base(lang)
    if base == "vi":
        return "vietnamese"
    if base in UNSPACED_LANGUAGES:
        return "characters"
    if base == "en":
        return "english-light"
    algorithm = _snowball_algorithm(base)
    if algorithm:
        version = getattr(_snowball, "__version__", None) or _snowball_version()
        return f"snowball-{version}:{algorithm}"
    return f"light:{base}" if base in _LIGHT_ENDINGS else "casefold"


@lru_cache(maxsize=1)
def _snowball_version() -> str:
    try:
        from importlib.metadata import version
        return version("snowballstemmer")
    except Exception:  # pragma: no cover - metadata missing
        return "unknown"


def light_key(word: str, lang: str) -> str:
    """The fallback key: one inflectional ending removed (``_LIGHT_ENDINGS``), at least
    ``MIN_STEM`` letters left; case-folded, and accent-folded in es, pt, it and ca."""
    base = _base(lang)
    w = word.casefold()
    if base in _LIGHT_FOLD:
        w = fold_diacritics(w)
    for ending in _LIGHT_ENDINGS.get(base, ()):
        ending, replacement = ending if isinstance(ending, tuple) else (ending, "")
        if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
            return w[: len(w) - len(ending)] + replacement
    return w


_EN_VOWELS = frozenset("aeiouy")


def _english_key(w: str) -> str:
    """Porter's step 1 in short: signs/signed/signing -> sign, ratifies/ratified/ratifying ->
    ratify, pushes -> push, stopped -> stop, caches/cache -> cach; organizations -> organization."""
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    stripped = False
    for suffix in ("ied", "ying", "ed", "ing"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)] + ("y" if suffix in ("ied", "ying") else "")
            if len(stem) >= MIN_STEM and any(c in _EN_VOWELS for c in stem[:-1] or stem):
                w, stripped = stem, True
            break
    if stripped and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouylsz":
        w = w[:-1]  # stopped -> stop (installed keeps its ll)
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@lru_cache(maxsize=100_000)
def word_key(word: str, lang: str) -> str:
    """Grouping key of one word form in ``lang`` (rules: module doc); the caller keeps the form."""
    base = _base(lang)
    w = unicodedata.normalize("NFC", word)
    if base == "vi":
        return token_key(w)
    if base in UNSPACED_LANGUAGES:
        return unicodedata.normalize("NFKC", w).casefold()
    folded = w.casefold()
    if not folded.isalpha() or (w.isupper() and len(w) > 1):
        return folded  # figures, codes, acronyms (AIDS is not aid)
    if base == "en":
        return _english_key(folded)
    algorithm = _snowball_algorithm(base)
    if algorithm:
        stem = _stemmer(algorithm).stemWord(folded)
        return stem if len(stem) >= MIN_STEM or len(stem) >= len(folded) else folded
    return light_key(folded, base)
