"""Discovery read in partitions (--jobs, Dask): the report of one pass, byte for byte."""
from __future__ import annotations

import pickle
import sys
import unicodedata
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from benchmarks.synth import Injection, iter_pairs, make_concepts, write_tmx
from glossary.cli.main import app
from glossary.corpora.formats.base import ReadOptions, ReadStats, read_corpus
from glossary.discovery import discover
from glossary.discovery.prepare import PreparedText, read_for_discovery, tokenise_source
from glossary.render.discovery import render
from glossary.run.engine import plan_partitions
from glossary.text.normalize import nfc
from tests.cluster import loopback_cluster, needs_dask

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"
SPLIT = 40_000  # bytes per range: the generated corpus is cut into several
runner = CliRunner()


def _with_repeats(pairs: Iterator[tuple[str, str, str, list[Injection]]]) -> Iterator[tuple[str, str, str, list]]:
    """Every 7th unit repeats the source of a unit far back (so in another byte range) with a new
    rendering; every other such repeat is written decomposed (NFD) with doubled spaces, one passage
    in two raw forms."""
    kept: list[tuple[str, str]] = []
    number = 0
    for _, source, target, _ in pairs:
        number += 1
        yield f"u{number}", source, target, []
        kept.append((source, target))
        if number % 7 == 0 and len(kept) > 150:
            old_source, old_target = kept[-150]
            if number % 14 == 0:
                old_source = unicodedata.normalize("NFD", old_source).replace(" ", "  ", 1)
            number += 1
            yield f"u{number}", old_source, old_target.replace("the", "a", 1) + " again", []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("discover") / "c.tmx"
    concepts = make_concepts(120, seed=11)
    write_tmx(_with_repeats(iter_pairs(concepts, 900, seed=12, variant_rate=0.3)), path)
    return path


def _one_pass(paths: list[Path]) -> str:
    return render(discover(list(read_corpus(paths)), inputs=[str(p) for p in paths]), "json")


def _parts(paths: list[Path], **kwargs) -> str:
    part = read_for_discovery(paths, ReadOptions(), **kwargs)
    return render(discover(part.segments, inputs=[str(p) for p in paths], prepared=part.prepared), "json")


def test_the_generated_corpus_repeats_passages_across_byte_ranges(corpus: Path) -> None:
    """What the equality tests below rely on: several ranges, and passages met in more than one."""
    partitions = plan_partitions([str(corpus)], ReadOptions(), workers=2, split_bytes=SPLIT)
    assert len(partitions) >= 4
    seen: dict[str, set[int]] = {}
    raw: dict[str, set[str]] = {}
    for partition in read_for_discovery_parts(partitions):
        for seg in partition[1]:
            key = " ".join(nfc(seg.source).split())
            seen.setdefault(key, set()).add(partition[0])
            raw.setdefault(key, set()).add(seg.source)
    assert any(len(parts) > 1 for parts in seen.values())
    assert any(len(forms) > 1 for forms in raw.values())


def read_for_discovery_parts(partitions) -> Iterator[tuple[int, list]]:
    from glossary.discovery.prepare import DiscoveryTask

    task = DiscoveryTask(ReadOptions())
    for partition in partitions:
        yield partition.index, task(partition).segments


def test_parts_merge_into_the_segments_and_counts_of_one_read(corpus: Path) -> None:
    stats = ReadStats()
    whole = list(read_corpus([corpus], ReadOptions(), stats))
    part = read_for_discovery([corpus], ReadOptions(), jobs=2, split_bytes=SPLIT)
    assert part.segments == whole
    assert part.stats.segments == stats.segments == len(whole)
    assert part.stats.language_pairs == stats.language_pairs


def test_jobs_2_on_byte_ranges_gives_the_report_of_one_pass(corpus: Path) -> None:
    assert _parts([corpus], jobs=2, split_bytes=SPLIT) == _one_pass([corpus])


