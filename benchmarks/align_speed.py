"""Word aligner (glossary.align) speed and peak memory on the Debian message catalogues.

Run: python -m benchmarks.align_speed [--lang vi] [--scales 1,10] [--show 10]

Reads every ``/usr/share/locale/<lang>/LC_MESSAGES/*.mo`` with polib (English msgid ->
translated msgstr; a plural entry by its first form; untranslated and header entries
skipped), tokenises both sides as a caller would (``glossary.text.normalize.tokenize``,
lower-cased: Vietnamese comes as syllables), then trains both directions of the aligner
(5 Model 2 iterations each, the defaults) and aligns every pair with grow-diag-final-and,
reusing the candidate links built for training (``glossary.align.model.train_and_align``).

Scale 10 is the catalogues ten times, copy k with the marker token ``@k`` appended to both
sides of each pair, so that no pair of one copy repeats a pair of another (identical pairs
are aligned once and weighted: plain repetition would cost nothing).

Alignment quality, a proxy (vi only): ``TERMS_VI`` lists the usual Vietnamese rendering of
60 common software words ("file" -> "tập tin"); for every pair where the English word
occurs once and one of its renderings once, the word's consistent target span
(``consistent_target_span``) is compared with the rendering's: the same (exact), overlapping
(partial), or not (none, also when no consistent span exists). A translator may have chosen
another wording that the list misses, so this undercounts; it is for comparing settings.

Each scale runs in a fresh process, so its peak RSS (``VmHWM``, benchmarks/rss.py) is its
own. Seconds are wall-clock per stage; ``train_and_align_cpu_seconds`` is the process's CPU
time over training and aligning (one core: numpy runs these operations in one thread), the
figure to trust on a busy machine. Target: scale 1 trains and aligns in well under 30 s on
one core (the figure checked is 30 s) with peak RSS under 1 GB. Figures only: this asserts
nothing.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCALE = Path("/usr/share/locale")
SECONDS_TARGET = 30.0
RSS_TARGET_MB = 1024.0


TERMS_VI = {
    "file": ["tập tin"], "files": ["tập tin"], "user": ["người dùng"], "users": ["người dùng"], "error": ["lỗi"],
    "open": ["mở"], "save": ["lưu"], "delete": ["xóa", "xoá"], "folder": ["thư mục"], "password": ["mật khẩu"],
    "window": ["cửa sổ"], "directory": ["thư mục"], "options": ["tùy chọn", "tuỳ chọn"],
    "option": ["tùy chọn", "tuỳ chọn"], "command": ["lệnh"], "name": ["tên"], "search": ["tìm kiếm", "tìm"],
    "network": ["mạng"], "help": ["trợ giúp"], "close": ["đóng"], "new": ["mới"], "copy": ["sao chép", "chép"],
    "cannot": ["không thể"], "failed": ["lỗi", "thất bại"], "invalid": ["không hợp lệ"],
    "server": ["máy phục vụ", "máy chủ"], "message": ["thông điệp", "thư", "tin nhắn"], "device": ["thiết bị"],
    "print": ["in"], "list": ["danh sách"], "size": ["kích thước", "cỡ"], "color": ["màu"],
    "image": ["ảnh", "hình ảnh"], "version": ["phiên bản"], "memory": ["bộ nhớ"], "keyboard": ["bàn phím"],
    "language": ["ngôn ngữ"], "time": ["thời gian"], "date": ["ngày"], "text": ["văn bản", "chữ"],
    "page": ["trang"], "default": ["mặc định"], "unknown": ["không rõ", "không biết"], "display": ["hiển thị"],
    "connection": ["kết nối"], "address": ["địa chỉ"], "package": ["gói"], "packages": ["gói"],
    "system": ["hệ thống"], "information": ["thông tin"], "program": ["chương trình"],
    "key": ["khóa", "khoá", "phím"], "output": ["kết xuất", "đầu ra"], "input": ["đầu vào", "nhập"],
    "read": ["đọc"], "write": ["ghi"], "create": ["tạo"], "remove": ["gỡ bỏ", "xóa", "bỏ"],
    "install": ["cài đặt", "cài"], "support": ["hỗ trợ"], "line": ["dòng"], "number": ["số"], "data": ["dữ liệu"],
    "format": ["định dạng"],
}


def term_spans(pairs: list[tuple[list[str], list[str]]], links: list[list[tuple[int, int]]],
               terms: dict[str, list[str]]) -> dict:
    """How often a known word's consistent target span is its known rendering (see the docstring)."""
    from glossary.align import consistent_target_span

    exact = partial = none = 0
    renderings = {word: [r.split() for r in rendered] for word, rendered in terms.items()}
    for (source, target), pair_links in zip(pairs, links):
        for i, word in enumerate(source):
            if word not in renderings or source.count(word) != 1:
                continue
            expected = None
            for rendering in renderings[word]:
                width = len(rendering)
                starts = [k for k in range(len(target) - width + 1) if target[k:k + width] == rendering]
                if len(starts) == 1:
                    expected = (starts[0], starts[0] + width)
                    break
            if expected is None:
                continue
            span = consistent_target_span(pair_links, i, i + 1, len(target))
            if span == expected:
                exact += 1
            elif span is not None and span[0] < expected[1] and expected[0] < span[1]:
                partial += 1
            else:
                none += 1
    total = exact + partial + none
    return {"occurrences": total, "exact": exact / total if total else None,
            "partial": partial / total if total else None, "none": none / total if total else None}


