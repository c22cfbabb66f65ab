"""Before/after in CPU time: builds of several trees alternating, round after round, with jieba precise in between.

Why: on the shared VM a single build of each tree, minutes apart (``bench/run.py
--before``), can differ by 20 % from load alone; alternating the trees in
rounds and reading CPU seconds (``os.wait4``) gives comparable pairs. jieba
precise runs over the same texts in this process at the start and end of each
round (the first timing includes its dictionary load).

Usage: ``python bench/ab.py PAGES_DIR ROUNDS TREE [TREE ...]`` (e.g. an old tree made
with ``git worktree add /tmp/old REV`` and this one). Nothing is written to
bench/results.md; copy the rows you keep.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from childbuild import timed_build


def jieba_cpu(texts: list[str]) -> float:
    import jieba

    jieba.setLogLevel(60)
    started = time.process_time()
    jieba.initialize()
    for text in texts:
        jieba.lcut(text)
    return time.process_time() - started


def build_cpu(tree: str, pages: Path) -> float:
    out = f"/tmp/kg-ab-out-{Path(tree).name}"  # one folder per tree: alternating trees do not clash
    return timed_build(tree, [pages, "--out", out, "--no-validate", "--no-html", "-q", "--jobs", "1"])["cpu"]


def main(argv: list[str]) -> None:
    pages, rounds, trees = Path(argv[0]), int(argv[1]), argv[2:]
    texts = [p.read_text(encoding="utf-8") for p in sorted(pages.iterdir())]
    for r in range(rounds):
        row = [f"round {r + 1}", f"jieba {jieba_cpu(texts):.2f}"]
        row += [f"{Path(t).name} {build_cpu(t, pages):.2f}" for t in trees]
        row.append(f"jieba {jieba_cpu(texts):.2f}")
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
