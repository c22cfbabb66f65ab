"""Zones learned from a roundup's parallel clauses: <county or city> + <…区 / …园> + 签约.

Why: signing reports of a city or province list a dozen county platforms, each
with its own project ("X县经济技术开发区签约A项目，Y县绿色食品加工区签约B项目，
Z县循环经济园签约C项目"). Many of their heads are local coinages that no closed
head list holds (…加工区, …循环园, …融合区), so the park finder missed them and
each project hung on the bare county or on another clause's zone. The run of
parallel clauses itself says what they are: when at least two clauses of one
paragraph open with "<division> + a few characters ending in 区 or 园" and go on
with a signing verb (or a colon), every such item is a zone, whose head is
learned from the context rather than from the table.
"""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import LEARNED_ZONE, overlaps
from .heads import HEADS
from .lexicon import LEFT_STOPS, NOMINAL_VERBS, tag, tokens

# What follows a zone that opens a clause of a signing roundup: a signing verb (with a partner first: 与X签约) or a colon.
_CUE = r"(?:与[^，。；、：\n]{2,30}?)?(?:集中|成功|现场|正式|新|共|已)?(?:签约|签下|签订|引进|招引|落地|开工|落户)|[：:]"
# The zone's own words after the division: 1-9 Han characters, then its head (区, 园, 园区), then the cue.
_BODY = re.compile(rf"(?P<body>[\u4e00-\u9fff]{{1,9}}?(?:园区|区|园))(?={_CUE})")
# Ends that name no zone: districts of a town or city, tourist sights, gardens and housing.
_NOT_ZONE_END = re.compile(r"(?:社区|小区|景区|城区|市区|街区|矿区|校区|辖区|山区|老区|灾区|牧区|林区|库区|片区|地区|县区|"
                           r"公园|花园|家园|庄园|乐园|校园|陵园|果园|茶园|菜园|田园|动物园|植物园|游乐园)$")
# Function words and adverbs that open or fill a clause, not a name (各园区, 重点推进园区, 今年以来园区).
_NOT_NAME = re.compile(r"^[各全该本其这那所在和与及共已将对向把从于为由等一二三四五六七八九十两多几]|大力|积极|加快|全力|着力|今年|以来")
_CLAUSE_TAGS = frozenset("v ad d i l p c r m q t f u".split())
_BOUNDARY = frozenset("，；。：、！？\n,;:.．)）●◆■★▲·")  # clause breaks, and what ends a list number or bullet
# Every item ends in 区 or 园 right before its cue (or a partner 与…): a cheap test per paragraph before the scan.
_GATE = re.compile(rf"[区园](?:{_CUE})")
_LEVELS = ("city", "county")
MIN_RUN = 2  # parallel clauses of one paragraph that must open so before any of them counts


def _division_at(text: str, i: int) -> int:
    """End of a city or county name starting at ``i`` (longest first), or -1."""
    for name in GAZETTEER.names_at(text, i):
        if len(name) >= 2 and any(c.level in _LEVELS for c in GAZETTEER.candidates(name)):
            return i + len(name)
    return -1


def _name_like(body: str) -> bool:
    """Common words of a zone's name (绿色食品加工区, 煤化工循环园): no function word, adverb or verb of a clause."""
    if _NOT_NAME.search(body):
        return False
    words = re.sub(r"(?:园区|区|园)$", "", body)  # the head itself (区, 园区) is a stop word of the walker
    return not any(t in LEFT_STOPS or (tag(t) in _CLAUSE_TAGS and t not in NOMINAL_VERBS) for t in tokens(words))


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans "<division><body>" opening a clause of text[start:end] and followed by the cue."""
    out: list[tuple[int, int]] = []
    for i in range(start, end):
        if i > start and text[i - 1] not in _BOUNDARY:
            continue
        j = _division_at(text, i)
        if j < 0:
            continue
        m = _BODY.match(text, j, end)
        if m is None:
            continue
        body = m.group("body")
        if len(body) < 3 or _NOT_ZONE_END.search(body) or GAZETTEER.candidates(body) or not _name_like(body):
            continue  # 城区, 公园, a district of the city (X市Y区签约), a clause (重点推进园区): no zone
        out.append((i, m.end()))
    return out


def _paragraphs(doc: Document):
    text = doc.text
    at = 0
    for line in text.split("\n"):
        yield at, at + len(line)
        at += len(line) + 1


def _runs(doc: Document) -> list[list[tuple[int, int]]]:
    """Items grouped into runs: the items of one paragraph, joined with those of the next when it has items too.

    Why across paragraphs: roundups also list one zone per line (a bullet or a number first);
    a paragraph without such an item ends the run, blank lines do not.
    """
    text = doc.text
    runs: list[list[tuple[int, int]]] = [[]]
    for p_start, p_end in _paragraphs(doc):
        if not text[p_start:p_end].strip():
            continue
        items = _items(text, p_start, p_end) if _GATE.search(text, p_start, p_end) else []
        if items:
            runs[-1].extend(items)
        elif runs[-1]:
            runs.append([])
    return runs


def find_list_zones(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """Parks of the learned shape in a run of at least :data:`MIN_RUN` parallel clauses (:func:`_runs`).

    Items that a park already found covers count towards the run but are not found again;
    an item ending in a head of the table was weighed (and maybe rejected) by the park finder.
    """
    text = doc.text
    if "签" not in text and "：" not in text:
        return []
    parks = [m for m in found if m.type == "Park"]
    out: list[Mention] = []
    for items in _runs(doc):
        if len(items) < MIN_RUN:
            continue
        for a, b in items:
            name = text[a:b]
            if name.endswith(HEADS) or overlaps(a, b, parks):
                continue
            out.append(Mention("Park", name, a, b, LEARNED_ZONE, canonical=name, subtype="IndustrialPark"))
    return out
