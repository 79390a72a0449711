"""Training a word aligner on a corpus of token pairs, and aligning with it.

``train`` fits fast_align's reparameterised IBM Model 2 (Dyer, Chahuneau and Smith 2013) in
both directions, source->target and target->source, by EM (optionally after a few IBM
Model 1 iterations), with the prior's pseudo-counts added in every M-step; the result is an
``AlignmentModel``. ``align_corpus`` trains on a corpus and aligns that same corpus (reusing
the candidate links built for training). ``AlignmentModel.align`` and
``AlignmentModel.align_corpus`` align new pairs: Viterbi links in each direction, then
symmetrised (grow-diag-final-and unless told otherwise).

Tokens are whatever the caller gives (strings, or integer ids): the caller lowercases,
masks placeholders and segments words; a language without spaces can come as one token
per character. Everything is deterministic: no random initialisation (every translation
probability starts uniform, so the first E-step follows the diagonal prior alone), stable
orders, the same input giving the same links.
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from glossary.align.em import Parameters, Side, e_step, m_step, viterbi
from glossary.align.encoding import (
    UNKNOWN,
    EncodedPairs,
    Token,
    TokenPair,
    Vocabulary,
    encode_pairs,
)
from glossary.align.links import (
    DEFAULT_MAX_LINKS,
    LinkBlock,
    block_bounds,
    build_block,
    build_training_blocks,
)
from glossary.align.prior import Prior, check_prior, prior_keys
from glossary.align.symmetrize import Link, Method, symmetrizer
from glossary.align.table import TranslationTable
from glossary.errors import UsageError

DIRECTIONS = ("source-to-target", "target-to-source")


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    """The settings of a training run.

    The defaults are fast_align's (p0 = 0.08, variational Bayes with alpha = 0.01, five
    iterations) except the tension: fast_align starts at 4 and re-estimates it (``-o``),
    which on the Debian catalogues settles at 7-8 and ties words to the diagonal; a fixed 2
    aligned reordered words better there (English-Vietnamese and English-Japanese, where
    modifiers and verbs move), so that is the default and re-estimation is optional.
    """

    iterations: int = 5  # EM iterations of Model 2 (the diagonal prior), per direction
    model1_iterations: int = 0  # IBM Model 1 iterations (uniform positions) before them
    null_probability: float = 0.08  # p0: the prior probability of aligning a token to NULL
    tension: float = 2.0  # the diagonal prior's tension (its start when re-estimated); 0 = IBM Model 1
    optimize_tension: bool = False  # re-estimate the tension in every Model 2 M-step
    alpha: float | None = 0.01  # variational Bayes Dirichlet concentration; None = plain EM
    deduplicate: bool = True  # identical pairs are aligned once, weighted by their count
    max_links: int = DEFAULT_MAX_LINKS  # candidate links per block (bounds temporary memory)

    def check(self) -> None:
        for name in ("iterations", "model1_iterations"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise UsageError(f"{name} must be a whole number >= 0, not {value!r}")
        if not 0.0 <= self.null_probability < 1.0:
            raise UsageError(f"null_probability must be in [0, 1), not {self.null_probability!r}")
        if not (math.isfinite(self.tension) and self.tension >= 0):
            raise UsageError(f"tension must be >= 0, not {self.tension!r}")
        if self.alpha is not None and not (math.isfinite(self.alpha) and self.alpha > 0):
            raise UsageError(f"alpha must be > 0 or None, not {self.alpha!r}")
        if self.max_links < 1:
            raise UsageError(f"max_links must be >= 1, not {self.max_links!r}")


@dataclass(frozen=True, slots=True)
class IterationRecord:
    """One EM iteration of one direction."""

    direction: str  # "source-to-target" or "target-to-source"
    iteration: int  # from 1
    model: str  # "model1" or "model2"
    log_likelihood: float  # per generated token, under the parameters the E-step used
    tension: float  # after the M-step
    seconds: float


@dataclass(frozen=True, slots=True)
class CorpusFigures:
    """What a training corpus amounted to."""

    pairs: int
    distinct_pairs: int
    source_tokens: int
    target_tokens: int
    candidate_links: int  # source x target positions over the distinct pairs
    source_vocabulary: int
    target_vocabulary: int
    table_entries: int  # distinct co-occurring (source word, target word) pairs, and the prior's


@dataclass(slots=True)
class AlignmentModel:
    """A trained aligner: vocabularies, the shared sparse table and each direction's parameters."""

    source_vocabulary: Vocabulary
    target_vocabulary: Vocabulary
    table: TranslationTable
    forward: Parameters  # source -> target: p(target word | source word)
    reverse: Parameters  # target -> source: p(source word | target word)
    options: TrainingOptions
    figures: CorpusFigures
    history: list[IterationRecord] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per training stage

    # -- the lexical table ----------------------------------------------------------------------
    def translation_probability(self, source_word: Token, target_word: Token, *, reverse: bool = False) -> float:
        """p(target word | source word) of the source->target model, or with ``reverse``
        p(source word | target word) of the target->source model; 0.0 for a pair never seen
        together (nor in the prior)."""
        index = int(self.table.lookup(np.array([self.source_vocabulary.id(source_word)]),
                                      np.array([self.target_vocabulary.id(target_word)]))[0])
        if index < 0:
            return 0.0
        return float((self.reverse if reverse else self.forward).probabilities[index])

    def translations(self, word: Token, *, reverse: bool = False, limit: int = 10) -> list[tuple[Token, float]]:
        """The most probable translations of a source word (target words, p(target | source)),
        or with ``reverse`` of a target word (source words, p(source | target)); best first,
        ties in vocabulary order."""
        if reverse:
            wanted = self.target_vocabulary.id(word)
            entries = np.flatnonzero(self.table.target_of == wanted) if wanted != UNKNOWN else np.zeros(0, int)
            others, vocabulary, parameters = self.table.source_of[entries], self.source_vocabulary, self.reverse
        else:
            wanted = self.source_vocabulary.id(word)
            if wanted == UNKNOWN:
                return []
            span = self.table.entries_of_source(wanted)
            entries = np.arange(span.start, span.stop)
            others, vocabulary, parameters = self.table.target_of[entries], self.target_vocabulary, self.forward
        probabilities = parameters.probabilities[entries]
        order = np.lexsort((others, -probabilities))[:max(limit, 0)]
        return [(vocabulary.token(int(others[n])), float(probabilities[n])) for n in order]

    # -- aligning -------------------------------------------------------------------------------
    def align(self, source_tokens: Sequence[Token], target_tokens: Sequence[Token], *,
              method: Method = "grow-diag-final-and") -> list[Link]:
        """The links (source index, target index) of one pair, sorted, symmetrised by ``method``
        ("forward" / "reverse" give one direction's Viterbi links alone)."""
        return self.align_corpus([(source_tokens, target_tokens)], method=method)[0]

    def align_corpus(self, pairs: Iterable[TokenPair], *, method: Method = "grow-diag-final-and"
                     ) -> list[list[Link]]:
        """``align`` for every pair, vectorised over the corpus. Words the model has not seen
        take a tiny probability (1e-9) with every word and NULL, so the diagonal decides."""
        symmetrizer(method)  # an unknown method fails before any work
        corpus = encode_pairs(pairs, self.source_vocabulary, self.target_vocabulary, grow=False)
        blocks = [build_block(corpus, first, stop, self.table.lookup)
                  for first, stop in block_bounds(corpus, max_links=self.options.max_links)]
        return self._align_encoded(corpus, blocks, method)

    def directional_links(self, source_tokens: Sequence[Token], target_tokens: Sequence[Token]
                          ) -> tuple[list[Link], list[Link]]:
        """The Viterbi links of each direction (source->target, target->source) of one pair,
        both as (source index, target index)."""
        return (self.align(source_tokens, target_tokens, method="forward"),
                self.align(source_tokens, target_tokens, method="reverse"))

    def _align_encoded(self, corpus: EncodedPairs, blocks: list[LinkBlock], method: str) -> list[list[Link]]:
        combine = symmetrizer(method)
        forward = viterbi(blocks, corpus, Side.of(corpus, reverse=False), self.forward).tolist()
        reverse = viterbi(blocks, corpus, Side.of(corpus, reverse=True), self.reverse).tolist()
        source_starts = corpus.source_starts.tolist()
        target_starts = corpus.target_starts.tolist()
        per_row: list[list[Link]] = []
        for row in range(corpus.row_count):
            s0, s1 = source_starts[row], source_starts[row + 1]
            t0, t1 = target_starts[row], target_starts[row + 1]
            forward_links = [(i, j) for j, i in enumerate(forward[t0:t1]) if i >= 0]
            reverse_links = [(i, j) for i, j in enumerate(reverse[s0:s1]) if j >= 0]
            per_row.append(combine(forward_links, reverse_links))
        out: list[list[Link]] = []
        given = [False] * corpus.row_count
        for row in corpus.rows.tolist():  # a repeated pair gets its own copy of the list
            out.append(list(per_row[row]) if given[row] else per_row[row])
            given[row] = True
        return out


