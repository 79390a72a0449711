"""The ``terms/`` store: reading (``fastyaml``, ``cache``), validating (``validate``), editing
(``maintenance``) and atomically writing (``termstore``) the YAML glossary."""
from __future__ import annotations

from glossary.store.termstore import TermStore, check_glossary, glossary_files, load_glossary

__all__ = ["TermStore", "check_glossary", "glossary_files", "load_glossary"]
