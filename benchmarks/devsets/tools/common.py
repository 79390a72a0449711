"""Shared helpers for building the hand-labelled discovery dev sets (see ../README.md).

Reading: polib over /usr/share/locale/<lang>/LC_MESSAGES/*.mo, iso_* catalogues left out,
symlinks resolved and read once; obsolete entries, untranslated entries (empty msgstr) left
out (a .mo holds no fuzzy entries: msgfmt drops them); plural entries give (msgid, msgstr[0])
and (msgid_plural, msgstr[1]) when msgstr[1] exists.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import polib

LOCALE = Path("/usr/share/locale")
HERE = Path(__file__).resolve().parent
DEVSETS = HERE.parent
WORK = HERE / "work"  # intermediate files (pairs, proposals); rebuilt by extract.py

PAIRS = {"en-vi": "vi", "en-ja": "ja", "en-de": "de"}


def catalogue_paths(lang: str) -> list[Path]:
    out = []
    for p in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.mo")):
        if p.name.startswith("iso_") or p.is_symlink():
            continue
        out.append(p)
    return out


def read_pairs(path: Path) -> list[tuple[str, str]]:
    mo = polib.mofile(str(path))
    pairs = []
    for e in mo:
        if e.obsolete or not e.msgid:
            continue
        if e.msgid_plural:
            s0 = e.msgstr_plural.get(0, "")
            s1 = e.msgstr_plural.get(1, "")
            if s0:
                pairs.append((e.msgid, s0))
            if s1:
                pairs.append((e.msgid_plural, s1))
        elif e.msgstr:
            pairs.append((e.msgid, e.msgstr))
    return pairs


def pair_id(msgid: str, msgstr: str) -> str:
    return hashlib.sha1((msgid + "\x04" + msgstr).encode("utf-8")).hexdigest()[:10]


# --- the English side, cleaned for matching (the stored msgid stays as written) -------------
_PRINTF = re.compile(r"%(?:\d+\$)?[-+ 0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?"
                     r"[diouxXeEfFgGaAcCsSpnm%]|%<\w+>|%\(\w+\)[sdrfx]")
_BRACES = re.compile(r"\$\{[^}]*\}|\{[\w.:!#]*\}|\$[A-Za-z_]\w*")
_TAGS = re.compile(r"</?[A-Za-z][^<>]*>")
_OPTIONS = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:=\S*)?")
_ACCEL_US = re.compile(r"(?<![\w])_(?=\w)")
_ACCEL_AMP = re.compile(r"&(?![A-Za-z]+;|#\d+;)(?=\w)")


def clean_english(text: str) -> str:
    """Accelerators (_File, &File), printf/brace/dollar placeholders, markup and --options removed."""
    t = _ACCEL_US.sub("", text)
    t = _ACCEL_AMP.sub("", t)
    t = _PRINTF.sub(" ", t)
    t = _BRACES.sub(" ", t)
    t = _TAGS.sub(" ", t)
    t = _OPTIONS.sub(" ", t)
    return t


def term_regex(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    body = r"[\s-]+".join(words) if len(words) > 1 else words[0]
    # whole word: no letter/digit either side, not part of an identifier (user.name, path/to, key=)
    return re.compile(r"(?<![\w./=])" + body + r"(?![\w]|\.\w|/\w|=)", re.IGNORECASE)


def term_occurrences(term: str, cleaned: str) -> list[re.Match]:
    """Occurrences of ``term`` as a whole word; ALL-CAPS occurrences of a lower-case term are metavariables
    (FILE, DIRECTORY, KEY) and are left out, unless followed by ':' or '!' (a shouted label: WARNING:)."""
    out = []
    for m in term_regex(term).finditer(cleaned):
        s = m.group(0)
        if term.islower() and len(s) >= 2 and s.isupper():
            after = cleaned[m.end():m.end() + 1]
            if after not in (":", "!"):
                continue
        out.append(m)
    return out


def package_of(path: Path) -> tuple[str, str]:
    out = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True, check=False).stdout.strip()
    pkg = out.split(":", 1)[0].strip() if out else "?"
    ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True, check=False).stdout.strip()
    return pkg, ver


def load_jsonl(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
