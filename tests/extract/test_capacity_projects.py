"""Projects named by their capacity (invented names): (text, expected project names, expected signers, absent names)."""

from __future__ import annotations

import pytest

CASES = [
    # a brand glued before a bare capacity is part of the name; N万吨/年 stays as written
    ("重点建设的星桥2600万吨/年乙烯裂解项目基本成形。", {"星桥2600万吨/年乙烯裂解"}, set(), set()),
    # a brand and its phase before a capacity in GW
    ("云帆新能源三期10GW高效电池片项目已开工建设。", {"云帆新能源三期10GW高效电池片"}, set(), set()),
    # a company glued before 年产…项目 owns it; the name starts at 年产
    ("星桥化工有限公司年产10万吨锂电材料项目开工建设。", {"年产10万吨锂电材料"},
     {("星桥化工有限公司", "年产10万吨锂电材料")}, {"锂电材料"}),
    # the phrase before a dash is no part of the brand
    ("单体投资最大的工业项目——云帆(青川)18GWh动力电池项目加速建设。", {"云帆(青川)18GWh动力电池"}, set(),
     {"项目云帆(青川)18GWh动力电池"}),
    # a bare amount after a verb names nothing
    ("园区今年建设4000吨配套项目。", set(), set(), {"4000吨配套"}),
    # capacities listed before one shared 项目: one project as written, not its last item alone
    ("云帆新能源三期12GW异质结电池片、6GW光伏组件项目已开工建设。", {"云帆新能源三期12GW异质结电池片、6GW光伏组件"}, set(),
     {"6GW光伏组件"}),
    ("星桥化工有限公司年产5万吨正极材料、2万吨前驱体项目总投资30亿元。", {"年产5万吨正极材料、2万吨前驱体"},
     {("星桥化工有限公司", "年产5万吨正极材料、2万吨前驱体")}, set()),
    # a capacity list that ends in a plain noun phrase is no project
    ("项目建成后可形成年产5万吨正极材料、2万吨前驱体的生产能力。", set(), set(), {"年产5万吨正极材料、2万吨前驱体"}),
]


@pytest.mark.parametrize("text,names,signers,absent", CASES, ids=[c[0][:14] for c in CASES])
def test_capacity_projects(extract_text, text: str, names: set, signers: set, absent: set) -> None:
    ex = extract_text(text)
    got = {m.canonical for m in ex.mentions if m.type == "Project"}
    assert names <= got
    assert not (absent & got)
    rels = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert signers <= rels


# (text, project found, companies that sign it): X公司(与Y)合作/投资建设的Z makes Z a project however plain its words
COMPANY_MADE = [
    ("园区引进星桥集团与云帆农庄有限公司合作的全国豆类蛋白产业基地建设取得重大突破。", "全国豆类蛋白产业基地",
     {"星桥集团", "云帆农庄有限公司"}),
    ("由星桥集团投资建设的西南冷链物流基地正式投产。", "西南冷链物流基地", {"星桥集团"}),
    ("星桥集团投资建设的智能家电工厂今年投产。", "智能家电工厂", {"星桥集团"}),
    ("由星桥集团投资建设的星桥国际大厦已封顶。", "星桥国际大厦", {"星桥集团"}),
]


@pytest.mark.parametrize("text,name,companies", COMPANY_MADE, ids=[c[1] for c in COMPANY_MADE])
def test_company_made_projects(extract_text, text: str, name: str, companies: set) -> None:
    ex = extract_text(text)
    assert name in {m.canonical for m in ex.mentions if m.type == "Project"}
    rels = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert {(c, name) for c in companies} <= rels


@pytest.mark.parametrize("text", [
    "园区今年投资建设的食品加工基地建设顺利。",  # no company
    "星桥集团今年业绩很好，园区投资建设的食品加工基地建设顺利。",  # the company is far from the verb
])
def test_a_plain_head_without_its_company_is_no_project(extract_text, text: str) -> None:
    ex = extract_text(text)
    assert "食品加工基地" not in {m.canonical for m in ex.mentions if m.type == "Project"}
