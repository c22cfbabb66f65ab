"""Who owns a figure when the article is about a park (invented names): (text, expected (subject, value) rows)."""

from __future__ import annotations

import pytest

CASES = [
    # a zone named in full once and then without its city is one park, and its event totals are its own
    ("“甘肃柳溪全面创新合作区二季度招商推介会”在柳溪举行，共开工12个项目。\n"
     "当天签约的百亿元项目共有3个，为甘肃建设柳溪全面创新合作区增添活力。",
     [("甘肃柳溪全面创新合作区", 12.0), ("甘肃柳溪全面创新合作区", 3.0)]),
    # two designations of one area in one event: the figure goes to the name written first
    ("“柳溪全面创新合作区甘肃自贸试验区青川片区招商推介会”举行，共签约30个项目。",
     [("柳溪全面创新合作区", 30.0)]),
    # a city right before another name, or before a noun inside a clause, only says where: the park owns the figure
    ("青川经开区上半年签约项目20个。青川经开区扩大开放，兰州青川聚焦产业升级，计划新开工44个产业项目。",
     [("青川经开区", 20.0), ("青川经开区", 44.0)]),
    ("青川经开区前三季度引进重点项目46个、兰州项目39个。", [("青川经开区", 46.0), ("青川经开区", 39.0)]),
    # a city at the head of its clause is still the subject
    ("青川经开区扩大开放。\n2022年，兰州市地区生产总值3300亿元。", [("兰州市", 3.3e11)]),
    # a page that describes parks in turn under headings: each section's figures are its park's,
    # and X产业园 / X产业园区 on one page are one park
    ("1.柳溪青禾产业园区简介\n柳溪青禾产业园规划面积12平方公里。\n目前已入驻企业8家。\n"
     "2.柳溪西岭产业园区简介\n已建成道路5公里。",
     [("柳溪青禾产业园区", 12.0), ("柳溪青禾产业园区", 8.0), ("柳溪西岭产业园区", 5.0)]),
    # a new area by its bare name owns the figures after it; a thousands separator is part of the number
    ("星澜新区管委会表示将扩大开放。\n截至去年底，在星澜注册的企业累计1,168家，其中去年新增431家。",
     [("星澜新区", 1168.0), ("星澜新区", 431.0)]),
    # an incubation valley at the head of its clause owns its own figures
    ("星澜创业谷今年引进项目9个。", [("星澜创业谷", 9.0)]),
    # a count in brackets right after a place is the place's; a set ranked in and 数十 are no figures
    ("青川经开区瞪羚企业达18家，占兰州市(52家)的三分之一。", [("青川经开区", 18.0), ("兰州市", 52.0)]),
    ("青川经开区在全国83家经开区中排名靠前，推动数十个项目加快建设。", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_subjects(extract_text, text: str, expected) -> None:
    ex = extract_text("发布日期：2023-06-12\n" + text)
    assert [(o.subject.canonical, o.value) for o in ex.observations] == expected


@pytest.mark.parametrize("text,expected", [
    # a place jieba splits from its suffix (大湾/区) stays inside a project's name
    ("投资额最高的是青川大湾区精密医学产业基地项目，总投资50亿元。", {"青川大湾区精密医学产业基地"}),
])
def test_names_with_split_places(extract_text, text: str, expected: set[str]) -> None:
    ex = extract_text(text)
    assert expected <= {m.canonical for m in ex.mentions if m.type == "Project"}
