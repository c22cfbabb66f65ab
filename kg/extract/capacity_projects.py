"""Projects named by their capacity: X公司年产10万吨Y项目, 甲化2600万吨/年乙烯裂解项目.

Why apart: Chinese investment news names a plant by what it will make and how much
(年产N吨…, N万吨/年…, N GW…), often right after its company or brand. The head
finder of :mod:`.projects` walks names over words, not over numbers and units, so
it kept only the words after the capacity (Y) or nothing at all when they are
common words (炼化一体化). Here the capacity is part of the name as written; a
brand glued before a bare number (甲化2600万吨/年…) is too, while a company whose
legal name ends right before 年产 stays the project's owner, not part of its name.
"""

from __future__ import annotations

import re

from ..model import Mention
from .common import overlaps, proper
from .lexicon import walk_left

_UNIT = r"(?:万|千|亿)?(?:吨|台|套|辆|件|片|只|GWh|GWH|GW|MW|kW|千瓦|平方米|立方米)"
_AMOUNT = rf"\d+(?:\.\d+)?{_UNIT}(?:/年)?"
# 甲三期10GW电池片、5GW组件项目: capacities listed before one shared 项目 make one project as written
_CAPACITY = re.compile(rf"(?P<lead>年产能?|年加工|年处理|新增)?(?:{_AMOUNT}[\u4e00-\u9fffA-Za-z]{{2,12}}?、)*{_AMOUNT}"
                       rf"(?P<body>[\u4e00-\u9fffA-Za-z]{{2,14}}?)项目")
_NOT_BODY = re.compile(r"^(?:的|以上|左右|规模|产能|项目)")
_BRAND_CUT = re.compile(r"[—－:：]+|项目")  # a dash or the head of the phrase before the brand
_BRAND_MAX = 10  # a brand (and its phase) before a bare number: 甲化, 乙新能源三期


def capacity_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], blocked: list[Mention],
                      out: list[Mention]) -> None:
    """Append projects whose name holds a capacity (年产N吨Y项目, 甲N万吨/年Y项目) to ``out``."""
    if "项目" not in sent:
        return
    for m in _CAPACITY.finditer(sent):
        if _NOT_BODY.match(m.group("body")):
            continue
        a, b = s_start + m.start(), s_start + m.end()
        if not m.group("lead"):
            a = _brand_start(text, a, found)
        if a is None or overlaps(a, b, blocked) or overlaps(a, b, out) or overlaps(a, b, found, ("Enterprise", "Park", "Place")):
            continue
        name = text[a:b]
        out.append(Mention("Project", name, a, b, "project-capacity", canonical=name[:-2]))


def _brand_start(text: str, at: int, found: tuple[Mention, ...]) -> int | None:
    """Where a bare capacity's name starts: at a brand glued before the number, or at the number after a company."""
    if any(e.type == "Enterprise" and e.end == at for e in found):
        return at  # X公司4000吨…项目: the company owns it, its name starts at the number
    start = walk_left(text, at, max_chars=_BRAND_MAX)
    cut = list(_BRAND_CUT.finditer(text, start, at))
    start = cut[-1].end() if cut else start  # X项目——甲(乙)N GWh…: the brand starts after the dash
    brand = text[start:at]
    if 2 <= len(brand) <= _BRAND_MAX and proper(brand, "") and not overlaps(start, at, found):
        return start
    return None  # a bare number after a verb (建设4000吨…) is an amount, not a name
