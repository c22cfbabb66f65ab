"""Relation finders: the six predicates of the output contract.

Relations come from three sources: names (X高新区 lies in X市; a
project named after a company is that company's), the administrative
hierarchy (a county in its city), and cue words around mentions in one
sentence, with the park carried over from earlier sentences of the paragraph.
"""

from __future__ import annotations

import re

from ..model import Document, Mention, RelationMention
from ..reference.places import GAZETTEER, PlaceInfo
from ..reference.zones import zones
from .brands import names_project_of
from .common import is_zone, place_context
from .locations import not_namesakes, ordered_chain, stated_locations
from .subareas import named_part_of, stated_part_of
from .project_cues import PROJECT_VERBS, TALKS, cue
from .project_refs import builders_after, referred_builders, reporting, settles_in
from .project_signers import default_signers
from .respective import respective_pairs
from .figure_owner import place_modifier
from .topics import Topics

LEAD_CUE = re.compile(r"主导产业|支柱产业|首位发展|首位产业|为首位|为主导|为主的|主导|三足鼎立|[两二三四五六]大(?:特色|优势)?产业")
_CLAUSE_END = "，；。！？"
SETTLE_CUE = re.compile(r"落地|入驻|进区|落户|签约|注册|引进|园区|区内|集聚|聚集|生产|下线|建成|投产|招引")
NOT_SETTLED = cue(*TALKS, "拜访")
PROJECT_CUE = cue(*PROJECT_VERBS, "促成", "开园", "承接", "达成", "申报", "入选", "获批", "总投资", "共建", "打造", "签订", "签署")
_AT_ZONE = re.compile(r"在$")
ISSUE_CUE = re.compile(r"出台|印发|制定|编制|发布|实施|定制|颁布|推出")
_THIS_IS = re.compile(r"(这是|是|为)")
_HOST_VERB = re.compile(r"(建设|落地|开工|落户|投产|建成)")
_PARTNER_CUE = re.compile(r"共建|合作|落地建设|签约|投资建设|就")


def park_places(park: Mention, doc_places: dict[str, Mention] | None = None,
                provinces: set[str] | None = None, stated: list[Mention] | None = None) -> list[PlaceInfo | str]:
    """Places a park lies in: those the text states, the national zone list's, the place inside its name.

    The most specific reading of the name wins (a county-level city before the prefecture
    of the same name); a place the article writes out (X区) beats the gazetteer's older
    form (X县); see :func:`.locations.ordered_chain` for the order of the sources.
    """
    found: list[PlaceInfo | str] = []
    name = park.canonical
    doc_places = doc_places or {}
    provinces = provinces or set()
    hit = None
    for i in range(0, max(1, len(name) - 2)):
        if i == 1:
            continue  # a place name starts the park's name, or follows a prefix of two or more characters
        for length in range(min(8, len(name) - i - 1), 1, -1):
            piece = name[i:i + length]
            cands = GAZETTEER.candidates(piece)
            if cands and (i == 0 or any(c.province_code in provinces for c in cands)):
                hit = piece
                break
        if hit or i >= 6:
            break
    if hit:
        written = [c for c in doc_places if c.startswith(hit) and c != hit and GAZETTEER.by_name(c) is None]
        if written:
            found.append(written[0])
        cands = not_namesakes(GAZETTEER.candidates(hit))
        ctx = [c for c in cands if c.province_code in provinces] or cands
        if not written:
            found.append(sorted(ctx, key=lambda c: ({"province": 2, "city": 1, "county": 0}[c.level], c.code))[0])
        else:
            county = sorted(ctx, key=lambda c: c.code)[0]
            parent = GAZETTEER.parent(county)
            if parent:
                found.append(parent)
    listed: list[PlaceInfo] = []
    row = zones().get(name) or zones().get(park.text)
    if row:
        for key in ("city", "province"):
            info = GAZETTEER.by_name(row[key]) if row.get(key) else None
            if info and info not in listed:
                listed.append(info)
    return ordered_chain(stated or [], listed, found)


