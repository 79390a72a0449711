"""A labelled aligned corpus: variant renderings injected at known places and rates.

Sentences are built from a bilingual phrase list (fillers with one fixed translation)
and terms; some terms *drift*: a share of their occurrences is rendered by a variant
of a known class (misspelling, diacritics, US/UK spelling, case/hyphen, abbreviation,
lexical, numeric, orthographic). Some passages are rendered twice (two documents, one
shared source id), as news desks do. The labels say, for every term that drifted, the
source term, the canonical rendering and each variant with its class and count.

    python benchmarks/gen_variants.py --pair vi-en --pairs 2000 --seed 7 --out /tmp/gen

writes ``vi-en.tmx`` (TMX 1.4b, readable by ``glossary discover``) and ``vi-en.labels.json``.
Same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from glossary.corpora.segments import Origin, Segment  # noqa: E402

# (vi, en, variants of the English rendering, variants of the Vietnamese rendering)
TERMS: list[tuple[str, str, dict[str, list[str]], dict[str, list[str]]]] = [
    ("tội phạm mạng", "cybercrime", {"case-hyphen": ["cyber-crime"], "lexical": ["online crime"]},
     {"lexical": ["tội phạm công nghệ cao"]}),
    ("an ninh mạng", "cybersecurity", {"case-hyphen": ["cyber security"], "lexical": ["network safety"]},
     {"lexical": ["bảo mật mạng"]}),
    ("UNODC", "UNODC", {"misspelling": ["UNDOC"]}, {"misspelling": ["UNDOC"]}),
    ("Phạm Minh Chính", "Pham Minh Chinh", {"diacritics": ["Phạm Minh Chính"]}, {"diacritics": ["Pham Minh Chinh"]}),
    ("Bùi Thanh Sơn", "Bui Thanh Son", {"diacritics": ["Bùi Thanh Sơn"]}, {"diacritics": ["Bui Thanh Son"]}),
    ("chương trình hành động", "action program", {"us-uk-spelling": ["action programme"]}, {"lexical": ["kế hoạch hành động"]}),
    ("tổ chức quốc tế", "international organizations", {"us-uk-spelling": ["international organisations"]},
     {"lexical": ["tổ chức toàn cầu"]}),
    ("hòa bình", "peace", {}, {"orthographic": ["hoà bình"]}),
    ("thủy sản", "fisheries", {"lexical": ["aquaculture"]}, {"orthographic": ["thuỷ sản"]}),
    ("Lễ mở ký", "signing ceremony", {"lexical": ["opening ceremony"]}, {"lexical": ["Lễ ký kết"]}),
    ("Tổng Thư ký", "Secretary-General", {"case-hyphen": ["Secretary General"]}, {"lexical": ["Tổng thư ký trưởng"]}),
    ("Liên hợp quốc", "United Nations", {"abbreviation": ["UN"]}, {"abbreviation": ["LHQ"]}),
    ("Thủ tướng", "Prime Minister", {"abbreviation": ["PM"]}, {}),
    ("chuyển đổi số", "digital transformation", {"lexical": ["digitalisation drive"]}, {"lexical": ["số hóa"]}),
    ("kỷ nguyên số", "digital age", {"lexical": ["digital era"]}, {"lexical": ["thời đại số"]}),
    ("hợp tác quốc tế", "international cooperation", {"lexical": ["global collaboration"]}, {}),
    ("khuôn khổ pháp lý", "legal framework", {"lexical": ["legal architecture"]}, {"lexical": ["hành lang pháp lý"]}),
    ("Bộ Công an", "Ministry of Public Security", {"lexical": ["Ministry of Police"]}, {"case-hyphen": ["Bộ công an"]}),
    ("nâng cao năng lực", "capacity building", {"case-hyphen": ["capacity-building"]}, {}),
    ("dữ liệu cá nhân", "personal data", {}, {"lexical": ["thông tin cá nhân"]}),
    ("trí tuệ nhân tạo", "artificial intelligence", {"abbreviation": ["AI"]}, {}),
    ("lừa đảo trực tuyến", "online fraud", {"lexical": ["internet scams"]}, {"lexical": ["gian lận qua mạng"]}),
    ("quản trị xã hội", "social governance", {}, {}),
    ("Đông Nam Á", "Southeast Asia", {"case-hyphen": ["South-East Asia"]}, {"diacritics": ["Dong Nam A"]}),
    ("chứng cứ điện tử", "electronic evidence", {"lexical": ["digital evidence"]}, {}),
    ("hạ tầng số", "digital infrastructure", {}, {}),
    ("tấn công mạng", "cyberattacks", {"case-hyphen": ["cyber attacks"]}, {"lexical": ["công kích mạng"]}),
    ("Hà Nội", "Hanoi", {}, {"diacritics": ["Ha Noi"]}),
    ("83,5 triệu AUD", "AUD 83.5 million", {"numeric": ["$83.5 million"]}, {"numeric": ["83,5 triệu USD"]}),
    ("bảo vệ trẻ em", "child protection", {"lexical": ["safeguarding children"]}, {}),
    ("xuyên biên giới", "cross-border", {"case-hyphen": ["cross border"]}, {}),
    ("phòng chống rửa tiền", "anti-money laundering", {"abbreviation": ["AML"]}, {}),
]

# Fillers: one fixed translation each, so only the terms vary.
FILLERS: list[tuple[str, str]] = [
    ("các nước", "countries"), ("nhấn mạnh", "stressed"), ("đại diện", "representatives"), ("cam kết", "pledged"),
    ("thúc đẩy", "promote"), ("người dân", "citizens"), ("doanh nghiệp", "businesses"), ("chính phủ", "government"),
    ("phát triển bền vững", "sustainable growth"), ("kinh tế", "economy"), ("thông tin", "information"),
    ("chia sẻ", "share"), ("tăng cường", "strengthen"), ("giải pháp", "solutions"), ("thách thức", "challenges"),
    ("quan trọng", "important"), ("mới", "new"), ("toàn cầu", "global"), ("khu vực", "regional"),
    ("đào tạo", "training"), ("nghiên cứu", "research"), ("công nghệ", "technology"), ("chiến lược", "strategy"),
    ("kế hoạch", "plan"), ("báo cáo", "report"), ("đầu tư", "investment"), ("pháp luật", "law"),
    ("trách nhiệm", "responsibility"), ("cộng đồng", "community"), ("hỗ trợ", "support"), ("triển khai", "implement"),
    ("thảo luận", "discussed"), ("hội nghị", "conference"), ("tuần này", "this week"), ("chuyên gia", "experts"),
    ("sáng kiến", "initiative"), ("ngân sách", "budget"), ("quy định", "regulations"), ("giám sát", "oversight"),
    ("minh bạch", "transparency"), ("đối tác", "partners"), ("ưu tiên", "priority"), ("mục tiêu", "goals"),
]
CONNECTORS: list[tuple[str, str]] = [("và", "and"), ("của", "of"), ("trong", "in"), ("với", "with"), ("về", "on")]


@dataclass(slots=True)
class TermLabel:
    source: str
    canonical: str
    variants: dict[str, str] = field(default_factory=dict)  # form -> class
    counts: dict[str, int] = field(default_factory=dict)  # form -> occurrences (canonical included)

    def to_dict(self) -> dict:
        return {"source": self.source, "canonical": self.canonical, "variants": self.variants, "counts": self.counts}


@dataclass(slots=True)
class Generated:
    pair: str
    segments: list[Segment]
    labels: list[TermLabel]  # terms that drifted: rendered in two or more forms

    def tmx(self) -> str:
        src, tgt = self.pair.split("-")
        out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
               f'  <header creationtool="gen_variants" creationtoolversion="1" segtype="sentence" o-tmf="glossary" '
               f'adminlang="en" srclang="{src}" datatype="plaintext"/>', "  <body>"]
        for s in self.segments:
            out.append(f'    <tu tuid="{escape(s.unit_id)}">')
            out.append(f'      <prop type="x-document">{escape(s.document)}</prop>')
            out.append(f'      <prop type="x-source-id">{escape(s.source_id)}</prop>')
            out.append(f'      <tuv xml:lang="{src}"><seg>{escape(s.source)}</seg></tuv>')
            out.append(f'      <tuv xml:lang="{tgt}"><seg>{escape(s.target)}</seg></tuv>')
            out.append("    </tu>")
        out += ["  </body>", "</tmx>", ""]
        return "\n".join(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def generate(pair: str = "vi-en", *, pairs: int = 2000, seed: int = 7, variant_rate: float = 0.25,
             drift_share: float = 0.6, shared_share: float = 0.15) -> Generated:
    """``pairs`` aligned pairs; ``drift_share`` of the terms that have variants drift, each occurrence of a
    drifting term is a variant with probability ``variant_rate``; ``shared_share`` of passages get a second rendering."""
    if pair not in ("vi-en", "en-vi"):
        raise ValueError("pair must be vi-en or en-vi")
    rng = random.Random(seed)
    forward = pair == "vi-en"
    terms = []
    for vi, en, en_var, vi_var in TERMS:
        source, target, variants = (vi, en, en_var) if forward else (en, vi, vi_var)
        flat = [(form, cls) for cls, forms in variants.items() for form in forms]
        drifts = bool(flat) and rng.random() < drift_share
        terms.append((source, target, flat if drifts else []))
    fillers = FILLERS if forward else [(e, v) for v, e in FILLERS]
    connectors = CONNECTORS if forward else [(e, v) for v, e in CONNECTORS]
    labels: dict[str, TermLabel] = {}
    segments: list[Segment] = []

    def render(term_index: int) -> str:
        source, target, flat = terms[term_index]
        label = labels.setdefault(source, TermLabel(source, target))
        form = target
        if flat and rng.random() < variant_rate:
            form, cls = flat[rng.randrange(len(flat))]
            label.variants[form] = cls
        label.counts[form] = label.counts.get(form, 0) + 1
        return form

    passage = 0
    while len(segments) < pairs:
        passage += 1
        chosen_terms = rng.sample(range(len(terms)), rng.choice((1, 1, 2)))
        parts: list[tuple[str, int | None, tuple[str, str] | None]] = []
        for t in chosen_terms:
            parts.append(("term", t, None))
        for _ in range(rng.randint(2, 5)):
            parts.append(("filler", None, fillers[rng.randrange(len(fillers))]))
        rng.shuffle(parts)
        joins = [connectors[rng.randrange(len(connectors))] if rng.random() < 0.4 else None for _ in parts]
        renderings = 2 if rng.random() < shared_share else 1
        source_words: list[str] = []
        for (kind, t, filler), join in zip(parts, joins):
            source_words.append(terms[t][0] if kind == "term" else filler[0])
            if join:
                source_words.append(join[0])
        source = _cap(" ".join(source_words).rstrip()) + "."
        for r in range(renderings):
            words: list[str] = []
            for (kind, t, filler), join in zip(parts, joins):
                words.append(render(t) if kind == "term" else filler[1])
                if join:
                    words.append(join[1])
            target = _cap(" ".join(words)) + "."
            unit = f"p{passage}" + (f"-r{r + 1}" if renderings > 1 else "")
            segments.append(Segment(source=source, target=target, source_lang=pair[:2], target_lang=pair[3:],
                                    origin=Origin(f"{pair}.tmx", None), unit_id=unit, source_id=f"p{passage}",
                                    document=f"desk-{(passage + r) % 7}"))
    drifted = [lab for lab in labels.values() if len(lab.counts) >= 2]
    return Generated(pair, segments, drifted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pair", choices=("vi-en", "en-vi"), default="vi-en")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variant-rate", type=float, default=0.25)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    gen = generate(args.pair, pairs=args.pairs, seed=args.seed, variant_rate=args.variant_rate)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.pair}.tmx").write_text(gen.tmx(), encoding="utf-8")
    (args.out / f"{args.pair}.labels.json").write_text(
        json.dumps([lab.to_dict() for lab in gen.labels], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(gen.segments)} pairs, {len(gen.labels)} drifting terms -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
