"""A variance report of a given size built directly, as the renderers receive it (no corpus scan).

What a 1,000,000-pair run of ``benchmarks.synth`` (50,000 terms) gives the renderers, measured
2026-12-04 (``benchmarks.report_open``): 129,360 findings, 19,902 concepts, 2,001 documents.
``million_pairs()`` rounds that up (150,000 findings, 50,000 concepts with one or two renderings
each, 2,000 documents); the browser test and ``benchmarks.report_open`` open the HTML page written
from it. Deterministic.
"""
from __future__ import annotations

import random

from glossary.variance.checks import Finding, Severity, all_checks
from glossary.variance.consistency import (
    ConceptConsistency,
    DocumentConsistency,
    Rendering,
    Scores,
    fix_order,
    fix_tier,
)
from glossary.variance.findings import FindingStore
from glossary.variance.report import Summary, VarianceReport, VarianceSettings

WORDS = ("cyber security program convention signing ceremony national office drugs crime united nations "
         "international cooperation legal framework digital transformation prime minister").split()
# (check, severity, message pattern): the checks a synthetic corpus triggers, in their proportions
KINDS = (("term.forbidden", Severity.ERROR, "forbidden rendering “{found}”; preferred: “{expected}”"),
         ("term.misspelling", Severity.ERROR, "“{found}” is a misspelling of “{expected}”"),
         ("term.missing", Severity.WARNING, "“{term}” is in the source; the target has none of its renderings"),
         ("term.deprecated", Severity.WARNING, "deprecated rendering “{found}”; preferred: “{expected}”"),
         ("term.admitted", Severity.INFO, "admitted rendering “{found}”; preferred: “{expected}”"))


def _sentence(rng: random.Random, term: str) -> tuple[str, tuple[int, int]]:
    before = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
    after = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
    text = f"{before.capitalize()} {term} {after}."
    start = len(before) + 1
    return text, (start, start + len(term))


def build(*, findings: int, concepts: int, documents: int, pairs: int, seed: int = 5) -> VarianceReport:
    """A report with that many findings, concepts (and ~1.8 renderings each) and documents."""
    rng = random.Random(seed)
    store = FindingStore()
    per_document = max(1, pairs // documents)
    for n in range(findings):
        check, severity, message = KINDS[min(int(rng.random() ** 1.6 * len(KINDS)), len(KINDS) - 1)]
        concept = f"c{rng.randrange(concepts):05d}"
        term, found = f"{concept} term", f"{concept} variant"
        unit = rng.randrange(pairs)
        document = f"doc{unit // per_document}"
        source, source_span = _sentence(rng, f"nguồn {concept}")
        target, span = _sentence(rng, found)
        store.append(Finding(
            id=f"F{n:012x}", check=check, severity=severity, message=message.format(found=found, expected=term, term=term),
            segment=f"{document}#u{unit}", document=document, origin=f"corpus.tmx:{unit * 6 + 3}", source=source,
            target=target, concept_id=concept, span=span, source_span=source_span, term=term, found=found,
            expected=term, variant_class="lexical"))
    concept_list = []
    for i in range(concepts):
        occurrences = rng.randint(2, 60)
        wrong = rng.choice((0, 0, 0, 1, 2)) if occurrences > 4 else 0
        renderings = [Rendering(f"c{i:05d} term", occurrences - wrong, "identical", "preferred", "listed",
                                [f"doc{j}#u{j * 7}" for j in range(min(20, occurrences - wrong))], ["doc0"], True,
                                1, consistent=True)]
        if wrong:
            status = rng.choice(("forbidden", "deprecated", "unlisted"))
            renderings.append(Rendering(f"c{i:05d} variant", wrong, "lexical", status, "listed", ["doc1#u3"], ["doc1"],
                                        False, 1, consistent=False,
                                        wrong={"forbidden": "error", "deprecated": "warning"}.get(status)))
        consistent = occurrences - wrong
        concept = ConceptConsistency(
            concept_id=f"c{i:05d}", preferred=f"c{i:05d} term", reference=f"c{i:05d} term",
            source_terms=[f"nguồn c{i:05d}"], occurrences=occurrences, consistent=consistent,
            consistency=consistent / occurrences, hhi=(consistent / occurrences) ** 2 + (wrong / occurrences) ** 2,
            variant_class="lexical" if wrong else "identical", renderings=renderings, documents={},
            preferred_share=consistent / occurrences,
            wrong_uses=sum(r.count for r in renderings if r.wrong))
        concept.fix = fix_tier(concept)
        concept_list.append(concept)
    concept_list.sort(key=fix_order)
    document_list = [DocumentConsistency(f"doc{d}", 40, 200, 190, 0.95, 0.95) for d in range(documents)]
    total = sum(c.occurrences for c in concept_list)
    good = sum(c.consistent for c in concept_list)
    scores = Scores(concepts=concepts, occurrences=total, consistent=good, micro=good / total,
                    macro=sum(c.consistency for c in concept_list) / concepts, mean_hhi=0.9)
    severity = store.counts("severity")
    summary = Summary(segments=pairs, files=1, documents=documents, language_pairs=["vi->en"], skipped={},
                      glossary_concepts=concepts, concepts_found=concepts, source_terms=total, ok=good,
                      findings={s: severity.get(s, 0) for s in ("error", "warning", "info")},
                      by_check=dict(sorted(store.counts("check_id").items())), consistency=scores, conflicts={})
    checks = all_checks()
    settings = VarianceSettings(glossary="glossary.yaml", glossary_fingerprint="0" * 64, glossary_concepts=concepts,
                                glossary_terms=concepts * 3, corpus=["corpus.tmx"], source_lang="vi",
                                target_lang="en", checks=[c.id for c in checks])
    return VarianceReport(settings=settings, summary=summary, concepts=concept_list, documents=document_list,
                          findings=store, conflicts=[], checks=[c.describe() for c in checks])


def million_pairs() -> VarianceReport:
    """The report of a 1,000,000-pair synthetic run, as sized in the module docstring (rounded up)."""
    return build(findings=150_000, concepts=50_000, documents=2_000, pairs=1_000_000)
