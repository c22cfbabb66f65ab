"""Relation finders: the six predicates of the output contract.

Relations come from three sources: names (昆明高新区 lies in 昆明市; a
project named after a company is that company's), the administrative
hierarchy (a county in its city), and cue words around mentions in one
sentence, with the park carried over from earlier sentences of the paragraph.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from ..model import Document, Mention, RelationMention
from ..places import GAZETTEER, PlaceInfo
from .topics import Topics

LEAD_CUE = re.compile(r"主导产业|支柱产业|首位发展|为主导|为主的|主导|三足鼎立|[两二三四五六]大(?:特色|优势)?产业")
_CLAUSE_END = "，；。！？"
SETTLE_CUE = re.compile(r"落地|入驻|进区|落户|签约|注册|引进|园区|区内|集聚|聚集|生产|下线|建成|投产|企业|招引|对接|合作")
PROJECT_CUE = re.compile(r"签约|开工|引进|落地|建设|建成|投产|推进|促成|落户|实施|开园|启动|招引|承接|达成")
ISSUE_CUE = re.compile(r"出台|印发|制定|编制|发布|实施|定制|颁布|推出")


@lru_cache(maxsize=1)
def zones() -> dict[str, dict[str, str]]:
    """National zone list (public reference data), keyed by full and short names."""
    out: dict[str, dict[str, str]] = {}
    path = resources.files("kg").joinpath("data/zones/all_zones.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name_full"], row["name_short"], *[a for a in row["aliases"].split("|") if a]]
            for name in names:
                out.setdefault(name, row)
    return out


def park_places(park: Mention) -> list[PlaceInfo]:
    """Places a park lies in, from its name's prefix and the national zone list."""
    found: list[PlaceInfo] = []
    name = park.canonical
    for length in range(min(8, len(name) - 1), 1, -1):
        cands = GAZETTEER.candidates(name[:length])
        if cands:
            found.append(sorted(cands, key=lambda c: ({"province": 0, "city": 1, "county": 2}[c.level], c.code))[0])
            break
    row = zones().get(name) or zones().get(park.text)
    if row:
        for key in ("city", "province"):
            info = GAZETTEER.by_name(row[key]) if row.get(key) else None
            if info and info not in found:
                found.append(info)
    out: list[PlaceInfo] = []
    for info in found:
        for p in [info, *GAZETTEER.ancestors(info)]:
            if p not in out:
                out.append(p)
    return out


def _rel(pred: str, s: Mention, o: Mention, span: tuple[int, int], extractor: str) -> RelationMention:
    return RelationMention(pred, s, o, span[0], span[1], extractor)


