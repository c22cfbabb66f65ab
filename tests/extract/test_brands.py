"""Enterprises without a company word (kg/extract/brands.py and the actor lists of companies.py).

Rows are (text, expected Enterprise names), all names invented. The cue is the slot (an actor of
引进 / 落户, a list after an enterprise head, a centre of a multinational) and the shape of every
item; lists of people, resources, places or sectors in the same slots give nothing.
"""

from __future__ import annotations

import pytest

from kg.extract.brands import brandlike, names_project_of, unglue

CASES = [
    # brands brought in as a list, with or without a tail
    ("园区成功引进澜川、星鸿和博越，总投资30亿元。", {"澜川", "星鸿", "博越"}),
    ("园区先后引进澜川、星鸿，带动就业2000人。", {"澜川", "星鸿"}),
    ("Norvane、Keltis、Arvomed等外资企业相继入驻。", {"Norvane", "Keltis", "Arvomed"}),
    # a list after an enterprise head
    ("签约企业包括澜川、星鸿和博越。", {"澜川", "星鸿", "博越"}),
    ("入驻企业有澜川、星鸿、博越等。", {"澜川", "星鸿", "博越"}),
    ("签约企业包括澜川科技、星鸿和Norvane。", {"澜川科技", "星鸿", "Norvane"}),
    # one brand that settles, when jieba knows no word of it
    ("澜川正式落户星河高新区。", {"澜川"}),
    # centres of a multinational are the Enterprise (the guideline's branch of a brand)
    ("Valtrix中国研究院在星河高新区揭牌。", {"Valtrix中国研究院"}),
    ("德尔菲斯中国研究院揭牌。", {"德尔菲斯中国研究院"}),
    # left edge: a brand before 新 and a noun keeps 新 inside the name
    ("澜川新材料公司投资3.5亿元建设锂电隔膜基地。", {"澜川新材料公司"}),
    # a list counted as companies, and slots only a company fills (a corporate title, a plant's workshop)
    ("博越医疗、澜川生物、星鸿药业三家企业入选。", {"博越医疗", "澜川生物", "星鸿药业"}),
    ("澜川电子总经理李明介绍，公司今年订单增长30%。", {"澜川电子"}),
    ("据澜川科技负责人介绍，项目投产后年产值可达10亿元。", {"澜川科技"}),
    ("走进澜川电子，一条条生产线高速运转。", {"澜川电子"}),
    ("在澜川科技的生产车间里，工人们正忙着赶订单。", {"澜川科技"}),
    ("（图片由澜川科技提供）", {"澜川科技"}),
    ("澜川电子生产车间一角。", {"澜川电子"}),
    ("星河高新区携手澜川科技打造智能制造基地。", {"澜川科技"}),
    ("园区携手高校共建实验室。", set()),
    ("（图片由本报记者提供）", set()),
    ("介休市循环经济产业园引进德岚焦化、Norvane氢能两家企业。", {"德岚焦化", "Norvane氢能"}),
    # adverbs between an actor and its verb are not part of its name
    ("星鸿科技拟投资8亿元新建智能仓储物流基地。", {"星鸿科技"}),
    ("德岚焦化、Norvane氢能分别投资20亿元和15亿元建设新厂。", {"德岚焦化", "Norvane氢能"}),
    # a preposition jieba glues onto an unknown name is not its first character
    ("据介绍，澜川精密铸造项目由澜川集团投资建设。", {"澜川集团"}),
    ("据项目负责人介绍，工程进展顺利。", set()),
    ("走进园区，一条条生产线高速运转。", set()),
    ("新材料、生物医药两家企业入选。", set()),
    # the same slots holding no companies
    ("园区引进高层次人才和先进技术。", set()),
    ("园区引进资金、技术和人才。", set()),
    ("企业包括国有、民营和外资。", set()),
    ("引进北京、上海等地企业。", set()),
    ("引进张伟、李强等高层次人才。", set()),
    ("引进澜川、星鸿等高层次人才。", set()),
    ("张伟落户园区。", set()),
    ("多个项目落户园区。", set()),
    ("引进新材料公司。", set()),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_brand_enterprises(extract_text, text: str, expected: set[str]) -> None:
    ex = extract_text("星河高新区动态\n\n" + text)
    assert {m.canonical for m in ex.mentions if m.type == "Enterprise"} == expected


@pytest.mark.parametrize("name,ok", [
    ("澜川", True), ("Norvane", True), ("XK医疗", True),
    ("GDP", False), ("新材料", False), ("北京", False), ("三家", False), ("引进", False), ("人才", False),
    ("澜川今天", False), ("澜川东部", False), ("东方澜川", False),  # time, direction, place words: no brand's
])
def test_brandlike_shape(name: str, ok: bool) -> None:
    assert brandlike(name) is ok


def test_invented_page_of_brand_signings(extract_text) -> None:
    """A short invented page in the style of an investment-promotion report: every company is found once."""
    page = ("星河高新区举行招商签约活动\n\n"
            "本次活动中，星河高新区成功引进澜川、星鸿和博越，总投资46亿元。"
            "签约企业还包括Norvane、Keltis等外资企业。"
            "此外，Valtrix中国研究院正式落户星河高新区，博越新材料公司投资3亿元建设膜材料基地。"
            "园区同时引进高层次人才200余名。")
    ex = extract_text(page)
    got = {m.canonical for m in ex.mentions if m.type == "Enterprise"}
    assert got == {"澜川", "星鸿", "博越", "Norvane", "Keltis", "Valtrix中国研究院", "博越新材料公司"}


def test_a_listed_name_counts_as_a_brand_in_a_list(extract_text, tmp_path) -> None:
    """An item the user's gazetteer lists (a company named with common words) lets the list through."""
    from kg.reference import gazetteer

    text = "星河高新区动态\n\n园区成功引进澜川、绿色家园，总投资30亿元。"
    without = {m.canonical for m in extract_text(text).mentions if m.type == "Enterprise"}
    path = tmp_path / "mine.csv"
    path.write_text("type,name,aliases,id\nEnterprise,绿色家园,,E-1\n", encoding="utf-8")
    try:
        gazetteer.use([path])
        listed = {m.canonical for m in extract_text(text).mentions if m.type == "Enterprise"}
    finally:
        gazetteer.use(())
    assert "澜川" not in without and {"澜川", "绿色家园"} <= listed


# (text, start, end or None, where the name starts): a glued preposition or 和 is cut off, not in a short span
UNGLUE = [("由澜川集团", 0, None, 1), ("据青禾", 0, None, 1), ("和澜川星鸿", 0, 5, 1), ("和澜川", 0, 3, 0), ("澜川集团", 0, None, 0)]


@pytest.mark.parametrize("text,a,b,start", UNGLUE, ids=[c[0] for c in UNGLUE])
def test_unglue(text: str, a: int, b: int | None, start: int) -> None:
    assert unglue(text, a, b) == start


# (company, project, the company's project?): the brand is the name without its corporate ending
NAMED_PROJECTS = [
    ("澜川集团股份有限公司", "澜川储能项目", True),
    ("澜川（中国）投资有限公司", "澜川研发中心项目", True),
    ("澜川控股", "澜川总部项目", True),
    ("澜川集团有限责任公司", "澜川集团储能项目", True),
    ("澜川新能源", "澜川储能项目", False),  # no corporate ending: nothing to take off
    ("澜川集团", "星鸿储能项目", False),
]


@pytest.mark.parametrize("company,project,ok", NAMED_PROJECTS, ids=[c[0] for c in NAMED_PROJECTS])
def test_names_project_of(company: str, project: str, ok: bool) -> None:
    assert names_project_of(company, project) is ok
