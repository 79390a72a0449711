"""Corpus formats: one registry, one module per format.

Import ``read_corpus`` to stream segments from any mix of files and directories. The
names below are loaded on first use (``from glossary.corpora.formats import read_corpus``
works as ever), so that ``walk`` can be imported without the readers.
"""
from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CorpusFormat",
    "ReadOptions",
    "ReadStats",
    "detect_format",
    "expand_paths",
    "get_format",
    "read_corpus",
    "registered_formats",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("glossary.corpora.formats.base"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
