"""Areas of a zone: bare 东区/西区 of the article's zone, and partOf where the text states it.

Why: articles about one zone describe its areas (东区, 西区, X片区, X园区, a 科技城)
and say how they belong to it: "Y的X园区", "X园区位于Y", "X，是Y的…平台/核心区".
A name that starts with its zone (Y东区) is handled by the name rule in
:mod:`.relations`; this module adds what only the sentence says.
"""

from __future__ import annotations

import re

from ..model import Document, Mention, RelationMention
from ..reference.places import GAZETTEER
from .common import is_zone
from .context import main_park
from .heads import NAMING_ZONE_HEADS

_BARE_AREA = re.compile(r"(?:^|(?<=[，。；：,;:\n]))([东西南北中]区)(?=[（(\d]|[\u4e00-\u9fff])(?!域|块|县|市)")
_PART_CUE = re.compile(r"[，,]?(?:是|为|作为|属于|隶属于?|位于)")
_PART_HEAD = re.compile(r"(?:组成部分|核心区|片区|园区|板块|平台|承载区|主阵地|主战场|分园|起步区|拓展区)")
_SUB_AREA = re.compile(r"(?:片区|园区|产业园|科技城|新城|东区|西区|南区|北区|中区|分园|园)$")


def bare_areas(doc: Document, mentions: tuple[Mention, ...]) -> list[Mention]:
    """东区/西区 written alone at the head of a clause: that area of the article's zone."""
    out = list(mentions)
    hits = list(_BARE_AREA.finditer(doc.text))
    if not hits:
        return out
    main = main_park(tuple(m for m in mentions if m.type == "Park" and is_zone(m)))
    if not main:
        return out
    taken = [(m.start, m.end) for m in mentions]
    for hit in hits:
        a, b = hit.span(1)
        if any(s < b and a < e for s, e in taken):
            continue
        out.append(Mention("Park", hit.group(1), a, b, "zone-area", canonical=main + hit.group(1), refers=True))
    return out


def stated_part_of(doc: Document, mentions: tuple[Mention, ...], is_zone) -> list[RelationMention]:
    """B partOf A when the sentence says so: A的B, B位于A, B，是A…的平台/核心区/组成部分."""
    text = doc.text
    out: list[RelationMention] = []
    parks = sorted((m for m in mentions if m.type == "Park"), key=lambda m: m.start)
    zones = [m for m in parks if is_zone(m)]
    for sub in parks:
        if not _SUB_AREA.search(sub.canonical) or sub.refers:
            continue
        sent = doc.sentence_at(sub.start)
        if sent is None:
            continue
        span = (sent.start, sent.end)
        for zone in zones:
            if zone.canonical == sub.canonical or not (sent.start <= zone.start < sent.end):
                continue
            if zone.end <= sub.start and text[zone.end:sub.start] == "的":
                out.append(RelationMention("partOf", sub, zone, *span, "part-of-cue"))  # A的B园区
            elif sub.end <= zone.start and zone.start - sub.end <= 4 and _PART_CUE.fullmatch(text[sub.end:zone.start]):
                tail = text[zone.end:min(sent.end, zone.end + 30)]
                if text[sub.end:zone.start].endswith("位于") or _PART_HEAD.search(re.split(r"[，。；,;]", tail)[0]):
                    out.append(RelationMention("partOf", sub, zone, *span, "part-of-cue"))
    return out


def named_part_of(mentions: tuple[Mention, ...], is_zone) -> list[RelationMention]:
    """B partOf A when B's name opens with A's own name without its head (X创新园 in X新区).

    Why not a place: X市高新区 and X市经开区 share a city, not a zone; only a proper
    zone name (not a division in the gazetteer) carries over into its areas' names.
    """
    parks = [m for m in mentions if m.type == "Park" and not m.refers]
    out: list[RelationMention] = []
    seen: set[tuple[str, str]] = set()
    for zone in parks:
        head = next((h for h in NAMING_ZONE_HEADS if zone.canonical.endswith(h)), "")
        base = zone.canonical[: -len(head)] if head else ""
        if len(base) < 2 or not is_zone(zone) or GAZETTEER.candidates(base):
            continue
        for sub in parks:
            key = (sub.canonical, zone.canonical)
            if key in seen or not sub.canonical.startswith(base) or sub.canonical.startswith(zone.canonical) \
                    or len(sub.canonical) - len(base) < 3 or sub.canonical.endswith(NAMING_ZONE_HEADS):
                continue
            seen.add(key)
            out.append(RelationMention("partOf", sub, zone, sub.start, sub.end, "part-of-name"))
    return out
