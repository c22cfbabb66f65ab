"""Policies (《titles》, quoted packages) and projects (heads with a proper name, lists)."""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import LEGAL_END, item_spans, nounish, overlaps, PROJ_ITEM, proper, sectorish, sentences, skip_leading_verb
from .capacity_projects import capacity_projects
from .lexicon import tag, tokens, walk_left
from .project_cues import PROJ_STOPS, company_made_projects, company_plant_projects, hosted_projects, shared_head_items
from .project_money import conjoined_end, cued_projects, first_item_start, quoted_brand, without_prefix
from .signed_lists import count as _count, counted_items, signed_list_projects

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_PACKAGE = re.compile(r"(?:([\u4e00-\u9fff]{2,6}政策))?“([^“”\n]{0,16}?[一二三四五六七八九十百\d]+条|[^“”\n]{2,12}?(?:政策包|政策))”")


def find_policies(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for m in _TITLE.finditer(text):
        title = m.group(1)
        if re.search(r"(周刊|日报|报|杂志|网|新闻|新闻联播|电视台|频道|广播)$", title):
            continue
        out.append(Mention("Policy", title, m.start(1), m.end(1), "policy-title", canonical=title))
    for m in _PACKAGE.finditer(text):
        start = m.start(2)
        if m.group(1):
            start = walk_left(text, m.end(1) - 2, max_chars=6)
            start = start if start < m.end(1) - 2 else m.start(2)
        name = (text[start:m.end(1)] if m.group(1) and start < m.start(2) else "") + m.group(2)
        out.append(Mention("Policy", text[start:m.end(2)], start, m.end(2), "policy-package", canonical=name))
    return out


_PROJ_HEAD = re.compile(r"(项目|基地|工程|电站|中心|广场|小镇|总部|(?<![网车作务驿基])站(?=项目|[，。；、等和及与]|$))")
_PROJ_ENUM = re.compile(
    rf"((?:{PROJ_ITEM}、)+{PROJ_ITEM}|{PROJ_ITEM})(?:等|这)(?:一批|[\d一二三四五六七八九十两]+个)?([^，。；]{{0,24}}?)项目"
    rf"|((?:{PROJ_ITEM}、)+{PROJ_ITEM})[\d一二三四五六七八九十两]+个([\u4e00-\u9fff]{{0,4}}?)项目")
# 及 inside one project's name (X电池及Y封装项目 is one project as written, GUIDELINE section 6), and the works a
# project name holds after its owner or phase (X二期扩建项目, X集团技术改造项目), never as its first word
_PROJ_JOINS = frozenset("及 扩建 改扩建 技改 改造 技术改造 升级 搬迁 提升".split())
_GENERIC_PROJ = frozenset("项目 基地 工程 中心 广场 小镇 电站 重大项目 重点项目 产业项目 示范基地 生产基地 研发中心".split())
# What every match of _PROJ_ENUM ends in, without its items: a cheap test before the slow search.
_ENUM_TAIL = re.compile(r"(?:等|这)(?:一批|[\d一二三四五六七八九十两]+个)?[^，。；]{0,24}?项目|[\d一二三四五六七八九十两]+个[\u4e00-\u9fff]{0,4}?项目")
_INDUSTRY_END = re.compile(r"(产业|产业链|产业集群|领域|行业|制造业|服务业)$")
_BARE_ZONE = re.compile(r"(?:高新区|经开区|开发区|园区|该区|全区)")
_FRAGMENT_START = re.compile(r"[及和与或这那该此各等]")
_PHASE_ONLY = re.compile(r"[一二三四五六七八九十\d]+期")





def _has_named_owner(body: str, found: tuple[Mention, ...]) -> bool:
    """工程 and 中心 are mostly programmes and offices; keep those named after a place or a brand."""
    return any(GAZETTEER.candidates(t) or tag(t) in ("nz", "nt", "j", "?", "nr") and len(t) >= 2 for t in tokens(body))


def _company_named(name: str, found: tuple[Mention, ...]) -> bool:
    """A name that opens with an enterprise found on the page (X新能源 → X新能源电池…项目) is a named project."""
    return any(e.type == "Enterprise" and len(e.canonical) >= 3 and name.startswith(e.canonical) for e in found)




def after_legal_name(a: int, b: int, found: tuple[Mention, ...]) -> int:
    """Start of a project's name past a company's full legal name glued before it (X有限公司Y项目 → Y).

    Why: a legal name is the owner, written before its project as a label; the project is named
    by what follows (GUIDELINE section 6), and the company signs it as the enterprise glued to it.
    """
    for e in found:
        if e.type == "Enterprise" and e.start <= a < e.end < b - 2 and LEGAL_END.search(e.canonical):
            return e.end
    return a


def _project_name(name: str) -> str:
    return name[:-2] if name.endswith("项目") and len(name) > 4 else name


def find_projects(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """Projects of one page: names before an amount, items of a project list, names before a head.

    Why the three finders share one list: a span found by an earlier finder blocks the
    later ones (no overlaps), so their order per sentence decides the output.
    """
    text = doc.text
    out: list[Mention] = []
    blocked = [m for m in found if m.type in ("Policy", "Organization")]
    for s_start, _s_end, sent in sentences(doc):
        capacity_projects(text, s_start, sent, found, blocked, out)
        _money_projects(text, s_start, sent, blocked, out)
        _listed_projects(text, s_start, sent, found, blocked, out)
        _headed_projects(text, s_start, sent, found, blocked, out)
        hosted_projects(text, s_start, sent, found, out)
        company_made_projects(text, s_start, sent, found, out)
        company_plant_projects(text, s_start, sent, found, out)
        shared_head_items(text, s_start, sent, found, out)
        signed_list_projects(text, s_start, sent, found, blocked, out)
    return out


def _money_projects(text: str, s_start: int, sent: str, blocked: list[Mention], out: list[Mention]) -> None:
    """Append the names written before a project's money or verb (:func:`.project_money.cued_projects`) to ``out``."""
    for a, b in cued_projects(text, s_start, sent):
        b = conjoined_end(text, b)
        if not overlaps(a, b, blocked) and not overlaps(a, b, out):
            out.append(Mention("Project", text[a:b], a, b, "project-money", canonical=_project_name(text[a:b])))


def _listed_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], blocked: list[Mention],
                     out: list[Mention]) -> None:
    """Append the items of a project list (A、B、C等N个项目) to ``out``.

    Why the first item is special: the list's start is not marked, so it is walked back
    from the item's end; the others start right after their 、.
    """
    if "项目" not in sent or not ("等" in sent or "这" in sent or "个" in sent) or not _ENUM_TAIL.search(sent):
        return  # both shapes of _PROJ_ENUM end in this tail (等/这 or N个 … 项目), and its search is slow where nothing matches
    for m in _PROJ_ENUM.finditer(sent):
        group = 1 if m.group(1) else 3
        items = m.group(group).split("、")
        if any(_INDUSTRY_END.search(it) for it in items):
            continue
        first = s_start + m.start(group)
        tail = m.group(2) if group == 1 else m.group(4)
        number = re.search(r"(\d+|[一二三四五六七八九十两]+)个", m.group(0))
        counted = bool(number) and not re.search("企业|品牌|公司", tail or "")
        items = counted_items(items, number.group(1)) if counted else items
        if group == 3 and len(items) != _count(number.group(1)):
            continue  # A、B两个项目 counts its items: another number means the list's edges are wrong
        for a, b in item_spans(first, items):
            a = _first_item_start(text, s_start, b) if a == first else skip_leading_verb(text, a, b)
            a = after_legal_name(a, b, found)
            name = text[a:b]
            if _FRAGMENT_START.match(name):
                continue  # a fragment after a conjunction or a demonstrative
            if len(name) < 2 or name in _GENERIC_PROJ or overlaps(a, b, blocked) or overlaps(a, b, out):
                continue
            if not nounish(name) or _INDUSTRY_END.search(name) or any(
                    e.type == "Enterprise" and e.start <= a and b <= e.end and not (counted and _short_brand(e, a, b)) for e in found):
                continue  # part of a company's name; a brand named as a whole item of N个项目 is also the project
            out.append(Mention("Project", name, a, b, "project-list", canonical=_project_name(name)))