def _rel(pred: str, s: Mention, o: Mention, span: tuple[int, int], extractor: str) -> RelationMention:
    return RelationMention(pred, s, o, span[0], span[1], extractor)


def find_relations(doc: Document, mentions: tuple[Mention, ...]) -> list[RelationMention]:
    """All relations of one page, in a fixed order: names, stated part-of, hierarchy, adjacency, cues.

    Why one entry point over several finders: each source needs the same indexes of the
    page's places and parks, and the order of the list is part of the deterministic output.
    """
    # a bare zone name (X for X新区) owns figures, but is too loose a subject for signings and plans
    named = mentions
    mentions = tuple(m for m in mentions if m.extractor != "zone-short")
    places_in_doc = {m.canonical: m for m in mentions if m.type == "Place"}
    parks_in_doc = {m.canonical: m for m in mentions if m.type == "Park"}
    out = _name_relations(doc, mentions, places_in_doc, parks_in_doc)
    out.extend(stated_part_of(doc, mentions, is_zone))
    out.extend(named_part_of(mentions, is_zone))
    out.extend(_hierarchy_relations(doc, places_in_doc))
    out.extend(_adjacent_place_relations(doc, mentions))
    out.extend(_cue_relations(doc, mentions))
    out.extend(referred_builders(doc, mentions))
    out.extend(default_signers(doc, named, out))  # bare names count towards the article's zone
    return respective_pairs(doc, mentions, out)


def _sentence_span(doc: Document, at: int, fallback: tuple[int, int]) -> tuple[int, int]:
    """The span of the sentence at ``at``, the evidence of a relation; ``fallback`` outside any sentence."""
    sent = doc.sentence_at(at)
    return (sent.start, sent.end) if sent else fallback


def _name_relations(doc: Document, mentions: tuple[Mention, ...], places_in_doc: dict[str, Mention],
                    parks_in_doc: dict[str, Mention]) -> list[RelationMention]:
    """park → place (locatedIn) and park → park (partOf) read off the park's name and the stated places.

    Why per mention and not per park: every naming of a park is evidence, but the place
    chain of one park (same canonical and surface) is worked out once.
    """
    out: list[RelationMention] = []
    provinces = place_context(doc)
    stated = stated_locations(doc, mentions)
    chains: dict[tuple[str, str], list] = {}  # one park named many times: its places once
    for park in (m for m in mentions if m.type == "Park"):
        span = _sentence_span(doc, park.start, (park.start, park.end))
        said = stated.get(park.canonical)
        loc_span = span
        if said:  # the sentence that states the place is the evidence, wherever the park is named
            loc_span = _sentence_span(doc, said[0].start, span)
        key = (park.canonical, park.text)
        if key not in chains:
            chains[key] = park_places(park, places_in_doc, provinces, said) if is_zone(park) or said else []
        for info in chains[key]:
            pname = info if isinstance(info, str) else info.name
            place = places_in_doc.get(pname) or Mention("Place", pname, park.start, park.end, "park-name", canonical=pname)
            out.append(_rel("locatedIn", park, place, loc_span, "park-name"))
        for other in parks_in_doc.values():
            if other.canonical != park.canonical and park.canonical.startswith(other.canonical) and len(other.canonical) >= 4:
                out.append(_rel("partOf", park, other, span, "park-name"))
    return out


def _hierarchy_relations(doc: Document, places_in_doc: dict[str, Mention]) -> list[RelationMention]:
    """place → place when both are in the article: a place lies in the nearest ancestor the article names."""
    out: list[RelationMention] = []
    for place in places_in_doc.values():
        info = GAZETTEER.by_name(place.canonical)
        if info is None:
            continue
        for anc in GAZETTEER.ancestors(info):
            if anc.name in places_in_doc:
                span = _sentence_span(doc, place.start, (place.start, place.end))
                out.append(_rel("locatedIn", place, places_in_doc[anc.name], span, "admin-hierarchy"))
                break  # the nearest ancestor the article names
    return out


