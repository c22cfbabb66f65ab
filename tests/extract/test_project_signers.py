"""The article's zone as default signer of projects no sentence signs (invented pages): (text, expected, absent)."""

from __future__ import annotations

import pytest

_LEAD = "青川高新区今年招商成效明显。青川高新区新签约项目12个，总投资80亿元。\n"

# (page text, triples that must be found, triples that must not be found)
CASES = [
    # a project reported on its own (由X投资的Y已竣工) in an article about one zone: the zone signs it, it lies there
    (_LEAD + "由两家企业合资9亿元的云帆商业广场，日前已经竣工，下月开门迎客。",
     {("青川高新区", "signedProject", "云帆商业广场"), ("云帆商业广场", "locatedIn", "青川高新区")}, set()),
    # 这些项目中，X项目将…: one item of the zone's signings
    (_LEAD + "这些项目中，星桥国际贸易总部项目将建设区域结算中心，预计稳定运营后年营业收入超过50亿元。",
     {("青川高新区", "signedProject", "星桥国际贸易总部")}, set()),
    # a list of projects that bear fruit in the zone, no verb of signing or building
    (_LEAD + "今年来，云帆数字港、星桥冷链物流园等一批重点项目在青川高新区相继见效。",
     {("青川高新区", "signedProject", "星桥冷链物流园")}, set()),
    # works on site (施工) report the project's life too
    (_LEAD + "星鸿半导体封装测试项目已完成主体结构施工。",
     {("青川高新区", "signedProject", "星鸿半导体封装测试")}, set()),
    # another zone named in the project's sentence decides, not the article's zone
    (_LEAD + "柳溪经开区的云帆商业广场项目已开工建设。",
     set(), {("青川高新区", "signedProject", "云帆商业广场")}),
    # a project only visited is not signed
    (_LEAD + "考察团参观了云帆商业广场项目。",
     set(), {("青川高新区", "signedProject", "云帆商业广场")}),
    # a park twin (a 产业园 that acts as a park) signs its own projects, no zone signs it
    (_LEAD + "青川智造产业园去年有12栋厂房封顶，累计孵化项目80个。",
     set(), {("青川高新区", "signedProject", "青川智造产业园")}),
    # no dominant zone (two zones, once each): no default signer
    ("青川高新区与柳溪经开区开展合作。由两家企业合资9亿元的云帆商业广场已经竣工。",
     set(), {("青川高新区", "signedProject", "云帆商业广场"), ("柳溪经开区", "signedProject", "云帆商业广场")}),
]


@pytest.mark.parametrize("text,expected,absent", CASES, ids=[c[0][len(_LEAD):][:14] or c[0][:14] for c in CASES])
def test_default_signer(extract_text, text: str, expected: set, absent: set) -> None:
    ex = extract_text(text)
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    assert expected <= got
    assert not (absent & got)


# A count after 项目 makes the name a kind of project, not a named one.
KIND_CASES = [
    ("截至去年底，青川高新区累计已落地的外资用地项目达29个。", "外资用地"),
    ("青川高新区今年新签约的星桥配套项目共5个。", "星桥配套"),
]


@pytest.mark.parametrize("text,kind", KIND_CASES, ids=[c[1] for c in KIND_CASES])
def test_counted_kind_is_no_project(extract_text, text: str, kind: str) -> None:
    ex = extract_text(text)
    assert kind not in {m.canonical for m in ex.mentions if m.type == "Project"}


# (company, project, owned): a project named by the company's brand, the place and trade words of its full name dropped.
BRAND_CASES = [
    ("甘肃星澜明日能源科技有限公司", "星澜明日氢能压缩机", True),
    ("湖南华渚科技有限公司", "华渚储能二期", True),
    ("星澜集团", "星澜新材料", True),
    # nothing proper is left once place and trade words are gone: no brand
    ("甘肃电子科技有限公司", "电子产业园", False),
    # the brand must open the project's name
    ("甘肃星澜明日能源科技有限公司", "明日氢能压缩机", False),
]


@pytest.mark.parametrize("company,project,owned", BRAND_CASES, ids=[c[1] for c in BRAND_CASES])
def test_project_named_by_brand(company: str, project: str, owned: bool) -> None:
    from kg.extract.brands import names_project_of

    assert names_project_of(company, project) is owned


def test_brand_owner_on_a_page(extract_text) -> None:
    ex = extract_text("青川高新区集中竣工星澜明日氢能压缩机、云帆储能等项目。"
                      "竣工项目代表、甘肃星澜明日能源科技有限公司总经理说，园区服务周到。")
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    assert ("甘肃星澜明日能源科技有限公司", "signedProject", "星澜明日氢能压缩机") in got



@pytest.mark.parametrize("spans,inside", [
    (((3, 9), (2, 9)), True),  # 甲乙物流园 cut out of 中甲乙物流园
    (((2, 9), (2, 9)), False),  # the same name twice
    (((2, 9), (12, 18)), False),  # two items of a list
])
def test_cut_name_is_inside_another(spans, inside: bool) -> None:
    """A project name cut out of a longer project name gets no default signer of its own."""
    from kg.extract.project_signers import _inside_other
    from kg.model import Mention

    ms = [Mention("Project", "x" * (b - a), a, b, "project-list", canonical=str(a)) for a, b in spans]
    assert _inside_other(ms[0], ms) is inside


# (text, (company, project) that must be signed or None, (company, project) that must not be)
AT_ZONE_CASES = [
    # 在ZONE新建X项目 with no subject of its own: the company of the clause before builds X
    ("全球知名的气体供应商云帆气体集团扩大在华业务，在青川高新区新建特种气体站项目。",
     ("云帆气体集团", "特种气体站"), None),
    # the company that opens the clause builds what it makes in the zone (X集团在ZONE打造Y)
    ("星桥集团在青川高新区打造西南研发中心。", ("星桥集团", "西南研发中心"), None),
    ("星桥集团将在青川高新区兴建星桥西南研发中心项目。", ("星桥集团", "星桥西南研发中心"), None),
    # a clause with its own subject (the zone) does not take the company before
    ("云帆气体集团今年业绩增长，青川高新区还在园区新建星桥光伏电站项目。",
     ("青川高新区", "星桥光伏电站"), ("云帆气体集团", "星桥光伏电站")),
]


@pytest.mark.parametrize("text,signed,unsigned", AT_ZONE_CASES, ids=[c[0][:14] for c in AT_ZONE_CASES])
def test_company_before_at_zone_clause(extract_text, text: str, signed, unsigned) -> None:
    ex = extract_text(text)
    got = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert signed is None or signed in got
    assert unsigned is None or unsigned not in got
