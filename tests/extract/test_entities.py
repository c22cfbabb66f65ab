"""Entity finders on synthetic sentences: (text, type, expected canonical names)."""

from __future__ import annotations

import pytest

CASES = [
    # parks: place prefix + short form; full names shorten; county platforms; bare references resolve
    ("合肥高新技术产业开发区聚焦集成电路产业。", "Park", {"合肥高新区"}),
    ("今年，芜湖经济技术开发区新签约项目12个。", "Park", {"芜湖经开区"}),
    ("宜良产业园区聚焦绿色食品、新型建材两大产业。", "Park", {"宜良产业园区"}),
    ("中国(甘肃)自由贸易试验区青川片区新增企业300家。", "Park", {"青川片区"}),
    ("合肥高新区持续发力。高新区全年新增企业500家。", "Park", {"合肥高新区"}),
    ("山东省高新区中居第2位。", "Park", set()),
    ("绿色低碳示范产业园建设加快。", "Park", set()),
    # enterprises: legal suffixes, groups, lists before 等…企业, partners
    # a city whose short form jieba files as a verb or adjective (自贡 v, 清远 a) still heads the name
    ("自贡精细化工产业园今年新签约项目12个。", "Park", {"自贡精细化工产业园"}),
    ("清远澜川现代农业产业园今年新签约项目8个。", "Park", {"清远澜川现代农业产业园"}),
    ("宁德星辰电池有限公司年产值突破百亿元。", "Enterprise", {"宁德星辰电池有限公司"}),
    ("开封制药、遵义瑞能等企业入驻。", "Enterprise", {"开封制药", "遵义瑞能"}),
    ("园区引进江南重工集团落地建设。", "Enterprise", {"江南重工集团"}),
    ("成功签约华科光电、东岳智造等12家企业。", "Enterprise", {"华科光电", "东岳智造"}),
    ("从上海、重庆等地招引的省外企业。", "Enterprise", set()),
    ("围绕新材料、生物医药等重点产业招引一批龙头企业。", "Enterprise", set()),
    # industries: lists before a head, modifiers kept, 产业 dropped, generic words rejected
    ("合肥高新区聚焦集成电路、人工智能、生物医药三大主导产业。", "Industry", {"集成电路", "人工智能", "生物医药"}),
    ("形成新材料及先进装备制造两大主导产业集群。", "Industry", {"新材料", "先进装备制造"}),
    ("大力发展现代服务业。", "Industry", {"现代服务业"}),
    ("培育特色产业，做强优势产业。", "Industry", set()),
    # policies: titles and named packages
    ("市政府出台《关于支持先进制造业发展的若干措施》。", "Policy", {"关于支持先进制造业发展的若干措施"}),
    ("该区制定科创政策“十条”。", "Policy", {"科创政策十条"}),
    # projects: heads with a proper name, lists before 等…项目, programmes without a name are not projects
    ("长江储能二期项目总投资约80亿元。", "Project", {"长江储能二期"}),
    ("推动北辰云谷智能制造基地、南湖数据中心等一批项目开工建设。", "Project", {"北辰云谷智能制造基地", "南湖数据中心"}),
    ("全面实施补短板工程。", "Project", set()),
    # places: official names, short forms with context, towns
    ("浙江省嘉兴市海盐县经济稳步增长。", "Place", {"浙江省", "嘉兴市", "海盐县"}),
    ("企业分布于江苏省南京、无锡等地。", "Place", {"江苏省", "南京市", "无锡市"}),
    ("千亿元大关。", "Place", set()),
    # a city's short form outside the article's province: in a list or before a suffix, also beside its own 县
    ("江苏省考察团前往安康、铜川等地招商。", "Place", {"江苏省", "安康市", "铜川市"}),
    ("江苏省代表团赴长治、阜新等地考察。", "Place", {"江苏省", "长治市", "阜新市"}),
    ("江苏省企业落户怒江州。", "Place", {"江苏省", "怒江傈僳族自治州"}),
    ("江苏省全力保障安康生活。", "Place", {"江苏省"}),
    # a division whose stem is a common word, inside a longer word (合作 + 市场), and 小镇 (a project's head)
    ("甘肃省积极开拓国际合作市场。", "Place", {"甘肃省"}),
    ("推动澜睿智能科技小镇建设。", "Place", set()),
    # a county's short form glued after a zone (X新区新城) names a part of the zone, no county
    ("陕西省举办签约活动，甲公司分别与各星河新区新城、乙园区成功签约。", "Place", {"陕西省"}),
    ("陕西省举办签约活动，甲公司与星河新区新城签约。", "Place", {"陕西省"}),
    # a county's short form inside a word (热火朝天) is no place, even in the county's province
    ("四川省各产业园区铆足干劲，热火朝天。", "Place", {"四川省"}),
    ("成立星桥创新联盟海南区域站点。", "Place", {"海南省"}),
    # people: titles and speech verbs
    ("管委会主任张建国表示，将加快发展。", "Person", {"张建国"}),
]


@pytest.mark.parametrize("text,typ,expected", CASES, ids=[f"{c[1]}:{c[0][:12]}" for c in CASES])
def test_entities(extract_text, text: str, typ: str, expected: set[str]) -> None:
    ex = extract_text(text)
    got = {m.canonical for m in ex.mentions if m.type == typ}
    assert got == expected


@pytest.mark.parametrize("text,typ,name", [
    ("潮州高新區新增企業50家。", "Park", "潮州高新区"),
    ("臺州市椒江區工業穩步發展。", "Place", "台州市"),
], ids=["park-traditional", "place-traditional"])
def test_traditional_script_gives_simplified_canonical(extract_text, text, typ, name) -> None:
    ex = extract_text(text)
    assert name in {m.canonical for m in ex.mentions if m.type == typ}


def test_mentions_map_back_to_original_text(extract_text) -> None:
    text = "潮州高新區新增企業50家，生物醫藥產業穩步發展。"
    ex = extract_text(text)
    doc = ex.document
    for m in ex.mentions:
        original = doc.original_text(m.start, m.end)
        assert len(original) == len(m.text)
        assert original in text


def test_word_tags_are_jieba_posseg_tags():
    """kg.extract.lexicon reads jieba's dictionary tags itself (jieba.posseg is slow to import): the same table."""
    from jieba import posseg

    from kg.extract import lexicon

    assert lexicon._TAGS == posseg.dt.word_tag_tab
