"""Statistical word alignment of token sequences (layer ``align``: numpy only).

fast_align's reparameterised IBM Model 2 (Dyer, Chahuneau and Smith 2013), trained by EM in
both directions over the whole corpus at once with numpy, symmetrised with
grow-diag-final-and (Koehn et al. 2003, 2005), with optional pseudo-counts for known
translation pairs (a glossary as prior), and the phrase pairs consistent with an alignment
(Koehn, Och and Marcu 2003).

    model = train(pairs, iterations=5, prior=term_prior(glossary_terms))
    links = model.align(source_tokens, target_tokens)        # [(source index, target index), ...]
    span = consistent_target_span(links, start, end, len(target_tokens))   # a term's rendering
    model, corpus_links = train_and_align(pairs)             # train, and align the same pairs

Modules, one job each: ``encoding`` (vocabularies, the corpus as flat id arrays), ``links``
(candidate links in blocks), ``table`` (the sparse translation table and its
normalisation), ``distortion`` (the diagonal prior and its tension), ``em`` (E-step,
M-step, Viterbi of one direction), ``prior`` (pseudo-counts), ``symmetrize``, ``phrases``,
``model`` (training and aligning).
"""
from __future__ import annotations

from glossary.align.model import (
    AlignmentModel,
    CorpusFigures,
    IterationRecord,
    TrainingOptions,
    align_corpus,
    train,
    train_and_align,
)
from glossary.align.phrases import (
    PhrasePair,
    consistent_target_span,
    phrase_pairs,
    projected_span,
)
from glossary.align.prior import term_prior
from glossary.align.symmetrize import (
    Link,
    Method,
    grow_diag,
    grow_diag_final,
    grow_diag_final_and,
    intersection,
    symmetrize,
    union,
)

__all__ = [
    "AlignmentModel", "CorpusFigures", "IterationRecord", "Link", "Method", "PhrasePair", "TrainingOptions",
    "align_corpus", "consistent_target_span", "grow_diag", "grow_diag_final", "grow_diag_final_and",
    "intersection", "phrase_pairs", "projected_span", "symmetrize", "term_prior", "train", "train_and_align", "union",
]
