"""Resolve bare references (高新区, 该区, 经开区) to the article's own park."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..model import Document, Mention
from .zone_short import bare_zone_names


def main_park(mentions: tuple[Mention, ...], subtype: str = "") -> str:
    counts = Counter(m.canonical for m in mentions if m.type == "Park" and not m.refers
                     and (not subtype or m.subtype == subtype))
    if not counts:
        return ""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def main_city(mentions: tuple[Mention, ...]) -> str:
    from ..reference.places import GAZETTEER

    counts: Counter[str] = Counter()
    for m in mentions:
        if m.type == "Place":
            info = GAZETTEER.by_name(m.canonical)
            if info and info.level in ("city", "province") and info.name.endswith("市"):
                counts[m.canonical] += 1
    if not counts:
        return ""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


_COMPANY_PARK = re.compile(r"(?:集团|公司)(?:产业园区|工业园区|产业园|工业园)$")


def _company_park(name: str) -> bool:
    return bool(_COMPANY_PARK.search(name))


SHORT_SUFFIX = {"HighTechZone": "高新区", "EconomicDevelopmentZone": "经开区", "BondedZone": "综保区",
                "FreeTradeZoneArea": "", "NewArea": "新区"}


# A park that signs or brings in (X产业园签约…, X产业园：A项目…) acts as a zone, not as a project being built.
SIGNER = re.compile(r"(?:成功|先后|现场|集中|共|累计|当天|分别)?(?:签约|引进|招引|签下|与[^，。；]{2,20}?签)|[：:]")


def _fuller_names(mentions: tuple[Mention, ...]) -> dict[str, str]:
    """Park names the article also writes in full (Y合作示范区 after 某市某区Y合作示范区; X产业园 and X产业园区): one park.

    Why: news names a zone in full once and then drops its city or district; the
    shorter form is the same zone, and counting it apart hides the article's park.
    """
    from ..reference.places import GAZETTEER
    from .lexicon import tag, tokens

    names = {m.canonical for m in mentions if m.type == "Park" and not m.refers}
    out: dict[str, str] = {}
    for short in names:
        longer = [n for n in names if len(short) >= 4 and n != short and n.endswith(short)
                  and all(tag(t) == "ns" or GAZETTEER.candidates(t) for t in tokens(n[: -len(short)]))]
        if len(longer) == 1:
            out[short] = longer[0]
        elif short.endswith("园") and short + "区" in names:
            out[short] = short + "区"  # X产业园 and X产业园区 written in one article: the zone's own name
    return out


def resolve_references(doc: Document, mentions: tuple[Mention, ...]) -> list[Mention]:
    """Bare references take the article's park; project-like parks also count as projects."""
    from .common import is_zone

    fuller = _fuller_names(mentions)
    mentions = tuple(replace(m, canonical=fuller[m.canonical]) if m.type == "Park" and m.canonical in fuller else m
                     for m in mentions)
    out: list[Mention] = []
    have_project = {(m.start, m.end) for m in mentions if m.type == "Project"}
    for m in mentions:
        if m.type == "Park" and not m.refers and not is_zone(m) and (m.start, m.end) not in have_project \
                and m.canonical.endswith(("产业园", "产业园区", "工业园", "物流园", "创业园", "科技园", "创新园", "科技城", "小镇", "创业谷")) \
                and not SIGNER.match(doc.text, m.end):
            out.append(replace(m, type="Project", subtype="", extractor="park-as-project"))
    city = main_city(mentions)
    for m in mentions:
        if not m.refers:
            if not (m.type == "Park" and (m.start, m.end) not in have_project and _company_park(m.canonical)):
                out.append(m)  # a company's own park is only a project
            continue
        target = main_park(mentions, m.subtype) if m.subtype else main_park(mentions)
        if not target and m.subtype in SHORT_SUFFIX and SHORT_SUFFIX[m.subtype] and city:
            from ..reference.places import short_forms

            shorts = short_forms(city)
            target = (shorts[0] if shorts else city) + SHORT_SUFFIX[m.subtype]
        if target:
            out.append(replace(m, canonical=target))
    return out + bare_zone_names(doc, out)
