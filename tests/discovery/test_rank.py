"""Stage 5: ranking puts terminology drift first and orthographic noise last."""
from __future__ import annotations

from glossary.discovery.model import Rendering, VariantGroup
from glossary.discovery.rank import rank_groups
from glossary.text.classify import VariantClass


def group(name: str, cls: VariantClass, uses: list[int], confidence: float = 1.0, documents: int = 1) -> VariantGroup:
    renderings = [Rendering(text=f"{name}{i}", count=n, cls=VariantClass.IDENTICAL if i == 0 else cls,
                            documents=[f"d{k}" for k in range(documents)], segments=[f"s{i}"] * n, examples=[],
                            methods=[], canonical=i == 0) for i, n in enumerate(uses)]
    return VariantGroup(id=f"g{name}", source_term=name, source_key=name, kinds=["ngram"], renderings=renderings,
                        canonical=renderings[0].text, canonical_evidence="", cls=cls, confidence=confidence, evidence=[])


def test_class_weight_times_support_decides() -> None:
    # a lexical split with mass first, then a misspelling used twice, a lost currency once; fifty
    # orthographic variants (noise) weigh about as much as one lexical use, and come after it only
    # when that use has more support
    groups = [group("noise", VariantClass.ORTHOGRAPHIC, [50, 50]), group("typo", VariantClass.MISSPELLING, [5, 2]),
              group("drift", VariantClass.LEXICAL, [3, 2]), group("money", VariantClass.NUMERIC, [1, 1]),
              group("drift2", VariantClass.LEXICAL, [3, 1, 1, 1], documents=3)]
    ranked = rank_groups(groups)
    assert [g.source_term for g in ranked] == ["drift2", "typo", "drift", "money", "noise"]
    assert [g.rank for g in ranked] == [1, 2, 3, 4, 5]


def test_a_misspelling_outranks_a_lexical_pair_of_the_same_support() -> None:
    typo, drift = group("typo", VariantClass.MISSPELLING, [4, 2]), group("drift", VariantClass.LEXICAL, [4, 2])
    assert [g.source_term for g in rank_groups([drift, typo])] == ["typo", "drift"]


def test_variants_that_are_used_more_and_surer_rank_higher_within_a_class() -> None:
    weak = group("weak", VariantClass.LEXICAL, [30, 1], confidence=0.5)
    strong = group("strong", VariantClass.LEXICAL, [30, 10], confidence=0.9)
    assert [g.source_term for g in rank_groups([weak, strong])] == ["strong", "weak"]
