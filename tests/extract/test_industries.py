"""Industries and zone areas on invented parks: (text, expected (subject, predicate, object) triples)."""

from __future__ import annotations

import pytest

CASES = [
    # a conjunction inside a middle item of a 、-list is part of the sector's name
    ("青川新区抓紧发展高端装备、软件和信息服务业、现代服务业等战略性新兴产业。",
     {("青川新区", "developsIndustry", "软件和信息服务业"), ("青川新区", "developsIndustry", "高端装备"),
      ("青川新区", "developsIndustry", "现代服务业")}),
    # 优先培育X产业: the verb is not part of the sector; plans to cultivate are developsIndustry
    ("青川新区优先培育生物医药产业。", {("青川新区", "developsIndustry", "生物医药")}),
    # 双首位产业: a leading-industry enumeration
    ("青川经开区围绕新能源汽车和电子信息双首位产业，育龙头、补链条。",
     {("青川经开区", "leadsIndustry", "新能源汽车"), ("青川经开区", "leadsIndustry", "电子信息")}),
    # a one-character sector keeps its 产业; 全产业链 is not part of the sector
    ("青川产业园区加大钛产业、高端装备制造、新型建材等项目招引。", {("青川产业园区", "developsIndustry", "钛产业")}),
    ("青川片区瞄准油气全产业链发展。", {("青川片区", "developsIndustry", "油气")}),
    # areas of a zone: bare 东区/西区, Y的X园区, X，是Y的…平台
    ("青川高新区发展迅速。目前，西区5平方公里已开发完毕。", {("青川高新区西区", "partOf", "青川高新区")}),
    ("青川高新区的星河产业园聚焦新材料。", {("星河产业园", "partOf", "青川高新区")}),
    ("星河科技城，是青川高新区培育新能源汽车产业的创新平台。", {("星河科技城", "partOf", "青川高新区")}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:12] for c in CASES])
def test_industries_and_areas(extract_text, text: str, expected: set[tuple[str, str, str]]) -> None:
    ex = extract_text("自贸试验区新闻\n" + text if "片区" in text else text)
    got = {(r.subject.canonical, r.predicate, r.object.canonical) for r in ex.relations}
    assert expected <= got, expected - got


def test_area_figure_is_the_areas(extract_text) -> None:
    ex = extract_text("青川高新区发展迅速。目前，西区5平方公里已开发完毕。")
    assert {(o.subject.canonical, o.value) for o in ex.observations} == {("青川高新区西区", 5.0)}
