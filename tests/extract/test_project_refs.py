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