def _adjacent_place_relations(doc: Document, mentions: tuple[Mention, ...]) -> list[RelationMention]:
    """'X市Y区': a place written right after another lies in it, even when the gazetteer does not know the pair."""
    out: list[RelationMention] = []
    ordered_places = sorted((m for m in mentions if m.type == "Place"), key=lambda m: m.start)
    for left, right in zip(ordered_places, ordered_places[1:]):
        if left.end == right.start and left.canonical != right.canonical:
            span = _sentence_span(doc, right.start, (left.start, right.end))
            out.append(_rel("locatedIn", right, left, span, "adjacent-names"))
    return out


def _cue_relations(doc: Document, mentions: tuple[Mention, ...]) -> list[RelationMention]:
    """Relations from cue words between mentions of one sentence, the subject carried over by :class:`Topics`.

    Why sentence by sentence: a cue only binds mentions of its own sentence; the
    park of earlier sentences comes in through the topic, not through the cue.
    """
    out: list[RelationMention] = []
    topics = Topics(doc, mentions)
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        sent = doc.sentence_at(m.start)
        if sent is not None:
            by_sent.setdefault(sent.index, []).append(m)
    enterprises = [m for m in mentions if m.type == "Enterprise"]
    for sent in doc.sentences:
        ms = sorted(by_sent.get(sent.index, []), key=lambda m: m.start)
        text = doc.text[sent.start:sent.end]
        span = (sent.start, sent.end)
        for m in ms:
            topic = _subject_before(ms, m, topics, sent)
            if m.type == "Industry" and topic is None:
                # 'X、Y，这是甲市高新区的两大主导产业': the park comes after the list
                topic = next((o for o in ms if o.start > m.end and o.type == "Park" and is_zone(o)), None)
            if m.type == "Industry" and topic is not None and topic.type == "Park" and is_zone(topic):
                pred = "leadsIndustry" if _leading(doc.text, m, sent) else "developsIndustry"
                out.append(_rel(pred, topic, m, span, "industry-cue"))
            elif m.type == "Enterprise" and topic is not None and topic.type == "Park" and not NOT_SETTLED.search(_clause(doc.text, m, sent)) \
                    and doc.text[m.start - 1:m.start] != "与" and m.extractor not in ("enterprise-partner", "project-brand") \
                    and (SETTLE_CUE.search(text) or topic is topics.dominant or topic.canonical == getattr(topics.dominant, "canonical", None)):
                out.append(_rel("locatedIn", m, topic, span, "settle-cue"))
            elif m.type == "Project":
                out.extend(_project_relations(doc.text, ms, m, topic, sent, enterprises))
            elif m.type == "Policy":
                issuer = _issuer(ms, m, topics, sent, mentions)
                if issuer is not None:
                    out.append(_rel("issuedPolicy", issuer, m, span, "policy-cue"))
    return out


def _project_relations(text: str, ms: list[Mention], m: Mention, topic: Mention | None, sent,
                       enterprises: list[Mention]) -> list[RelationMention]:
    """Who signed a project and where it lies: the host zone or the subjects, the company in its name, partners.

    Why apart: a project has three independent sources of signers, each with its own extractor tag.
    """
    out: list[RelationMention] = []
    span = (sent.start, sent.end)
    host = _host_zone(text, m, ms, sent)
    subjects = [host] if host is not None else _co_subjects(text, ms, m, topic, sent)
    if _PROJECT_AS_MODIFIER.match(text, m.end):
        subjects = []  # X项目投资方 / X项目负责人: the project only qualifies a party, the sentence signs nothing of it
    if subjects and PROJECT_CUE.search(text[sent.start:sent.end]):
        for subj in subjects:
            out.append(_rel("signedProject", subj, m, span, "project-cue"))
            if subj.type == "Park":
                out.append(_rel("locatedIn", m, subj, span, "project-cue"))
    for ent in enterprises:
        if m.canonical.startswith(ent.canonical) and m.canonical != ent.canonical or names_project_of(ent.canonical, m.canonical):
            out.append(_rel("signedProject", ent, m, span, "project-name"))
    for ent in _partners(text, ms, m, sent):
        out.append(_rel("signedProject", ent, m, span, "project-partner"))
    for ent in builders_after(text, ms, m):
        out.append(_rel("signedProject", ent, m, span, "project-builder"))  # X项目(，)由Y公司投资建设
    return out





