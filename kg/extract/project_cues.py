"""Projects that a cue names rather than a proper name: 在ZONE新建X项目, and list items sharing the last one's 项目.

Why apart from :mod:`.projects`: those finders need a proper part in every name
(a place, a brand); here the sentence itself says the words are a project, so a
plain name (工业气体站) or an item without its own head (X平台、Y项目开工) counts.
"""

from __future__ import annotations

import re

from ..model import Mention
from .common import item_spans, overlaps
from .lexicon import tag, tokens, walk_left
from .project_money import without_prefix

# Verbs of a project's life (signed, brought in, built, started): the shared part of the cue that a
# zone signs a project (relations.PROJECT_CUE) and of the cue that a sentence reports a project's
# life (project_signers.EVENT_CUE); each adds words of its own.
PROJECT_VERBS = ("签约", "开工", "引进", "落地", "建设", "新建", "建成", "投产", "推进", "落户", "实施", "启动", "招引")
# Contacts short of a decision (talks, visits, benchmarking): no signing or settling yet. Shared by
# relations.NOT_SETTLED and project_signers.NOT_HOSTED.
TALKS = ("对接", "洽谈", "意向", "考察", "学习", "对标")


def cue(*words: str) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` (plain words, no regex syntax).

    Why: the cue patterns of the signer rules are a shared word list plus words of their own.
    """
    return re.compile("|".join(words))


_HOSTED = re.compile(r"在(?P<zone>[^，。；、在]{2,24}?)(?:新建|投资建设|建设|落地|布局)"
                     r"(?P<name>[^，。；、“”的]{2,20}?(?:项目|基地|站|工厂|生产线))")
# words a walk back to a project name's first word stops at (the name never opens with them)
PROJ_STOPS = frozenset("项目 重大 重点 一批 招商引资 在建 配套 两个 三个 等".split())
NOT_NAME = re.compile(r"^(?:[一二三四五六七八九十两\d]+[个批项座条]|一批|多个|若干|重点|重大|首个|相关|配套|产业|更多)")
_SHARED_NEXT = r"(?=开工|签约|落地|投产|竣工|建成|落户|相继|陆续|均|已|正式|集中)"  # what the listed projects do together
_SHARED_HEAD = re.compile(rf"((?:[^，。；、“”]{{2,24}}、)+)([^，。；、“”]{{2,24}}?项目){_SHARED_NEXT}")
_SHARED_GATE = re.compile(rf"项目{_SHARED_NEXT}")


# X公司与Y合作的Z基地, 由X投资建设的Z工厂: the companies make Z a named project, however plain its words.
_COMPANY_MADE = re.compile(r"(?:合作|投资|投资建设|共建|共同建设|联合打造|打造|建设)的"
                           r"(?P<name>[^，。；、“”的]{2,20}?(?:基地|研发中心|工厂|生产线|总部|项目|大厦|大楼|综合体|酒店|物流园))")


def _canonical(name: str) -> str:
    return name[:-2] if name.endswith("项目") and len(name) > 4 else name


def hosted_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """Append X of '在ZONE新建X项目' (the zone a park found on the page) to ``out``."""
    parks = {(m.start, m.end) for m in found if m.type == "Park"}
    for m in _HOSTED.finditer(sent):
        zone = (s_start + m.start("zone"), s_start + m.end("zone"))
        if not any(b == zone[1] and a >= zone[0] for a, b in parks):
            continue
        name = m.group("name")
        a, b = s_start + m.start("name"), s_start + m.end("name")
        if NOT_NAME.match(name) or name in ("项目", "基地") or overlaps(a, b, out) or overlaps(a, b, found, ("Project",)):
            continue
        out.append(Mention("Project", name, a, b, "project-hosted", canonical=_canonical(name)))


def company_made_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """Append Z of 'X公司(与Y)合作/投资建设的Z基地' (a company found on the page within the clause) to ``out``."""
    if "的" not in sent:
        return
    companies = [m for m in found if m.type == "Enterprise" and s_start <= m.start < s_start + len(sent)]
    if not companies:
        return
    for m in _COMPANY_MADE.finditer(sent):
        verb = s_start + m.start()
        if not any(0 <= verb - c.end <= 8 for c in companies):
            continue
        name = m.group("name")
        a, b = s_start + m.start("name"), s_start + m.end("name")
        if NOT_NAME.match(name) or overlaps(a, b, out) or overlaps(a, b, found):
            continue
        out.append(Mention("Project", name, a, b, "project-company-made", canonical=_canonical(name)))


# X公司智能农机的生产基地开工: a company, what it makes, 的, a plant head, then a verb of the project's life
_OWN_PLANT = re.compile(r"的(?P<head>[\u4e00-\u9fff]{0,8}?(?:生产基地|研发中心|基地|工厂|总部|生产线))"
                        r"(?:项目)?(?=[^，。；]{0,4}?(?:开工|签约|落地|投产|建成|竣工|落户|开业|启动|奠基))")


def _made_words(words: str) -> bool:
    """What a company makes, between it and 的: nouns only (工业机器人), no verb, time or pronoun."""
    toks = tokens(words)
    return 2 <= len(words) <= 8 and not NOT_NAME.match(words) and all(
        tag(t)[:1] == "n" and tag(t) not in ("nr", "ns") or tag(t) in ("vn", "eng", "?") for t in toks)


def company_plant_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """Append 'X公司Y的Z基地' (a company found on the page right before Y) to ``out``, as written with its 的.

    Why as written: the guideline keeps a name's words; the company signs it because the name opens with it.
    """
    if "的" not in sent:
        return
    for m in _OWN_PLANT.finditer(sent):
        de = s_start + m.start()
        owner = next((e for e in found if e.type == "Enterprise" and de - 8 <= e.end <= de - 2 and e.start >= s_start), None)
        if owner is None or not _made_words(text[owner.end:de]):
            continue
        a, b = owner.start, s_start + m.end("head")
        if overlaps(a, b, out) or overlaps(a, b, found, ("Project", "Park", "Place")):
            continue
        out.append(Mention("Project", text[a:b], a, b, "project-company-plant", canonical=text[a:b]))


def branded(item: str) -> bool:
    """An item with a brand or a place in it (not only a sector or a capacity)."""
    return any(len(t) >= 2 and tag(t) in ("ns", "nz", "nr", "nt", "j", "?") for t in tokens(item))


def shared_head_items(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """Append the items before 'Y项目<verb>' in 'X、Y项目开工建设' when Y is a project found here and every item is branded."""
    if "、" not in sent or not _SHARED_GATE.search(sent):
        return  # every match holds a 、 and 项目 before its verb: skip the slow search where neither is
    for m in _SHARED_HEAD.finditer(sent):
        last_end = s_start + m.end(2)
        if not any(o.type == "Project" and o.end == last_end for o in out):
            continue
        spans = item_spans(s_start + m.start(1), m.group(1)[:-1].split("、"))
        a0 = walk_left(text, spans[0][1], max_chars=24)
        spans[0] = (a0, spans[0][1])
        if not all(branded(text[a:b]) for a, b in spans):
            continue
        for a, b in spans:
            a = without_prefix(text, a, b)
            if b - a >= 3 and not overlaps(a, b, out):
                out.append(Mention("Project", text[a:b], a, b, "project-shared-head", canonical=_canonical(text[a:b])))
