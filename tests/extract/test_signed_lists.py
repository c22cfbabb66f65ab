"""Signings that name their projects in lists, and respective pairs (分别): invented sentences.

Rows: (page text, triples that must be found, triples that must not be found). A triple
(X, "Project", "") says X is a Project mention; the others are relations.
"""

from __future__ import annotations

import pytest

_LEAD = "蚌埠高新区今年招商成效明显。\n"

CASES = [
    # A和B两个项目: the count equals the items, so each is a project, plain or branded
    (_LEAD + "会上，澜川储能和星鸿光伏两个项目签约落户蚌埠高新区。",
     {("澜川储能", "Project", ""), ("星鸿光伏", "Project", ""), ("蚌埠高新区", "signedProject", "星鸿光伏")}, set()),
    (_LEAD + "活动现场，精密铸件、锂电池隔膜和生物发酵三个项目集中签约。",
     {("精密铸件", "Project", ""), ("锂电池隔膜", "Project", ""), ("生物发酵", "Project", "")}, set()),
    # a count that is not the items' number pairs nothing
    (_LEAD + "会上，精密铸件和锂电池隔膜等十个项目集中签约。", set(), {("精密铸件", "Project", "")}),
    # 签约了A项目和B项目: a plain sibling of a named project is a project too
    (_LEAD + "蚌埠高新区与星鸿智能装备有限公司签约了星鸿光伏项目和精密铸件项目。",
     {("精密铸件", "Project", ""), ("星鸿智能装备有限公司", "signedProject", "精密铸件")}, set()),
    # 与X公司签约Y项目, one clause per district of a city
    ("蚌埠市举行重大项目集中签约仪式，禹会区与澜川新材料有限公司签约锂电池正极材料项目，龙子湖区与星鸿智能装备有限公司签约精密铸件项目。",
     {("龙子湖区", "signedProject", "精密铸件"), ("星鸿智能装备有限公司", "signedProject", "精密铸件"),
      ("禹会区", "signedProject", "锂电池正极材料")},
     {("禹会区", "signedProject", "精密铸件"), ("澜川新材料有限公司", "signedProject", "精密铸件")}),
    # X区、Y区分别签约A项目和B项目: each district its own project
    ("蚌埠市龙子湖区、禹会区分别签约澜川储能项目和星鸿光伏项目。",
     {("龙子湖区", "signedProject", "澜川储能"), ("禹会区", "signedProject", "星鸿光伏")},
     {("龙子湖区", "signedProject", "星鸿光伏"), ("禹会区", "signedProject", "澜川储能")}),
    # 分别与甲公司、乙公司签约了A项目和B项目: each company its own project, the zone both
    (_LEAD + "签约仪式上，蚌埠高新区分别与澜川新材料有限公司、星鸿智能装备有限公司签约了锂电池正极材料项目和精密铸件项目。",
     {("澜川新材料有限公司", "signedProject", "锂电池正极材料"), ("星鸿智能装备有限公司", "signedProject", "精密铸件"),
      ("蚌埠高新区", "signedProject", "锂电池正极材料"), ("蚌埠高新区", "signedProject", "精密铸件")},
     {("澜川新材料有限公司", "signedProject", "精密铸件"), ("星鸿智能装备有限公司", "signedProject", "锂电池正极材料")}),
    # 与A签约P、与B签约Q: A signed P only
    ("蚌埠市重大项目集中签约。会上，蚌埠高新区与澜川新材料有限公司签约储能电站项目、与星鸿集团签约半导体材料项目。",
     {("澜川新材料有限公司", "signedProject", "储能电站"), ("星鸿集团", "signedProject", "半导体材料"),
      ("蚌埠高新区", "signedProject", "半导体材料")},
     {("澜川新材料有限公司", "signedProject", "半导体材料")}),
    # 分别与A、B签订了P项目、Q项目投资协议: the items before 投资协议, paired; the zone signs both
    ("蚌埠市重大项目集中签约。会上，蚌埠高新区分别与澜川新材料有限公司、星鸿集团签订了储能电站项目、半导体材料项目投资协议。",
     {("澜川新材料有限公司", "signedProject", "储能电站"), ("星鸿集团", "signedProject", "半导体材料"),
      ("蚌埠高新区", "signedProject", "储能电站")},
     {("澜川新材料有限公司", "signedProject", "半导体材料")}),
    # two runs before the projects: counties and companies, each paired; a wrong 、-list of N个项目 is no project
    ("蚌埠市重大项目集中签约。怀远县、五河县分别与澜川集团、星鸿集团签约了储能电站和半导体材料两个项目。",
     {("怀远县", "signedProject", "储能电站"), ("五河县", "signedProject", "半导体材料"),
      ("澜川集团", "signedProject", "储能电站"), ("星鸿集团", "signedProject", "半导体材料")},
     {("怀远县", "signedProject", "半导体材料"), ("澜川集团", "signedProject", "半导体材料"), ("怀远县", "Project", "")}),
    # an item the company-list finder also reads as a trade name (…物流): the count still makes it a project
    ("蚌埠市重大项目集中签约。怀远县、五河县分别与岳峰集团、岚溪集团签约了农产品精深加工和冷链物流两个项目。",
     {("五河县", "signedProject", "冷链物流"), ("岚溪集团", "signedProject", "冷链物流")},
     {("岚溪集团", "signedProject", "农产品精深加工")}),
    # A项目、B项目分别落户X县和Y县: the hosts after the projects
    ("蚌埠市重大项目集中签约。会上，澜川集团储能电站项目、星鸿集团半导体材料项目分别落户怀远县和五河县。",
     {("怀远县", "signedProject", "澜川集团储能电站"), ("五河县", "signedProject", "星鸿集团半导体材料")}, set()),
    # the projects in the clause after 分别 (分别投资…，建设A和B)
    ("蚌埠市重大项目集中签约。澜川集团和星鸿集团分别投资10亿元和5亿元，建设储能电站项目和半导体材料项目。",
     {("澜川集团", "signedProject", "储能电站"), ("星鸿集团", "signedProject", "半导体材料")},
     {("澜川集团", "signedProject", "半导体材料")}),
    # a group's name opening its project in a list of siblings; a walk stopped inside a phrase (显示) names nothing
    (_LEAD + "近年来，星鸿集团显示模组项目、德岚集团疫苗产业化项目已建成投产。",
     {("星鸿集团显示模组", "Project", ""), ("星鸿集团", "signedProject", "星鸿集团显示模组")}, set()),
    (_LEAD + "近年来，星鸿电子显示模组项目、德岚生物疫苗产业化项目已建成投产。", set(), {("模组", "Project", "")}),
    # 与X举行Y项目签约仪式: the signing written after the project
    (_LEAD + "蚌埠高新区管委会与澜川新能源股份有限公司举行年产20GWh动力电池项目签约仪式。",
     {("澜川新能源股份有限公司", "signedProject", "年产20GWh动力电池")}, set()),
    # kinds and grades of projects are no names, counted or listed after a verb without a company
    (_LEAD + "实施技改和扩能两个项目。", set(), {("技改", "Project", ""), ("扩能", "Project", "")}),
    (_LEAD + "完成省级和市级两个重点项目。", set(), {("市级", "Project", "")}),
    (_LEAD + "加快推进基础设施项目和民生项目建设。", set(), {("基础设施", "Project", ""), ("民生", "Project", "")}),
    (_LEAD + "新建标准化厂房项目、道路提升项目和污水处理项目。", set(), {("标准化厂房", "Project", ""), ("污水处理", "Project", "")}),
    # a run of another length than the projects: no pairing, every signer keeps every project
    ("蚌埠市龙子湖区、禹会区分别签约澜川储能项目、星鸿光伏项目和德岚医药项目。",
     {("禹会区", "signedProject", "澜川储能")}, set()),
    # ZONE与X公司签约，投资N元建设Y: the company builds Y, the zone signs it
    (_LEAD + "蚌埠高新区与澜川新材料有限公司签约，投资20亿元建设锂电池正极材料项目。",
     {("澜川新材料有限公司", "signedProject", "锂电池正极材料"), ("蚌埠高新区", "signedProject", "锂电池正极材料")}, set()),
    # 与A公司、B公司签约: both partners of the zone build it
    (_LEAD + "蚌埠高新区与澜川新材料有限公司、星鸿智能装备有限公司签约，投资20亿元建设锂电池正极材料项目。",
     {("澜川新材料有限公司", "signedProject", "锂电池正极材料"), ("星鸿智能装备有限公司", "signedProject", "锂电池正极材料")}, set()),
    # a company the zone brought in, signing with another: that other is no partner of the zone
    (_LEAD + "蚌埠高新区引进的澜川新材料有限公司与星鸿智能装备有限公司签约，投资20亿元建设锂电池正极材料项目。",
     set(), {("星鸿智能装备有限公司", "signedProject", "锂电池正极材料")}),
    # a full legal name glued before its project: the name starts after it, the company signs it
    (_LEAD + "澜川新材料有限公司精密铸件项目总投资3亿元。",
     {("精密铸件", "Project", ""), ("澜川新材料有限公司", "signedProject", "精密铸件")},
     {("澜川新材料有限公司精密铸件", "Project", "")}),
    (_LEAD + "澜川新材料有限公司年产5万吨正极材料项目、星鸿智能装备有限公司精密铸件项目等8个项目现场签约。",
     {("精密铸件", "Project", ""), ("星鸿智能装备有限公司", "signedProject", "精密铸件")},
     {("星鸿智能装备有限公司精密铸件", "Project", "")}),
]


def _triples(ex) -> set:
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    return got | {(m.canonical, "Project", "") for m in ex.mentions if m.type == "Project"}


@pytest.mark.parametrize("text,expected,absent", CASES, ids=[c[0].removeprefix(_LEAD)[:16] for c in CASES])
def test_signed_lists(extract_text, text: str, expected: set, absent: set) -> None:
    got = _triples(extract_text(text))
    assert expected <= got
    assert not (absent & got)


def test_legal_name_amount_on_the_project(extract_text) -> None:
    ex = extract_text(_LEAD + "澜川新材料有限公司精密铸件项目总投资3亿元。")
    assert {(o.subject.canonical, o.value) for o in ex.observations if o.indicator == "总投资"} == {("精密铸件", 3e8)}


# (count word, the number it writes): every Chinese numeral up to 99 and digits, 0 for words it does not read
COUNT_WORDS = [("两", 2), ("三", 3), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("九十九", 99), ("12", 12), ("几", 0)]


@pytest.mark.parametrize("word,expected", COUNT_WORDS)
def test_count_word(word: str, expected: int) -> None:
    from kg.extract.signed_lists import count

    assert count(word) == expected
