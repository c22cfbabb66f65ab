"""Benchmark: normalize 1 MB of real pages, against jieba.lcut over the same text.

Run: ``python bench/bench_normalize.py [MB]``. The seeds (which include pinyin,
mojibake, furniture and traditional script) are repeated up to the size asked
for; each page is normalized separately, as the pipeline does. jieba runs in
the same process on the same text as the baseline, so the ratio stays
meaningful across machines. This is a script, not a timed test, on purpose.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.normalize import normalize_text  # noqa: E402


def corpus(megabytes: float) -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        page = pages[i % len(pages)]
        out.append(page)
        size += len(page.encode("utf-8"))
        i += 1
    return out


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    pages = corpus(megabytes)
    size = sum(len(p.encode("utf-8")) for p in pages)
    normalize_text(pages[0])  # warm caches (opencc, reading data) outside the timing
    t0 = time.perf_counter()
    repaired = lost = 0
    for page in pages:
        norm = normalize_text(page)
        repaired += norm.repaired_chars
        lost += norm.lost_chars
    t_norm = time.perf_counter() - t0

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    for page in pages:
        jieba.lcut(page)
    t_jieba = time.perf_counter() - t0

    print(f"text: {size / 1e6:.2f} MB in {len(pages)} pages ({repaired} chars repaired, {lost} lost)")
    print(f"normalize_text: {t_norm:.3f} s ({size / 1e6 / t_norm:.2f} MB/s)")
    print(f"jieba.lcut baseline: {t_jieba:.3f} s")
    print(f"ratio normalize/jieba: {t_norm / t_jieba:.2f}")
    print("OK: under 1 s per MB" if t_norm / (size / 1e6) < 1.0 else "SLOW: over 1 s per MB")


if __name__ == "__main__":
    main()
