"""The check registry: every check registers itself once, here, keyed by its stable id."""
from __future__ import annotations

import importlib

from ..errors import UsageError
from .base import Check, Finding, Severity, finding_id

# Modules holding the checks, in the order their findings are listed.
_CHECK_MODULES = ("terms", "target", "figures")

_REGISTRY: dict[str, Check] = {}
_loaded = False


def register(cls: type[Check]) -> type[Check]:
    if cls.id in _REGISTRY:
        raise ValueError(f"check id {cls.id!r} registered twice")
    _REGISTRY[cls.id] = cls()
    return cls


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in _CHECK_MODULES:
            importlib.import_module(f"{__package__}.{module}")


def all_checks() -> list[Check]:
    _ensure_loaded()
    return list(_REGISTRY.values())


def get_check(check_id: str) -> Check:
    _ensure_loaded()
    if check_id not in _REGISTRY:
        raise UsageError(f"unknown check {check_id!r} (known: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[check_id]


__all__ = ["Check", "Finding", "Severity", "all_checks", "finding_id", "get_check", "register"]
