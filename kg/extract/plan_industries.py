"""Industries a park plans to grow, named after a plan verb without an industry head.

Why: plan sentences list sectors bare: "重点发展激光装备、智能家居", "聚焦日用品、工业软件",
"从事肉鸡、肉鸭养殖". The head finders in :mod:`.industries` need …产业/…领域 after
the list; here the verb marks it, and each item must still read as a sector.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Mention
from .common import item_spans, list_items, sectorish

_PLAN = re.compile(r"(?:重点发展|大力发展|加快发展|积极发展|优先发展|发展壮大|重点培育|培育壮大|重点打造|重点布局|聚焦|主攻|从事)"
                   r"(?P<list>[^，。；：“”（）()]{2,60}?)(?=等|[，。；]|$)")
# X、Y等软件开发、检测认证项目 / 等氢能系列项目: the kind of the projects listed is a sector the park grows
_GRADE = re.compile(r"^(?:高科技|高新技术|高质量|高水平|优质|重点|重大|龙头|标志性)")
_KIND_OF_PROJECTS = re.compile(r"等(?P<list>[^，。；：“”等]{2,30}?)(?:系列|类)?项目")


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
        items = list_items(body)
        if len(items) < 2 and not re.search(r"(?:产业|业)$", body):
            continue  # one bare word after 聚焦 (聚焦主业) is no list of sectors
        _add_items(s_start + m.start("list"), items, add)
    for m in _KIND_OF_PROJECTS.finditer(sent):
        body = m.group("list")
        if _GRADE.match(body):
            continue  # 等高科技孵化项目, 等优质项目: a grade of project, not a sector
        _add_items(s_start + m.start("list"), list_items(body), add)


def _add_items(pos: int, items: list[str], add: Callable[..., None]) -> None:
    for item, (a, b) in zip(items, item_spans(pos, items)):
        if item.endswith("经济") and not sectorish(item[:-2]):
            continue
        add(a, b, "industry-plan")
