"""Scripts written without spaces between words, and the characters that go with them.

``UNSPACED_CLASS`` is the body of a regular-expression character class of the letters of
those scripts (Han, kana, Bopomofo, Yi, Thai, Lao, Khmer, Myanmar, Tibetan), plus CJK
and full-width punctuation. Hangul is listed apart (``HANGUL_CLASS``): Korean puts spaces
between words, but attaches particles to a preceding code token (``pg_dump를``), so code
detection treats Hangul as a boundary while word splitting keeps Hangul words whole.
"""
from __future__ import annotations

import re
import unicodedata

UNSPACED_CLASS = (
    "\u0e00-\u0eff"      # Thai, Lao
    "\u0f00-\u0fff"      # Tibetan
    "\u1000-\u109f"      # Myanmar
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer
    "\u2e80-\u2fdf"      # CJK radicals, Kangxi radicals
    "\u3000-\u303f"      # CJK symbols and punctuation (、。「」々〆〇)
    "\u3040-\u30ff"      # Hiragana, Katakana
    "\u3100-\u312f\u31a0-\u31bf"  # Bopomofo
    "\u31f0-\u31ff"      # Katakana phonetic extensions
    "\u3400-\u4dbf"      # CJK extension A
    "\u4e00-\u9fff"      # CJK unified ideographs
    "\ua000-\ua4cf"      # Yi
    "\ua9e0-\ua9ff\uaa60-\uaa7f"  # Myanmar extensions
    "\uf900-\ufaff"      # CJK compatibility ideographs
    "\ufe30-\ufe4f"      # CJK compatibility forms
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation
    "\uff66-\uff9f"      # half-width katakana
    "\U00020000-\U0003ffff"  # CJK extensions B-H
)
HANGUL_CLASS = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"

UNSPACED_RE = re.compile(f"[{UNSPACED_CLASS}]")
UNSPACED_OR_HANGUL_RE = re.compile(f"[{UNSPACED_CLASS}{HANGUL_CLASS}]")


def has_unspaced(text: str) -> bool:
    """True when ``text`` holds a character of a script written without spaces."""
    return not text.isascii() and UNSPACED_RE.search(text) is not None


def is_mark(ch: str) -> bool:
    """A combining mark (Mn, Mc, Me): it belongs to the character before it."""
    return unicodedata.category(ch)[0] == "M"
