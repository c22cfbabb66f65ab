"""Where a short dateline story ends: the rows of kg.segment.stories."""

from __future__ import annotations

import pytest

from kg.segment.stories import ends_short_story, opens_story

OPENS = [
    ("本报讯（记者 余小文）3月18日，文化节开幕。", True),
    ("示例新闻网3月7日电 据报道，园区开工。", True),
    ("新华社甲城3月18日电 记者获悉，", True),
    ("本报记者获悉，园区将继续推进。", False),
    ("3月7日，示例园区开工。", False),
]


@pytest.mark.parametrize("core, expected", OPENS)
def test_opens_story(core, expected):
    assert opens_story(core) is expected


ENDS = [
    ("甲高新区打造新增长极", 1, True, True),
    ("甲高新区打造新增长极", 2, True, True),
    ("甲高新区打造新增长极", 3, True, False),  # a long story keeps its headings
    ("一、坚持创新驱动", 1, True, False),
    ("（二）优化营商环境", 1, True, False),
    ("下一步工作安排：", 1, True, False),
    ("甲园区开工", 1, True, False),  # too short for a headline of its own
    ("示例新闻网3月7日电 据报道，园区开工。", 1, False, True),
    ("园区将继续推进各项工作。", 1, False, False),
]


@pytest.mark.parametrize("core, paragraphs, headline, expected", ENDS)
def test_ends_short_story(core, paragraphs, headline, expected):
    assert ends_short_story(core, paragraphs, headline) is expected
