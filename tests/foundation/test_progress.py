"""The progress protocol (glossary.progress): the no-op default, throttling, and reading
progress in bytes through every corpus reader, the partition engine and the corpus index."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.synth import iter_pairs, make_concepts, write_po, write_tmx
from glossary.corpora.formats.base import ReadOptions, ReadStats, expand_paths, get_format, read_corpus
from glossary.corpora.segments import Segment
from glossary.progress import (
    NO_PROGRESS,
    CallbackProgress,
    Progress,
    Recorder,
    Reporter,
    counted,
    current,
    reading_from,
    resolve,
    watching,
)
from glossary.run.engine import run_partitions
from glossary.search.concordance import INDEX_PHASE, CorpusIndex

PAIRS = 3000  # enough for a reader to be met mid-file many times (a position is sampled every 64 segments)


@dataclass
class _Part:
    stats: ReadStats
    segments: list[Segment] = field(default_factory=list)


class _Pairs:
    """A picklable engine task: the pairs of a partition, with their read's stats."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def __call__(self, partition) -> _Part:
        from glossary.run.engine import read_partition

        stats = ReadStats()
        return _Part(stats, list(read_partition(partition, self.options, stats)))


# -- the protocol -----------------------------------------------------------------------------
def test_the_default_does_nothing_and_is_current_outside_a_with() -> None:
    assert current() is NO_PROGRESS and not NO_PROGRESS.enabled
    NO_PROGRESS.phase("x", total=3)
    NO_PROGRESS.advance(2, items=1)
    NO_PROGRESS.update(3, total=4)
    NO_PROGRESS.close()
    assert resolve(None) is NO_PROGRESS


def test_with_makes_a_progress_current_and_restores_the_one_before_even_on_an_error() -> None:
    outer, inner = Recorder(), Recorder()
    with outer:
        assert current() is outer and resolve(None) is outer
        with pytest.raises(KeyboardInterrupt):
            with inner:
                inner.phase("work", total=10)
                assert current() is inner
                raise KeyboardInterrupt
        assert current() is outer
        assert inner.current is None and inner.phases[0]["seconds"] is not None  # closed: the phase ended
    assert current() is NO_PROGRESS


def test_phases_end_one_another_and_keep_their_last_counts() -> None:
    rec = Recorder()
    rec.phase("one", total=3, unit="items")
    rec.advance()
    rec.advance(2)
    rec.phase("two", unit="bytes", item_unit="pairs")
    rec.update(50, items=7)
    rec.update(80, items=9, total=80)
    rec.close()
    assert rec.names() == ["one", "two"]
    assert rec.get("one")["done"] == 3 == rec.get("one")["total"]
    two = rec.get("two")
    assert (two["done"], two["items"], two["total"], two["unit"], two["item_unit"]) == (80, 9, 80, "bytes", "pairs")


