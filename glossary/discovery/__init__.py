"""Discovery: inconsistent term renderings found from an aligned corpus, with or without a glossary."""
from __future__ import annotations

from .model import DiscoveryReport, ReverseGroup, VariantGroup
from .report import DiscoveryOptions, discover

__all__ = ["DiscoveryOptions", "DiscoveryReport", "ReverseGroup", "VariantGroup", "discover"]
