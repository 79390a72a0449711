"""A per-file cache of built glossary concepts, keyed by the file's path and bytes.

Lives in ``$GLOSSARY_CACHE_DIR``, else ``$XDG_CACHE_HOME/glossary``, else
``~/.cache/glossary``. An entry is only ever used for byte-identical input and the
same tool version, so it can never be stale; a corrupt or unreadable entry is
rebuilt. Writes are atomic.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import fields
from pathlib import Path
from typing import Callable, TypeVar

from glossary import __version__
from glossary.files.atomic import atomic_write_bytes
from glossary.model import Concept, Term

T = TypeVar("T")


_MODEL_FIELDS = ",".join(f.name for cls in (Concept, Term) for f in fields(cls)).encode()


def cache_dir() -> Path:
    explicit = os.environ.get("GLOSSARY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "glossary"


def cached_file_concepts(path: Path, data: bytes, build: Callable[[Path, bytes], T]) -> T:
    """``build(path, data)``, from the cache when this file with these bytes was built before."""
    # the model's fields are in the key: a pickle of a Term without a newer field would load broken
    key = hashlib.sha256(b"\\0".join([__version__.encode(), _MODEL_FIELDS, str(path).encode(), data])).hexdigest()
    entry = cache_dir() / "concepts" / f"{key}.pickle"
    try:
        with entry.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build(path, data)
    try:
        atomic_write_bytes(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home is fine: the cache is only an optimisation
    return value
