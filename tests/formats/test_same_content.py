"""Every format reads the same content into the same segments."""
from __future__ import annotations

from collections import defaultdict

from contract import FIXTURES, SAMPLE_PAIRS, VI_EN, read

from glossary.corpora.formats import registered_formats
from glossary.model.langtags import base_language


def test_every_fixture_of_every_format_reads_into_the_same_pairs() -> None:
    segments, stats = read(FIXTURES, **VI_EN)
    by_file: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for segment in segments:
        by_file[segment.origin.path].append((segment.source, segment.target))
        assert (base_language(segment.source_lang), base_language(segment.target_lang)) == ("vi", "en")
    assert set(stats.files) == set(registered_formats()), "a format has no sample fixture"
    assert len(by_file) == sum(stats.files.values())
    for path, pairs in by_file.items():
        assert sorted(pairs) == sorted(SAMPLE_PAIRS), path