def test_bundled_corpus_jobs_2_gives_the_report_of_one_pass() -> None:
    if not BUNDLED.exists():
        pytest.skip("the bundled corpus is not there")
    assert _parts([BUNDLED], jobs=2, split_bytes=200_000) == _one_pass([BUNDLED])


def test_prepared_text_survives_pickling_with_the_same_tokens() -> None:
    from tests.discovery.helpers import seg

    prepared = PreparedText()
    texts = ["Công ước Hà Nội, về tội phạm mạng.", unicodedata.normalize("NFD", "Bộ  Công an: “an ninh mạng”")]
    for i, text in enumerate(texts):
        prepared.add_segment(seg(text, "The Hanoi Convention on cybercrime.", unit=f"u{i}"))
    back = pickle.loads(pickle.dumps(prepared))
    twice = pickle.loads(pickle.dumps(back))  # a part merged from parts may travel again
    # the tokens travel packed (not re-tokenised on the other side, which would pass the checks below too)
    assert set(back._packed) == set(twice._packed) == {("vi", t) for t in texts}
    expected = tuple(map(list, zip(*(tokenise_source(t, "vi") for t in texts))))
    assert back.source_tokens(texts, "vi") == twice.source_tokens(texts, "vi") == expected
    assert back.target_keys(["The Hanoi Convention on cybercrime."], "en") == prepared.target_keys(
        ["The Hanoi Convention on cybercrime."], "en")
    # another language than the one prepared: tokenised on the spot, not looked up
    assert back.source_tokens(texts[:1], "en") == ([tokenise_source(texts[0], "en")[0]], [tokenise_source(texts[0], "en")[1]])


def test_cli_jobs_2_writes_the_same_json_as_jobs_1(tmp_path: Path, corpus: Path) -> None:
    """Two files, two partitions in two worker processes, through the real entry point."""
    if not BUNDLED.exists():
        pytest.skip("the bundled corpus is not there")
    args = ["discover", str(BUNDLED), str(corpus), "--no-glossary", "-f", "json"]
    one = runner.invoke(app, args + ["-o", str(tmp_path / "one.json")])
    two = runner.invoke(app, args + ["-o", str(tmp_path / "two.json"), "--jobs", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_cli_help_shares_the_variance_options() -> None:
    helps = [runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output for command in ("discover", "variance")]
    for option in ("--jobs", "--engine", "--scheduler"):
        assert all(option in text for text in helps), option


def test_engine_dask_without_dask_installed_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    if not BUNDLED.exists():
        pytest.skip("the bundled corpus is not there")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = runner.invoke(app, ["discover", str(BUNDLED), "--no-glossary", "--engine", "dask", "-f", "json"])
    # a GlossaryError: one line and exit 2 (as other discover errors)
    assert result.exit_code == 2
    (message,) = result.output.strip().splitlines()
    assert "pip install" in message and "dask" in message


@needs_dask
def test_dask_local_cluster_on_byte_ranges_gives_the_report_of_one_pass(corpus: Path) -> None:
    assert _parts([corpus], engine="dask", split_bytes=SPLIT) == _one_pass([corpus])


@needs_dask
def test_dask_scheduler_address_on_loopback(tmp_path: Path, corpus: Path) -> None:
    """--scheduler tcp://127.0.0.1:PORT through the CLI, against a LocalCluster the test starts."""
    if not BUNDLED.exists():
        pytest.skip("the bundled corpus is not there")
    args = ["discover", str(BUNDLED), str(corpus), "--no-glossary", "-f", "json"]
    with loopback_cluster() as cluster:
        local = runner.invoke(app, args + ["-o", str(tmp_path / "local.json")])
        remote = runner.invoke(app, args + ["-o", str(tmp_path / "dask.json"), "--scheduler", cluster.scheduler_address])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert (tmp_path / "local.json").read_bytes() == (tmp_path / "dask.json").read_bytes()
