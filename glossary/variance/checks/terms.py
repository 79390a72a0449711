"""Checks per aligned pair, for every glossary term found in the source.

Each target rendering of the term gets exactly one verdict: the first of
``TERM_CHECKS`` (in priority order) whose ``applies`` accepts it. A source term
with no rendering in the target gets ``term.missing``.
"""
from __future__ import annotations

from typing import Iterator

from glossary.model import Status
from glossary.text.classify import VariantClass
from glossary.variance.checks import register
from glossary.variance.checks.base import Check, Finding, Severity, pair_finding_id
from glossary.variance.checks.context import Hit, Occurrence, PairContext
from glossary.variance.matching import TermEntry


def quote(text: str | None) -> str:
    return f"“{text}”" if text is not None else "(none)"


def pair_finding(check: Check, ctx: PairContext, occurrence: Occurrence | None, message: str, *,
                 hit: Hit | None = None, span: tuple[int, int] | None = None, found: str | None = None,
                 variant_class: VariantClass | None = None, concept_id: str | None = None,
                 expected: str | None = None, term: str | None = None,
                 source_span: tuple[int, int] | None = None) -> Finding:
    """A finding on one pair, with an id from what it is about (``base.pair_finding_id``: check,
    document, source and target texts, concept, term, what was found, spans), not from its unit."""
    segment = ctx.segment
    if hit is not None:
        span = span or hit.span
        found = found if found is not None else hit.surface
        variant_class = variant_class or hit.variant_class
        concept_id = concept_id or hit.concept_id
    if occurrence is not None:
        m = occurrence.source_match
        source_span = source_span or m.span
        term = term or segment.source[m.start:m.end]
        concept_id = concept_id or occurrence.concept.id
        if expected is None and occurrence.preferred is not None:
            expected = occurrence.preferred.text
    return Finding(
        id=pair_finding_id(check.id, document=segment.document, path=segment.origin.path, source=segment.source,
                           target=segment.target, concept_id=concept_id, term=term, found=found, span=span,
                           source_span=source_span),
        check=check.id, severity=check.severity, message=message, segment=segment.key,
        document=segment.document, origin=str(segment.origin), source=segment.source, target=segment.target,
        concept_id=concept_id, span=span, source_span=source_span, term=term, found=found, expected=expected,
        variant_class=variant_class.value if variant_class else None,
    )


class TermCheck(Check):
    """A verdict on one target rendering of a source term; ``applies`` is the one hook."""

    priority = 0

    def applies(self, hit: Hit) -> bool:
        raise NotImplementedError

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        raise NotImplementedError

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for occurrence in ctx.occurrences:
            for hit in occurrence.hits:
                if verdict(hit) == self.id:
                    yield pair_finding(self, ctx, occurrence, self.message(hit, occurrence), hit=hit)

    def count(self, ctx: PairContext) -> int:
        return sum(1 for occurrence in ctx.occurrences for hit in occurrence.hits if verdict(hit) == self.id)


def preferred_note(preferred: TermEntry | None) -> str:
    return f"; preferred: {quote(preferred.text)}" if preferred is not None else ""


def reason_note(hit: Hit) -> str:
    return f" ({hit.entry.term.reason})" if hit.entry.term.reason else ""


@register
class TermMisspelling(TermCheck):
    id = "term.misspelling"
    name = "Misspelt term"
    description = "The target writes a near-miss spelling of one of the term's renderings (UNDOC for UNODC)."
    severity = Severity.ERROR
    priority = 10

    def applies(self, hit: Hit) -> bool:
        return hit.misspelling_of is not None

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        intended = hit.misspelling_of or hit.entry
        listed = f", listed as {hit.entry.term.status.value}" if hit.listed else ""
        return f"{quote(hit.surface)} is a misspelling of {quote(intended.text)}{listed}" \
               f"{preferred_note(occurrence.preferred)}"


@register
class TermForbidden(TermCheck):
    id = "term.forbidden"
    name = "Forbidden rendering"
    description = "The target uses a rendering the glossary forbids."
    severity = Severity.ERROR
    priority = 20

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status is Status.FORBIDDEN

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        return f"forbidden rendering {quote(hit.surface)}{reason_note(hit)}{preferred_note(occurrence.preferred)}"


@register
class TermDeprecated(TermCheck):
    id = "term.deprecated"
    name = "Deprecated rendering"
    description = "The target uses a deprecated or superseded rendering; the preferred one is named."
    severity = Severity.WARNING
    priority = 30

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status in (Status.DEPRECATED, Status.SUPERSEDED)

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        return f"{hit.entry.term.status.value} rendering {quote(hit.surface)}{reason_note(hit)}{preferred_note(occurrence.preferred)}"


@register
class TermSpelling(TermCheck):
    id = "term.spelling"
    name = "Spelling variant"
    description = "The target writes a rendering with its diacritics dropped or in the other US/UK spelling."
    severity = Severity.WARNING
    priority = 40

    def applies(self, hit: Hit) -> bool:
        return hit.form_class in (VariantClass.DIACRITICS, VariantClass.US_UK)

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        what = "without the diacritics of" if hit.form_class is VariantClass.DIACRITICS else "a US/UK spelling variant of"
        return f"{quote(hit.surface)} is {what} {quote(hit.entry.text)}{preferred_note(occurrence.preferred)}"


