"""The article's zone as the default signer of a project nobody else signs.

Why: news about one development zone reports its projects one by one
(“由X投资的Y大厦已建成”, “这些项目中，Z总部项目将…”) without naming the zone
again; the reader knows the zone hosts them. The cue rules of
:mod:`kg.extract.relations` bind a signer only when the sentence names one, so
these projects stayed unsigned. When the article is about one zone (the
dominant park of :class:`~kg.extract.topics.Topics`), no other zone is named in
the project's sentence, and no park or place signs the project anywhere in the
article, the dominant zone signs it and the project lies in it.
"""

from __future__ import annotations

from ..model import Document, Mention, RelationMention
from .common import is_zone
from .project_cues import PROJECT_VERBS, TALKS, cue
from .topics import dominant_park

# What makes a sentence report a project's life (signed, started, built, finished, run, invested in).
EVENT_CUE = cue(*PROJECT_VERBS, "项目", "竣工", "运营", "开业", "投资", "动工", "封顶", "施工", "完工", "试生产", "试运行", "达产")
# A project that is only compared with, visited or asked about is no signing of the zone.
NOT_HOSTED = cue(*TALKS, "参观")
_SIGNERS = ("Park", "Place")
_CLAUSE_OPEN = frozenset("，。；！？：\n,;")


def default_signers(doc: Document, mentions: tuple[Mention, ...], found: list[RelationMention]) -> list[RelationMention]:
    """signedProject (and locatedIn) from the article's dominant zone to each project without a zone or place signer."""
    projects = [m for m in mentions if m.type == "Project"]
    if not projects:
        return []
    zone = dominant_park(mentions)
    if zone is None or not is_zone(zone):
        return []
    signed = {r.object.canonical for r in found if r.predicate == "signedProject" and r.subject.type in _SIGNERS}
    parks = [m for m in mentions if m.type == "Park"]
    other_zones = [m for m in parks if m.canonical != zone.canonical and is_zone(m)]
    # a project-like park that opens a clause (X产业园今年引进项目9个) is a subject: it signs its own projects
    twins = {m.canonical for m in parks if m.start == 0 or doc.text[m.start - 1] in _CLAUSE_OPEN}
    out: list[RelationMention] = []
    done: set[str] = set()
    for m in projects:
        if m.canonical in signed or m.canonical in done or m.canonical in twins or _inside_other(m, projects):
            continue
        sent = doc.sentence_at(m.start)
        if sent is None:
            continue
        text = doc.text[sent.start:m.start] + "，" + doc.text[m.end:sent.end]  # the cue is not part of the name
        if not EVENT_CUE.search(text) or NOT_HOSTED.search(text):
            continue
        if any(sent.start <= o.start < sent.end for o in other_zones):
            continue  # another zone in the sentence: the cue rules decide, not the default
        done.add(m.canonical)
        span = (sent.start, sent.end)
        out.append(RelationMention("signedProject", zone, m, span[0], span[1], "project-default-zone"))
        out.append(RelationMention("locatedIn", m, zone, span[0], span[1], "project-default-zone"))
    return out


def _inside_other(m: Mention, projects: list[Mention]) -> bool:
    """A project name cut out of a longer project name (甲乙物流园 inside 中甲乙物流园) is no project of its own."""
    return any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in projects)
