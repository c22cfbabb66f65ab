"""Park names on invented zones: (text, expected canonical names of the parks, subtype of the first)."""

from __future__ import annotations

import pytest

CASES = [
    # bonded zones and cooperation demonstration zones are zones; a bare 保税区 is the article's own
    ("青川港保税区新增企业50家。保税区持续打造外向型经济。", {"青川港保税区"}, "BondedZone"),
    ("青川海湾合作示范区开工项目29个。", {"青川海湾合作示范区"}, "CooperationZone"),
    # an area of a pilot free trade zone goes by its own short name, however the zone is written
    ("中国(福建)自由贸易试验区青川片区新增企业300家。", {"青川片区"}, "FreeTradeZoneArea"),
    ("福建自贸试验区青川片区新增企业300家。", {"青川片区"}, "FreeTradeZoneArea"),
]


@pytest.mark.parametrize("text,expected,subtype", CASES, ids=[c[0][:10] for c in CASES])
def test_parks(extract_text, text: str, expected: set[str], subtype: str) -> None:
    ex = extract_text(text)
    parks = [m for m in ex.mentions if m.type == "Park"]
    assert {m.canonical for m in parks} == expected
    assert parks[0].subtype == subtype