def test_a_reporter_shows_at_most_every_interval_and_looks_at_the_clock_rarely(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    looks = [0]

    def monotonic() -> float:
        looks[0] += 1
        return clock[0]

    monkeypatch.setattr("glossary.progress.time.monotonic", monotonic)
    shown: list[float] = []

    class Counting(Reporter):
        def show(self, phase) -> None:
            shown.append(phase.done)

    progress = Counting(interval=0.1)
    progress.phase("hot loop", total=1_000_000)
    for _ in range(1_000_000):  # a million calls in 10 (fake) seconds
        clock[0] += 1e-5
        progress.advance()
    progress.close()
    assert shown[-1] == 1_000_000  # the end of a phase is always shown
    assert len(shown) <= 10 / 0.1 + 2  # at most one show per interval
    assert len(shown) >= 10  # ... yet it did show as it went
    assert looks[0] < 10_000  # the clock is read every few hundred calls, not per call


def test_a_loop_that_slows_down_a_hundredfold_is_shown_within_half_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr("glossary.progress.time.monotonic", lambda: clock[0])
    shown: list[float] = []

    class Timed(Reporter):
        def show(self, phase) -> None:
            shown.append(clock[0])

    progress = Timed(interval=0.1)
    progress.phase("fast, then slow")
    for _ in range(100_000):  # 1 s at 100,000 calls a second
        clock[0] += 1e-5
        progress.advance()
    slow_from = clock[0]
    for _ in range(2_000):  # then 1,000 a second
        clock[0] += 1e-3
        progress.advance()
    after = [t for t in shown if t > slow_from]
    assert after and after[0] - slow_from <= 0.5
    assert all(b - a <= 0.5 for a, b in zip(after, after[1:]))


def test_counted_yields_the_same_items_and_advances_once_per_item() -> None:
    rec = Recorder()
    rec.phase("items", total=5)
    assert list(counted(range(5), rec)) == [0, 1, 2, 3, 4]
    assert rec.current.done == 5
    assert list(counted(iter("abc"), NO_PROGRESS)) == ["a", "b", "c"]
    rec.phase("in threes", total=7)
    assert len(list(counted(range(7), rec, every=3))) == 7 and rec.current.done == 7


def test_a_plain_callable_gets_the_pairs_done() -> None:
    seen: list[int] = []
    progress = resolve(seen.append)
    assert isinstance(progress, CallbackProgress)
    progress.phase("reading", total=100, unit="bytes", item_unit="pairs")
    progress.update(40, items=4)
    progress.update(100, items=9)
    progress.phase("finishing", total=3, unit="steps")  # not pairs: not passed on
    progress.advance(3)
    progress.close()
    assert seen[-1] == 9 and set(seen) <= {4, 9}
    with pytest.raises(TypeError):
        resolve(42)  # type: ignore[arg-type]
    assert isinstance(resolve(Progress()), Progress)


def test_a_reader_position_counts_only_while_watched(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 1000)
    with path.open("rb") as handle:
        assert reading_from(path, handle) is handle  # nobody watches: nothing kept
        with watching(path) as position:
            assert position() == 0
            reading_from(path, handle)
            handle.read(300)
            assert position() == 300
        handle.read(100)
    assert position() == 300  # closed handle: the last position seen


# -- reading progress through each reader --------------------------------------------------------
def _pairs(n: int = PAIRS) -> list[tuple[str, str, str, list]]:
    return list(iter_pairs(make_concepts(200, seed=3), n, seed=4, variant_rate=0.2))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Path], ReadOptions]]:
    """The same pairs in every readable format: name -> (paths to read, options)."""
    root = tmp_path_factory.mktemp("formats")
    pairs = _pairs()
    tmx = root / "c.tmx"
    write_tmx(iter(pairs), tmx)
    segments = list(read_corpus([tmx]))
    jsonl = root / "c.jsonl"
    get_format("jsonl").write(segments, jsonl)
    csv = root / "c.tsv"
    csv.write_text("vi\ten\n" + "".join(f"{s.source}\t{s.target}\n" for s in segments), encoding="utf-8")
    po = root / "c.po"
    write_po(iter(pairs), po)
    (root / "par").mkdir()
    (root / "par" / "c.vi").write_text("".join(s.source + "\n" for s in segments), encoding="utf-8")
    (root / "par" / "c.en").write_text("".join(s.target + "\n" for s in segments), encoding="utf-8")
    xliff = root / "c.xlf"
    units = "".join(f'<trans-unit id="u{i}"><source>{_xml(s.source)}</source><target>{_xml(s.target)}</target>'
                    "</trans-unit>\n" for i, s in enumerate(segments))
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="c" source-language="vi" '
                     f'target-language="en" datatype="plaintext"><body>\n{units}</body></file></xliff>\n',
                     encoding="utf-8")
    utf16 = root / "c16.jsonl"
    utf16.write_bytes(jsonl.read_text(encoding="utf-8").encode("utf-16"))
    return {"tmx": ([tmx], ReadOptions()), "jsonl": ([jsonl], ReadOptions()), "csv": ([csv], ReadOptions()),
            "po": ([po], ReadOptions(source_lang="vi")),
            "parallel": ([root / "par" / "c.vi"], ReadOptions(source_lang="vi")),
            "parallel-dir": ([root / "par"], ReadOptions(source_lang="vi")), "xliff": ([xliff], ReadOptions()),
            "utf16": ([utf16], ReadOptions()), "mixed": ([tmx, csv, xliff], ReadOptions())}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _corpus_bytes(paths: list[Path]) -> int:
    files = {p.resolve() for p in expand_paths(paths)}
    for p in list(files):  # the other side of a parallel text, read with the side named
        if p.suffix in (".vi", ".en"):
            files |= {q.resolve() for q in p.parent.glob(p.stem + ".*")}
    return sum(p.stat().st_size for p in files)


