"""Shared helpers of the extractors: list items and their offsets in the text (invented words)."""

from __future__ import annotations

import pytest

from kg.extract.common import item_spans, list_items, most_frequent

# (text, where the list starts, how it is split, the items read back from their spans)
SPANS = [
    ("引进澜川、青禾和墨岚三家企业", 2, "list", ["澜川", "青禾", "墨岚三家企业"]),
    ("发展交通和仓储服务业、澜川物流", 2, "list", ["交通和仓储服务业", "澜川物流"]),
    ("澜川及青禾", 0, "list", ["澜川", "青禾"]),
    ("澜川、、青禾", 0, "list", ["澜川", "", "青禾"]),
    ("签约澜川、青禾和墨岚", 2, "、", ["澜川", "青禾和墨岚"]),
    ("澜川", 0, "、", ["澜川"]),
]


@pytest.mark.parametrize("text,at,split,expected", SPANS, ids=[c[0] for c in SPANS])
def test_item_spans_point_at_the_items(text: str, at: int, split: str, expected: list[str]) -> None:
    items = list_items(text[at:]) if split == "list" else text[at:].split(split)
    spans = item_spans(at, items)
    assert [text[a:b] for a, b in spans] == expected
    assert all(text[b] in "、和及与" for _a, b in spans[:-1])  # one separator character after every item but the last


# (counts, the pick): the most frequent, a tie broken by code-point order whatever the insertion order
FREQUENT = [
    ({"星河高新区": 2, "澜川经开区": 3}, ("澜川经开区", 3)),
    ({"澜川经开区": 2, "星河高新区": 2}, ("星河高新区", 2)),
    ({"星河高新区": 2, "澜川经开区": 2}, ("星河高新区", 2)),
    ({"澜川经开区": 1}, ("澜川经开区", 1)),
]


@pytest.mark.parametrize("counts,pick", FREQUENT, ids=[str(i) for i in range(len(FREQUENT))])
def test_most_frequent(counts: dict[str, int], pick: tuple[str, int]) -> None:
    assert most_frequent(counts) == pick