def _clause(text: str, m: Mention, sent) -> str:
    """The comma-delimited clause around a mention, widened to the list it sits in."""
    a = max(text.rfind(ch, sent.start, m.start) for ch in _CLAUSE_END) + 1
    ends = [i for i in (text.find(ch, m.end, sent.end) for ch in _CLAUSE_END) if i >= 0]
    return text[max(a, sent.start):min(ends) if ends else sent.end]


def _leading(text: str, m: Mention, sent) -> bool:
    """A lead cue in the industry's own clause, or in a following 这是/是 clause that names it."""
    a = max(text.rfind(ch, sent.start, m.start) for ch in _CLAUSE_END) + 1
    ends = [i for i in (text.find(ch, m.end, sent.end) for ch in _CLAUSE_END) if i >= 0]
    b = min(ends) if ends else sent.end
    if LEAD_CUE.search(text[max(a, sent.start):b]):
        return True
    nxt = text[b + 1:sent.end]
    return bool(_THIS_IS.match(nxt) and LEAD_CUE.search(nxt[:30]))


def _host_zone(text: str, m: Mention, ms: list[Mention], sent) -> Mention | None:
    """'X率先在ZONE建设/落地': the zone named after 在 hosts the project."""
    for other in ms:
        if other.start >= m.end and other.type == "Park" and is_zone(other) and text[other.start - 1:other.start] == "在" \
                and _HOST_VERB.match(text, other.end) and other.start - m.end <= 8:
            return other
        if other.start >= m.end and (other.type == "Park" and is_zone(other) or other.type == "Place"
                                     and other.canonical.endswith(("市", "县", "区"))) \
                and settles_in(text, m, other, ms):
            return other  # X项目(总投资N元，)签约落户ZONE: the zone or county it settles in
    return None


def _co_subjects(text: str, ms: list[Mention], m: Mention, topic: Mention | None, sent) -> list[Mention]:
    """The subject, and places joined to it by 与/和 (A区与B县合作共建…)."""
    if topic is None:
        return []
    subjects = [topic]
    if topic.type == "Place":
        for other in ms:
            if other.type == "Place" and other.end <= topic.start and text[other.end:topic.start] in ("与", "和", "、") \
                    and other.canonical.endswith(("市", "县", "区")):
                subjects.insert(0, other)
    return subjects


