"""Industries a park plans to grow, named after a plan verb without an industry head.

Why: plan sentences list sectors bare: "重点发展光通信、智能终端", "聚焦消费品、人工智能",
"从事肉牛、肉羊养殖". The head finders in :mod:`.industries` need …产业/…领域 after
the list; here the verb marks it, and each item must still read as a sector.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Mention
from .common import sectorish

_PLAN = re.compile(r"(?:重点发展|大力发展|加快发展|积极发展|优先发展|发展壮大|重点培育|培育壮大|重点打造|重点布局|聚焦|主攻|从事)"
                   r"(?P<list>[^，。；：“”（）()]{2,60}?)(?=等|[，。；]|$)")
_SPLIT = re.compile(r"[、和及与]")


def plan_industries(s_start: int, sent: str, add: Callable[..., None], actors: list[Mention]) -> None:
    """Call ``add`` on each item listed after a plan verb (the gate of :func:`.industries._add_industry` decides).

    Not after a company or project in the same clause (X项目主要从事A、B等贸易: its business, not the park's plan),
    and not for kinds of economy named by a space (县域经济, 园区经济).
    """
    for m in _PLAN.finditer(sent):
        clause_at = s_start + max(sent.rfind(ch, 0, m.start()) for ch in "，。；：") + 1
        if any(clause_at <= o.start < s_start + m.start() for o in actors):
            continue
        body = m.group("list")
        parts = body.split("、")
        items = [*parts[:-1], *_SPLIT.split(parts[-1])]
        if len(items) < 2 and not re.search(r"(?:产业|业)$", body):
            continue  # one bare word after 聚焦 (聚焦主业) is no list of sectors
        pos = s_start + m.start("list")
        for item in items:
            a, b = pos, pos + len(item)
            pos = b + 1
            if item.endswith("经济") and not sectorish(item[:-2]):
                continue
            add(a, b, "industry-plan")
