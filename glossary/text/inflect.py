"""Regular inflections of a glossary term, so "international organizations" finds
"international organization" and "preventing and combating cybercrime" finds
"prevent and combat cybercrime".

English only, and only the regular rules: the plural of a noun term's last word
(-s, -es, -ies) and the forms of a verb term's first word (-s, -ed, -ing, with
y -> i and a dropped final e), and of a verb coordinated with it by "and"/"or".
Acronyms, figures and words in capitals are left alone. Other languages get no
forms (Vietnamese does not inflect); a term written in an inflected form in the
glossary is matched as written.
"""
from __future__ import annotations

from glossary.model import PartOfSpeech, Term
from glossary.text.normalize import tokenize

_VOWELS = set("aeiou")
_COORDINATORS = {"and", "or"}


def _plural(word: str) -> list[str]:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return [word[:-1] + "ies"]
    return [word + "s"]


def _verb_forms(word: str) -> list[str]:
    forms = _plural(word)  # third person: signs, ratifies, pushes
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms += [word[:-1] + "ied", word + "ing"]
    else:
        forms += [word + "ed", word + "ing"]
    return forms


def _inflectable(word: str) -> bool:
    return word.isalpha() and word.islower() and len(word) > 2


def inflections(term: Term, lang: str) -> list[str]:
    """Other written forms of ``term`` (not the term itself); empty where there are none."""
    if lang.split("-")[0] != "en":
        return []
    tokens = tokenize(term.text)
    if not tokens:
        return []
    text = term.text
    out: list[str] = []
    if term.pos is PartOfSpeech.VERB:
        # the first word, and the third when the second coordinates it: "prevent and combat"
        heads = [0, 2] if len(tokens) > 2 and tokens[1].text.lower() in _COORDINATORS else [0]
        heads = [tokens[i] for i in heads if _inflectable(tokens[i].text)]
        if heads:
            forms = [_verb_forms(token.text) for token in heads]
            for n in range(len(forms[0])):
                chars = list(text)
                for token, token_forms in zip(reversed(heads), reversed(forms)):
                    chars[token.start:token.end] = token_forms[n]
                out.append("".join(chars))
    elif term.pos in (None, PartOfSpeech.NOUN):
        last = tokens[-1]
        if _inflectable(last.text) or (last.text[:1].isupper() and last.text[1:].islower() and last.text.isalpha()):
            out += [text[:last.start] + form + text[last.end:] for form in _plural(last.text)]
    return [form for form in out if form != text]
