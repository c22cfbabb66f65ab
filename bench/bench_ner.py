"""What the enterprise tagger (``--ner``) costs a build: CPU against jieba precise and ``--ner none``, and where it goes.

Why a benchmark of its own: ``kg build`` runs the foolnltk tagger by default
(``--ner auto``), and its cost depends on how much text it is given. Two modes:

* ``ab PAGES ROUNDS SPEC [SPEC ...]``: builds (``--jobs 1 --no-html --no-validate``)
  of each SPEC, ``TREE`` or ``TREE:NER`` (e.g. an old tree made with
  ``git worktree add /tmp/old REV`` and this one, ``this:none``), alternating
  round after round with jieba precise over the same texts at the start and
  end of each round; CPU seconds from ``os.wait4`` (:mod:`childbuild`) and
  the ratio to jieba's mean, with the load average.
* ``together PAGES ROUNDS SPEC [SPEC ...]``: the builds of a round run at the
  same time, so they share the machine's load; each one's CPU and the extra
  CPU of each SPEC over the first one. Why: alternating runs on a shared
  2-core machine put ±4 s of noise on a 30 s build (CPU time grows with the
  other sessions' load), which once read as 3 s of the tagger's CPU that no
  profile could find; builds run together see the same load (no jieba ratio:
  jieba would run under another load).
* ``profile PAGES``: this tree's map step in this process, chunk by chunk as a
  build runs it, with the tagger's text counted: characters of the pages, of
  the windows asked for, of the distinct windows the model tagged, and the CPU of
  the windows and of the model.

Nothing is asserted or written; copy the rows you keep to docs/performance.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from ab import jieba_cpu  # noqa: E402
from childbuild import timed_build  # noqa: E402


def ab(pages: Path, rounds: int, specs: list[str]) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(pages.rglob("*")) if p.is_file()]
    for r in range(rounds):
        first = jieba_cpu(texts)
        cells = []
        for i, spec in enumerate(specs):
            cells.append((spec, timed_build(spec.partition(":")[0], _args(pages, i, spec))["cpu"]))
        jieba = (first + jieba_cpu(texts)) / 2
        load = _load()
        row = "  ".join(f"{spec} {cpu:.1f} s ({jieba / cpu:.2f}x)" for spec, cpu in cells)
        print(f"round {r + 1}: jieba {jieba:.1f} s | {row} | load {load}", flush=True)


def together(pages: Path, rounds: int, specs: list[str]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    for r in range(rounds):
        with ThreadPoolExecutor(len(specs)) as pool:
            cpus = list(pool.map(lambda i: timed_build(specs[i].partition(":")[0], _args(pages, i, specs[i]))["cpu"],
                                 range(len(specs))))
        row = "  ".join(f"{spec} {cpu:.1f} s ({cpu - cpus[0]:+.1f} s)" for spec, cpu in zip(specs, cpus))
        print(f"round {r + 1}: {row} | load {_load()}", flush=True)


def _args(pages: Path, i: int, spec: str) -> list:
    """The build arguments of the ``i``-th SPEC (``TREE`` or ``TREE:NER``), each with an output folder of its own."""
    ner = spec.partition(":")[2]
    return [pages, "--out", f"/tmp/kg-bench-ner-{i}", "--no-validate", "--no-html", "-q", "--jobs", "1"] + (
        ["--ner", ner] if ner else [])


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def profile(pages_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from kg import ner
    from kg.extract import learned
    from kg.ingest import read_page
    from kg.pipeline import mapstep

    ner.use("fool")
    from kg.ner import fool

    model, counts = fool.load(), dict.fromkeys(("asked", "tagged", "tagged_windows", "model_cpu", "windows_cpu"), 0.0)
    spans, windows = model.spans, learned.windows

    def counted_spans(texts):
        started = time.process_time()
        out = spans(texts)
        counts["model_cpu"] += time.process_time() - started
        counts["tagged"] += sum(map(len, texts))
        counts["tagged_windows"] += len(texts)
        return out

    def counted_windows(doc, found=()):
        started = time.process_time()
        out = windows(doc, found)
        counts["windows_cpu"] += time.process_time() - started
        counts["asked"] += sum(b - a for a, b in out)
        return out

    model.spans, learned.windows = counted_spans, counted_windows  # windows(): once a document (tag_ahead keeps them)
    pages = [read_page(p) for p in sorted(pages_dir.iterdir()) if p.is_file()]
    chars = sum(len(p.text) for p in pages)
    started = time.process_time()
    try:
        for i in range(0, len(pages), 16):  # the chunks of a build (kg.pipeline.parallel.map_in_order)
            mapstep.map_pages(pages[i:i + 16])
    finally:
        model.spans, learned.windows = spans, windows
    total = time.process_time() - started
    asked = counts["asked"]
    print(f"{len(pages)} pages, {chars} characters; map step {total:.1f} s CPU")
    print(f"windows: {asked:.0f} characters ({asked / chars:.1%} of the text), {counts['windows_cpu']:.2f} s CPU")
    print(f"tagged: {counts['tagged']:.0f} characters in {counts['tagged_windows']:.0f} distinct windows "
          f"({counts['tagged'] / max(asked, 1):.1%} of the window characters), {counts['model_cpu']:.2f} s CPU "
          f"({1e6 * counts['model_cpu'] / max(counts['tagged'], 1):.1f} µs a character)")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "ab":
        ab(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "together":
        together(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
    elif len(sys.argv) == 3 and sys.argv[1] == "profile":
        profile(Path(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