@pytest.mark.parametrize("name", ["tmx", "jsonl", "csv", "po", "parallel", "parallel-dir", "xliff", "utf16", "mixed"])
def test_reading_is_counted_in_bytes_of_the_files_and_moves_inside_each_file(
        corpora, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("glossary.corpora.formats.po.BLOCK_BYTES", 1 << 16)  # PO is read in blocks: several here
    paths, options = corpora[name]
    plain_stats, stats = ReadStats(), ReadStats()
    plain = list(read_corpus(paths, options, plain_stats))
    rec = Recorder()
    read = list(read_corpus(paths, options, stats, progress=rec, phase="reading"))
    assert read == plain and stats == plain_stats  # progress changes nothing that is read
    (phase,) = rec.phases
    assert (phase["name"], phase["unit"], phase["item_unit"]) == ("reading", "bytes", "pairs")
    assert phase["total"] == _corpus_bytes(paths)
    assert phase["updates"][-1] == (phase["total"], len(plain))  # the last update reaches the total
    dones = [done for done, _ in phase["updates"]]
    items = [n for _, n in phase["updates"]]
    assert dones == sorted(dones) and items == sorted(items)
    inside = {d for d in dones if 0 < d < phase["total"]}
    assert len(inside) >= 3, f"the bar should move while a file is read: {sorted(inside)}"


def test_reading_without_a_display_takes_the_plain_path(corpora) -> None:
    paths, options = corpora["tmx"]
    with Recorder() as rec:  # made current: read_corpus finds it without being given it
        n = sum(1 for _ in read_corpus(paths, options))
    assert rec.names() == ["reading"] and rec.phases[0]["items"] == n
    assert sum(1 for _ in read_corpus(paths, options)) == n  # and no progress: still the same read


def test_partitions_move_the_bar_per_partition_to_the_corpus_size(corpora) -> None:
    paths, options = corpora["mixed"]
    rec = Recorder()
    parts = list(run_partitions(_Pairs(options), [str(p) for p in paths], options, jobs=2, split_bytes=200_000,
                                progress=rec, phase="reading and checking"))
    assert len(parts) > len(paths)  # the TMX was cut in byte ranges
    (phase,) = rec.phases
    assert phase["name"] == "reading and checking" and phase["total"] == _corpus_bytes(paths)
    segments = sum(len(p.segments) for p in parts)
    assert phase["updates"][-1] == (phase["total"], segments)
    dones = [done for done, _ in phase["updates"]]
    assert dones == sorted(dones) and len({d for d in dones if 0 < d < phase["total"]}) >= len(parts) - 1


def test_the_index_counts_bytes_and_unchanged_files_count_as_done(corpora, tmp_path: Path) -> None:
    paths, options = corpora["mixed"]
    with CorpusIndex.open(tmp_path / "i.sqlite", create=True) as index:
        rec = Recorder()
        summary = index.update(paths, options=options, progress=rec)
        (phase,) = rec.phases
        assert (phase["name"], phase["item_unit"]) == (INDEX_PHASE, "segments")
        assert phase["total"] == _corpus_bytes(paths)
        assert phase["updates"][-1] == (phase["total"], summary.segments_read)
        assert len({d for d, _ in phase["updates"] if 0 < d < phase["total"]}) >= 3
        again = Recorder()
        summary = index.update(paths, options=options, progress=again)
        assert len(summary.unchanged) == len(paths) and summary.segments_read == 0
        assert again.phases[0]["updates"][-1] == (phase["total"], 0)


def test_a_callback_still_sees_the_index_count(corpora, tmp_path: Path) -> None:
    paths, options = corpora["csv"]
    seen: list[int] = []
    with CorpusIndex.open(tmp_path / "i.sqlite", create=True) as index:
        summary = index.update(paths, options=options, progress=seen.append)
    assert seen and seen[-1] == summary.segments_read == PAIRS


def test_stats_read_with_progress_pickle_as_before(corpora) -> None:
    """Nothing of the progress machinery sticks to what a read returns (it crosses processes)."""
    import pickle

    paths, options = corpora["tmx"]
    stats = ReadStats()
    list(read_corpus(paths, options, stats, progress=Recorder()))
    assert pickle.loads(pickle.dumps(stats)) == stats
    assert json.dumps(sorted(stats.file_formats.values())) == '["tmx"]'