def _short_brand(e: Mention, a: int, b: int) -> bool:
    """A company named by its brand alone (X航空, X新能源) as a whole list item, not by a legal name."""
    return (e.start, e.end) == (a, b) and not re.search(r"(集团|公司|有限|股份)$", e.canonical)


def _first_item_start(text: str, s_start: int, b: int) -> int:
    """Where the first item of a project list ending at ``b`` starts: walked back, prefix and verbs cut."""
    a = walk_left(text, b, max_chars=30, extra_stops=PROJ_STOPS)
    a = first_item_start(text, a, max(s_start, a - 10), lambda t, e: walk_left(t, e, max_chars=30, extra_stops=PROJ_STOPS))
    a = without_prefix(text, a, b)
    if text[a - 1:a] in ("和", "与"):
        # 光伏组件封装和逆变器装配: a conjunction inside one item's name
        a2 = walk_left(text, a - 1, max_chars=20, extra_stops=PROJ_STOPS)
        a = a2 if a2 < a - 1 else a
    return a


def _headed_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], blocked: list[Mention],
                     out: list[Mention]) -> None:
    """Append the proper names before a project head (X项目, X基地, X工程…) to ``out``.

    Why so many checks: most heads follow generic words (重点项目, 三期项目, 锂电项目42个)
    or belong to a company or a programme; only a proper name makes a project.
    """
    for m in _PROJ_HEAD.finditer(sent):
        head = m.group(0)
        end = conjoined_end(text, s_start + m.end())
        head = (_PROJ_HEAD.findall(text, s_start + m.end(), end) or [head])[-1]
        start = walk_left(text, s_start + m.start(), max_chars=24, extra_stops=PROJ_STOPS, allow=_PROJ_JOINS)
        start = without_prefix(text, start, end)
        bare = _BARE_ZONE.match(text, start, end)
        start = bare.end() if bare else start  # 高新区高质量项目: the bare zone is the subject, not part of a name
        owned = after_legal_name(start, end, found)
        owned, start = owned != start, owned  # a legal name glued before it names the project however plain
        start = quoted_brand(text, start, end)
        name = text[start:end]
        if _FRAGMENT_START.match(name):
            continue  # a fragment after a conjunction or a demonstrative (500强及央企项目, 这批项目)
        if name in _GENERIC_PROJ or len(name) - len(head) < 2 or overlaps(start, end, out) or overlaps(start, end, blocked):
            continue
        if _PHASE_ONLY.fullmatch(name, 0, len(name) - len(head)):
            continue  # 三期项目: a phase of a project named elsewhere
        if not (owned or proper(name, head) or _company_named(name, found)) or text[start - 1:start] == "等" or text[max(0, start - 3):start].endswith(("国家", "国家级", "省级")):
            continue
        if any(e.type in ("Enterprise", "Organization") and e.start <= start and end <= e.end for e in found):
            continue  # …工程有限公司: the head belongs to a company name
        if head == "项目" and (_KIND_COUNT.match(text, end, end + 8) or (len(name) - len(head) <= 3 and sectorish(name[: -len(head)]))):
            continue  # 锂电项目42个: a count of a kind of project, not a named one
        body = name[: -len(head)]
        if head in ("工程", "中心") and not re.search(r"[A-Za-z0-9]", body) and not _has_named_owner(body, found):
            continue
        if GAZETTEER.candidates(body) or re.search(r"示范|试点", body):
            continue
        out.append(Mention("Project", name, start, end, "project-head", canonical=_project_name(name)))


