"""Checks on figures and currencies: what the source states, the target must state too.

Figures are read with each language's CLDR number format (``glossary.text.numbers``), so
"83,5 triệu" and "83.5 million" are the same figure and "1.000" and "1,000" too.
"""
from __future__ import annotations

from typing import Iterator

from glossary.text.numbers import FigureIssue
from glossary.variance.checks import register
from glossary.variance.checks.base import Check, Finding, Severity
from glossary.variance.checks.context import PairContext
from glossary.variance.checks.terms import pair_finding, quote


class FigureCheck(Check):
    """One kind of figure issue; ``kind`` picks it and ``message`` words it."""

    kind = ""

    def message(self, issue: FigureIssue) -> str:
        raise NotImplementedError

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for issue in ctx.figure_issues:
            if issue.kind != self.kind:
                continue
            target = issue.target
            yield pair_finding(self, ctx, None, self.message(issue),
                               span=(target.start, target.end) if target else None,
                               found=target.text if target else None, term=issue.source.text,
                               expected=issue.source.text, source_span=(issue.source.start, issue.source.end))


@register
class NumberMissing(FigureCheck):
    id = "number.missing"
    name = "Figure missing"
    description = "A figure of the source (number, percentage, date) is not in the target."
    severity = Severity.WARNING
    kind = "missing"

    def message(self, issue: FigureIssue) -> str:
        return f"the source figure {quote(issue.source.text)} is not in the target"


@register
class NumberChanged(FigureCheck):
    id = "number.changed"
    name = "Figure changed"
    description = "A figure of the source appears changed in the target (65 for 69)."
    severity = Severity.ERROR
    kind = "changed"

    def message(self, issue: FigureIssue) -> str:
        return f"the source figure {quote(issue.source.text)} became {quote(issue.target.text if issue.target else None)}"


@register
class CurrencyLost(FigureCheck):
    id = "currency.lost"
    name = "Currency lost"
    description = "A sum keeps its figure but not its currency (83,5 triệu AUD as $83.5 million)."
    severity = Severity.ERROR
    kind = "currency-lost"

    def message(self, issue: FigureIssue) -> str:
        target = issue.target
        now = f"{target.currency} ({quote(target.currency_text)})" if target and target.currency else "no currency"
        return f"{quote(issue.source.text)} is in {issue.source.currency}, the target has {quote(target.text if target else None)}: {now}"
