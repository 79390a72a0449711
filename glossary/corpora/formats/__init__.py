"""Corpus formats: one registry, one module per format.

Import ``read_corpus`` to stream segments from any mix of files and directories.
"""
from __future__ import annotations

from glossary.corpora.formats.base import (
    CorpusFormat,
    ReadOptions,
    ReadStats,
    detect_format,
    expand_paths,
    get_format,
    read_corpus,
    registered_formats,
)

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
