"""Language facts discovery needs: function words, syllabic scripts, inflection, span keys.

Function words keep n-grams such as "của các" or "of the" out of the candidates. The
built-in lists cover the languages the project is used with; for any other language the
function words are learnt from the corpus (the most widespread tokens), so discovery
still works for a pair given only by its tags.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable

from glossary.model.langtags import base_language
from glossary.text.classify import (
    neutral_spelling,  # the lead's US/UK rewrite rules; one table, shared
)
from glossary.text.normalize import token_key, tokenize

_BUILTIN_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        a an the and or but nor of to in on at by for from with without into onto over under about
        as than then that this these those there here it its it's they them their he him his she her
        we us our you your i me my is are was were be been being am do does did done have has had
        having will would shall should can could may might must not no so such very also too just
        only more most much many some any each every all both either neither other another own same
        which who whom whose what when where why how while after before during since until up down
        out off again further once if because through between among against per via upon said says
        well s t
    """.split()),
    "vi": frozenset("""
        của và các những được là có cho với trong về đã này một đó thì mà để khi từ tại trên dưới
        như nhưng hay hoặc cũng đang sẽ vẫn còn rằng do bởi vì nên nếu theo qua ra vào lên đến tới
        cùng giữa nhiều mọi mỗi ở thế nào gì ai đây kia ấy lại rất chỉ không chưa đều hơn nhất
        bị việc sự cái chiếc người ông bà anh chị họ chúng ta tôi mình nó
    """.split()),
}

# Languages whose tokens are syllables, not words: a single token is rarely a term there.
SYLLABIC_LANGUAGES = frozenset({"vi"})

# Share of passages above which a token counts as a function word when no list is built in.
LEARNT_STOPWORD_SHARE = 0.08
LEARNT_STOPWORD_MIN_PASSAGES = 200  # below this a frequency list is noise; use none


def builtin_stopwords(lang: str) -> frozenset[str] | None:
    return _BUILTIN_STOPWORDS.get(base_language(lang))


def learn_stopwords(token_passages: Counter, passages: int) -> frozenset[str]:
    """Tokens found in more than LEARNT_STOPWORD_SHARE of the passages (for unknown languages)."""
    if passages < LEARNT_STOPWORD_MIN_PASSAGES:
        return frozenset()
    limit = passages * LEARNT_STOPWORD_SHARE
    return frozenset(tok for tok, n in token_passages.items() if n > limit)


def stopwords_for(lang: str, token_passages: Counter | None = None, passages: int = 0) -> frozenset[str]:
    """Keys (``token_key``) of the function words of ``lang``: built in, else learnt."""
    builtin = builtin_stopwords(lang)
    if builtin is not None:
        return frozenset(token_key(w) for w in builtin)
    return learn_stopwords(token_passages or Counter(), passages)


def is_syllabic(lang: str) -> bool:
    return base_language(lang) in SYLLABIC_LANGUAGES


# --- inflection ---------------------------------------------------------------------
# "country"/"countries" or "program"/"programs" are grammar, not a terminology choice.
# Only English has rules here; other languages keep their forms apart.
_EN_SIBILANTS = ("ss", "sh", "ch", "x", "z")


@lru_cache(maxsize=100_000)
def deinflect_token(token: str, lang: str) -> str:
    """Singular form of an English noun token (case kept); other languages unchanged."""
    if base_language(lang) != "en" or len(token) < 4 or token.isupper():
        return token
    lower = token.lower()
    if lower.endswith(("'s", "’s")):
        return token[:-2]
    if lower.endswith("ies") and len(token) > 4:
        return token[:-3] + ("Y" if token[-3].isupper() else "y")
    if lower.endswith("es") and lower[:-2].endswith(_EN_SIBILANTS):
        return token[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def deinflect(text: str, lang: str) -> str:
    """The text with each token deinflected, everything else kept."""
    if base_language(lang) != "en":
        return text
    out, pos = [], 0
    for tok in tokenize(text):
        out.append(text[pos:tok.start])
        out.append(deinflect_token(tok.text, lang))
        pos = tok.end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=200_000)
def coarse_token_key(token: str, lang: str) -> str:
    """A key under which spelling variants of one word meet.

    Case, tone placement, inflection and US/UK spelling are dropped, so
    "Programme"/"programs"/"Program" count as one rendering for the statistics; their
    surface forms are compared later. Diacritics are dropped too ("Phạm"/"Pham"),
    except in a syllabic script, where they tell words apart (tội "crime", tôi "I").
    """
    key = token_key(deinflect_token(token, lang), fold=not is_syllabic(lang))
    if base_language(lang) == "en":
        key = neutral_spelling(key)
    return key


def coarse_key(tokens: Iterable[str], lang: str) -> str:
    return " ".join(coarse_token_key(t, lang) for t in tokens)


def coarse_text_key(text: str, lang: str) -> str:
    return coarse_key((t.text for t in tokenize(text)), lang)
