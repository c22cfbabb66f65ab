"""The park head table and the groups built from it; which heads make a zone (invented names, real counties)."""

from __future__ import annotations

import pytest

from kg.extract import heads
from kg.extract.common import is_zone
from kg.model import Mention

_TABLE = {h for h, _short, _sub in heads.PARK_HEADS} | {short for _h, short, _sub in heads.PARK_HEADS}

# (group, its entries that are no head of the table: the differences each group's comment names)
GROUPS = [
    ("NATIONAL_HEADS", set()),
    ("PLACE_NAMED_HEADS", set()),
    ("COUNTY_PARK_HEADS", set()),
    ("ZONE_ENDS", {"集聚区"}),
    ("PROJECT_LIKE_ENDS", {"小镇"}),
    ("NAMING_ZONE_HEADS", set()),
]


@pytest.mark.parametrize("group,outside", GROUPS, ids=[g for g, _ in GROUPS])
def test_groups_are_heads_of_the_table(group: str, outside: set[str]) -> None:
    assert set(getattr(heads, group)) - _TABLE == outside


# (canonical name, subtype, a zone?)
ZONES = [
    ("澜川高新区", "HighTechZone", True),
    ("澜川科技城", "ScienceCity", True),
    ("澜川现代服务业集聚区", "IndustrialPark", True),  # any …集聚区, not only …产业集聚区
    ("澜川工业园区", "IndustrialPark", True),  # named after a word jieba does not know: a place-like name
    ("新材料产业园区", "IndustrialPark", False),  # named after a sector: a project
    ("澜川集团产业园区", "IndustrialPark", False),  # a company's own park
    ("眉县现代农业产业园", "IndustrialPark", True),  # a county in full and common words: its platform
    ("眉县澜川产业园", "IndustrialPark", False),  # a brand in it: a company's park
    ("澜川创业园", "IndustrialPark", False),
    ("澜川新城", "NewArea", False),
    ("澜川度假区", "IndustrialPark", False),
    ("澜川自贸区", "FreeTradeZoneArea", False),
    ("澜川片区", "FreeTradeZoneArea", True),  # an area of a pilot free trade zone
    ("澜川片区", "", False),  # a district of a city
]


@pytest.mark.parametrize("name,subtype,zone", ZONES, ids=[f"{n}-{s}" for n, s, _ in ZONES])
def test_which_heads_make_a_zone(name: str, subtype: str, zone: bool) -> None:
    park = Mention("Park", name, 0, len(name), "parks", canonical=name, subtype=subtype)
    assert is_zone(park) is zone


# (bare reference, subtype it refers to)
BARE = [("高新区", "HighTechZone"), ("该经开区", "EconomicDevelopmentZone"), ("保税区", "BondedZone"),
        ("片区", "FreeTradeZoneArea"), ("该区", "")]


@pytest.mark.parametrize("ref,subtype", BARE, ids=[r for r, _ in BARE])
def test_bare_references_take_their_heads_subtype(ref: str, subtype: str) -> None:
    from kg.extract.parks import BARE_REFS

    assert BARE_REFS[ref] == subtype