def read_catalogues(lang: str) -> tuple[list[tuple[str, str]], int]:
    """(msgid, msgstr) of every translated entry of the language's .mo files, and how many files."""
    import polib

    pairs: list[tuple[str, str]] = []
    files = sorted((LOCALE / lang / "LC_MESSAGES").glob("*.mo"))
    for path in files:
        try:
            catalogue = polib.mofile(str(path))
        except (OSError, ValueError, UnicodeDecodeError) as exc:  # a broken catalogue: skipped, said
            print(f"skipped {path}: {exc}", file=sys.stderr)
            continue
        for entry in catalogue:
            if not entry.msgid:
                continue
            text = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
            if text:
                pairs.append((entry.msgid, text))
    return pairs, len(files)


def tokens(text: str) -> list[str]:
    from glossary.text.normalize import tokenize

    return [token.text.lower() for token in tokenize(text)]


def measure(lang: str, scale: int, *, show: int = 0) -> dict:
    """Read, tokenise, train and align in this process (run it in a fresh one); the figures."""
    from glossary.align import TrainingOptions, train_and_align

    from .rss import peak_rss_kb

    baseline_mb = peak_rss_kb() / 1024
    started = time.perf_counter()
    texts, files = read_catalogues(lang)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pairs = [(tokens(source), tokens(target)) for source, target in texts]
    tokenise_seconds = time.perf_counter() - started
    if scale > 1:
        pairs = [(source + [f"@{k}"], target + [f"@{k}"]) for k in range(scale) for source, target in pairs]
    started, cpu_started = time.perf_counter(), time.process_time()
    model, links = train_and_align(pairs, options=TrainingOptions())
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    t = model.timings
    train_seconds = t["encode"] + t["links"] + t["source-to-target"] + t["target-to-source"]
    figures = model.figures
    result = {
        "lang": lang, "scale": scale, "files": files, "pairs": figures.pairs,
        "distinct_pairs": figures.distinct_pairs, "source_tokens": figures.source_tokens,
        "target_tokens": figures.target_tokens, "candidate_links": figures.candidate_links,
        "source_vocabulary": figures.source_vocabulary, "target_vocabulary": figures.target_vocabulary,
        "table_entries": figures.table_entries, "links_out": sum(len(x) for x in links),
        "read_seconds": read_seconds, "tokenise_seconds": tokenise_seconds,
        "encode_seconds": t["encode"], "candidate_links_seconds": t["links"],
        "em_source_to_target_seconds": t["source-to-target"], "em_target_to_source_seconds": t["target-to-source"],
        "align_seconds": t["align"], "train_seconds": train_seconds, "train_and_align_seconds": total,
        "train_and_align_cpu_seconds": cpu,
        "iteration_seconds": {d: [r.seconds for r in model.history if r.direction == d]
                              for d in ("source-to-target", "target-to-source")},
        "log_likelihood_per_token": {d: [r.log_likelihood for r in model.history if r.direction == d]
                                     for d in ("source-to-target", "target-to-source")},
        "baseline_rss_mb": baseline_mb, "peak_rss_mb": peak_rss_kb() / 1024,
    }
    if lang == "vi":
        result["term_spans"] = term_spans(pairs[:len(texts)], links, TERMS_VI)
    if show:
        rng = random.Random(7)
        short = [n for n, (s, g) in enumerate(pairs[:len(texts)]) if 2 <= len(s) <= 12 and len(g) <= 20]
        result["shown"] = [
            f"{' '.join(pairs[n][0])}  |||  {' '.join(pairs[n][1])}\n    "
            + "  ".join(f"{pairs[n][0][i]}-{pairs[n][1][j]}" for i, j in links[n])
            for n in sorted(rng.sample(short, min(show, len(short))))]
    return result


