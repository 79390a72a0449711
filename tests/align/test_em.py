"""The vectorised EM against a plain per-pair transcription of fast_align, and its parts."""
from __future__ import annotations

import math
import random
from collections import defaultdict

import numpy as np
import pytest

from glossary.align import train
from glossary.align.distortion import Geometries, expected_distance
from glossary.align.links import sorted_unique, unique_inverse
from glossary.align.table import digamma

from .toys import GERMAN, JAPANESE, VIETNAMESE


def reference_em(corpus, *, iterations: int, tension: float, p0: float, prior=None):
    """fast_align's model, one generated token at a time: p(target | source) after ``iterations``."""
    vocabulary = {w for _, target in corpus for w in target} | {t for _, t in (prior or {})}
    uniform = 1.0 / len(vocabulary)
    table: dict = defaultdict(lambda: uniform)
    prior_totals: dict = defaultdict(float)
    for (s, _), count in (prior or {}).items():
        prior_totals[s] += count
    for (s, t), count in (prior or {}).items():  # the start: the prior against one count of uniform mass
        table[(s, t)] = (uniform + count) / (1 + prior_totals[s])
    for s, t in [(s, t) for source, target in corpus for s in source for t in target if s in prior_totals]:
        if (s, t) not in (prior or {}):
            table[(s, t)] = uniform / (1 + prior_totals[s])
    null: dict = defaultdict(lambda: uniform)
    for _ in range(iterations):
        counts: dict = defaultdict(float)
        null_counts: dict = defaultdict(float)
        for source, target in corpus:
            m, n = len(source), len(target)
            if not m:
                continue
            for j, word in enumerate(target):
                prior_weights = [math.exp(-tension * abs((j + 1) / n - (i + 1) / m)) for i in range(m)]
                z = sum(prior_weights)
                scores = [(1 - p0) * prior_weights[i] / z * table[(source[i], word)] for i in range(m)]
                null_score = p0 * null[word]
                total = sum(scores) + null_score
                for i in range(m):
                    counts[(source[i], word)] += scores[i] / total
                null_counts[word] += null_score / total
        for pair, count in (prior or {}).items():
            counts[pair] += count
        totals: dict = defaultdict(float)
        for (s, _), count in counts.items():
            totals[s] += count
        table = defaultdict(float, {pair: count / totals[pair[0]] for pair, count in counts.items()})
        null_total = sum(null_counts.values())
        null = defaultdict(float, {w: c / null_total for w, c in null_counts.items()})
    return table


def random_corpus(seed: int, pairs: int = 40) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(seed)
    source_words = [f"s{k}" for k in range(12)]
    target_words = [f"t{k}" for k in range(15)]
    return [([rng.choice(source_words) for _ in range(rng.randint(0, 7))],
             [rng.choice(target_words) for _ in range(rng.randint(1, 9))]) for _ in range(pairs)]


@pytest.mark.parametrize("corpus", [GERMAN, VIETNAMESE, JAPANESE, random_corpus(1), random_corpus(2)],
                         ids=["german", "vietnamese", "japanese", "random-1", "random-2"])
@pytest.mark.parametrize("tension", [0.0, 2.0, 6.0])
def test_the_vectorised_em_is_the_model(corpus, tension: float) -> None:
    model = train(corpus, iterations=3, tension=tension, alpha=None, deduplicate=False)
    for reverse in (False, True):
        data = [(t, s) for s, t in corpus] if reverse else corpus
        expected = reference_em(data, iterations=3, tension=tension, p0=0.08)
        for (given, generated), probability in expected.items():
            source, target = (generated, given) if reverse else (given, generated)
            got = model.translation_probability(source, target, reverse=reverse)
            assert got == pytest.approx(probability, rel=1e-5, abs=1e-12), (source, target, reverse)


def test_the_prior_starts_the_table_and_enters_every_m_step() -> None:
    prior = {("das", "the"): 2.0, ("haus", "book"): 0.5, ("buch", "a"): 1.0}
    model = train(GERMAN, iterations=3, alpha=None, prior=prior)
    expected = reference_em(GERMAN, iterations=3, tension=2.0, p0=0.08, prior=prior)
    for (source, target), probability in expected.items():
        assert model.translation_probability(source, target) == pytest.approx(probability, rel=1e-5, abs=1e-12)


def test_variational_bayes_sharpens_the_table() -> None:
    plain = train(VIETNAMESE, alpha=None)
    sparse = train(VIETNAMESE, alpha=0.01)
    assert sparse.translation_probability("file", "mở") < plain.translation_probability("file", "mở")
    assert sparse.translation_probability("open", "mở") > 0.5


@pytest.mark.parametrize("g,big_g,big_l", [(1, 1, 1), (3, 7, 5), (1, 60, 60), (60, 60, 1), (5, 20, 2000),
                                            (17, 40, 33), (2, 3, 1000), (7, 7, 7), (1, 2, 3)])
@pytest.mark.parametrize("tension", [0.0, 0.1, 2.0, 14.0])
def test_expected_distance_in_closed_form(g: int, big_g: int, big_l: int, tension: float) -> None:
    c = np.arange(1, big_l + 1)
    h = np.abs(g / big_g - c / big_l)
    w = np.exp(-tension * h)
    brute = float((h * w).sum() / w.sum())
    closed = float(expected_distance(np.array([g]), np.array([big_g]), np.array([big_l]), tension)[0])
    assert closed == pytest.approx(brute, rel=1e-8, abs=1e-12)


def test_tension_solving_recovers_the_tension_that_made_the_data() -> None:
    geometries = Geometries.of(np.array([5, 8, 12, 3]), np.array([6, 8, 10, 0]))
    assert len(geometries) == 5 + 8 + 12 and (geometries.of_token[-3:] == -1).all()
    weights = np.ones(len(geometries))
    for tension in (0.5, 3.0, 9.0):
        empirical = float(geometries.expected_distance(tension).sum())
        assert geometries.solve_tension(weights, empirical, current=4.0) == pytest.approx(tension, abs=1e-4)
    assert geometries.solve_tension(weights, 10.0, current=4.0) == 0.1  # clamped
    assert geometries.solve_tension(weights, 0.0, current=4.0) == 14.0


def test_digamma() -> None:
    euler = 0.5772156649015329
    x = np.array([0.5, 1.0, 7.0, 1e4])
    expected = [-euler - 2 * math.log(2), -euler, sum(1 / k for k in range(1, 7)) - euler,
                math.log(1e4) - 1 / 2e4 - 1 / 12e8]
    assert digamma(x) == pytest.approx(expected, rel=1e-11)
    small = np.array([0.01, 0.3, 2.5, 40.0])
    assert digamma(small + 1) - digamma(small) == pytest.approx(1 / small, rel=1e-11)


def test_unique_helpers() -> None:
    rng = np.random.default_rng(3)
    values = rng.integers(0, 50, 1000).astype(np.int64)
    unique, inverse = unique_inverse(values)
    assert np.array_equal(unique, np.unique(values)) and np.array_equal(unique[inverse], values)
    assert inverse.dtype == np.int32
    assert np.array_equal(sorted_unique(values), np.unique(values))
    assert len(unique_inverse(np.zeros(0, dtype=np.int64))[0]) == 0
