"""Score each seed article on its own: build it alone, score it against its own gold.

This is the per-article view used for the leave-one-out generalization
estimate in docs/extraction.md. Usage: python scripts/per_doc_scores.py [GOLD]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import kg
from kg.analysis.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gold" / "seeds.jsonl"


def main() -> None:
    rows = []
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        with tempfile.TemporaryDirectory() as tmp:
            kg.build([page], tmp, html=False)
            rep = evaluate(Path(tmp) / "graph.ttl", GOLD, {page.name})
        rows.append((page.name, rep["entity"]["f1"], rep["relation"]["f1"], rep["observation"]["f1"]))
    print(f"{'article':<28}{'entity F1':>10}{'relation F1':>12}{'obs F1':>8}")
    for name, e, r, o in rows:
        print(f"{name:<28}{e:>10.3f}{r:>12.3f}{o:>8.3f}")
    n = len(rows)
    print(f"{'mean':<28}{sum(r[1] for r in rows)/n:>10.3f}{sum(r[2] for r in rows)/n:>12.3f}{sum(r[3] for r in rows)/n:>8.3f}")


if __name__ == "__main__":
    main()
