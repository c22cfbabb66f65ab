"""Normalize runs in linear time on adversarial shapes (issue 15 row 7).

A benchmark-style property, not a timed test: for each shape the time per
character at size 8n is compared with the time per character at size n, in
the same run, so machine speed and load cancel out. A quadratic pass makes
the ratio about 8 (a 49 KB file of blank lines used to take 14.6 s); linear
code stays near 1. The bound (3.5) leaves room for noise on a shared machine.
Each size is timed in CPU time (the machine is shared), best of a few runs.
"""

from __future__ import annotations

import time

import pytest

from kg.normalize import normalize_text

SIZES = (6_000, 48_000)  # characters; the larger is 8x the smaller
MAX_RATIO = 3.5


def _nested_tags(n: int) -> str:
    lines, depth = [], 0
    while sum(map(len, lines)) < n:
        lines.append("  " * depth + "<div class=\"x\">")
        lines.extend(["", ""])
        depth = (depth + 1) % 300
    return "\n".join(lines)


# (shape, builder of a text of about n characters)
SHAPES = [
    ("newline run", lambda n: "\n" * n),
    ("blank lines with spaces", lambda n: " \n" * (n // 2)),
    ("short lines between blank runs", lambda n: "a b\n\n\n\n" * (n // 7)),
    ("deep nested tags", _nested_tags),
    ("tags on one line", lambda n: "<div>" * (n // 5)),
    ("one long prose line", lambda n: "园区发展，" * (n // 5)),
    ("space run after a byline", lambda n: "记者 周一" + " " * n + "x"),
    ("space run before a date", lambda n: "(" + " " * n + "2024"),
    ("space run after a link tail", lambda n: "...[a]" + " " * n + "x"),
    ("space run inside parentheses", lambda n: "字(" + " " * n + "x"),
    ("long letter line", lambda n: "a" * n + "1"),
    ("open parentheses after Han", lambda n: "字(" * (n // 2)),
    ("question marks in Chinese text", lambda n: "字?" * (n // 20)),
]


def _per_char(text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        normalize_text(text)
        best = min(best, time.process_time() - started)
    return best / max(len(text), 1)


@pytest.mark.parametrize("name, build", SHAPES, ids=[s[0] for s in SHAPES])
def test_time_per_character_stays_flat(name, build):
    small, large = (build(n) for n in SIZES)
    normalize_text(small)  # warm caches (opencc, reading data) outside the timing
    ratio = _per_char(large, 2) / _per_char(small, 5)
    assert ratio < MAX_RATIO, f"{name}: time per character grew {ratio:.1f}x from {len(small)} to {len(large)} chars"
