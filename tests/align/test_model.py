"""Training and aligning: toy corpora with known links, the prior, determinism, the API."""
from __future__ import annotations

import dataclasses
import inspect
import itertools

import numpy as np
import pytest

from glossary.align import (
    AlignmentModel,
    TrainingOptions,
    align_corpus,
    consistent_target_span,
    term_prior,
    train,
    train_and_align,
)
from glossary.errors import UsageError

from .toys import GERMAN, JAPANESE, USER_NAME, VIETNAMESE, pairs, words


def aligned_words(model: AlignmentModel, pair) -> set[tuple[str, str]]:
    return words(model.align(*pair), pair)


def test_das_haus_das_buch_ein_buch() -> None:
    model = train(GERMAN)
    assert [aligned_words(model, pair) for pair in GERMAN] == [
        {("das", "the"), ("haus", "house")},
        {("das", "the"), ("buch", "book")},
        {("ein", "a"), ("buch", "book")},
    ]
    assert model.translations("das")[0][0] == "the"
    assert model.translations("book", reverse=True)[0][0] == "buch"
    assert model.translation_probability("das", "the") > 0.9
    assert model.translation_probability("buch", "book", reverse=True) > 0.9


@pytest.mark.parametrize(("row", "expected"), [
    (0, {("open", "mở"), ("file", "tập"), ("file", "tin")}),
    (2, {("delete", "xóa"), ("user", "người"), ("user", "dùng")}),
    (3, {("new", "mới"), ("user", "người"), ("user", "dùng")}),  # reordered: the adjective comes last
    (4, {("new", "mới"), ("file", "tập"), ("file", "tin")}),
    (7, {("delete", "xóa"), ("file", "tập"), ("file", "tin")}),
])
def test_one_english_word_to_a_two_syllable_vietnamese_word(row: int, expected: set) -> None:
    model = train(VIETNAMESE)
    assert aligned_words(model, VIETNAMESE[row]) == expected


def test_reordering_against_the_diagonal() -> None:
    """"user file" -> "tập tin của người dùng": the last source word goes first, the first last."""
    model = train(VIETNAMESE)
    pair = VIETNAMESE[8]
    got = aligned_words(model, pair)
    assert {("file", "tập"), ("file", "tin"), ("user", "người"), ("user", "dùng")} <= got
    assert not got & {("file", "người"), ("file", "dùng"), ("user", "tập"), ("user", "tin")}  # nothing crossed
    links = model.align(*pair)
    assert consistent_target_span(links, 1, 2, len(pair[1])) == (0, 2)  # "file" -> "tập tin"


def test_the_term_span_of_an_occurrence() -> None:
    model = train(VIETNAMESE)
    source, target = VIETNAMESE[0]  # open file / mở tập tin
    assert consistent_target_span(model.align(source, target), 1, 2, len(target)) == (1, 3)


def test_a_language_with_one_token_per_character() -> None:
    model = train(JAPANESE)
    source, target = JAPANESE[1]  # open file / ファイルを開く
    links = model.align(source, target)
    assert {(0, 5), (0, 6)} <= set(links)  # open -> 開く
    assert {(1, j) for j in range(4)} <= set(links)  # file -> ファイル
    span = consistent_target_span(links, 1, 2, len(target))
    assert span is not None and "".join(target[span[0]:span[1]]) in ("ファイル", "ファイルを")
    source, target = JAPANESE[6]  # file error / ファイルエラー
    start, end = consistent_target_span(model.align(source, target), 1, 2, len(target)) or (0, 0)
    assert "".join(target[start:end]) == "エラー"


def test_long_character_sequences_are_aligned_whole() -> None:
    """A 60-character string is 60 tokens: every one a candidate for every source word."""
    source = ["the", "file", "could", "not", "be", "opened", "because", "the", "disk", "is", "full"]
    target = list("ディスクがいっぱいなのでファイルを開くことができませんでした。もう一度お試しください。詳細はログを参照。")
    assert len(target) >= 50
    model = train(JAPANESE + [(source, target)] * 2)
    links = model.align(source, target)
    assert links == sorted(set(links))
    assert all(0 <= i < len(source) and 0 <= j < len(target) for i, j in links)
    assert {j for i, j in links if source[i] == "file"} >= {12, 13, 14, 15}  # ファイル, learnt from the toys
    assert model.figures.candidate_links == sum(len(s) * len(t) for s, t in JAPANESE) + len(source) * len(target)


def test_the_prior_fixes_a_link_the_data_alone_gets_wrong() -> None:
    pair = USER_NAME[0]  # user name / tên người dùng
    alone = aligned_words(train(USER_NAME), pair)
    assert ("user", "tên") in alone  # the diagonal's guess, wrong
    prior = term_prior([(["user"], ["người", "dùng"]), (["name"], ["tên"])], weight=5.0)
    assert prior == {("user", "người"): 2.5, ("user", "dùng"): 2.5, ("name", "tên"): 5.0}
    fixed = aligned_words(train(USER_NAME, prior=prior), pair)
    assert fixed == {("user", "người"), ("user", "dùng"), ("name", "tên")}


def test_prior_words_never_seen_in_the_corpus_are_known_to_the_model() -> None:
    model = train(GERMAN, prior={("katze", "cat"): 3.0})
    assert model.translation_probability("katze", "cat") > 0.9
    assert (1, 1) in model.align(["die", "katze"], ["the", "cat"])


def test_same_input_same_output() -> None:
    corpus = VIETNAMESE + JAPANESE + GERMAN
    first, second = train(corpus), train(corpus)
    assert np.array_equal(first.forward.probabilities, second.forward.probabilities)
    assert np.array_equal(first.reverse.probabilities, second.reverse.probabilities)
    assert first.align_corpus(corpus) == second.align_corpus(corpus) == align_corpus(corpus)