def measure_fresh(lang: str, scale: int) -> dict:
    """``measure`` in a fresh process (its own peak RSS)."""
    child = subprocess.run([sys.executable, "-m", "benchmarks.align_speed", "--measure", lang, str(scale)],
                           cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(child.stdout)


def run(quick: bool) -> dict:
    """The vi catalogues at scale 1, and (full run) at scale 10."""
    if not (LOCALE / "vi" / "LC_MESSAGES").is_dir():
        return {"error": f"no {LOCALE}/vi/LC_MESSAGES on this machine", "targets": []}
    scales = {f"x{scale}": measure_fresh("vi", scale) for scale in ((1,) if quick else (1, 10))}
    one = scales["x1"]
    return {
        "scales": scales,
        "targets": [
            {"target": "vi catalogues: train both directions and align in < 30 s", "value": one["train_and_align_seconds"],
             "unit": "s", "limit": SECONDS_TARGET, "met": one["train_and_align_seconds"] < SECONDS_TARGET},
            {"target": "vi catalogues: peak RSS < 1 GB", "value": one["peak_rss_mb"], "unit": "MB",
             "limit": RSS_TARGET_MB, "met": one["peak_rss_mb"] < RSS_TARGET_MB},
        ],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="vi", help="the catalogues' language (a folder of /usr/share/locale)")
    parser.add_argument("--scales", default="1,10", help="corpus sizes as multiples of the catalogues")
    parser.add_argument("--show", type=int, default=0, help="print the links of this many short pairs (scale 1)")
    parser.add_argument("--measure", nargs=2, metavar=("LANG", "SCALE"), help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    print(f"{'scale':>5} {'pairs':>9} {'links':>12} {'entries':>10} {'read':>6} {'token':>6} {'encode':>7} "
          f"{'cands':>6} {'EM s>t':>7} {'EM t>s':>7} {'align':>6} {'total':>6} {'CPU':>6} {'peak RSS':>9}")
    for scale in (int(s) for s in args.scales.split(",")):
        if args.show and scale == 1:
            r = measure(args.lang, 1, show=args.show)  # in this process, to print the links
        else:
            r = measure_fresh(args.lang, scale)
        print(f"{scale:>5} {r['pairs']:>9,} {r['candidate_links']:>12,} {r['table_entries']:>10,} "
              f"{r['read_seconds']:>6.1f} {r['tokenise_seconds']:>6.1f} {r['encode_seconds']:>7.1f} "
              f"{r['candidate_links_seconds']:>6.1f} {r['em_source_to_target_seconds']:>7.1f} "
              f"{r['em_target_to_source_seconds']:>7.1f} {r['align_seconds']:>6.1f} "
              f"{r['train_and_align_seconds']:>6.1f} {r['train_and_align_cpu_seconds']:>6.1f} "
              f"{r['peak_rss_mb']:>6.0f} MB", flush=True)
        if "term_spans" in r:
            t = r["term_spans"]
            print(f"      known terms' consistent spans: {t['occurrences']:,} occurrences, exact {t['exact']:.1%}, "
                  f"partial {t['partial']:.1%}, none {t['none']:.1%}", flush=True)
        for line in r.get("shown", []):
            print(line)


if __name__ == "__main__":
    main()
