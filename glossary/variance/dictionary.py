"""The spelling dictionary of a language, when the machine has one: Hunspell's, read with spylls.

Debian packages Hunspell dictionaries as ``hunspell-<lang>`` (``hunspell-de-de``, ``hunspell-vi``,
``hunspell-en-us``: ``/usr/share/hunspell/<lang>_<REGION>.dic`` and ``.aff``); spylls (MPL-2.0,
pure Python) reads them without the C library. A word the dictionary knows is a word of the
language, so a near miss of a term that it knows is not a misspelling of the term (``Wartung`` is
not ``Warnung`` misspelt). A language without a dictionary here, or a machine without spylls,
gets ``None``: the corpus's own frequencies decide alone (``spelling``).

Where: ``$GLOSSARY_HUNSPELL_PATH`` (directories, ``:``-separated), then ``/usr/share/hunspell``
and ``/usr/share/myspell``; for a language ``de`` the file ``de_DE`` first (the language's own
country), then any ``de_*`` in name order, then ``de``.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from glossary.model.langtags import base_language

SEARCH_PATH = ("/usr/share/hunspell", "/usr/share/myspell")
_WORDS_LIMIT = 100_000  # lookups kept per dictionary (spylls takes about a millisecond a word)


class SpellingDictionary:
    """One Hunspell dictionary: ``knows(word)``, cached."""

    def __init__(self, path: Path, reader: Any) -> None:
        self.path = path  # without the extension: /usr/share/hunspell/de_DE
        self._reader = reader
        self._known: dict[str, bool] = {}

    @property
    def name(self) -> str:
        return self.path.name

    def knows(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= _WORDS_LIMIT:
                self._known.clear()
            try:
                found = bool(self._reader.lookup(word))
            except Exception:  # a reader error on an odd word is no evidence either way  # noqa: BLE001
                found = False
            self._known[word] = found
        return found


def _directories() -> list[Path]:
    extra = [p for p in os.environ.get("GLOSSARY_HUNSPELL_PATH", "").split(os.pathsep) if p]
    return [Path(p) for p in (*extra, *SEARCH_PATH)]


def dictionary_file(lang: str) -> Path | None:
    """The ``.dic`` path (without extension) of the language's dictionary, or None."""
    base = base_language(lang).lower()
    for directory in _directories():
        if not directory.is_dir():
            continue
        names = [f"{base}_{base.upper()}"] + sorted(p.stem for p in directory.glob(f"{base}_*.dic")) + [base]
        for name in names:
            if (directory / f"{name}.dic").is_file() and (directory / f"{name}.aff").is_file():
                return directory / name
    return None


@lru_cache(maxsize=16)
def spelling_dictionary(lang: str) -> SpellingDictionary | None:
    """The language's dictionary (loaded once), or None without one or without spylls."""
    path = dictionary_file(lang)
    if path is None:
        return None
    try:
        from spylls.hunspell import (
            Dictionary,  # loaded only where a dictionary is there to read
        )
    except ImportError:
        return None
    try:
        return SpellingDictionary(path, Dictionary.from_files(str(path)))
    except Exception:  # an unreadable dictionary is no dictionary  # noqa: BLE001
        return None
