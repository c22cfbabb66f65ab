"""A project named before and then referred to (该项目, clauses without a subject): invented sentences.

Rows: (text, {project: amount} its investments, signedProject pairs, subjects that must get no figure).
"""

from __future__ import annotations

import pytest

_LEAD = "岚溪经开区今年新签约项目18个。\n"

CASES = [
    # 该项目 in the next sentence: the amount and the builder are the project's, not the zone's
    ("岚溪经开区与澜川控股集团有限公司签约澜川智能装备产业园项目。该项目总投资30亿元，主要建设智能装备生产线。",
     {"澜川智能装备产业园": {3e9}}, set(), {"岚溪经开区": {3e9}}),
    ("岚溪经开区成功引进星鸿精密铸件项目。该项目由星鸿智能装备有限公司投资建设，总投资8亿元。",
     {"星鸿精密铸件": {8e8}}, {("星鸿智能装备有限公司", "星鸿精密铸件")}, {"岚溪经开区": {8e8}}),
    # 该项目 after a project named earlier in the same sentence: that one, not the sentence before's
    ("岚溪经开区签约星鸿精密铸件项目。澜川储能电站项目落户岚溪经开区，该项目总投资5亿元。",
     {"澜川储能电站": {5e8}}, set(), {"星鸿精密铸件": {5e8}}),
    # a phase of the project after its total
    ("岚溪经开区签约澜川智能装备产业园项目。该项目总投资30亿元，分两期建设，其中一期投资12亿元。",
     {"澜川智能装备产业园": {3e9, 1.2e9}}, set(), {"岚溪经开区": {1.2e9}}),
    # 建成后 figures of the project the sentence names
    ("总投资15亿元的岳峰电池回收项目，由岳峰新能源有限公司投资建设，建成后可年回收处理废旧电池5万吨。",
     {"岳峰电池回收": {1.5e9, 5e4}}, {("岳峰新能源有限公司", "岳峰电池回收")}, {"岚溪经开区": {5e4}}),
    # 该项目 in another paragraph refers to nothing here
    ("岚溪经开区签约澜川智能装备产业园项目。\n据悉，该项目总投资30亿元。", {}, set(), {"澜川智能装备产业园": {3e9}}),
]


@pytest.mark.parametrize("text,amounts,signers,not_theirs", CASES, ids=[c[0][:16] for c in CASES])
def test_referred_project(extract_text, text: str, amounts: dict, signers: set, not_theirs: dict) -> None:
    ex = extract_text(_LEAD + text)
    got: dict[str, set] = {}
    for o in ex.observations:
        got.setdefault(o.subject.canonical, set()).add(o.value)
    for name, values in amounts.items():
        assert values <= got.get(name, set())
    for name, values in not_theirs.items():
        assert not (values & got.get(name, set()))
    assert signers <= {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}


# (text, signedProject pairs, pairs that must not be found): 该公司 / 公司 opening a clause that invests or builds
COMPANY_CASES = [
    ("澜川新能源股份有限公司是国内储能龙头企业。公司将在岚溪经开区投资120亿元建设年产20GWh动力电池生产基地。",
     {("澜川新能源股份有限公司", "年产20GWh动力电池生产基地")}, set()),
    ("星鸿集团董事长出席签约仪式。该公司计划投资5亿元建设星鸿显示模组项目。", {("星鸿集团", "星鸿显示模组")}, set()),
    # 公司 in a clause that builds nothing names no builder
    ("星鸿集团去年营业收入50亿元，公司员工3000人，岚溪储能电站项目今年开工。", set(), {("星鸿集团", "岚溪储能电站")}),
]


@pytest.mark.parametrize("text,found,absent", COMPANY_CASES, ids=[c[0][:12] for c in COMPANY_CASES])
def test_referred_company_builds(extract_text, text: str, found: set, absent: set) -> None:
    got = {(r.subject.canonical, r.object.canonical) for r in extract_text(_LEAD + text).relations if r.predicate == "signedProject"}
    assert found <= got
    assert not (absent & got)