def find_relations(doc: Document, mentions: tuple[Mention, ...]) -> list[RelationMention]:
    out: list[RelationMention] = []
    topics = Topics(doc, mentions)
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        sent = doc.sentence_at(m.start)
        if sent is not None:
            by_sent.setdefault(sent.index, []).append(m)
    places_in_doc = {m.canonical: m for m in mentions if m.type == "Place"}
    parks_in_doc = {m.canonical: m for m in mentions if m.type == "Park"}

    # names: park → place, park → park (part of)
    for park in (m for m in mentions if m.type == "Park"):
        sent = doc.sentence_at(park.start)
        span = (sent.start, sent.end) if sent else (park.start, park.end)
        for info in park_places(park):
            place = places_in_doc.get(info.name) or Mention("Place", info.name, park.start, park.end, "park-name", canonical=info.name)
            out.append(_rel("locatedIn", park, place, span, "park-name"))
        for other in parks_in_doc.values():
            if other.canonical != park.canonical and park.canonical.startswith(other.canonical) and len(other.canonical) >= 4:
                out.append(_rel("partOf", park, other, span, "park-name"))
    # hierarchy: place → place when both are in the article
    for place in places_in_doc.values():
        info = GAZETTEER.by_name(place.canonical)
        if info is None:
            continue
        for anc in GAZETTEER.ancestors(info):
            if anc.name in places_in_doc:
                sent = doc.sentence_at(place.start)
                span = (sent.start, sent.end) if sent else (place.start, place.end)
                out.append(_rel("locatedIn", place, places_in_doc[anc.name], span, "admin-hierarchy"))

    enterprises = [m for m in mentions if m.type == "Enterprise"]
    for sent in doc.sentences:
        ms = sorted(by_sent.get(sent.index, []), key=lambda m: m.start)
        text = doc.text[sent.start:sent.end]
        span = (sent.start, sent.end)
        for m in ms:
            topic = _subject_before(ms, m, topics, sent)
            if m.type == "Industry" and topic is not None and topic.type == "Park" and is_zone(topic):
                pred = "leadsIndustry" if _leading(doc.text, m, sent) else "developsIndustry"
                out.append(_rel(pred, topic, m, span, "industry-cue"))
            elif m.type == "Enterprise" and topic is not None and topic.type == "Park" and SETTLE_CUE.search(text):
                out.append(_rel("locatedIn", m, topic, span, "settle-cue"))
            elif m.type == "Project":
                if topic is not None and PROJECT_CUE.search(text):
                    out.append(_rel("signedProject", topic, m, span, "project-cue"))
                    if topic.type == "Park":
                        out.append(_rel("locatedIn", m, topic, span, "project-cue"))
                for ent in enterprises:
                    if m.canonical.startswith(ent.canonical) and m.canonical != ent.canonical:
                        out.append(_rel("signedProject", ent, m, span, "project-name"))
            elif m.type == "Policy":
                issuer = _issuer(ms, m, topics, sent, mentions)
                if issuer is not None:
                    out.append(_rel("issuedPolicy", issuer, m, span, "policy-cue"))
    return out


_ZONE_ENDS = ("高新区", "经开区", "产业园区", "工业园区", "开发区", "新区", "直管区", "综保区", "合作区", "示范区",
              "自贸试验区", "科技城")


def is_zone(park: Mention) -> bool:
    """A zone with its own administration (not a project-like 产业园 or a district 片区)."""
    name = park.canonical
    return name.endswith(_ZONE_ENDS) or (name.endswith("片区") and "自贸" in name)


def _leading(text: str, m: Mention, sent) -> bool:
    """A lead cue in the industry's own clause, or in a following 这是/是 clause that names it."""
    a = max(text.rfind(ch, sent.start, m.start) for ch in _CLAUSE_END) + 1
    ends = [i for i in (text.find(ch, m.end, sent.end) for ch in _CLAUSE_END) if i >= 0]
    b = min(ends) if ends else sent.end
    if LEAD_CUE.search(text[max(a, sent.start):b]):
        return True
    nxt = text[b + 1:sent.end]
    return bool(re.match(r"(这是|是|为)", nxt) and LEAD_CUE.search(nxt[:30]))


def _subject_before(ms: list[Mention], m: Mention, topics: Topics, sent) -> Mention | None:
    """The park (or, for projects, place) the clause is about."""
    best = None
    for other in ms:
        if other.start >= m.start:
            break
        if (other.type == "Park" and is_zone(other)) or (m.type == "Project" and other.type == "Place" and other.canonical.endswith(("市", "县", "区"))):
            best = other
    if best is None:
        best = topics.park_before(sent, m.start)
    return best


def _issuer(ms, policy: Mention, topics: Topics, sent, mentions) -> Mention | None:
    # a title that starts with a park or place names its issuer
    prefixed = [o for o in mentions if o.type in ("Park", "Place") and len(o.canonical) >= 2
                and policy.canonical.startswith(o.canonical)]
    if prefixed:
        return max(prefixed, key=lambda o: (len(o.canonical), o.canonical))
    best = None
    for other in ms:
        if other.start >= policy.start:
            break
        if other.type in ("Park", "Place", "Organization"):
            best = other
    return best or topics.park_before(sent, policy.start)
