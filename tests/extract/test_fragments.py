"""Fragments dropped after the finders (kg/extract/fragments.py) and kinds of resort that are no parks.

Rows: (text, type, names of that type expected). Names invented; real divisions only where a
name must start with a character a fragment shape also starts with (本溪, 那曲).
"""

from __future__ import annotations

import pytest

from kg.extract.fragments import is_fragment

CASES = [
    ("一是产业升级，二是项目建设，三是招商引资。", "Project", set()),
    ("二是项目招引成效明显，全年签约项目30个。", "Project", set()),
    ("星河市管四大开发区全年实现营收800亿元。", "Park", set()),
    ("这座新城正在崛起。", "Park", set()),
    ("旅游度假区接待游客100万人次。", "Park", set()),
    # 各 (each) before a zone: every one of a set, no name
    ("甲公司分别与各星河新区新城、乙园区成功签约。", "Park", set()),
    ("市领导走访各大星河新区园区。", "Park", set()),
    ("甲公司分别与各西安新区新城、乙园区成功签约。", "Place", set()),  # 新城 read as a district
    # names that only look like those shapes
    ("本溪高新区今年引进项目20个。", "Park", {"本溪高新区"}),
    ("各地客商走进星河新区，洽谈合作。", "Park", {"星河新区"}),
    ("星岚湖旅游度假区接待游客100万人次。", "Park", {"星岚湖旅游度假区"}),
]


@pytest.mark.parametrize("text,kind,expected", CASES, ids=[c[0][:10] for c in CASES])
def test_fragments_dropped(extract_text, text: str, kind: str, expected: set[str]) -> None:
    ex = extract_text("动态\n\n" + text)
    assert {m.canonical for m in ex.mentions if m.type == kind and not m.refers} == expected


@pytest.mark.parametrize("name,kind,frag", [
    ("二是项目", "Project", True), ("其一项目", "Project", True), ("这个产业园", "Park", True),
    ("星河三大园区", "Park", True), ("澜川二期", "Project", False), ("那曲高新区", "Park", False),
    ("第三代半导体", "Project", False),
    ("各星河新区新城", "Park", True), ("各大园区", "Park", True), ("澜川集团", "Enterprise", False),
])
def test_is_fragment(name: str, kind: str, frag: bool) -> None:
    assert is_fragment(name, kind) is frag
