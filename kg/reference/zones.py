"""National-level zones (public reference data shipped in kg/reference/data/zones/).

Keyed by full name, short name and listed aliases; used to locate parks in their
city and province and to mark them as national-level with their approval year.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def zones() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    path = resources.files("kg.reference").joinpath("data/zones/all_zones.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name_full"], row["name_short"], *[a for a in row["aliases"].split("|") if a]]
            for name in names:
                out.setdefault(name, row)
    return out


def zone_attrs(*names: str) -> dict[str, str]:
    """kg:zoneLevel and kg:yearApproved for a park known to the national lists."""
    for name in names:
        row = zones().get(name)
        if row:
            attrs = {"zoneLevel": "national"}
            if row.get("year_approved", "").isdigit():
                attrs["yearApproved"] = row["year_approved"]
            return attrs
    return {}
