"""Small labelled inputs for the discovery tests."""
from __future__ import annotations

from glossary.corpora.segments import Origin, Segment


def seg(source: str, target: str, *, unit: str, document: str = "doc", source_id: str = "",
        source_lang: str = "vi", target_lang: str = "en") -> Segment:
    return Segment(source=source, target=target, source_lang=source_lang, target_lang=target_lang,
                   origin=Origin("test.tmx", 1), unit_id=unit, source_id=source_id or unit, document=document)


def corpus(pairs: list[tuple[str, str]], *, document: str = "doc") -> list[Segment]:
    return [seg(s, t, unit=f"u{i}", document=document) for i, (s, t) in enumerate(pairs, start=1)]


def passages_of(segments: list[Segment]) -> tuple[list[int], list[list[int]], list[str]]:
    """segment -> passage, passage -> segments, passage texts (as ``discover`` builds them)."""
    index: dict[str, int] = {}
    seg_p: list[int] = []
    p_segs: list[list[int]] = []
    for i, s in enumerate(segments):
        p = index.setdefault(s.source, len(index))
        if p == len(p_segs):
            p_segs.append([])
        p_segs[p].append(i)
        seg_p.append(p)
    return seg_p, p_segs, list(index)