def train(pairs: Iterable[TokenPair], *, iterations: int = 5, model1_iterations: int = 0,
          prior: Prior | None = None, null_probability: float = 0.08, tension: float = 2.0,
          optimize_tension: bool = False, alpha: float | None = 0.01, deduplicate: bool = True,
          max_links: int = DEFAULT_MAX_LINKS) -> AlignmentModel:
    """Train both directions on ``pairs`` of token sequences (see ``TrainingOptions`` for the
    settings; ``prior`` maps (source word, target word) to pseudo-counts, ``term_prior``
    makes one from a glossary's term pairs)."""
    options = TrainingOptions(iterations=iterations, model1_iterations=model1_iterations,
                              null_probability=null_probability, tension=tension,
                              optimize_tension=optimize_tension, alpha=alpha, deduplicate=deduplicate,
                              max_links=max_links)
    return _fit(pairs, options, prior)[0]


def align_corpus(pairs: Iterable[TokenPair], *, method: Method = "grow-diag-final-and", iterations: int = 5,
                 model1_iterations: int = 0, prior: Prior | None = None, null_probability: float = 0.08,
                 tension: float = 2.0, optimize_tension: bool = False, alpha: float | None = 0.01,
                 deduplicate: bool = True, max_links: int = DEFAULT_MAX_LINKS) -> list[list[Link]]:
    """Train on ``pairs`` (as ``train``) and return the links of each of them, symmetrised by
    ``method``, in input order."""
    options = TrainingOptions(iterations=iterations, model1_iterations=model1_iterations,
                              null_probability=null_probability, tension=tension,
                              optimize_tension=optimize_tension, alpha=alpha, deduplicate=deduplicate,
                              max_links=max_links)
    return train_and_align(pairs, options=options, prior=prior, method=method)[1]


