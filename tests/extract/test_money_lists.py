"""Projects listed with their amounts, one per 、-item: "甲公司投资3.5亿元的A基地、乙公司投资2.36亿元的B基地".

Rows (invented companies and projects): every item gives its project, its investment on the
project and the company's signedProject link, whatever the company's shape (legal name, short
name with a trade ending), the verb before 的 (投资N元建设的) or a 由 before the company.
"""

from __future__ import annotations

import pytest

CASES = [
    ("澜川材料科技有限公司投资3.5亿元的新型建材生产基地、星鸿智能装备股份有限公司投资2.36亿元的精密铸件基地相继投产。",
     {"澜川材料科技有限公司": "新型建材生产基地", "星鸿智能装备股份有限公司": "精密铸件基地"},
     {"新型建材生产基地": 3.5e8, "精密铸件基地": 2.36e8}),
    # 投资N元建设的X: the verb and 的 are not part of the name
    ("澜川新材料有限公司投资3.5亿元建设的新型建材生产基地、星鸿智能装备有限公司投资2.36亿元建设的精密铸件基地均已投产。",
     {"澜川新材料有限公司": "新型建材生产基地", "星鸿智能装备有限公司": "精密铸件基地"},
     {"新型建材生产基地": 3.5e8, "精密铸件基地": 2.36e8}),
    # 由 before each company (jieba glues it onto the unknown brand: 由星)
    ("由澜川新材料有限公司投资3.5亿元的新型建材生产基地、由星鸿智能装备有限公司投资2.36亿元的精密铸件基地已竣工。",
     {"澜川新材料有限公司": "新型建材生产基地", "星鸿智能装备有限公司": "精密铸件基地"},
     {"新型建材生产基地": 3.5e8, "精密铸件基地": 2.36e8}),
    # short names with a trade ending: the later items' investors open their item after 、
    ("澜川科技投资3.5亿元的锂电池隔膜基地、星鸿电子投资2.36亿元的柔性显示模组基地、德岚医药投资1.8亿元的生物发酵基地加快建设。",
     {"澜川科技": "锂电池隔膜基地", "星鸿电子": "柔性显示模组基地", "德岚医药": "生物发酵基地"},
     {"锂电池隔膜基地": 3.5e8, "柔性显示模组基地": 2.36e8, "生物发酵基地": 1.8e8}),
    # the last item before 等项目 has its own amount like the items before it; a plant's 车间 is the project
    ("重点推进澜川新材料有限公司投资3.5亿元的新型建材生产基地、德岚生物科技有限公司投资1.8亿元的酶制剂车间等项目。",
     {"澜川新材料有限公司": "新型建材生产基地", "德岚生物科技有限公司": "酶制剂车间"},
     {"新型建材生产基地": 3.5e8, "酶制剂车间": 1.8e8}),
]


@pytest.mark.parametrize("text,signed,amounts", CASES, ids=[c[0][:12] for c in CASES])
def test_every_item_gives_project_amount_and_signer(extract_text, text: str, signed: dict, amounts: dict) -> None:
    ex = extract_text("园区项目建设动态\n\n" + text)
    pairs = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert set(signed.items()) <= pairs
    ents = {m.canonical for m in ex.mentions if m.type == "Enterprise"}
    assert set(signed) <= ents
    money = {o.subject.canonical: o.value for o in ex.observations if o.indicator in ("投资", "总投资")}
    assert money == amounts


@pytest.mark.parametrize("text", [
    # a sector, not a company, before the amount
    "澜川科技投资3.5亿元的锂电池隔膜基地、新能源投资2.36亿元的储能基地加快建设。",
])
def test_no_sector_read_as_a_listed_investor(extract_text, text: str) -> None:
    ex = extract_text("园区项目建设动态\n\n" + text)
    assert not {m.canonical for m in ex.mentions if m.type == "Enterprise" and m.extractor == "enterprise-actor"} - {"澜川科技"}