@register
class TermForm(TermCheck):
    id = "term.form"
    name = "Other surface form"
    description = "The target writes a rendering in another form: case, hyphen or space, Unicode form, tone-mark placement, quotes."
    severity = Severity.INFO
    priority = 50

    def applies(self, hit: Hit) -> bool:
        return hit.form_class in (VariantClass.ORTHOGRAPHIC, VariantClass.CASE_HYPHEN)

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        return f"{quote(hit.surface)} is written differently from {quote(hit.entry.text)} ({hit.form_class.value})"


@register
class TermAdmitted(TermCheck):
    id = "term.admitted"
    name = "Admitted rendering"
    description = "The target uses an admitted rendering, not the preferred one."
    severity = Severity.INFO
    priority = 60

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status is Status.ADMITTED

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        return f"admitted rendering {quote(hit.surface)}{preferred_note(occurrence.preferred)}"


@register
class TermPreferred(TermCheck):
    id = "term.preferred"
    name = "Preferred rendering"
    description = "The target uses the preferred rendering."
    severity = Severity.OK
    priority = 70

    def applies(self, hit: Hit) -> bool:
        return hit.entry.term.status is Status.PREFERRED

    def message(self, hit: Hit, occurrence: Occurrence) -> str:
        return f"preferred rendering {quote(hit.surface)}"


TERM_CHECKS: list[TermCheck] = sorted(
    (c() for c in (TermMisspelling, TermForbidden, TermDeprecated, TermSpelling, TermForm, TermAdmitted, TermPreferred)),
    key=lambda c: c.priority)


def verdict(hit: Hit) -> str:
    """Id of the one term check that judges this rendering: the first, by priority, that applies."""
    if hit.verdict is None:
        hit.verdict = next((c.id for c in TERM_CHECKS if c.applies(hit)), TermPreferred.id)
    return hit.verdict


@register
class TermUnlisted(Check):
    id = "term.unlisted"
    name = "Unlisted rendering"
    description = ("The source has a glossary term and the target renders it in a way the glossary does not "
                   "list: what it wrote (from the corpus's word alignment, else the closest window to a listed "
                   "rendering) and its class against the nearest usable term.")
    severity = Severity.WARNING

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for occurrence in ctx.occurrences:
            guess = occurrence.guess
            if occurrence.hits or guess is None:
                continue
            m = occurrence.source_match
            cls = occurrence.guess_class
            against = f" against {quote(occurrence.nearest)}" if occurrence.nearest else ""
            how = "is rendered" if occurrence.named_by == "alignment" else "seems to be rendered"
            message = f"{quote(ctx.segment.source[m.start:m.end])} {how} {quote(guess.text)}, which the glossary " \
                      f"does not list" + (f" ({cls.value}{against})" if cls else "") + preferred_note(occurrence.preferred)
            yield pair_finding(self, ctx, occurrence, message, span=(guess.start, guess.end), found=guess.text,
                               variant_class=cls)


@register
class TermExtended(Check):
    id = "term.extended"
    name = "Term inside a longer rendering"
    description = ("The target writes a listed term, but as part of a longer rendering the corpus's word "
                   "alignment gives for the source term again and again (cài đặt around đặt): named, with its "
                   "class, for a reviewer to decide whether it is another word.")
    severity = Severity.INFO

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for occurrence in ctx.occurrences:
            hit, guess = occurrence.extended, occurrence.guess
            if hit is None or guess is None:
                continue
            m = occurrence.source_match
            cls = occurrence.guess_class
            message = f"{quote(ctx.segment.source[m.start:m.end])} is rendered {quote(guess.text)}, which holds " \
                      f"{quote(hit.surface)} but is not listed itself" + (f" ({cls.value})" if cls else "")
            yield pair_finding(self, ctx, occurrence, message, span=(guess.start, guess.end), found=guess.text,
                               variant_class=cls)


@register
class TermMissing(Check):
    id = "term.missing"
    name = "Missing rendering"
    description = ("The source has a glossary term and the target renders nothing for it (an omission, a pronoun, "
                   "a paraphrase): a note, or a warning when the glossary marks the term mandatory.")
    severity = Severity.INFO
    mandatory_severity = Severity.WARNING

    def run(self, ctx: PairContext) -> Iterator[Finding]:
        for occurrence in ctx.occurrences:
            if occurrence.hits or occurrence.guess is not None:
                continue
            m = occurrence.source_match
            mandatory = occurrence.mandatory
            message = f"{quote(ctx.segment.source[m.start:m.end])} has no rendering in the target" \
                      f"{' (the glossary marks it mandatory)' if mandatory else ''}{preferred_note(occurrence.preferred)}"
            finding = pair_finding(self, ctx, occurrence, message)
            if mandatory:
                finding.severity = self.mandatory_severity
            yield finding