def train_and_align(pairs: Iterable[TokenPair], *, options: TrainingOptions | None = None,
                    prior: Prior | None = None, method: Method = "grow-diag-final-and"
                    ) -> tuple[AlignmentModel, list[list[Link]]]:
    """The model trained on ``pairs`` and the links of each pair, reusing the candidate links
    built for training (``model.timings["align"]`` is the time the links took)."""
    symmetrizer(method)  # an unknown method fails before any work
    model, corpus, blocks = _fit(pairs, options or TrainingOptions(), prior)
    started = time.perf_counter()
    links = model._align_encoded(corpus, blocks, method)
    model.timings["align"] = time.perf_counter() - started
    return model, links


def _fit(pairs: Iterable[TokenPair], options: TrainingOptions, prior: Prior | None
         ) -> tuple[AlignmentModel, EncodedPairs, list[LinkBlock]]:
    options.check()
    if prior:
        check_prior(prior)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    source, target = Vocabulary(), Vocabulary()
    corpus = encode_pairs(pairs, source, target, grow=True, deduplicate=options.deduplicate)
    extra_keys, extra_counts = prior_keys(prior or {}, source, target)
    timings["encode"] = time.perf_counter() - started
    started = time.perf_counter()
    blocks, keys = build_training_blocks(corpus, target_size=max(len(target), 1), extra_keys=extra_keys,
                                         max_links=options.max_links)
    table = TranslationTable(keys, source_size=len(source), target_size=len(target))
    prior_counts = None
    if len(extra_keys):
        prior_counts = np.zeros(len(table))
        prior_counts[np.searchsorted(keys, extra_keys)] = extra_counts
    timings["links"] = time.perf_counter() - started
    history: list[IterationRecord] = []
    directions = []
    for name, reverse in zip(DIRECTIONS, (False, True)):
        started = time.perf_counter()
        side = Side.of(corpus, reverse=reverse)
        vocabulary_size = len(source) if reverse else len(target)
        directions.append(_train_direction(blocks, side, table, vocabulary_size, options, prior_counts, name,
                                           history))
        timings[name] = time.perf_counter() - started
    figures = CorpusFigures(pairs=len(corpus.rows), distinct_pairs=corpus.row_count,
                            source_tokens=len(corpus.source_ids), target_tokens=len(corpus.target_ids),
                            candidate_links=sum(block.link_count for block in blocks),
                            source_vocabulary=len(source), target_vocabulary=len(target), table_entries=len(table))
    model = AlignmentModel(source_vocabulary=source, target_vocabulary=target, table=table,
                           forward=directions[0], reverse=directions[1], options=options, figures=figures,
                           history=history, timings=timings)
    return model, corpus, blocks


