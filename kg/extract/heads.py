"""Park heads: the one table of what ends a park's name, and the groups of heads the rules read.

Why one module: the park finder (:mod:`.parks`), the zone test (:func:`.common.is_zone`),
the parks that count as projects (:mod:`.context`) and the part-of rules (:mod:`.subareas`)
all ask what kind of head a name ends in; lists written apart in each drifted apart.
Groups built from others say so; a group that differs from a neighbour on purpose names
the difference. No imports from the finders, so that all of them can import it.
"""

from __future__ import annotations

import re

# (head as written, short head of the canonical name, subtype)
PARK_HEADS = [
    ("高新技术产业开发区", "高新区", "HighTechZone"), ("高新技术产业园区", "高新区", "HighTechZone"),
    ("经济技术开发区", "经开区", "EconomicDevelopmentZone"), ("综合保税区", "综保区", "BondedZone"),
    ("自由贸易试验区", "自贸试验区", "FreeTradeZoneArea"), ("国家自主创新示范区", "国家自主创新示范区", "ScienceCity"),
    ("经济合作区", "经济合作区", "CooperationZone"), ("合作示范区", "合作示范区", "CooperationZone"),
    ("合作区", "合作区", "CooperationZone"), ("保税港区", "保税港区", "BondedZone"), ("保税区", "保税区", "BondedZone"),
    ("产业园区", "产业园区", "IndustrialPark"), ("工业园区", "工业园区", "IndustrialPark"),
    ("高新区", "高新区", "HighTechZone"), ("经开区", "经开区", "EconomicDevelopmentZone"),
    ("综保区", "综保区", "BondedZone"), ("自贸试验区", "自贸试验区", "FreeTradeZoneArea"),
    ("自贸区", "自贸区", "FreeTradeZoneArea"), ("直管区", "直管区", "NewArea"), ("新区", "新区", "NewArea"),
    ("科技城", "科技城", "ScienceCity"), ("开发区", "开发区", "IndustrialPark"),
    ("产业园", "产业园", "IndustrialPark"), ("工业园", "工业园", "IndustrialPark"),
    ("科技园区", "科技园区", "IndustrialPark"), ("物流园区", "物流园区", "IndustrialPark"), ("农业园区", "农业园区", "IndustrialPark"),
    ("物流园", "物流园", "IndustrialPark"), ("创业园", "创业园", "IndustrialPark"), ("科技园", "科技园", "IndustrialPark"),
    ("片区", "片区", "FreeTradeZoneArea"), ("产业新城", "产业新城", "NewArea"), ("新城", "新城", "NewArea"), ("风景区", "风景区", "IndustrialPark"),
    ("度假区", "度假区", "IndustrialPark"), ("创新园", "创新园", "IndustrialPark"),
    ("产业集聚区", "产业集聚区", "IndustrialPark"), ("示范区", "示范区", "IndustrialPark"), ("创业谷", "创业谷", "IndustrialPark"),
]
HEADS = tuple(h for h, _short, _sub in PARK_HEADS)  # every head, in the table's order
HEAD_INFO = {h: (short, sub) for h, short, sub in PARK_HEADS}

# The national zone types, by the short head their names take (X高新区, X经开区, X综保区).
NATIONAL_SHORTS = ("高新区", "经开区", "综保区")
# Their heads, short and in full, that the finder cuts back to a place name. Not 高新技术产业园区:
# provincial and local parks are written so, national high-tech zones as …高新技术产业开发区.
NATIONAL_HEADS = frozenset(h for h, short, _ in PARK_HEADS if short in NATIONAL_SHORTS) - {"高新技术产业园区"}
# Heads of a county's or city's platform when a place names it (X县产业园区); a company's or sector's park otherwise.
PLACE_NAMED_HEADS = ("产业园区", "工业园区", "开发区")
# Smaller parks, a county's platform only as <county in full> + common words (X县现代农业产业园). Not 创业园,
# 创新园: incubators, never a county's platform.
COUNTY_PARK_HEADS = ("产业园", "工业园", "科技园", "科技园区", "农业园区", "物流园区", "物流园")
# Name ends of zones with an administration of their own. The table's other heads are not zones by
# their head: 自贸区 (a whole pilot zone, not one of its areas), 片区 (only of a pilot zone: see
# is_zone), new towns (新城), resorts and incubators. 集聚区 is any …集聚区 (a list's or a user's),
# not only the table's 产业集聚区.
ZONE_ENDS = (*NATIONAL_SHORTS, *PLACE_NAMED_HEADS, "新区", "直管区", "保税区", "保税港区", "合作区", "示范区", "集聚区",
             "自贸试验区", "科技城")
# A company's own park (X集团产业园区): a project, never a zone.
COMPANY_PARK = re.compile(r"(?:集团|公司)(?:产业园区|工业园区|产业园|工业园)$")
# Ends of parks that also count as projects when they are no zone (X产业园 built by someone): the small
# 园 heads and 产业园区 (not the other …园区 heads), science cities, start-up valleys, and 小镇, which
# ends no head of the table but a park a user's list names X小镇.
PROJECT_LIKE_ENDS = ("产业园", "产业园区", "工业园", "物流园", "创业园", "科技园", "创新园", "科技城", "小镇", "创业谷")
# Zones whose own name (without its head) opens the names of their areas (X创新园 in X新区).
NAMING_ZONE_HEADS = (*NATIONAL_SHORTS, "新区", "合作区", "开发区")  # 高新区 before 新区: the first end found counts
