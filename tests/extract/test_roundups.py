"""Roundups of several zones or counties, each with its own project (signing reports of a province or city).

Rows: (text, expected signedProject pairs, expected 总投资 per project). Projects and companies are
invented; the counties are public divisions (cpca) so that the place finder knows them. Each zone
or county signs the project of its own clause; the amount is the project's, not the zone's.
"""

from __future__ import annotations

import pytest

CASES = [
    # <county>：<project>总投资N亿元; a two-character county (X县) heads its clause
    ("平遥县：澜川新材料项目总投资12亿元；祁县：星鸿智能装备项目总投资8亿元；介休市：博越光伏组件项目总投资5亿元。",
     {("平遥县", "澜川新材料"), ("祁县", "星鸿智能装备"), ("介休市", "博越光伏组件")},
     {"澜川新材料": 12e8, "星鸿智能装备": 8e8, "博越光伏组件": 5e8}),
    ("平遥县签约澜川新材料项目，总投资12亿元；祁县签约星鸿智能装备项目，总投资8亿元。",
     {("平遥县", "澜川新材料"), ("祁县", "星鸿智能装备")},
     {"澜川新材料": 12e8, "星鸿智能装备": 8e8}),
    # county platforms (<division in full> + common words + 产业园 / 科技园区) sign as zones, not as projects
    ("会上，平遥县生态文化旅游示范区签约澜川文旅综合体项目，祁县现代农业产业园签约星鸿果蔬深加工项目，"
     "寿阳县农业科技园区签约德岚种业项目。",
     {("平遥县生态文化旅游示范区", "澜川文旅综合体"), ("祁县现代农业产业园", "星鸿果蔬深加工"), ("寿阳县农业科技园区", "德岚种业")},
     {}),
    ("平遥经济技术开发区：澜川新材料项目，总投资12亿元；祁县产业集聚区：星鸿智能装备项目，总投资8亿元。",
     {("平遥经开区", "澜川新材料"), ("祁县产业集聚区", "星鸿智能装备")},
     {"澜川新材料": 12e8, "星鸿智能装备": 8e8}),
]


@pytest.mark.parametrize("text,pairs,amounts", CASES, ids=[c[0][:12] for c in CASES])
def test_each_zone_signs_its_own_project(extract_text, text: str, pairs: set, amounts: dict) -> None:
    ex = extract_text("晋中招商签约动态\n\n" + text)
    signed = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert signed == pairs
    money = {o.subject.canonical: o.value for o in ex.observations if o.indicator == "总投资"}
    assert money == amounts


@pytest.mark.parametrize("text,park_types", [
    # a company's park under a county name stays a project; a county's 产业园 that signs is a park only
    ("平遥县澜川产业园开工建设。", {"平遥县澜川产业园": {"Park", "Project"}}),
    ("祁县现代农业产业园签约星鸿果蔬深加工项目。", {"祁县现代农业产业园": {"Park"}}),
])
def test_county_park_or_company_park(extract_text, text: str, park_types: dict) -> None:
    ex = extract_text("晋中动态\n\n" + text)
    for name, types in park_types.items():
        assert {m.type for m in ex.mentions if m.canonical == name} == types