def _train_direction(blocks: list[LinkBlock], side: Side, table: TranslationTable, vocabulary_size: int,
                     options: TrainingOptions, prior_counts: np.ndarray | None, name: str,
                     history: list[IterationRecord]) -> Parameters:
    parameters = Parameters(probabilities=_start(table, side, vocabulary_size, prior_counts),
                            null_probabilities=np.full(vocabulary_size, 1.0 / max(vocabulary_size, 1)),
                            tension=0.0, null_probability=options.null_probability)
    for iteration in range(options.model1_iterations + options.iterations):
        started = time.perf_counter()
        model1 = iteration < options.model1_iterations
        if not model1 and parameters.tension == 0:
            parameters.tension = options.tension
        expected = e_step(blocks, side, parameters, table_size=len(table), vocabulary_size=vocabulary_size)
        parameters = m_step(expected, parameters, table=table, side=side, prior_counts=prior_counts,
                            alpha=options.alpha, optimize_tension=options.optimize_tension and not model1)
        history.append(IterationRecord(direction=name, iteration=iteration + 1,
                                       model="model2" if parameters.tension > 0 else "model1",
                                       log_likelihood=expected.log_likelihood / max(expected.tokens, 1.0),
                                       tension=parameters.tension, seconds=time.perf_counter() - started))
    return parameters


def _start(table: TranslationTable, side: Side, vocabulary_size: int, prior_counts: np.ndarray | None
           ) -> np.ndarray:
    """The starting p(generated | conditioning): uniform over the vocabulary (fast_align), the
    prior's pairs raised by their pseudo-counts against one count of uniform mass, so that the
    very first E-step already prefers them: (1 / V + prior) / (1 + the word's prior total)."""
    uniform = 1.0 / max(vocabulary_size, 1)
    if prior_counts is None:
        return np.full(len(table), uniform)
    groups = table.target_of if side.reverse else table.source_of
    totals = np.bincount(groups, prior_counts, minlength=table.target_size if side.reverse else table.source_size)
    return (uniform + prior_counts) / (1.0 + totals[groups])

