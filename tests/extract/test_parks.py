"""Park names on invented zones: (text, expected canonical names of the parks, subtype of the first)."""

from __future__ import annotations

import pytest

CASES = [
    # bonded zones and cooperation demonstration zones are zones; a bare 保税区 is the article's own
    ("青川临空保税区新增企业50家。保税区持续扩大开放。", {"青川临空保税区"}, "BondedZone"),
    ("青川海湾合作示范区开工项目29个。", {"青川海湾合作示范区"}, "CooperationZone"),
    # an area of a pilot free trade zone goes by its own short name, however the zone is written
    ("中国(甘肃)自由贸易试验区青川片区新增企业300家。", {"青川片区"}, "FreeTradeZoneArea"),
    ("甘肃自贸试验区青川片区新增企业300家。", {"青川片区"}, "FreeTradeZoneArea"),
    # a 片区 is a pilot zone's area only where the article names a free trade zone; else a district or nothing
    ("甘肃自贸试验区设三个片区。眉县片区新增企业30家。", {"甘肃自贸试验区", "眉县片区"}, "FreeTradeZoneArea"),
    ("眉县片区新增企业30家。", set(), ""),
    ("澜川湾片区新增企业30家。", {"澜川湾片区"}, ""),
    # 全面 inside a name; two zones written back to back stay two zones
    ("“柳溪全面创新合作区甘肃自贸试验区青川片区招商推介会”在青川举行。", {"柳溪全面创新合作区", "青川片区"}, "CooperationZone"),
    # heads that need a proper part, and verbs and time words that live inside names
    ("柳溪县现代农业产业示范区新增企业5家。", {"柳溪县现代农业产业示范区"}, "IndustrialPark"),
    ("生态文明示范区建设加快推进。", set(), ""),
    ("青川青年创业谷本月落地项目6个。", {"青川青年创业谷"}, "IndustrialPark"),
    ("柳溪县产业集聚区签约项目3个。", {"柳溪县产业集聚区"}, "IndustrialPark"),
    ("柳溪县青禾仓储物流产业园规划面积12平方公里。", {"柳溪县青禾仓储物流产业园"}, "IndustrialPark"),
    # a county whose short name is one character (道县: jieba cuts 道 + 县) keeps its zone; not a bare 经开区
    ("道县经济技术开发区签约澜川新材料项目。", {"道县经开区"}, "EconomicDevelopmentZone"),
    ("会上，道县高新区签约澜川新材料项目。", {"道县高新区"}, "HighTechZone"),
    # a preposition jieba glues onto an unknown zone name (为X新区) is not part of it
    ("这批项目将为岚诚新区稳投资、稳增长提供有力支撑。", {"岚诚新区"}, "NewArea"),
    # rare characters (jieba's zg) beside an unknown word belong to the brand
    ("推动峰昊璟产业园区建设。", {"峰昊璟产业园区"}, "IndustrialPark"),
    ("推动沣澜昊翔产业园建设。", {"沣澜昊翔产业园"}, "IndustrialPark"),
]


@pytest.mark.parametrize("text,expected,subtype", CASES, ids=[c[0][:10] for c in CASES])
def test_parks(extract_text, text: str, expected: set[str], subtype: str) -> None:
    ex = extract_text(text)
    parks = [m for m in ex.mentions if m.type == "Park"]
    assert {m.canonical for m in parks} == expected
    if parks:
        assert parks[0].subtype == subtype
