"""What in a text is not prose: placeholders, markup, accelerators and code-like tokens.

Software strings (gettext catalogues, TMX from a localisation tool) carry things a term
check or a term miner must not read as words: ``%s``, ``{name}``, ``<b>``, the ``_`` of a
GTK mnemonic, ``--file``, ``/etc/apt``. The conventions are those of Translate Toolkit's
pofilter checks (``printf``, ``variables``, ``xmltags``, ``accelerators``) and Okapi's
inline codes. ``masked_spans`` finds them; ``mask`` blanks them with spaces (same length,
so offsets into the text stay valid); ``strip_accelerators`` removes mnemonic markers
(``thư _mục`` reads ``thư mục``) with a map back to the original offsets; ``prose`` does
both, which is what a word tokeniser wants.

Rules, in the order they are applied. Each span has a *kind*; spans never overlap.

Phase 1, placeholders and markup (on the text as given; where two overlap the one that
starts first wins, then the longer):

- ``url``: a scheme and ``://`` (``https://x.org/a?b=1&c=2``), ``www.`` or ``mailto:``,
  up to a space, quote or angle bracket; trailing ``.,;:!?`` and an unbalanced ``)`` are
  not part of it.
- ``email``: ``user@example.com``, ``L10n@OpenTLE.org`` (a dotted domain with a letter TLD).
- ``printf``: ``%%``; C and POSIX ``%s %d %5.2f %-10s %.250s %*d %lu %zu %lld %I64d %'d``;
  positional ``%1$s``; Python ``%(name)s``; strftime-style ``%Y %_d %-m``; boost ``%1%``;
  ``%<PRIu64>``; binutils/Linux ``%pB``, ``%pA``; Ruby ``%{name}``; Qt ``%1`` .. ``%99``
  and ``%L1``. As pofilter's
  printf check, any ASCII letter (or ``@``) ends a directive. Not: ``50 %`` / ``83,5%``
  (no conversion letter), ``50% discount`` (a space is never a flag), a percent sign
  right after a figure and before a word of two or more letters (``50%off``, ``100%ig``),
  and a directive followed by a lower-case non-ASCII Latin letter (``%Dùng``: "Use%"
  translated; ``%sĐược`` is a directive).
- ``variable``: ``{0}``, ``{}``, ``{name}``, ``{obj.attr}``, ``{0:.2f}``, ``{name!r}``;
  ``{{x}}`` / ``{{ user.name }}`` and ``{% tag %}`` (templates); ``${var}``,
  ``${var:-x}``; ``$(cmd)``, ``$((1+2))``; ``$FILE``, ``$HOME``, ``$var``; autoconf
  ``@PACKAGE@``. Not: ``{a, b}`` (spaces: prose braces), ``$5`` / ``$83.5`` (currency,
  which the figure checks need), ICU ``{count, plural, ...}`` (its branches are prose);
  names outside ASCII (``{tên}``, ``$BIẾN``, ``${BIẾN}``: translated metavariables, prose).
- ``markup``: tags ``<b>``, ``</span>``, ``<br/>``, ``<a href="...">``, ``<!-- ... -->``;
  an ASCII name, attributes only as ``name=value``. Angle-bracket metavariables such as
  ``<commit>`` or ``<file>`` are tag-shaped and masked too; a translated one with a space
  or a non-ASCII letter (``<ghi chú>``) stays prose, as do ``a < b > c`` and ``<%s>``'s
  brackets.
- ``entity``: ``&amp;``, ``&lt;``, ``&#234;``, ``&#x1F;`` (the ``;`` is required).
- ``path``: Windows paths ``C:\\Windows\\x.ini`` (here, before escapes).
- ``escape``: literal ``\\n``, ``\\t``, ``\\r``, ``\\\\``, ``\\"``, ``\\'``, ``\\xHH``, ``\\uHHHH``.

Phase 2, code-like tokens (on a copy where phase-1 placeholders read as letters, so
``%s.txt`` is a file name and ``%s_%s`` an identifier, markup reads as space, and so do
the letters of scripts written without spaces and Hangul, so ``pg_dumpを`` ends where the
Latin letters do; a phase-2 span never covers a phase-1 span, which keeps its own kind).
Code is ASCII: a translated path or option value (``</thư/mục>``, ``--size=CỠ``) is prose.

- ``option``: ``--file``, ``--remove-home``, ``--block-size=SIZE`` (with an ASCII value;
  ``--size=CỠ`` masks ``--size=``);
  ``-r``, ``-BM``, ``-name`` after a space, start, bracket, bar, comma or quote. Not:
  ``e-mail`` (letter before), ``-5`` (a negative figure), ``--`` alone, ``- item``.
- ``path``: absolute ``/etc/apt``, ``/dev/null``; ``~/.config``, ``~user/x``, ``./configure``,
  ``../lib``; dot-files ``.bashrc``, ``.gnu_debuglink`` (lower-case after the dot, so
  ``.NET`` stays); slash-joined words when a part has a ``.`` or ``_``
  (``src/main.c``, ``LC_MESSAGES/x``), or there are two or more slashes between ASCII
  lower-case parts (``usr/share/doc``), or a trailing slash (``debian/``); dotted tokens
  whose last part is a file extension (``file.txt``, ``sources.list``, ``pg_hba.conf``).
  Not: ``TCP/IP``, ``and/or``, ``km/h``, ``Yes/No/Cancel``, ``25/10`` (dates).
- ``identifier``: dotted names (``user.name``, ``push.autoSetupRemote``, ``debian.org``,
  ``Node.js``); ``std::string``; ``foo()``; ASCII words with underscores (``pg_dump``,
  ``MAX_SIZE``, ``Scroll_Lock``, ``__init__``; see ``underscore_word``: the accelerator
  rule decides ``_File``, ``Se_lection``, ``T_rang``); ``camelCase``
  (a lower-case run of two or more letters, then a capitalised hump: ``getValue``,
  ``autoSetupRemote``) and ``UpperCamelCase`` with three or more humps (``GtkTreeView``).
  Not: ``e.g``, ``i.e``, ``U.S``, ``z.B`` (abbreviations: every part at most two letters,
  one of them a single letter); ``done.The`` (a missing space: two parts, the second a
  capitalised word); hyphenated words (``e-mail``, ``well-known``, ``Secretary-General``,
  ``apt-key``: a hyphen alone never makes code, so a program name like ``apt-key`` is a
  term a glossary can list); two-hump names (``JavaScript``, ``PackageKit``,
  ``VeraCrypt``), ``iPhone``, ``eBay``, ``macOS``; ``C++``, ``C#``; ALL-CAPS words
  without an underscore (``PNG``, ``UNODC``, ``FILE`` as a metavariable: acronyms are
  terms); words with underscores outside ASCII that have no lower-case letter or two or
  more underscores (``TẬP_TIN``, ``ИМЯ_ФАЙЛА``, ``lần_chuyển_giao_nền``: translated
  metavariables and joined words; a word tokeniser splits them at the underscores), a run
  of underscores (``____``: a blank to fill in), ``word_`` and ``_word_`` (emphasis).
- ``number``: hex ``0x1F``; colours ``#FFA500``, ``#fff`` (three hex digits only with a
  letter, so ``#123`` stays); hex ids of seven or more digits with a digit and a letter
  (``a6c76c9``); UUIDs; versions ``1.2.3``, ``2.4.1-rc1``, ``v2.0``, ``192.168.0.1``.
  Not: ``83,5``, ``1.000``, ``1,000``, ``3.14`` and ``1.000.000`` (grouped thousands):
  figures are prose for the figure checks.

Phase 3, ``accelerator`` (on what is left; ``accelerators`` names the marker characters,
default ``_&~`` for GTK, Qt/KDE/Windows and LibreOffice):

- a marker before a letter or digit, at the start of a word (``_File``, ``thư _mục``,
  ``&Open``, ``~Save``) or inside one (``Se_lection``, ``T_rang``, ``Op&en``);
- the CJK style, a marker in parentheses after the label: ``ヘルプ(_H)``, ``取消(_C)``,
  ``(&O)``: the whole ``(_H)`` is the accelerator;
- a string has one mnemonic: when a marker character has two or more candidates in one
  text, none of them is an accelerator.
- Not: ``_`` before a word when a later word ends in ``_`` (``(_thời gian_)``: emphasis); an
  inner ``_`` in a text that joins words with underscores elsewhere (``Gợi_ý/Thứ_tự``);
  ``&&`` (a literal ampersand in Qt), ``R&D``, ``AT&T``, ``Q&A``, ``Drag&Drop`` (a
  letter before and a capital after), ``2>&1``, ``[&version]``, ``&amp;`` and a bare
  ``&amp``; ``~/x`` (a path), ``~5`` (approximately), ``~N`` (one letter: a metavariable),
  ``0~x``; a marker right after masked code (``%lld~day``); ``_`` in an identifier
  (phase 2); ``___`` (a blank to fill in).
- A word with one inner underscore (``underscore_word``) is an identifier, not an
  accelerator, when it is ASCII and lower case (``pg_dump``, ``file_name``, ``wchar_t``),
  ALL CAPS (``MAX_SIZE``), or two or more characters before a capital (``Scroll_Lock``,
  ``KP_Right``, ``Page_Down``: key names); outside ASCII it is prose when it has no
  lower-case letter (``TẬP_TIN``) or both parts are word-like, two or more letters with a
  vowel (``tên_tệp``, ``имя_схемы``: translated metavariables). Else (``Se_lection``,
  ``Pre_view``, ``T_rang``, ``Tậ_p``, ``Th_oát``) the accelerator rule decides; a word in
  brackets or after ``=`` (``<Tậ_p>``, ``[địa_chỉ...]``) is a metavariable, not a mnemonic.
  A word alone cannot tell ``t_ray`` (GTK's "Output t_ray:"), ``tha_y`` (Vietnamese
  ``thay``), ``Со_здать`` or ``LR_E`` from ``file_name``, ``имя_схемы`` or ``MAX_SIZE``:
  ``mnemonic=True``, for a text whose source or translation has a mnemonic, takes a lone
  such word's ``_`` when nothing else is one, and ``masked_pair`` does that for a pair.

Everything else is prose: words with apostrophes (``don't``, ``l'éditeur``), sentence
punctuation, quotes, Vietnamese and CJK text, figures, ``C++``, ``TCP/IP``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from glossary.text.normalize import fold_diacritics
from glossary.text.scripts import UNSPACED_CLASS, UNSPACED_OR_HANGUL_RE

PRINTF = "printf"
VARIABLE = "variable"
MARKUP = "markup"
ENTITY = "entity"
ESCAPE = "escape"
URL = "url"
EMAIL = "email"
OPTION = "option"
PATH = "path"
IDENTIFIER = "identifier"
NUMBER = "number"
ACCELERATOR = "accelerator"
PROSE = "prose"  # not a span kind: what underscore_word says of joined words

KINDS = (PRINTF, VARIABLE, MARKUP, ENTITY, ESCAPE, URL, EMAIL, OPTION, PATH, IDENTIFIER, NUMBER,
         ACCELERATOR)
PLACEHOLDER_KINDS = frozenset({PRINTF, VARIABLE})
DEFAULT_ACCELERATORS = "_&~"


class Span(NamedTuple):
    """``text[start:end]`` is not prose; ``kind`` says what it is (one of ``KINDS``)."""

    start: int
    end: int
    kind: str


# --- phase 1: placeholders and markup ----------------------------------------------------

_URL_RE = re.compile(rf"(?<![\w.@])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s<>\"'`«»“”‘’{UNSPACED_CLASS}]+")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_PRINTF_RE = re.compile(
    r"""%(?:
        %                                              # %%
      | <PRI[diouxX][A-Z0-9]*>                          # %<PRIu64>
      | \{[A-Za-z_]\w*\}                               # Ruby %{name}
      | \d+%                                           # boost %1%
      | (?:\d+\$|\([\w.-]+\))?                         # %1$s, %(name)s
        [-+\#0'_^]*                                    # flags (never a space)
        (?:\d+|\*(?:\d+\$)?)?                          # width
        (?:\.(?:\d+|\*(?:\d+\$)?))?                    # precision
        (?:hh|ll|I64|I32|[hlLqjzZtI])?                 # length
        (?:p[A-Z][0-9]?|[A-Za-z@])                     # conversion (%pB: binutils, Linux)
      | L?\d{1,2}(?![\d$])                             # Qt %1, %L1
    )""",
    re.VERBOSE,
)
_PERCENT_WORD_RE = re.compile(r"(?<=\d)%[A-Za-z]{2}")  # 50%off, 100%ig: a percent sign, then a word
_VARIABLE_RE = re.compile(
    r"""\{\{[^{}\n]{1,80}\}\}                          # {{x}}, {{ user.name }}
      | \{%[^{}\n]{1,80}%\}                            # {% tag %}
      | \{(?:(?:[A-Za-z_][A-Za-z0-9_]*|\d+)                # {0}, {name}
            (?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z0-9_]+\])*)?  # {obj.attr}, {a[0]}
         (?:![rsa])?(?::[^{}\s]{0,20})?\}                  # {name!r}, {0:.2f}
      | \$\{[A-Za-z_0-9#!@*?][!-z|~]{0,59}\}            # ${var}, ${var:-x} (ASCII)
      | \$\(\([^()\n]{1,80}\)\)                        # $((1+2))
      | \$\([^()\n]{1,80}\)                            # $(cmd)
      | \$[A-Za-z_][A-Za-z0-9_]*(?!\w)                  # $FILE (not $BIẾN: translated)
      | @[A-Za-z_][A-Za-z0-9_]*@                        # @PACKAGE@
    """,
    re.VERBOSE,
)
_TAG_RE = re.compile(
    r"""<!--.*?-->
      | </?[A-Za-z][A-Za-z0-9:._-]*
        (?:\s+[A-Za-z_:][A-Za-z0-9:._-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+))*
        \s*/?>
    """,
    re.VERBOSE | re.DOTALL,
)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_WINPATH_RE = re.compile(r"(?<![\w])[A-Za-z]:\\(?:[^\s\\/:*?\"<>|]+\\?)*")
_ESCAPE_RE = re.compile(r"\\(?:[nrt\\\"']|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4})")
_URL_TRAIL = ".,;:!?'\""

# Characters without which a phase-1 rule cannot match (a cheap test for plain prose).
_PHASE1_TRIGGERS = frozenset("%{$@<&\\:")


def _latin_after(text: str, end: int) -> bool:
    """A lower-case non-ASCII Latin letter right after a directive: "%Dùng" is "%" before a
    word ("Use%" translated), while "%sĐược" is a directive before one."""
    return end < len(text) and not text[end].isascii() and text[end].islower() and \
        unicodedata.name(text[end], "").startswith("LATIN")


def _url_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1] in _URL_TRAIL or
                           (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))):
        end -= 1
    return end


def _phase1(text: str) -> list[Span]:
    if not _PHASE1_TRIGGERS.intersection(text) and "www." not in text:
        return []
    found: list[tuple[int, int, int, str]] = []  # start, -end, priority, kind
    if "://" in text or "www." in text or "mailto:" in text:
        for m in _URL_RE.finditer(text):
            end = _url_end(text, m.start(), m.end())
            if end > m.start() + 4:
                found.append((m.start(), -end, 0, URL))
    if "@" in text:
        found += [(m.start(), -m.end(), 1, EMAIL) for m in _EMAIL_RE.finditer(text)]
    if "%" in text:
        words = {m.start() for m in _PERCENT_WORD_RE.finditer(text)}
        found += [(m.start(), -m.end(), 2, PRINTF) for m in _PRINTF_RE.finditer(text)
                  if m.start() not in words and not _latin_after(text, m.end())]
    if "{" in text or "$" in text or "@" in text:
        found += [(m.start(), -m.end(), 3, VARIABLE) for m in _VARIABLE_RE.finditer(text)]
    if "<" in text:
        found += [(m.start(), -m.end(), 4, MARKUP) for m in _TAG_RE.finditer(text)]
    if "&" in text:
        found += [(m.start(), -m.end(), 5, ENTITY) for m in _ENTITY_RE.finditer(text)]
    if "\\" in text:
        found += [(m.start(), -m.end(), 6, PATH) for m in _WINPATH_RE.finditer(text)]
        found += [(m.start(), -m.end(), 7, ESCAPE) for m in _ESCAPE_RE.finditer(text)]
    return _no_overlaps(found)


def _no_overlaps(found: list[tuple[int, int, int, str]]) -> list[Span]:
    """Leftmost first, then longest, then by rule priority; a span overlapping a kept one goes."""
    out: list[Span] = []
    reach = -1
    for start, neg_end, _priority, kind in sorted(found):
        if start >= reach:
            out.append(Span(start, -neg_end, kind))
            reach = -neg_end
    return out


# --- phase 2: code-like tokens -----------------------------------------------------------

_LONG_OPTION_RE = re.compile(r"(?<![\w-])--[A-Za-z0-9][A-Za-z0-9_-]*(?:=(?P<value>[^\s,;'\"“”«»()\[\]]*))?")
_SHORT_OPTION_RE = re.compile(r"(?<![\w\-./\\])-[A-Za-z][A-Za-z0-9]*(?![\w-])")
_PATH_CHARS = r"[A-Za-z0-9_.~+@%-]"
_ABS_PATH_RE = re.compile(rf"(?<![\w/.~:%-])/(?=[A-Za-z0-9_.~+@-]){_PATH_CHARS}*(?:/{_PATH_CHARS}*)*(?![\w/])")
_HOME_PATH_RE = re.compile(rf"(?<![\w/.~-])(?:~[A-Za-z0-9._-]*|\.\.?)/{_PATH_CHARS}*(?:/{_PATH_CHARS}*)*(?![\w/])")
_DOTFILE_RE = re.compile(r"(?<![\w.@/-])\.[a-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]")
_SLASHED_RE = re.compile(r"(?<![\w/.~@%-])[A-Za-z0-9_.+@-]+(?:/[A-Za-z0-9_.+@-]*)+(?![\w/])")
_DOTTED_RE = re.compile(r"(?<![\w.@/-])[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+(?:\(\))?(?![\w@])")
_SCOPED_RE = re.compile(r"(?<![\w:])[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_~][A-Za-z0-9_]*)+(?:\(\))?(?!\w|::)")
_CALL_RE = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*\(\)")
_MARK_CLASS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"  # as normalize: NFD reads as NFC
_UNDERSCORED_RE = re.compile(rf"(?<![\w{_MARK_CLASS}])[\w{_MARK_CLASS}]*_[\w{_MARK_CLASS}]*")
_ASCII_WORD_RE = re.compile(rf"(?<![\w{_MARK_CLASS}])[A-Za-z][A-Za-z0-9]*(?![\w{_MARK_CLASS}])")
_HEX_RE = re.compile(
    r"""(?<![\w\#])0[xX][0-9A-Fa-f]+(?!\w)
      | (?<![\w&\#])\#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?!\w)
      | (?<![\w-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![\w-])
      | (?<![\w])(?:[0-9a-f]{7,64}|[0-9A-F]{8,64})(?!\w)
    """,
    re.VERBOSE,
)
_VERSION_RE = re.compile(r"(?<![\w.,])(?:v\d+(?:\.\d+)+|\d+(?:\.\d+){2,})"
                         r"(?:[-+~][0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?![\w.]?\w)")
_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PATH_PART_RE = re.compile(r"\.[A-Za-z]|_")
_CAMEL_HUMP_RE = re.compile(r"[A-Z]+[a-z0-9]*")
_LOWER_CAMEL_RE = re.compile(r"[a-z]{2,}[a-z0-9]*(?:[A-Z][a-z0-9]+)+[A-Za-z0-9]*")

# File extensions that make a dotted token a file name rather than an identifier.
FILE_EXTENSIONS = frozenset("""
    txt md rst log conf cfg ini yaml yml json xml html htm css js ts py pyc pl pm rb sh bash zsh
    c h cc cpp hpp cxx java jar class go rs php sql db sqlite mo po pot desktop service socket
    list deb rpm tar gz tgz bz2 xz zst zip 7z iso img bin exe dll so a o lib dylib png jpg jpeg
    gif svg bmp tif tiff ico webp pdf ps eps doc docx odt xls xlsx ods ppt pptx csv tsv tmx tbx
    xlf xliff lock pid tmp bak old orig rej patch diff key pem crt csr asc gpg sig cache env
""".split())

def _classify_dotted(token: str) -> str | None:
    """Kind of a dotted ASCII token, or None when it is prose."""
    parts = token.removesuffix("()").split(".")
    if all(p.isalpha() and len(p) <= 2 for p in parts) and any(len(p) == 1 for p in parts):
        return None  # e.g, i.e, U.S, z.B
    if (len(parts) == 2 and parts[0].isalpha() and len(parts[0]) >= 2 and not parts[0].isupper()
            and len(parts[1]) >= 2 and parts[1][0].isupper() and parts[1][1:].islower() and parts[1].isalpha()):
        return None  # done.The: a missing space after a full stop
    if len(parts) == 2 and parts[0].isalpha() and len(parts[0]) <= 4 and parts[1].isdigit():
        return None  # No.1, Fig.3, Nr.5
    if re.fullmatch(r"v?\d[\d.]*", token):
        return None  # figures (the version rule has its own pattern)
    if parts[-1].lower() in FILE_EXTENSIONS and not token.endswith("()"):
        return PATH
    return IDENTIFIER


def _classify_slashed(token: str) -> str | None:
    parts = token.rstrip("/").split("/")
    if any(_PATH_PART_RE.search(p) for p in parts):
        return PATH  # src/main.c, %s/.config, LC_MESSAGES/x
    if token.endswith("/") and token.isascii() and any(c.isalpha() for c in token):
        return PATH  # debian/
    if len(parts) >= 3 and all(p.isascii() and p.islower() for p in parts):
        return PATH  # usr/share/doc (never 25/10/2025 nor Yes/No/Cancel)
    return None


def underscore_word(word: str) -> str:
    """What a word holding ``_`` is: ``"identifier"``, ``"accelerator"`` (its one ``_`` may be a
    mnemonic: the accelerator rule decides) or ``"prose"`` (joined or translated words, a
    blank to fill in: its underscores are not code)."""
    word = unicodedata.normalize("NFC", word)
    count = word.count("_")
    if not word.strip("_"):
        return PROSE  # ____: a blank
    if not word.isascii():
        # translated metavariables and joined words (TẬP_TIN, ИМЯ_ФАЙЛА, lần_chuyển_giao_nền,
        # имя_схемы) are prose; a mnemonic is _Sắc, or one underscore splitting off a fragment
        # that is no syllable (Tậ_p, Th_oát, Đố_i); Со_здать needs mnemonic=True
        if count > 1 or not any(c.islower() for c in word):
            return PROSE
        if word.startswith("_"):
            return ACCELERATOR
        left, right = word.split("_")
        return PROSE if _syllable(left) and _syllable(right) else ACCELERATOR
    if (count == 1 and word.endswith("_")) or (count == 2 and word[0] == word[-1] == "_"):
        return PROSE  # (_sao lưu_), _word_: emphasis
    if count >= 2:
        return IDENTIFIER  # snake_case_name, __init__, NT_S390_LAST
    if word.startswith("_"):
        return ACCELERATOR  # _File
    left, right = word.split("_")
    if not any(c.islower() for c in word) and any(c.isalpha() for c in word):
        return IDENTIFIER  # MAX_SIZE
    if len(left) >= 2 and right[0].isupper():
        return IDENTIFIER  # Scroll_Lock, KP_Right, Page_Down
    if not any(c.isupper() for c in word):
        return IDENTIFIER  # pg_dump, file_name, wchar_t
    return ACCELERATOR  # Se_lection, T_rang, Pre_view


_VOWELS = frozenset("aeiouyаеёиоуыэюяіїєαεηιουω")


def _syllable(part: str) -> bool:
    """Two or more letters with a vowel: a whole word part, not a fragment like ``p`` or ``Th``."""
    part = part.rstrip("0123456789")  # Chưa_biết2
    return len(part) >= 2 and part.isalpha() and any(c in _VOWELS for c in fold_diacritics(part).lower())


def _one_inner_underscore(word: str) -> bool:
    return word.count("_") == 1 and not word.startswith("_") and not word.endswith("_") \
        and any(c.isalpha() for c in word)


def _camel(token: str) -> bool:
    if _LOWER_CAMEL_RE.fullmatch(token):
        return True
    return token[0].isupper() and len(_CAMEL_HUMP_RE.findall(token)) >= 3 and any(c.islower() for c in token)


def _working_copy(text: str, spans: list[Span]) -> str:
    """The text with placeholders as letters (``x``), the rest of phase 1 as spaces, and the
    letters of scripts without spaces (and Hangul) as spaces too: code is never written in
    them, and ``pg_dumpを`` or ``/etc/aptが`` must end where the Latin letters do."""
    if not text.isascii():
        text = UNSPACED_OR_HANGUL_RE.sub(" ", text)
    if not spans:
        return text
    chars = list(text)
    for start, end, kind in spans:
        fill = "x" if kind in PLACEHOLDER_KINDS else " "
        chars[start:end] = fill * (end - start)
    return "".join(chars)


def _trim_path(work: str, start: int, end: int) -> int:
    while end > start + 1 and work[end - 1] in ".-":
        end -= 1  # a full stop after a path ends the sentence
    return end


def _phase2(work: str, placeholders: list[Span]) -> tuple[list[tuple[int, int, int, str]], list[int], list[int]]:
    """Code-token candidates; the positions of underscores in prose words (no mnemonics); and
    those of words with one inner underscore read as an identifier or prose (``tha_y``,
    ``Со_здать``), which a known mnemonic may turn out to be."""
    found: list[tuple[int, int, int, str]] = []
    prose_underscores: list[int] = []
    weak: list[int] = []
    add = found.append
    if "-" in work:
        for m in _LONG_OPTION_RE.finditer(work):
            value = m.group("value")
            end = m.end() if value is None or value.isascii() else m.start("value")  # --size=CỠ
            add((m.start(), -end, 0, OPTION))
        for m in _SHORT_OPTION_RE.finditer(work):
            add((m.start(), -m.end(), 1, OPTION))
    if "/" in work:
        for m in _ABS_PATH_RE.finditer(work):
            end = _trim_path(work, m.start(), m.end())
            if end - m.start() >= 2:
                add((m.start(), -end, 2, PATH))
        for m in _HOME_PATH_RE.finditer(work):
            add((m.start(), -_trim_path(work, m.start(), m.end()), 2, PATH))
        for m in _SLASHED_RE.finditer(work):
            if _classify_slashed(m.group()):
                add((m.start(), -m.end(), 3, PATH))
    if "." in work:
        for m in _DOTFILE_RE.finditer(work):
            add((m.start(), -m.end(), 4, PATH))
        for m in _VERSION_RE.finditer(work):
            if not _GROUPED_RE.fullmatch(m.group()):
                add((m.start(), -m.end(), 5, NUMBER))
        for m in _DOTTED_RE.finditer(work):
            kind = _classify_dotted(m.group())
            if kind:
                add((m.start(), -m.end(), 6, kind))
    if "::" in work:
        for m in _SCOPED_RE.finditer(work):
            add((m.start(), -m.end(), 6, IDENTIFIER))
    if "()" in work:
        for m in _CALL_RE.finditer(work):
            add((m.start(), -m.end(), 7, IDENTIFIER))
    if "_" in work:
        for m in _UNDERSCORED_RE.finditer(work):
            word = m.group()
            kind = underscore_word(word)
            if kind == IDENTIFIER:
                add((m.start(), -m.end(), 8, IDENTIFIER))
            elif kind == PROSE:
                prose_underscores += [m.start() + i for i, c in enumerate(word) if c == "_"]
            if kind != ACCELERATOR and _one_inner_underscore(unicodedata.normalize("NFC", word)) and (
                    word.isascii() or any(c.islower() for c in word)):
                weak.append(m.start() + word.index("_"))
    for m in _HEX_RE.finditer(work):
        token = m.group()
        if token.startswith("#") and len(token) == 4 and token[1:].isdigit():
            continue  # #123: an issue number, not a colour
        if not token.startswith(("#", "0x", "0X")) and "-" not in token and (
                not any(c.isdigit() for c in token) or not any(c.isalpha() for c in token)):
            continue  # a hex id has digits and letters: deadbeef and 1234567 are words and figures
        add((m.start(), -m.end(), 9, NUMBER))
    starts = {s.start for s in placeholders}
    for m in _ASCII_WORD_RE.finditer(work):
        token = m.group()
        if not token.islower() and not token.isupper() and m.start() not in starts and _camel(token):
            add((m.start(), -m.end(), 10, IDENTIFIER))
    return found, prose_underscores, weak


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    """``spans`` with the characters of ``holes`` taken out (each may split in parts)."""
    if not holes:
        return spans
    out = []
    for start, end, kind in spans:
        cursor = start
        for h_start, h_end, _ in holes:
            if h_end <= cursor or h_start >= end:
                continue
            if h_start > cursor:
                out.append(Span(cursor, h_start, kind))
            cursor = max(cursor, h_end)
        if cursor < end:
            out.append(Span(cursor, end, kind))
    return out


# --- phase 3: accelerators ---------------------------------------------------------------

_CJK_ACCEL_RE = re.compile(r"\(([_&~])[A-Za-z0-9]\)")
_EMPHASIS_END_RE = re.compile(r"[^\W_]_(?![^\W_])")
_BARE_ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp)(?![A-Za-z])")


def _phase3(text: str, covered: list[Span], accelerators: str, blocked: list[int]) -> tuple[list[Span], Counter]:
    """The accelerators, and how many candidates each marker character had."""
    if not accelerators or not any(c in text for c in accelerators):
        return [], Counter()
    taken = bytearray(len(text))
    for start, end, _ in covered:
        taken[start:end] = b"\x01" * (end - start)
    for i in blocked:
        taken[i] = 1
    candidates: dict[str, list[Span]] = {c: [] for c in accelerators}
    for m in _CJK_ACCEL_RE.finditer(text):
        marker = m.group(1)
        if marker in candidates and not any(taken[m.start():m.end()]):
            candidates[marker].append(Span(m.start(), m.end(), ACCELERATOR))
            taken[m.start():m.end()] = b"\x02" * (m.end() - m.start())
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in candidates or taken[i] or i + 1 >= n:
            continue
        nxt, prev = text[i + 1], text[i - 1] if i else ""
        if not (nxt.isalpha() or nxt.isdigit()) or prev == ch:
            continue
        if i and taken[i - 1] == 1:
            continue  # glued to code: %lld~day
        if ch == "_":
            if _metavariable(text, i):
                continue  # <tên_tệp>, [địa_chỉ...], --file=tên_tệp
            inner = bool(prev) and (prev.isalnum() or unicodedata.combining(prev))
            if inner and blocked:
                continue  # the text joins words with underscores (Gợi_ý/Thứ_tự): no mnemonic inside one
            if not inner and _EMPHASIS_END_RE.search(text, i + 1):
                continue  # (_thời gian_): underscores around a phrase are emphasis
        if ch == "~" and (not nxt.isalpha() or not text[i + 2:i + 3].isalpha() or prev.isdigit()):
            continue  # ~5 (approximately), +N or ~N, 0~Signaturen
        if ch == "&":
            if prev and prev in "<>\\[" or prev.isdigit():
                continue  # 2>&1, [&version]
            if prev.isalpha() and nxt.isupper():
                continue  # R&D, AT&T, Q&A, Drag&Drop
            if _BARE_ENTITY_RE.match(text, i):
                continue  # &amp without its semicolon
        candidates[ch].append(Span(i, i + 1, ACCELERATOR))
    return ([spans[0] for spans in candidates.values() if len(spans) == 1],
            Counter({c: len(spans) for c, spans in candidates.items()}))


def _metavariable(text: str, i: int) -> bool:
    """The word holding ``text[i]`` stands in brackets or after ``=``: a metavariable."""
    start, end = i, i + 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_" or unicodedata.combining(text[start - 1])):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_" or unicodedata.combining(text[end])):
        end += 1
    return (start > 0 and text[start - 1] in "<[{=") or (end < len(text) and text[end] in ">]}…") \
        or text.startswith("...", end)


# --- the API -------------------------------------------------------------------------------

@lru_cache(maxsize=20_000)
def _spans(text: str, accelerators: str, mnemonic: bool) -> tuple[Span, ...]:
    first = _phase1(text)
    work = _working_copy(text, first)
    candidates, prose_underscores, weak = _phase2(work, [s for s in first if s.kind in PLACEHOLDER_KINDS])
    second = _subtract(_no_overlaps(candidates), first)
    covered = sorted(first + second)
    third, counts = _phase3(text, covered, accelerators, prose_underscores)
    if mnemonic and not third and "_" in accelerators and not counts["_"]:
        # the text is known to carry a mnemonic and none was found: the underscore of a lone
        # word with one inner underscore is it ("tha_y" in "Tìm và tha_y thế", "LR_E",
        # "Со_здать"), unless the word is a metavariable (<tên_tệp>) or inside other code
        weak = [i for i in weak if not _metavariable(text, i)
                and not any(s.start <= i < s.end and s.kind != IDENTIFIER for s in covered)]
        if len(weak) == 1:
            [at] = weak
            covered = [s for s in covered if not (s.kind == IDENTIFIER and s.start <= at < s.end)]
            third = [Span(at, at + 1, ACCELERATOR)]
    return tuple(sorted(covered + third))


def masked_spans(text: str, *, accelerators: str = DEFAULT_ACCELERATORS, mnemonic: bool = False) -> list[Span]:
    """Every span of ``text`` that is not prose, in order, none overlapping (rules: module doc).

    ``accelerators`` names the mnemonic marker characters to look for ("" for none).
    ``mnemonic=True`` says the text is known to carry one (its source does, as pofilter's
    accelerator check assumes): when no accelerator was found otherwise, the underscore of a
    lone word with one inner underscore (``tha_y``, ``LR_E``, ``Со_здать``) is taken for it.
    ``masked_pair`` sets it from the other side of a source/translation pair.
    """
    return list(_spans(text, accelerators, mnemonic))


def mask(text: str, *, accelerators: str = DEFAULT_ACCELERATORS, mnemonic: bool = False,
         spans: list[Span] | None = None) -> str:
    """``text`` with every masked character replaced by a space: same length, same offsets.

    A mid-word accelerator becomes a space too (``T_rang`` -> ``T rang``); use ``prose`` to
    remove markers instead.
    """
    spans = masked_spans(text, accelerators=accelerators, mnemonic=mnemonic) if spans is None else spans
    if not spans:
        return text
    parts, cursor = [], 0
    for start, end, _ in spans:
        parts.append(text[cursor:start])
        parts.append(" " * (end - start))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


Offsets = tuple[int, ...]


def _rebuild(text: str, spans: list[Span], fill: str | None) -> tuple[str, Offsets]:
    """Remove accelerator spans, replace the others with ``fill`` (or keep them if None)."""
    out: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for start, end, kind in spans:
        out.append(text[cursor:start])
        offsets.extend(range(cursor, start))
        if kind != ACCELERATOR:
            out.append(text[start:end] if fill is None else fill * (end - start))
            offsets.extend(range(start, end))
        cursor = end
    out.append(text[cursor:])
    offsets.extend(range(cursor, len(text)))
    offsets.append(len(text))
    return "".join(out), tuple(offsets)


def strip_accelerators(text: str, *, accelerators: str = DEFAULT_ACCELERATORS,
                       mnemonic: bool = False) -> tuple[str, Offsets]:
    """Remove mnemonic markers: ``("thư _mục")`` -> ``("thư mục", offsets)``.

    ``offsets[i]`` is the index in ``text`` of character ``i`` of the result, and
    ``offsets[len(result)] == len(text)``; ``original_span`` maps a span back.
    A CJK-style accelerator goes whole: ``ヘルプ(_H)`` -> ``ヘルプ``.
    """
    spans = [s for s in masked_spans(text, accelerators=accelerators, mnemonic=mnemonic) if s.kind == ACCELERATOR]
    return _rebuild(text, spans, None)


def prose(text: str, *, accelerators: str = DEFAULT_ACCELERATORS, mnemonic: bool = False,
          fill: str = " ") -> tuple[str, Offsets]:
    """Accelerators removed and everything else masked with ``fill``, with the offset map of
    ``strip_accelerators``: ``"Save _As %s"`` -> ``("Save As   ", offsets)``."""
    return _rebuild(text, masked_spans(text, accelerators=accelerators, mnemonic=mnemonic), fill)


def original_span(offsets: Offsets, start: int, end: int) -> tuple[int, int]:
    """Where ``result[start:end]`` of ``strip_accelerators``/``prose`` lies in the original text
    (an accelerator inside the span is inside the original span too)."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


def masked_pair(source: str, target: str, *,
                accelerators: str = DEFAULT_ACCELERATORS) -> tuple[list[Span], list[Span]]:
    """``masked_spans`` of a source and its translation, each read knowing the other: when
    one side has an accelerator and the other none, the other is read with ``mnemonic=True``
    ("Output t_ray:" / "出力先のトレイ(_R):", "C_reate" / "Со_здать")."""
    a = masked_spans(source, accelerators=accelerators)
    b = masked_spans(target, accelerators=accelerators)
    has_a, has_b = (any(s.kind == ACCELERATOR for s in spans) for spans in (a, b))
    if has_a and not has_b:
        b = masked_spans(target, accelerators=accelerators, mnemonic=True)
    elif has_b and not has_a:
        a = masked_spans(source, accelerators=accelerators, mnemonic=True)
    return a, b


def placeholders(text: str, *, kinds: frozenset[str] = PLACEHOLDER_KINDS) -> list[str]:
    """The placeholders of ``text`` as written, in order (printf and variables by default):
    what a source and its translation must share."""
    return [text[s.start:s.end] for s in masked_spans(text, accelerators="") if s.kind in kinds]
