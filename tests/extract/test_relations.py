"""Relation finders on synthetic paragraphs: (text, expected (subject, predicate, object) triples)."""

from __future__ import annotations

import pytest

CASES = [
    # a park lies in the place its name starts with, and in that place's province
    ("合肥高新区发展势头良好。", {("合肥高新区", "locatedIn", "合肥市"), ("合肥高新区", "locatedIn", "安徽省")}),
    # leading industries fan out over the list; other industries are developed
    ("合肥高新区聚焦集成电路、人工智能、生物医药三大主导产业，培育量子信息等新兴产业。",
     {("合肥高新区", "leadsIndustry", "集成电路"), ("合肥高新区", "leadsIndustry", "人工智能"),
      ("合肥高新区", "leadsIndustry", "生物医药"), ("合肥高新区", "developsIndustry", "量子信息")}),
    # 这是…主导产业 in the next clause still marks the list as leading
    ("光电信息产业、新能源汽车产业，这是合肥高新区的两大主导产业。",
     {("合肥高新区", "leadsIndustry", "光电信息"), ("合肥高新区", "leadsIndustry", "新能源汽车")}),
    # projects signed in a zone lie in it; a company named in the project's name owns it
    ("合肥高新区与多家企业集中签约，长江储能二期项目总投资约80亿元。",
     {("合肥高新区", "signedProject", "长江储能二期"), ("长江储能二期", "locatedIn", "合肥高新区"),
      ("长江储能", "signedProject", "长江储能二期")}),
    # the subject carries over to the next sentence of the paragraph
    ("芜湖经开区去年表现亮眼。园区成功签约华科光电、东岳智造等12家企业。",
     {("华科光电", "locatedIn", "芜湖经开区"), ("东岳智造", "locatedIn", "芜湖经开区")}),
    # a company only contacted is not located in the park
    ("芜湖经开区先后与华科光电、东岳智造等企业进行对接。", set()),
    # the issuer of a policy is the subject before 出台
    ("芜湖经开区出台《芜湖经开区促进数字经济发展实施办法》。",
     {("芜湖经开区", "issuedPolicy", "芜湖经开区促进数字经济发展实施办法")}),
    # a county is located in the city the article names
    ("企业分布于嘉兴市海盐县和平湖市。", {("海盐县", "locatedIn", "嘉兴市"), ("平湖市", "locatedIn", "嘉兴市")}),
    # places joined by 与 both build the project
    ("海盐县与平湖市合作共建嘉兴智能制造产业园。",
     {("海盐县", "signedProject", "嘉兴智能制造产业园"), ("平湖市", "signedProject", "嘉兴智能制造产业园")}),
    # an area of a larger zone is part of it
    ("滨江新区直管区营商环境持续优化，滨江新区发展提速。", {("滨江新区直管区", "partOf", "滨江新区")}),
]

PREDICATES_CHECKED = {"leadsIndustry", "developsIndustry", "signedProject", "issuedPolicy", "partOf", "locatedIn"}


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_relations(extract_text, text: str, expected: set[tuple[str, str, str]]) -> None:
    ex = extract_text(text)
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    missing = expected - got
    assert not missing, f"missing {missing}; got {sorted(got)}"
    if not expected:
        settled = {t for t in got if t[1] == "locatedIn" and t[2].endswith(("高新区", "经开区"))
                   and not t[0].endswith(("高新区", "经开区"))}
        assert not settled, f"unexpected {settled}"


# Who signs a project named in a sentence with a source, a builder or a host after it (invented names):
# (text, signedProject pairs that must be found, pairs that must not be found)
SIGNER_CASES = [
    # a city that only names who reports (据X市投资促进中心介绍) is no signer
    ("据蚌埠市投资促进中心介绍，澜川储能项目已正式签约。", set(), {("蚌埠市", "澜川储能")}),
    ("蚌埠市商务局局长表示，澜川储能项目已正式签约。", set(), {("蚌埠市", "澜川储能")}),
    # officials of a city attending the signing are no party to it
    ("蚌埠市领导出席活动，澜川储能项目正式签约。", set(), {("蚌埠市", "澜川储能")}),
    # a project that only qualifies a party (X项目投资方) is signed by no co-builder listed in its sentence
    ("青川新区今年招商。澜川储能项目签约。研究院由岚溪大学联合广东省、蚌埠市以及澜川储能项目投资方合作共建。",
     set(), {("蚌埠市", "澜川储能"), ("广东省", "澜川储能")}),
    # the zone it settles in after a clause about the project
    ("蚌埠市投资促进局负责人介绍，澜川储能项目总投资10亿元，落户蚌埠高新区。", {("蚌埠高新区", "澜川储能")}, set()),
    # X项目由Y公司承建: the company after 由 builds it
    ("澜川储能项目由星鸿智能装备有限公司承建，预计明年投产。", {("星鸿智能装备有限公司", "澜川储能")}, set()),
    # another project between: the zone is that one's
    ("澜川储能项目总投资10亿元，星鸿光伏项目落户蚌埠高新区。", {("蚌埠高新区", "星鸿光伏")}, {("蚌埠高新区", "澜川储能")}),
]


@pytest.mark.parametrize("text,found,absent", SIGNER_CASES, ids=[c[0][:14] for c in SIGNER_CASES])
def test_project_signer_cases(extract_text, text: str, found: set, absent: set) -> None:
    got = {(r.subject.canonical, r.object.canonical) for r in extract_text(text).relations if r.predicate == "signedProject"}
    assert found <= got
    assert not (absent & got)


def test_county_heading_signs_its_section(extract_text) -> None:
    """A roundup in sections (一、ZONE … 三、X县): the projects under a county's heading are the county's."""
    page = ("蚌埠市一季度重大项目集中开工\n一、蚌埠经开区\n德岚医疗器械产业园项目，总投资8亿元。\n"
            "二、怀远县\n翠泓农产品加工项目，总投资3亿元。\n")
    got = {(r.subject.canonical, r.object.canonical) for r in extract_text(page).relations if r.predicate == "signedProject"}
    assert ("怀远县", "翠泓农产品加工") in got
    assert ("蚌埠经开区", "翠泓农产品加工") not in got
    assert ("蚌埠经开区", "德岚医疗器械产业园") in got
