"""Enterprise finders (kg/extract/companies.py) on synthetic sentences with invented companies.

Each row: (text, expected Enterprise canonical names). The cases are shapes, not names: legal
names whose left edge the word-based walker alone gets wrong, lists with joining words and
several tails, descriptors before a name, and lists of kinds of company that are not companies.
"""

from __future__ import annotations

import pytest

CASES = [
    # left edge of legal names: a place prefix before words that end names elsewhere (新, 明日)
    ("湖南恒澜新材料股份有限公司年产值突破百亿元。", {"湖南恒澜新材料股份有限公司"}),
    ("竣工项目代表、陕西岚川明日能源科技有限公司总经理说。", {"陕西岚川明日能源科技有限公司"}),
    ("省领导考察湖南恒澜新材料股份有限公司。", {"湖南恒澜新材料股份有限公司"}),
    # a province jieba cut across (山/西安/岚…), a lone verb-like first character after the place (通)
    ("竣工项目代表、山西安岚明日能源科技有限公司总经理说。", {"山西安岚明日能源科技有限公司"}),
    ("园区已入驻湖南通源源岚畜产品有限公司。", {"湖南通源源岚畜产品有限公司"}),
    # 与X合作共建: a two-character partner is no company with the cue glued on
    ("临江区与星澜合作共建青禾产业园区。", set()),
    # an unknown brand jieba cut into an unknown word and a verb (辉丰光/能) stays whole
    ("临江科技城成功签约辉丰光能、星岚生物等一批优质企业。", {"辉丰光能", "星岚生物"}),
    # a park inside a legal name does not cut it; 控股 is part of names
    ("临江青禾生物科技有限公司、临江高新区投资控股有限公司等20家企业获表彰。",
     {"临江青禾生物科技有限公司", "临江高新区投资控股有限公司"}),
    # descriptors before the name
    ("全球知名的精密仪器供应商法国澜风集团扩大在华业务。", {"法国澜风集团"}),
    ("行业巨头星曜集团在园区新建基地。", {"星曜集团"}),
    # two lists in one clause, joined by 和; the second list's first item keeps its edge
    ("临江经开区已引入甲澜股份、丙岳科技、庚曜等龙头企业和壬朔玻纤、子衡包装等配套企业。",
     {"甲澜股份", "丙岳科技", "庚曜", "壬朔玻纤", "子衡包装"}),
    ("园区集聚了星岚电子和北朔光能等一批知名企业。", {"星岚电子", "北朔光能"}),
    # signings listed before 等N个项目: items shaped like companies are the companies (a brand that is a
    # common noun counts in a list), the others stay projects; the walker's stop at 万 (a numeral) is undone
    ("活动中，集中签约万澜航空、华岳新能源等44个招商引资项目。", {"万澜航空", "华岳新能源"}),
    ("其中，飞虎新能源及协岳新能源2个重大招商项目投产。", {"飞虎新能源", "协岳新能源"}),
    ("签约新能源汽车、生物医药等5个项目。", set()),
    ("成功签约一家科技等3个项目。", set()),
    # actors: settling (X落户 / 入驻) and being brought in (引进X), when the name is shaped like a company
    ("星澜科技成功落户星河高新区。", {"星澜科技"}),
    ("园区今年引进青岚新能源，项目总投资20亿元。", {"青岚新能源"}),
    ("引进高层次人才和先进技术。", set()),
    ("今年，星澜科技投资20亿元建设电池项目。", {"星澜科技"}),
    ("今年引进了星岚集团、青岚股份。", {"星岚集团", "青岚股份"}),
    ("澜岳科技、青峰智能、北辰光电纷纷入驻。", {"澜岳科技", "青峰智能", "北辰光电"}),
    ("星澜控股子公司青岚新能源落户园区。", {"青岚新能源"}),
    ("该项目开工，由青岚新能源投资建设。", {"青岚新能源"}),
    ("园区投资20亿元建设道路。", set()),
    ("星澜科技与星河高新区签约，共建电池基地。", {"星澜科技"}),
    ("今年，XYZ医疗落户园区。", {"XYZ医疗"}),
    ("今年，GDP增速落户前列。", set()),
    ("新能源汽车落户园区。", set()),
    # foreign brands: a country and a proper or unknown word; not when it only prefixes a project
    ("俊岚纺织引进世界首创的美国澜洁“幻影”新材料生产技术。", {"美国澜洁"}),
    ("美国澜洁新材料生产项目开工。", set()),
    ("美国总统访问。", set()),
    # kinds of company, places and sectors before 等…企业 are not companies
    ("大力引进总部型、龙头型、基地型等平台企业。", set()),
    ("从上海、重庆等地招引的省外企业。", set()),
    ("围绕新材料、生物医药等重点产业招引一批龙头企业。", set()),
    ("表彰了张澜、李岳等优秀企业家。", set()),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_enterprises(extract_text, text: str, expected: set[str]) -> None:
    ex = extract_text(text)
    assert {m.canonical for m in ex.mentions if m.type == "Enterprise"} == expected
