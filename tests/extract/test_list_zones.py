"""Zones learned from a roundup's parallel clauses (kg/extract/list_zones.py).

Rows are invented projects and zone names under public divisions (cpca), so that the place
gazetteer knows the county that opens each item. A run of at least two clauses
"<division><…区/…园><signing verb or colon>" makes every item a zone that signs its clause's project;
one such clause alone, districts, town areas, parks of leisure and clauses of verbs do not.
"""

from __future__ import annotations

import pytest

ZONE_CASES = [
    # heads no table holds, each clause with its own project
    ("会上，平遥县绿色食品加工区签约澜川新材料项目，寿阳县循环经济园签约德岚再生资源项目。",
     {("平遥县绿色食品加工区", "澜川新材料"), ("寿阳县循环经济园", "德岚再生资源")}),
    # a known zone in the run counts towards it; a partner between the zone and the verb (与X签约)
    ("平遥县经济技术开发区签约澜川新材料项目，祁县绿色食品加工区与星鸿公司签约果蔬深加工项目。",
     {("平遥县经开区", "澜川新材料"), ("祁县绿色食品加工区", "果蔬深加工"), ("星鸿公司", "果蔬深加工")}),
    # clauses cut by ； (one sentence each) still form one run of the paragraph
    ("其中，平遥县煤化工循环园签约澜川针状焦项目，总投资12亿元；祁县文旅融合区签约星鸿古城文旅项目，总投资8亿元。",
     {("平遥县煤化工循环园", "澜川针状焦"), ("祁县文旅融合区", "星鸿古城文旅")}),
    # …园区 and …产业区, a colon instead of the verb
    ("榆社县化工循环园区：澜川精细化工项目，总投资6亿元；和顺县新能源产业区：星鸿风电装备项目，总投资3亿元。",
     {("榆社县化工循环园区", "澜川精细化工"), ("和顺县新能源产业区", "星鸿风电装备")}),
    # one zone per numbered line: the lines form the run
    ("签约项目如下。\n\n1.平遥县绿色食品加工区：澜川新材料项目，总投资12亿元。\n\n2.祁县文旅融合区：星鸿古城文旅项目，总投资8亿元。",
     {("平遥县绿色食品加工区", "澜川新材料"), ("祁县文旅融合区", "星鸿古城文旅")}),
]


@pytest.mark.parametrize("text,pairs", ZONE_CASES, ids=[c[0][:14] for c in ZONE_CASES])
def test_each_learned_zone_signs_its_clause(extract_text, text: str, pairs: set) -> None:
    ex = extract_text("晋中项目签约动态\n\n" + text)
    signed = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert pairs <= signed
    zones = {s for s, _ in pairs if s.endswith(("区", "园"))}
    parks = {m.canonical for m in ex.mentions if m.type == "Park"}
    assert zones <= parks
    # the learned zone lies in its county (and no county signs the project instead)
    located = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "locatedIn"}
    for zone in zones:
        county = next(c for c in ("平遥县", "祁县", "寿阳县", "榆社县", "和顺县") if zone.startswith(c))
        assert (zone, county) in located
        assert not any(s == county for s, _ in signed)


NOT_ZONE_CASES = [
    ("平遥县城区签约澜川新材料项目，祁县城区签约星鸿智能装备项目。", "城区: a part of the county town"),
    ("晋中市榆次区签约澜川新材料项目，晋中市太谷区签约星鸿智能装备项目。", "districts of the city"),
    ("平遥县各园区签约澜川新材料项目，祁县各园区签约星鸿智能装备项目。", "each park: a quantifier"),
    ("平遥县重点推进园区签约澜川新材料项目，祁县积极引导园区签约星鸿智能装备项目。", "a clause of verbs"),
    ("平遥县人民公园签约澜川文旅项目，祁县古城景区签约星鸿文旅项目。", "a public park and a tourist sight"),
    ("平遥县绿色食品加工区签约澜川新材料项目。", "one clause: no run"),
    ("平遥县绿色食品加工区签约澜川新材料项目。\n\n会议要求加快推进。\n\n祁县文旅融合区签约星鸿古城文旅项目。", "a paragraph between: no run"),
]


@pytest.mark.parametrize("text,why", NOT_ZONE_CASES, ids=[c[1] for c in NOT_ZONE_CASES])
def test_no_zone_outside_a_run_of_zone_shaped_items(extract_text, text: str, why: str) -> None:
    ex = extract_text("晋中项目签约动态\n\n" + text)
    assert not [m for m in ex.mentions if m.type == "Park"], why


def test_partner_after_a_zone_and_yu_keeps_its_own_left_edge(extract_text) -> None:
    """'<zone>与<company>签约': the company's legal name starts after 与, not at the zone."""
    ex = extract_text("晋中项目签约动态\n\n平遥县绿色食品加工区与澜川食品有限公司签约果蔬深加工项目，"
                      "祁县文旅融合区与星鸿文旅集团签约古城民宿项目。")
    assert {m.canonical for m in ex.mentions if m.type == "Enterprise"} == {"澜川食品有限公司", "星鸿文旅集团"}