def _partners(text: str, ms: list[Mention], m: Mention, sent) -> list[Mention]:
    """Companies in the project's clause that build or sign it (与X共建…, 引进X落地建设…)."""
    a = max(text.rfind(ch, sent.start, m.start) for ch in "，；。") + 1
    clause = text[max(a, sent.start):m.start]
    # the company written right before the project's money or verb (X公司总投资N元的Y项目, X公司投资建设的Y)
    # or glued to it (X公司年产N吨Y项目)
    owner = [o for o in ms if o.type == "Enterprise" and o.end <= m.start and (o.end == m.start or _OWNER_GAP.fullmatch(text, o.end, m.start))]
    if not owner:  # X公司(将)在ZONE打造/建设Y: the company that opens the clause builds Y
        owner = [o for o in ms if o.type == "Enterprise" and a <= o.start and o.end < m.start and _AT_ZONE_BUILD.fullmatch(text, o.end, m.start)]
    if not owner and _AT_ZONE_BUILD.match(clause):  # X集团扩大业务，在ZONE新建Z项目: the last company before builds Z
        owner = [o for o in ms if o.type == "Enterprise" and sent.start <= o.end <= a][-1:]
    if not owner and _NO_SUBJECT_INVEST.match(clause):  # X公司与Y签约，投资N亿元建设Z: the sentence's company builds Z
        head = next((o for o in ms if o.start < m.start), None)
        lead = text[sent.start:head.start] if head is not None else ""
        owner = [head] if head is not None and head.type == "Enterprise" and (not lead or lead.endswith("，")) else []
        if head is not None and head.type in ("Park", "Place") and not owner:  # ZONE与X公司签约，投资N元建设Z: X builds Z
            owner = [o for o in ms if o.type == "Enterprise" and o.end <= a and _SIGNED_WITH.fullmatch(text, head.end, o.start)
                     and _SIGNS_AFTER.match(text, o.end)]
    if not (_PARTNER_CUE.search(clause) or "与" in clause and _SIGNING_AFTER.match(text, m.end)):
        return owner  # (与X举行Y项目签约仪式: the signing is written after the project)
    items = {(o.start, o.end) for o in ms if o.type == "Project"}  # a brand that is itself a listed project signs nothing
    partners = [o for o in ms if o.type == "Enterprise" and max(a, sent.start) <= o.start and o.end <= m.start
                and (o.start, o.end) not in items]
    # 与A签约P、与B签约Q: a company after the clause's previous project signs this one, those before signed that one
    prev = max((o.end for o in ms if o.type == "Project" and max(a, sent.start) <= o.start and o.end <= m.start
                and (o.start, o.end) != (m.start, m.end)), default=-1)
    after = [o for o in partners if o.start >= prev]
    return after if prev >= 0 and after else partners


# A clause that invests or builds without a subject of its own: the sentence's subject does.
_AT_ZONE_BUILD = re.compile(r"(?:并|将|拟|计划|还|又|再)?在[^，。；]{2,20}?(?:新建|投资建设|投资|建设|投建|落地|布局|打造|兴建)")
_NO_SUBJECT_INVEST = re.compile(r"(?:并|将|拟|计划|还|共|总)?(?:投资|投建|新建|建设)")
_PROJECT_AS_MODIFIER = re.compile(r"(?:项目)?(?:投资方|投资者|建设方|业主|负责人|方面|相关负责人)")
_SIGNING_AFTER = re.compile(r"(?:项目)?(?:正式|现场)?(?:签约|投资协议|合作协议|框架协议|协议签约)")
# ZONE与X公司(正式)签约: X is the zone's partner in the clause that follows
_SIGNED_WITH = re.compile(r"(?:分别|正式|成功)?[与同](?:[^，。；、和与]{2,20}?[、和])*")  # 与X, 与A公司、B公司: a run of partners
_SIGNS_AFTER = re.compile(r"(?:[、和][^，。；、和与]{2,20}?)*(?:正式|成功|现场)?(?:签约|签订|签署|达成)")  # (、B公司)签约
_OWNER_GAP = re.compile(r"(?:(?:分别|共同|拟|将|预计|计划)?(?:总|计划)?投资[^，。；,;]{0,16}?(?:的|建设的?|新建|兴建|打造)|的|投资建设的?|建设的)")


def _subject_before(ms: list[Mention], m: Mention, topics: Topics, sent) -> Mention | None:
    """The park (or, for projects, place) the clause is about."""
    best = None
    for other in ms:
        if other.start >= m.start:
            break
        if topics.doc.text.find("；", other.end, m.start) >= 0:  # (no slice per pair)
            continue  # a new clause after ； has its own subject
        if (other.type == "Park" and is_zone(other)) or (m.type == "Project" and other.type == "Place" and other.canonical.endswith(("市", "县", "区"))
                                                         and not (topics.parks and place_modifier(topics.doc.text, other, named_only=True))
                                                         and not reporting(topics.doc.text, other, sent)):
            best = other
    if best is None:
        best = topics.park_before(sent, m.start)
        place = topics.section_place(m.start) if m.type == "Project" else None
        if place is not None and (best is None or best.start < place.start):
            best = place  # 三、X县 heading a roundup's section, after any park: its projects are the county's
        if best is not None and sent.start <= best.start and "；" in topics.doc.text[best.end:m.start]:
            best = topics.dominant
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