def test_blocks_and_deduplication_change_nothing() -> None:
    """Cutting the links into blocks of one pair, or not merging identical pairs, gives the same model."""
    corpus = VIETNAMESE + VIETNAMESE[:3] + JAPANESE
    whole = train(corpus)
    for other in (train(corpus, max_links=1), train(corpus, deduplicate=False)):
        assert np.allclose(whole.forward.probabilities, other.forward.probabilities, rtol=1e-9, atol=1e-15)
        assert np.allclose(whole.reverse.probabilities, other.reverse.probabilities, rtol=1e-9, atol=1e-15)
        assert whole.align_corpus(corpus) == other.align_corpus(corpus)
    assert whole.figures.pairs == len(corpus) and whole.figures.distinct_pairs == len(corpus) - 3


def test_aligning_the_training_corpus_matches_aligning_it_anew() -> None:
    corpus = VIETNAMESE + JAPANESE + VIETNAMESE[:1]
    model, links = train_and_align(corpus)
    assert links == model.align_corpus(corpus)
    assert links[0] == links[-1] and links[0] is not links[-1]  # a repeated pair: its own list
    assert set(model.timings) == {"encode", "links", "source-to-target", "target-to-source", "align"}


def test_unknown_words_empty_sides_and_integer_tokens() -> None:
    model = train(VIETNAMESE)
    links = model.align(["open", "zzz"], ["mở", "qqq"])
    assert (0, 0) in links
    assert model.align([], ["mở"]) == [] and model.align(["open"], []) == []
    assert model.translation_probability("zzz", "mở") == 0.0 and model.translations("zzz") == []
    ids = [([hash(w) % 1000 for w in s], [hash(w) % 1000 + 1000 for w in t]) for s, t in GERMAN]
    assert train(ids).align(*ids[0]) == [(0, 0), (1, 1)]
    assert train([([], ["a"]), (["b"], [])]).align(["b"], ["a"]) in ([], [(0, 0)])


@pytest.mark.parametrize("method", ["forward", "reverse", "intersection", "union", "grow-diag", "grow-diag-final",
                                    "grow-diag-final-and"])
def test_every_method_gives_sorted_links_within_the_pair(method: str) -> None:
    model = train(VIETNAMESE)
    for source, target in VIETNAMESE:
        links = model.align(source, target, method=method)
        assert links == sorted(set(links))
        assert all(0 <= i < len(source) and 0 <= j < len(target) for i, j in links)
    forward = model.align(*VIETNAMESE[0], method="forward")
    reverse = model.align(*VIETNAMESE[0], method="reverse")
    assert len({j for _, j in forward}) == len(forward) and len({i for i, _ in reverse}) == len(reverse)


def test_model1_iterations_and_tension_re_estimation() -> None:
    model = train(GERMAN, model1_iterations=2, iterations=3, optimize_tension=True, alpha=None)
    kinds = [(r.direction, r.model) for r in model.history]
    assert kinds == [("source-to-target", "model1")] * 2 + [("source-to-target", "model2")] * 3 + \
        [("target-to-source", "model1")] * 2 + [("target-to-source", "model2")] * 3
    assert model.forward.tension > 2.0  # a perfectly diagonal corpus tightens the prior
    likelihoods = [r.log_likelihood for r in model.history if r.direction == "source-to-target"]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(likelihoods))  # plain EM never decreases it


@pytest.mark.parametrize("options", [
    {"iterations": -1}, {"model1_iterations": 1.5}, {"null_probability": 1.0}, {"tension": -1.0},
    {"alpha": 0.0}, {"max_links": 0},
])
def test_bad_options_are_usage_errors(options: dict) -> None:
    with pytest.raises(UsageError):
        train(GERMAN, **options)


def test_bad_prior_and_method_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        train(GERMAN, prior={("das", "the"): -1.0})
    with pytest.raises(UsageError):
        train(GERMAN, prior={"das": 1.0})  # type: ignore[dict-item]
    with pytest.raises(UsageError, match="grow-diag-final-and"):
        align_corpus(GERMAN, method="grow")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        term_prior([(["a"], ["b"])], weight=0)


def test_the_defaults_are_stated_once() -> None:
    """train's and align_corpus's keyword defaults are TrainingOptions' own."""
    fields = {f.name: f.default for f in dataclasses.fields(TrainingOptions)}
    for function in (train, align_corpus):
        defaults = {name: p.default for name, p in inspect.signature(function).parameters.items()
                    if p.kind is p.KEYWORD_ONLY and name in fields}
        assert defaults == fields


def test_the_vietnamese_toys_need_no_prior_but_accept_one() -> None:
    prior = term_prior([(["file"], ["tập", "tin"])])
    with_prior = train(VIETNAMESE, prior=prior)
    assert aligned_words(with_prior, VIETNAMESE[0]) == {("open", "mở"), ("file", "tập"), ("file", "tin")}
    assert with_prior.translation_probability("file", "tập") > train(VIETNAMESE).translation_probability("file", "tập")


def test_pairs_may_be_any_iterable_of_token_sequences() -> None:
    assert align_corpus(iter(GERMAN)) == align_corpus(GERMAN)
    assert align_corpus((iter(s), iter(t)) for s, t in GERMAN) == align_corpus(GERMAN)
    assert align_corpus(pairs([])) == []
    with pytest.raises(UsageError, match="not a string"):
        train([("das haus", "the house")])  # type: ignore[list-item]
