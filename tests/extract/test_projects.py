"""Projects and their money on synthetic sentences (invented names): (text, expected rows)."""

from __future__ import annotations

import pytest

# (text, expected project canonical names, expected (project, value in yuan) investment figures)
CASES = [
    # 总投资N元的X项目: the amount introduces the name, and is the project's own figure
    ("青川高新区引进星桥集团落地建设总投资50亿元的青川精密铸造产业基地及检测中心。",
     {"青川精密铸造产业基地及检测中心"}, {("青川精密铸造产业基地及检测中心", 5e9)}),
    # a name with nothing proper in it is still a project when the amount introduces it
    ("近日，总投资4亿元的座椅部件生产项目在青川经开区开工。", {"座椅部件生产"}, {("座椅部件生产", 4e8)}),
    ("由两家企业联合投资16亿元人民币的云帆商业广场已全面竣工。", {"云帆商业广场"}, {("云帆商业广场", 1.6e9)}),
    # X项目，总投资N元: the project just named
    ("签约的云帆光伏电站项目，总投资3.5亿元。", {"云帆光伏电站"}, {("云帆光伏电站", 3.5e8)}),
    # an amount of several projects belongs to the park that signed them
    ("青川高新区总投资近30亿元的云帆晶片、星桥原料药基地两个项目集中开工。", None, {("青川高新区", 3e9)}),
    # heads of building projects after an amount (综合体, 大厦), and works inside a name (X二期扩建项目)
    ("总投资20亿元的岳峰文旅综合体正式开工。", {"岳峰文旅综合体"}, {("岳峰文旅综合体", 2e9)}),
    ("德岚二期扩建项目开工建设，总投资5亿元。", {"德岚二期扩建"}, {("德岚二期扩建", 5e8)}),
    # a quoted brand opens the name; a quoted campaign before a bare word does not make a project
    ("“星鸿之光”文旅综合体项目正式开工。", {"“星鸿之光”文旅综合体"}, set()),
    # several "company 投资N元的 project" items in one sentence: each amount is its own project's
    ("青川经开区引进星桥电子科技有限公司投资2.36亿元的星桥电子研发基地、柳溪集团投资5亿元的柳溪物流中心项目。",
     {"星桥电子研发基地", "柳溪物流中心"}, {("星桥电子研发基地", 2.36e8), ("柳溪物流中心", 5e8)}),
]


@pytest.mark.parametrize("text,projects,figures", CASES, ids=[c[0][:12] for c in CASES])
def test_project_money(extract_text, text: str, projects, figures) -> None:
    ex = extract_text(text)
    if projects is not None:
        assert projects <= {m.canonical for m in ex.mentions if m.type == "Project"}
    got = {(o.subject.canonical, round(o.value)) for o in ex.observations if o.unit == "CNY"}
    assert got == {(s, round(v)) for s, v in figures}


@pytest.mark.parametrize("text,expected", [
    # the company written right before the project's money signed it
    ("青川经开区引进星桥光热有限公司总投资1.8亿元的20MW屋顶光热电站项目。",
     ("星桥光热有限公司", "signedProject", "20MW屋顶光热电站")),
])
def test_project_owner(extract_text, text: str, expected) -> None:
    ex = extract_text(text)
    assert expected in {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}


@pytest.mark.parametrize("text,expected", [
    # the first item of a list keeps a leading character jieba reads as a numeral (万X) or time word (X未来Y);
    # company-shaped items of a list of projects may be typed Enterprise (the guideline accepts either)
    ("青川新区集中签约万帆航空、星桥光热等12个项目。", {"万帆航空", "星桥光热"}),
    ("青川新区集中竣工云科未来空气压缩机、星桥储能等项目。", {"云科未来空气压缩机", "星桥储能"}),
    # ranks, kinds of company and foreign countries before a project are not its name
    ("世界500强英国艾云座椅部件研发总部项目落户青川综合港区。", {"艾云座椅部件研发总部"}),
    ("全球药企前20强云帆制药靶向药产业化基地、星桥康宁医院等项目签约落地。", {"云帆制药靶向药产业化基地", "星桥康宁医院"}),
    # a bare zone, a conjunction or a demonstrative opens no project name
    ("高新区高质量项目排名全市第一。", set()),
    ("将紧盯500强及央企项目。", set()),
    # a station is a project when something proper names it and it ends the name; offices and sites are not
    ("云帆石化综合能源站、星桥集团叉车研发生产项目等氢能项目陆续落地。", {"云帆石化综合能源站", "星桥集团", "星桥集团叉车研发生产"}),
    ("青川博士工作站和青川新闻网站建成。", set()),
    # X及Y项目 is one project as written when a company on the page opens it
    ("青川高新区引进星桥新能源等企业。签约项目包括星桥新能源电池及精密模组组装项目。",
     {"星桥新能源", "星桥新能源电池及精密模组组装"}),
    # 在ZONE新建X项目: the sentence names the project, however plain its name
    ("星桥集团扩大业务，在青川经开区新建工业气体站项目。", {"星桥集团", "工业气体站"}),
    ("在青川经开区新建一批项目。", set()),
    # items before a shared 项目 and a verb, each with a brand; a capacity alone is no item
    ("英国云帆高空作业平台、日本星桥汽车零部件项目开工建设。", {"英国云帆", "云帆高空作业平台", "日本星桥汽车零部件"}),
])
def test_project_names_as_written(extract_text, text: str, expected: set[str]) -> None:
    ex = extract_text(text)
    assert {m.canonical for m in ex.mentions if m.type in ("Project", "Enterprise")} == expected


@pytest.mark.parametrize("text,expected", [
    # brands named as whole items of "N个项目" are projects the park signed (typed both ways);
    # brands in a list of "…企业的项目" are companies only
    ("青川新区集中签约万帆航空、星桥光热等12个招商引资项目。", {("青川新区", "signedProject", "万帆航空"),
                                                    ("青川新区", "signedProject", "星桥光热")}),
    ("青川新区签约的项目中，还有万帆集团、星桥奶等知名品牌企业的项目。", set()),
])
def test_listed_brands_signed(extract_text, text: str, expected) -> None:
    ex = extract_text(text)
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert got == expected


@pytest.mark.parametrize("text,absent", [
    ("青川高新区大力举办“三创四建”人才项目集中对接活动。", "“三创四建”人才"),
    ("青川高新区扩建项目加快推进。", "扩建"),
], ids=["campaign", "works-only"])
def test_no_project_from_a_campaign_or_works(extract_text, text: str, absent: str) -> None:
    assert absent not in {m.canonical for m in extract_text(text).mentions if m.type == "Project"}
