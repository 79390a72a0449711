"""Discovery: inconsistent term renderings found from an aligned corpus, with or without a glossary."""
from __future__ import annotations

from glossary.discovery.model import DiscoveryReport, ReverseGroup, VariantGroup
from glossary.discovery.report import DiscoveryOptions, discover

__all__ = ["DiscoveryOptions", "DiscoveryReport", "ReverseGroup", "VariantGroup", "discover"]
