"""The ``terms/`` store: reading (``load``, with ``fastyaml`` and ``cache``), validating (``validate``),
editing (``maintenance``) and atomically writing, comments kept (``termstore``), the YAML glossary."""
from __future__ import annotations

from typing import Any

from glossary.store.load import check_glossary, glossary_files, load_glossary

__all__ = ["TermStore", "check_glossary", "glossary_files", "load_glossary"]


def __getattr__(name: str) -> Any:
    # the editing store loads ruamel.yaml: only when it is asked for, not for every read
    if name == "TermStore":
        from glossary.store.termstore import TermStore

        return TermStore
    raise AttributeError(name)
