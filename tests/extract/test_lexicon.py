"""The left-boundary walker on invented names: where a name that ends before its head starts."""

from __future__ import annotations

import pytest

from kg.extract.lexicon import walk_left

# (clause ending in a head, the head, the name the walker finds before it)
WALKS = [
    ("园区引进挖憨集团", "集团", "挖憨"),  # an unknown name split into single characters (挖/v 憨/ng) stays whole
    ("园区和挖憨集团", "集团", "挖憨"),  # a conjunction ends it
    ("由挖憨集团", "集团", "挖憨"),  # a preposition ends it
    ("近日澜川集团", "集团", "澜川"),  # a time word ends it
    ("澜川(中国)集团", "集团", "澜川(中国)"),  # a bracketed group is taken whole
    ("澜川新材料集团", "集团", "澜川新材料"),  # 新 between a brand and a noun is inside the name
]


@pytest.mark.parametrize("text,head,name", WALKS, ids=[c[0] for c in WALKS])
def test_walk_left(text: str, head: str, name: str) -> None:
    end = len(text) - len(head)
    assert text[walk_left(text, end):end] == name
