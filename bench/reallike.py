"""A real-like corpus: development pages copied with varied digits, shuffled lines and character swaps.

Why: synthetic pages (``make_corpus.py``) are regular; the build's cost on
real pages differs (longer clauses, more furniture, more names per
sentence). Issue 17's bar is stated on this corpus: ``N`` pages made from
the pages of a folder (``../shared/dev2`` by default), each a copy with
every digit varied, its body lines shuffled (the first two lines, title
and byline, stay), and one in 200 Han characters swapped with its
neighbour. Deterministic for a given N and folder. The pages are written
to a scratch folder, never into the repository.
"""

from __future__ import annotations

import random
from pathlib import Path


def variant(text: str, rng: random.Random) -> str:
    digits = str.maketrans("0123456789", "".join(rng.sample("0123456789", 10)))
    lines = text.translate(digits).split("\n")
    head, body = lines[:2], lines[2:]
    rng.shuffle(body)
    chars = list("\n".join(head + body))
    for i in range(len(chars) - 1):
        if "\u4e00" <= chars[i] <= "\u9fff" and "\u4e00" <= chars[i + 1] <= "\u9fff" and rng.random() < 0.005:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def make(n: int, source: Path, dest: Path) -> Path:
    """``dest`` with exactly ``n`` varied copies of the ``.txt`` pages in ``source``."""
    dest.mkdir(parents=True, exist_ok=True)
    if len(list(dest.iterdir())) == n:
        return dest
    from kg.ingest import read_page

    pages = (read_page(p) for p in sorted(source.glob("*.txt")))
    originals = [page.text for page in pages if hasattr(page, "text")]  # decoded as the build does; copies are UTF-8
    for i in range(n):
        rng = random.Random(i)
        (dest / f"{i:06d}.txt").write_text(variant(originals[i % len(originals)], rng), encoding="utf-8")
    return dest
