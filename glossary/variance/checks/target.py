"""Target-side checks that need no source term: forbidden, deprecated and misspelt glossary
terms the source does not account for, and one term written in several forms in one document."""
from __future__ import annotations

from typing import Iterator

from glossary.model import Status
from glossary.variance.checks import register
from glossary.variance.checks.base import Check, Finding, Severity, finding_id, id_document, id_text
from glossary.variance.checks.context import Hit, PairContext
from glossary.variance.checks.terms import pair_finding, preferred_note, quote, reason_note
from glossary.variance.consistency import CorpusContext


class TargetCheck(Check):
    """A verdict on a target hit no source term claimed; ``applies`` is the one hook."""

    def applies(self, hit: Hit) -> bool:
        raise NotImplementedError

    def message(self, hit: Hit) -> str:
        raise NotImplementedError

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for hit in ctx.unclaimed:
            if target_verdict(hit) == self.id:
                preferred = ctx.preferred.get(hit.concept_id)
                yield pair_finding(self, ctx, None, self.message(hit) + preferred_note(preferred), hit=hit,
                                   expected=preferred.text if preferred is not None else None)


@register
class TargetMisspelling(TargetCheck):
    id = "target.misspelling"
    name = "Misspelt glossary term"
    description = "The target writes a near-miss spelling of a glossary term (UNDOC for UNODC), whatever the source says."
    severity = Severity.ERROR

    def applies(self, hit: Hit) -> bool:
        return hit.misspelling_of is not None

    def message(self, hit: Hit) -> str:
        intended = hit.misspelling_of or hit.entry
        return f"{quote(hit.surface)} is a misspelling of {quote(intended.text)}"


@register
class TargetForbidden(TargetCheck):
    id = "target.forbidden"
    name = "Forbidden term in target"
    description = "The target uses a term the glossary forbids, whatever the source says."
    severity = Severity.ERROR

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status is Status.FORBIDDEN

    def message(self, hit: Hit) -> str:
        return f"forbidden term {quote(hit.surface)}{reason_note(hit)}"


@register
class TargetDeprecated(TargetCheck):
    id = "target.deprecated"
    name = "Deprecated term in target"
    description = "The target uses a deprecated or superseded term, whatever the source says."
    severity = Severity.WARNING

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status in (Status.DEPRECATED, Status.SUPERSEDED)

    def message(self, hit: Hit) -> str:
        return f"{hit.entry.term.status.value} term {quote(hit.surface)}{reason_note(hit)}"


_TARGET_CHECKS: list[TargetCheck] = [TargetMisspelling(), TargetForbidden(), TargetDeprecated()]


def target_verdict(hit: Hit) -> str | None:
    """Id of the one target check that judges this hit, if any: the first that applies."""
    return next((c.id for c in _TARGET_CHECKS if c.applies(hit)), None)


def _is_file_path(document: str, origin: str) -> bool:
    """Is ``document`` the path of the file at ``origin`` (``path:line``)?"""
    return origin == document or (origin.startswith(f"{document}:") and origin[len(document) + 1:].isdigit())


@register
class InconsistentInDocument(Check):
    id = "target.inconsistent-in-document"
    name = "Inconsistent in document"
    description = "One document writes one term in several forms (UNODC and UNDOC, signing ceremony and Opening Ceremony)."
    severity = Severity.WARNING
    scope = "corpus"

    def run(self, ctx: CorpusContext) -> Iterator[Finding]:
        for (document, concept_id, group), forms in ctx.document_forms.groups(min_forms=2):
            ranked = sorted(forms.items(), key=lambda kv: (-kv[1].count, kv[1].order))
            summary = ", ".join(f"{quote(text)} ×{seen.count}" for text, seen in ranked)
            main = ranked[0][0]
            # a document the corpus does not name is its file's path (consistency.DocumentForms):
            # the id takes the file's name, as pair findings' ids do, not the path as given
            unnamed = _is_file_path(document, ranked[0][1].origin)
            for text, seen in ranked[1:]:
                yield Finding(  # its id: what it is about, never a unit or line
                    id=finding_id(self.id, id_document("" if unnamed else document, document), concept_id, group,
                                  id_text(text)),
                    check=self.id, severity=self.severity,
                    message=f"{concept_id} is written in {len(forms)} forms in this document: {summary}",
                    segment=seen.segment, document=document, origin=seen.origin, source=seen.source,
                    target=seen.target, concept_id=concept_id, span=seen.span, found=text, expected=main,
                    variant_class=seen.variant_class,
                )
