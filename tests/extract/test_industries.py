"""Industries and zone areas on invented parks: (text, expected (subject, predicate, object) triples)."""

from __future__ import annotations

import pytest

CASES = [
    # public services and infrastructure are tasks of a zone, not industries
    ("青川新区重点发展现代物流、公共服务、电子商务等产业。",
     {("青川新区", "developsIndustry", "现代物流"), ("青川新区", "developsIndustry", "电子商务")}),
    ("青川新区聚焦公共服务、基础设施、社会事业。", set()),
    # a conjunction inside a middle item of a 、-list is part of the sector's name
    ("青川新区抓紧发展精密仪器、交通和仓储服务业、商务会展等重点产业。",
     {("青川新区", "developsIndustry", "交通和仓储服务业"), ("青川新区", "developsIndustry", "精密仪器"),
      ("青川新区", "developsIndustry", "商务会展")}),
    # 优先培育X产业: the verb is not part of the sector; plans to cultivate are developsIndustry
    ("青川新区优先培育生物育种产业。", {("青川新区", "developsIndustry", "生物育种")}),
    # 双首位产业: a leading-industry enumeration
    ("青川经开区做强精密仪器和光电器件双首位产业。",
     {("青川经开区", "leadsIndustry", "精密仪器"), ("青川经开区", "leadsIndustry", "光电器件")}),
    # a one-character sector keeps its 产业; 全产业链 is not part of the sector
    ("青川产业园区加大锌产业、精密铸造、新型陶瓷等项目招引。", {("青川产业园区", "developsIndustry", "锌产业")}),
    ("青川片区瞄准竹木加工全产业链发展。", {("青川片区", "developsIndustry", "竹木加工")}),
    # areas of a zone: bare 东区/西区, Y的X园区, X，是Y的…平台
    ("青川高新区发展迅速。目前，西区5平方公里已开发完毕。", {("青川高新区西区", "partOf", "青川高新区")}),
    ("青川高新区的星河产业园聚焦新型陶瓷。", {("星河产业园", "partOf", "青川高新区")}),
    ("星河科技城，是青川高新区培育光电器件产业的创新平台。", {("星河科技城", "partOf", "青川高新区")}),
    # an area named after the zone's own name (not a city's): 星澜创业谷 in 星澜新区
    ("星澜创业谷今年引进项目9个。星澜新区管委会表示将扩大开放。", {("星澜创业谷", "partOf", "星澜新区")}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:12] for c in CASES])
def test_industries_and_areas(extract_text, text: str, expected: set[tuple[str, str, str]]) -> None:
    ex = extract_text("自贸试验区新闻\n" + text if "片区" in text else text)
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    assert expected <= got, expected - got


def test_area_figure_is_the_areas(extract_text) -> None:
    ex = extract_text("青川高新区发展迅速。目前，西区5平方公里已开发完毕。")
    assert {(o.subject.canonical, o.value) for o in ex.observations} == {("青川高新区西区", 5.0)}


@pytest.mark.parametrize("text,expected", [
    # a plan verb lists sectors without an industry head
    ("青川经开区重点发展激光装备、智能家居。", {"激光装备", "智能家居"}),
    ("青川经开区入驻企业从事肉鸡、肉鸭养殖。", {"肉鸡", "肉鸭养殖"}),
    # a project's or company's own business is not the park's plan; kinds of economy named by a space are no sector
    ("星桥集团贸易总部项目主要从事钢材、木材等建材批发。", set()),
    ("青川新区大力发展县域经济、城区经济。", set()),
    # a quality keeps its 产业 (智能产业), and is no industry without it
    ("推动青川新区智能产业实现龙头聚集。", {"智能产业"}),
    ("星桥集团是工业与健康领域的服务商。", set()),
    # 休闲 and 供应链 are words of sectors
    ("项目涵盖休闲体育、供应链、数字创意等领域。", {"休闲体育", "供应链", "数字创意"}),
    # the kind of projects listed (等X、Y项目, 等X系列项目) is a sector; a grade of project is not
    ("云帆研发基地、星桥医院等软件开发、检测认证项目签约落地。", {"软件开发", "检测认证"}),
    ("星桥科技等高科技孵化项目落户青川创业园。", set()),
    # the last item of a clause split at 和 is walked back to its sector words like the first
    ("助力青川新区培育和构建世界一流生命健康产业集群。", {"生命健康"}),
    # a list introduced by 涵盖/涉及 starts after the verb (the walker would cut 智能网/联)
    ("青川新区签约项目涵盖智能网联新能源汽车、高端装备、生物医药等领域。", {"智能网联新能源汽车", "高端装备", "生物医药"}),
])
def test_industry_names(extract_text, text: str, expected: set[str]) -> None:
    ex = extract_text(text)
    assert {m.canonical for m in ex.mentions if m.type == "Industry"} == expected
