"""A named project's investment on the project, its builder and its host (invented sentences).

Rows: (sentence, {project: (indicator, amount)}, signers that must be found, subjects that must get no amount).
"""

from __future__ import annotations

import pytest

_LEAD = "蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n"

CASES = [
    # X计划投资N元，在ZONE建设Y项目: the amount leads to the project through the clause that builds it
    ("澜川新材料有限公司计划投资12亿元，在蚌埠高新区建设锂电池正极材料项目。",
     {"锂电池正极材料": ("计划投资", 1.2e9)}, {("澜川新材料有限公司", "锂电池正极材料")}, {"澜川新材料有限公司"}),
    # X项目，由Y公司投资建设，总投资N元: clauses about the project in between, the builder signs it
    ("落户蚌埠高新区的星鸿精密铸件项目，由星鸿智能装备有限公司投资建设，总投资8亿元。",
     {"星鸿精密铸件": ("总投资", 8e8)}, {("星鸿智能装备有限公司", "星鸿精密铸件"), ("蚌埠高新区", "星鸿精密铸件")},
     {"蚌埠高新区"}),
    # X项目签约落户ZONE，项目总投资N元
    ("星鸿精密铸件项目正式签约落户蚌埠高新区，项目总投资8亿元。",
     {"星鸿精密铸件": ("总投资", 8e8)}, {("蚌埠高新区", "星鸿精密铸件")}, {"蚌埠高新区"}),
    # X项目占地N亩，主要建设…，总投资N元
    ("星鸿精密铸件项目位于蚌埠高新区北部，主要建设精密铸件生产线，总投资8亿元。",
     {"星鸿精密铸件": ("总投资", 8e8)}, set(), {"蚌埠高新区"}),
    # list markers (一是, （1）) are no part of the name; a colon before the amount
    ("一是澜川储能电站项目，总投资6亿元；二是星鸿数据中心项目，总投资12亿元。",
     {"澜川储能电站": ("总投资", 6e8), "星鸿数据中心": ("总投资", 1.2e9)}, set(), {"蚌埠高新区"}),
    ("（1）澜川储能电站项目：总投资6亿元，由澜川新材料有限公司投资建设。",
     {"澜川储能电站": ("总投资", 6e8)}, {("澜川新材料有限公司", "澜川储能电站")}, {"（1）澜川储能电站"}),
    # a parallel attribute between the amount and 的
    ("总投资6亿元、占地200亩的澜川储能电站项目开工。", {"澜川储能电站": ("总投资", 6e8)}, set(), {"蚌埠高新区"}),
    # a bare amount in brackets after each project; 项目有 opens the list, not the first name
    ("集中开工的项目有澜川储能电站（6亿元）、星鸿数据中心（12亿元）等。",
     {"澜川储能电站": ("投资", 6e8), "星鸿数据中心": ("投资", 1.2e9)}, set(), {"有澜川储能电站", "蚌埠高新区"}),
    # 签约金额 is a project's money too
    ("澜川储能电站项目签约金额6亿元。", {"澜川储能电站": ("签约金额", 6e8)}, set(), {"蚌埠高新区"}),
    # numbered items with a colon, and a building clause after the amount that names no project
    ("1.澜川储能电站项目：总投资6亿元，建设储能电站。", {"澜川储能电站": ("总投资", 6e8)}, set(), {"蚌埠高新区"}),
    # the amount's clause names a subject of its own: an event total, not the project's
    ("星鸿精密铸件项目正式签约，全区今年签约项目总投资80亿元。", {}, set(), {"星鸿精密铸件"}),
]


@pytest.mark.parametrize("text,amounts,signers,no_amount", CASES, ids=[c[0][:14] for c in CASES])
def test_project_money(extract_text, text: str, amounts: dict, signers: set, no_amount: set) -> None:
    ex = extract_text(_LEAD + text)
    money = {o.subject.canonical: (o.indicator, o.value) for o in ex.observations if o.unit == "CNY"}
    assert {k: money.get(k) for k in amounts} == amounts
    assert not (no_amount & set(money))
    assert signers <= {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}


# X项目落户PLACE: the county or district it settles in signs it
def test_project_settles_in_a_district(extract_text) -> None:
    ex = extract_text("蚌埠市龙子湖区委书记表示，星鸿精密铸件项目落户龙子湖区。")
    got = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert ("龙子湖区", "星鸿精密铸件") in got