# A count after 项目 (锂电项目42个, 用地项目达29个, 项目共5个): the name is a kind of project.
_KIND_COUNT = re.compile(r"(?:达到?|共|有|超过?|近|约)?[\d一二三四五六七八九十两]+个")
_OWNED = re.compile(r"^(.{2,10}?)(?:[一二三四五六七八九十]期|\d+(?:\.\d+)?(?:kV|KV|kv|GWH|GWh|MW|万吨))")


def _brand_before_place(name: str) -> str:
    """'<brand><place>产业园/基地…' (a company's plant in a city): the brand before the place."""
    for i in range(2, min(7, len(name) - 2)):
        if any(GAZETTEER.candidates(name[i:i + k]) for k in range(2, 5)):
            brand = name[:i]
            if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", brand) and not GAZETTEER.candidates(brand) and (tag(brand) in ("?", "nz", "nt", "nr", "j") or len(brand) >= 4):
                return brand
            return ""
    return ""


# Words before a capacity (年产10万吨…, 新增20GW…) that no company is named.
_CAPACITY_WORD = re.compile(r"^(?:年产|年产能|年加工|年处理|年吞吐|新增|总装机|装机|产能|规模)$")


def find_project_owners(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """A project named '<company>一期', '<company>220kV…' or '<brand><city>产业园' names its company."""
    out: list[Mention] = []
    taken = [m for m in found if m.type in ("Enterprise", "Park", "Place", "Organization")]
    for m in found:
        if m.type != "Project":
            continue
        own = _OWNED.match(m.canonical)
        name, how = (own.group(1), "project-owner") if own else ("", "")
        brand = _brand_before_place(m.canonical)
        if brand and (not name or len(brand) < len(name)):
            name, how = brand, "project-brand"
        if not name:
            continue
        a, b = m.start, m.start + len(name)
        if doc.text[a:b] != name or overlaps(a, b, taken) or overlaps(a, b, out) or GAZETTEER.candidates(name) \
                or _CAPACITY_WORD.match(name):
            continue
        out.append(Mention("Enterprise", name, a, b, how, canonical=name))
    return out
