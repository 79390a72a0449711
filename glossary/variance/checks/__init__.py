"""The check registry: every check registers itself once, here, keyed by its stable id."""
from __future__ import annotations

from glossary.registry import Registry
from glossary.variance.checks.base import Check, Finding, Severity, finding_id

# Modules holding the checks, in the order their findings are listed.
CHECKS: Registry[Check] = Registry("check", __package__, ("terms", "target", "figures"), key="id", unique=True)
register = CHECKS.register


def all_checks() -> list[Check]:
    return list(CHECKS.items().values())


def get_check(check_id: str) -> Check:
    return CHECKS.get(check_id)


__all__ = ["Check", "Finding", "Severity", "all_checks", "finding_id", "get_check", "register"]
