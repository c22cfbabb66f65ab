"""Benchmark: rjieba (Rust) against jieba for the name walker's clauses (issue 17 item 2).

Run: ``python bench/bench_segmenter.py [SYNTHETIC_PAGES]`` (default 300).

What it measures, in one process:

1. The clauses the extractors really segment: every text handed to
   ``jieba.lcut`` while the map step runs over the seeds, ``../shared/dev2``
   and synthetic pages (``bench/make_corpus.py``) is recorded.
2. Per-clause speed: the unique clauses (``kg.extract.lexicon.tokens`` is
   cached per clause) through ``jieba.lcut(HMM=True)`` and through
   ``rjieba.cut(hmm=True)``, each dictionary loaded before the timing, plus
   the one-off dictionary loads; and how many clauses get identical tokens.
3. Scores: the seeds and the development part of dev2 (``scripts/dev2_split.py``;
   the held-out pages are never built here) built twice, with jieba and with
   rjieba swapped in for ``jieba.lcut``, each scored against the shared gold.

Nothing in ``kg/`` changes; the swap (``kg.extract.segmenter._CUT``) is for this run only.
Since issue 17 the build itself uses rjieba when it imports (kg/extract/segmenter.py).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import dev2_split  # noqa: E402
import jieba  # noqa: E402

import make_corpus  # noqa: E402


def record_clauses(pages: list[Path], synthetic: int) -> list[str]:
    """The texts the map step cuts (``kg.extract.segmenter``), in call order."""
    from kg.extract import segmenter
    from kg.ingest import read_page
    from kg.pipeline.mapstep import process_page

    seen: list[str] = []
    real = segmenter._CUT

    def spy(text):
        seen.append(text)
        return real(text)

    segmenter._CUT = spy
    try:
        for path in pages:
            page = read_page(path)
            if hasattr(page, "text"):
                process_page(page)
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(synthetic):
                name, text, _ = make_corpus.page(i)
                (Path(tmp) / name).write_text(text, encoding="utf-8")
                process_page(read_page(Path(tmp) / name))
    finally:
        segmenter._CUT = real
    return seen


def timed(fn, clauses: list[str]) -> float:
    started = time.perf_counter()
    for c in clauses:
        fn(c)
    return time.perf_counter() - started


def _development_split(folder: Path) -> Path:
    """The fixed dev2 split written into ``folder`` (``dev/``, ``dev.jsonl``; the held-out part is not read here)."""
    dev2_split.main(folder)
    return folder


def scores(rust: bool) -> dict[str, dict]:
    """Build and score the seeds and dev2, with jieba or with rjieba as the extractors' cutter."""
    import rjieba

    import kg
    from kg.analysis.evaluate import evaluate
    from kg.extract import segmenter

    real = segmenter._CUT
    segmenter._CUT = (lambda text: rjieba.cut(text, True)) if rust else (lambda text: jieba.lcut(text, HMM=True))
    try:
        out = {}
        with tempfile.TemporaryDirectory() as split_dir:
            dev = _development_split(Path(split_dir))
            for name, pages, gold in (("seeds", ROOT / "seeds", SHARED / "gold" / "seeds.jsonl"),
                                      ("dev12", dev / "dev", dev / "dev.jsonl")):
                with tempfile.TemporaryDirectory() as tmp:
                    kg.build([pages], out=tmp, html=False, validate=False, jobs=1)
                    out[name] = evaluate(Path(tmp) / "graph.ttl", gold)
        return out
    finally:
        segmenter._CUT = real


def _f1(report: dict) -> str:
    return " ".join(f"{k} F1 {report[k]['f1']:.3f}" for k in ("entity", "relation", "observation"))


def main() -> None:
    synthetic = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    jieba.setLogLevel(60)
    started = time.perf_counter()
    jieba.initialize()
    load_jieba = time.perf_counter() - started
    started = time.perf_counter()
    import rjieba

    rjieba.cut("园区", True)
    load_rjieba = time.perf_counter() - started

    dev_names, _held_out = dev2_split.split(sorted(p.name for p in (SHARED / "dev2").glob("*.txt")))
    pages = sorted((ROOT / "seeds").glob("*.txt")) + [SHARED / "dev2" / n for n in dev_names]
    calls = record_clauses(pages, synthetic)
    unique = list(dict.fromkeys(calls))
    t_py = min(timed(lambda c: jieba.lcut(c, HMM=True), unique) for _ in range(3))
    t_rs = min(timed(lambda c: rjieba.cut(c, True), unique) for _ in range(3))
    same = sum(jieba.lcut(c, HMM=True) == rjieba.cut(c, True) for c in unique)
    chars = sum(map(len, unique))
    print(f"clauses: {len(calls)} calls, {len(unique)} unique, {chars} chars "
          f"({len(pages)} real pages + {synthetic} synthetic)")
    print(f"dictionary load: jieba {load_jieba:.2f} s, rjieba {load_rjieba:.2f} s")
    print(f"jieba.lcut {t_py:.3f} s, rjieba.cut {t_rs:.3f} s: rjieba is {t_py / t_rs:.1f}x faster per clause")
    print(f"identical tokens on {same}/{len(unique)} unique clauses ({same / len(unique):.1%})")
    for rust in (False, True):
        report = scores(rust)
        print(f"{'rjieba' if rust else 'jieba '}: " + "; ".join(f"{k}: {_f1(v)}" for k, v in report.items()))


if __name__ == "__main__":
    main()
