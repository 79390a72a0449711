"""Glossary exchange: export the glossary to CAT-tool formats and import theirs.

One module per format (``tbx3``, ``tbx2``, ``po``, ``omegat``, ``memoq``, ``trados``,
``csvplain``), one registry keyed by format name (``base``), the row formats' tables as
CSV, TSV or .xlsx (``tabular``), filters (``filters``) and merging into terms/, by id or
by the concepts' terms (``merge``).
"""
from __future__ import annotations

from glossary.exchange.base import (
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    detect_format,
    get_format,
    registered_formats,
    write_export,
)

__all__ = [
    "ExchangeFormat",
    "ExportFile",
    "ExportOptions",
    "ImportOptions",
    "ImportResult",
    "detect_format",
    "get_format",
    "registered_formats",
    "write_export",
]
