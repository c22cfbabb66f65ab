"""Entity finders: one pure function per type, each ``find(doc, found) -> list[Mention]``.

Every finder anchors on the head that ends a name of its type (…高新区,
…有限公司, …项目, 《…》) or on an enumeration cue (X、Y、Z等企业), and finds
the name's start with the left-boundary walker. Spans already claimed by an
earlier finder are not claimed again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..model import Document, Mention
from ..places import GAZETTEER, PlaceInfo
from .lexicon import GENERIC_HEADS, HAN, walk_left

# ---------------------------------------------------------------- helpers


def _inside(start: int, end: int, found: Iterable[Mention], types: tuple[str, ...] | None = None) -> bool:
    return any(m.start <= start and end <= m.end and (m.start, m.end) != (start, end) or (m.start, m.end) == (start, end)
               for m in found if types is None or m.type in types)


def _overlaps(start: int, end: int, found: Iterable[Mention], types: tuple[str, ...] | None = None) -> bool:
    return any(m.start < end and start < m.end for m in found if types is None or m.type in types)


def _sentences(doc: Document) -> Iterable[tuple[int, int, str]]:
    for s in doc.sentences:
        yield s.start, s.end, doc.text[s.start:s.end]


# ---------------------------------------------------------------- parks

PARK_HEADS = [
    ("高新技术产业开发区", "高新区", "HighTechZone"), ("高新技术产业园区", "高新区", "HighTechZone"),
    ("经济技术开发区", "经开区", "EconomicDevelopmentZone"), ("综合保税区", "综保区", "BondedZone"),
    ("自由贸易试验区", "自贸试验区", "FreeTradeZoneArea"), ("国家自主创新示范区", "国家自主创新示范区", "ScienceCity"),
    ("经济合作区", "经济合作区", "CooperationZone"), ("合作区", "合作区", "CooperationZone"),
    ("产业园区", "产业园区", "IndustrialPark"), ("工业园区", "工业园区", "IndustrialPark"),
    ("高新区", "高新区", "HighTechZone"), ("经开区", "经开区", "EconomicDevelopmentZone"),
    ("综保区", "综保区", "BondedZone"), ("自贸试验区", "自贸试验区", "FreeTradeZoneArea"),
    ("自贸区", "自贸区", "FreeTradeZoneArea"), ("直管区", "直管区", "NewArea"), ("新区", "新区", "NewArea"),
    ("科技城", "科技城", "ScienceCity"), ("开发区", "开发区", "IndustrialPark"),
    ("产业园", "产业园", "IndustrialPark"), ("工业园", "工业园", "IndustrialPark"),
    ("物流园", "物流园", "IndustrialPark"), ("创业园", "创业园", "IndustrialPark"), ("科技园", "科技园", "IndustrialPark"),
    ("片区", "片区", "FreeTradeZoneArea"), ("新城", "新城", "NewArea"), ("风景区", "风景区", "IndustrialPark"),
    ("度假区", "度假区", "IndustrialPark"), ("创新园", "创新园", "IndustrialPark"),
]
_NATIONAL_HEADS = {"高新区", "经开区", "高新技术产业开发区", "经济技术开发区", "综保区", "综合保税区"}
_PARK_RE = re.compile("|".join(re.escape(h) for h, _, _ in sorted(PARK_HEADS, key=lambda x: -len(x[0]))))
_HEAD_INFO = {h: (short, sub) for h, short, sub in PARK_HEADS}
BARE_REFS = {"高新区": "HighTechZone", "经开区": "EconomicDevelopmentZone", "综保区": "BondedZone", "片区": "FreeTradeZoneArea",
             "该高新区": "HighTechZone", "该经开区": "EconomicDevelopmentZone", "该区": "", "全区": ""}
_REF_RE = re.compile(r"(该高新区|该经开区|该区|高新区|经开区|综保区)")
_PARK_STOPS = frozenset("产业 全市 组织 各 国家 全国 首个 唯一 惟一".split())


def _park_canonical(name: str, head: str) -> str:
    if head == "自由贸易试验区":
        return name  # a whole pilot zone keeps its written name: 中国(X)自由贸易试验区
    short, _ = _HEAD_INFO[head]
    base = name[: -len(head)] + short
    m = re.match(r"^中国[(（]([^)）]+)[)）](自由贸易试验区|自贸试验区)(.+片区)$", base)
    if m:
        return "自贸试验区" + m.group(3)
    m = re.match(r"^(自由贸易试验区|自贸试验区|自贸区)(.+片区)$", base)
    if m:
        return "自贸试验区" + m.group(2)
    return base


def _national_start(text: str, start: int, head_start: int, name: str) -> int:
    """A national-type zone is named by its place: cut the prefix at its last place name."""
    from ..zones import zones

    if name in zones():
        return start
    prefix = text[start:head_start]
    best = None
    for i in range(len(prefix)):
        for j in range(len(prefix), i + 1, -1):
            if GAZETTEER.candidates(prefix[i:j]):
                best = i
                break
        if best is not None and best == i:
            pass
    # the last position where a place name starts and runs to the end of the prefix or leaves ≤2 chars
    for i in range(len(prefix) - 2, -1, -1):
        for j in range(len(prefix), i + 1, -1):
            if GAZETTEER.candidates(prefix[i:j]) and len(prefix) - j <= 2:
                return start + i
    return start if len(prefix) <= 4 else head_start


_GENERIC_PARK_PREFIX = frozenset("中国 全国 我国 大学 科技 产业 高新 智慧 跨境 开发 开发度假 新区 园区 示范 特色 专业 国家级 省级".split())


def _generic_park_prefix(prefix: str, head: str) -> bool:
    """Designations and categories (绿色低碳示范产业园, 大学科技园, 中国自贸试验区) are not parks."""
    if prefix in _GENERIC_PARK_PREFIX:
        return True
    return bool(re.search(r"示范|试点|标杆|样板", prefix)) and not re.search(r"自主创新示范", head)


def find_parks(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    out: list[Mention] = []
    text = doc.text
    for s_start, s_end, sent in _sentences(doc):
        for m in _PARK_RE.finditer(sent):
            head = m.group(0)
            end = s_start + m.end()
            # extend over a following park head (某新区直管区; 自贸试验区X片区 is handled by the walker)
            start = walk_left(text, s_start + m.start(), extra_stops=_PARK_STOPS)
            name = text[start:end]
            prefix = text[start:s_start + m.start()]
            if out and out[-1].end > start:
                if out[-1].start >= start:
                    out.pop()  # a longer name swallows the previous one (…新区 + 直管区)
                else:
                    continue
            if not prefix or not HAN.search(prefix) and not re.search(r"[A-Za-z]", prefix):
                ref = text[max(s_start, m.start() + s_start - 1):end]
                if ref.startswith("该"):
                    out.append(Mention("Park", ref, end - len(ref), end, "parks", subtype=BARE_REFS.get(ref, ""), refers=True))
                elif head in BARE_REFS:
                    out.append(Mention("Park", head, end - len(head), end, "parks", subtype=BARE_REFS[head], refers=True))
                continue
            if len(prefix) < 2 or prefix in GENERIC_HEADS or re.fullmatch(r"[\d一二三四五六七八九十两几多]+[个家大]?", prefix):
                continue
            ftz_article = "自贸" in text or "自由贸易" in text
            if head == "片区" and not re.search("自贸|自由贸易", name) and len(prefix) < 3 \
                    and not (ftz_article and GAZETTEER.candidates(prefix)):
                continue
            if _generic_park_prefix(prefix, head):
                continue
            if head in _NATIONAL_HEADS:
                start = _national_start(text, start, s_start + m.start(), name)
                name, prefix = text[start:end], text[start:s_start + m.start()]
                if not prefix:
                    continue
            if GAZETTEER.candidates(prefix) and all(c.level == "province" and c.name.endswith("省") for c in GAZETTEER.candidates(prefix)) \
                    and head in _NATIONAL_HEADS | {"开发区"}:
                continue  # 山东省高新区: a category, not a zone
            canonical = _park_canonical(name, head)
            if head == "片区" and ftz_article and GAZETTEER.candidates(prefix) and not canonical.startswith("自贸"):
                canonical = "自贸试验区" + name  # 厦门片区 in an article about a free trade zone
            out.append(Mention("Park", name, start, end, "parks", canonical=canonical, subtype=_HEAD_INFO[head][1]))
    return out


# ---------------------------------------------------------------- places

_TOWN_RE = re.compile(r"[\u4e00-\u9fff]{2,4}?(镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(企业|政府|党委))")


def _place_context(doc: Document, found: tuple[Mention, ...] = ()) -> set[str]:
    """Province codes the article talks about, from full place names and province short forms."""
    return _provinces_of(doc.text)


@lru_cache(maxsize=256)
def _provinces_of(text: str) -> frozenset[str]:
    return frozenset(GAZETTEER.provinces_in(text))


def choose_place(name: str, provinces: set[str], official_only: bool = False) -> PlaceInfo | None:
    """Pick the place a name means, preferring the provinces the article talks about."""
    cands = GAZETTEER.candidates(name)
    if official_only:
        cands = [c for c in cands if c.name == name]
    if not cands:
        return None
    exact = [c for c in cands if c.name == name]
    if exact:
        cands = exact
    in_ctx = [c for c in cands if c.province_code in provinces]
    if in_ctx:
        return sorted(in_ctx, key=lambda c: ({"province": 0, "city": 1, "county": 2}[c.level], c.code))[0]
    if exact and len(exact) == 1:
        return exact[0]
    if len(cands) == 1 and cands[0].level == "province":
        return cands[0]
    return None


_AFTER_SHORT = re.compile(r"^(?:[^\u3400-\u9fff]|$|[县区市州镇乡等和与及、]|片区|新城|主城|城区|产业园|高新区|经开区)")
_ADMIN_SUFFIX = ("区", "县", "市")


def find_places(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    provinces = _place_context(doc, found)
    blocked = [m for m in found if m.type in ("Enterprise", "Organization", "Policy", "Project", "Park")]
    out: list[Mention] = []
    i = 0
    n = len(text)
    while i < n:
        names = GAZETTEER.names_at(text, i)
        hit = names[0] if names else None
        if not hit:
            i += 1
            continue
        end = i + len(hit)
        official = GAZETTEER.is_official(hit)
        info = choose_place(hit, provinces)
        ok = info is not None and not _overlaps(i, end, blocked)
        canonical = info.name if info else ""
        if ok and official and info.level == "county" and len(hit) < 3:
            ok = False  # two-character official names (城区, 东区) are ordinary words far more often
        if ok and not official and not hit.endswith(("县", "区", "市", "州", "省")):
            nxt = text[end:end + 4]
            prev = text[i - 1:i] if i else ""
            if info.level != "province" and info.province_code not in provinces:
                ok = False
            elif info.level == "county" and (not _AFTER_SHORT.match(nxt) or prev in "元亿万千百个的了大小"):
                ok = False
            elif nxt[:1] in _ADMIN_SUFFIX and not info.name.endswith(nxt[:1]) and info.level == "county":
                # X区 written for an entry still listed as X县 (a renamed division): the article's form wins
                canonical = hit + nxt[:1]
                end += 1
        if ok:
            out.append(Mention("Place", text[i:end], i, end, "places", canonical=canonical))
            i = end
        else:
            i += 1
    for m in _TOWN_RE.finditer(text):
        head_at = m.start() + len(m.group(0)) - len(m.group(1))
        start = walk_left(text, head_at)
        # a town's own name starts after any larger place written before it (…州…镇)
        for p in out:
            if start <= p.start < head_at and p.end <= head_at:
                start = max(start, p.end)
        name = text[start:m.start() + len(m.group(0))]
        prefix = name[: -len(m.group(1))]
        if not (2 <= len(prefix) <= 4) or not HAN.search(prefix) or GAZETTEER.candidates(prefix):
            continue
        if _overlaps(start, start + len(name), blocked) or _overlaps(start, start + len(name), out):
            continue
        out.append(Mention("Place", name, start, start + len(name), "places", canonical=name))
    # a town's bare name elsewhere in the article (X for X镇)
    towns = {m.canonical[:-1]: m.canonical for m in out if m.extractor == "places" and m.canonical.endswith(("镇", "乡"))}
    for short, full in towns.items():
        for m in re.finditer(re.escape(short), text):
            if text[m.end():m.end() + 1] in ("镇", "乡") or _overlaps(m.start(), m.end(), blocked) or _overlaps(m.start(), m.end(), out):
                continue
            out.append(Mention("Place", short, m.start(), m.end(), "town-short", canonical=full))
    return out


# ---------------------------------------------------------------- enterprises and organizations

_ENT_HEAD = re.compile(r"(股份有限公司|有限责任公司|有限公司|分公司|集团|公司)")
_ENT_STOPS = frozenset("企业 行业 公司 国资 平台 子 母 该 本 头部 龙头 各类 一家 多家 商业 保理 融资 担保".split())
_ENUM_ITEM = r"[\u4e00-\u9fffA-Za-z0-9·]{2,14}"
_PROJ_ITEM = r"[\u4e00-\u9fffA-Za-z0-9·—()（）]{2,30}"
_ENUM = re.compile(rf"((?:{_ENUM_ITEM}、)*{_ENUM_ITEM})等(?:一批|多家|\d+家|[一二三四五六七八九十]+家)?([\u4e00-\u9fff“”]{{0,12}}?)(企业|品牌)")
_PARTNER = re.compile(r"与([\u4e00-\u9fffA-Za-z]{3,10}?)(?:签署|签订|就|达成|合作(?![\u4e00-\u9fff]{0,2}(?:培养|申报))|共建)")
_GENERIC_ENT = frozenset("公司 集团 有限公司 国资公司 平台公司 子公司 母公司 总公司 分公司 企业 龙头企业 上市公司 该公司".split())


def find_enterprises(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in _sentences(doc):
        for m in _ENT_HEAD.finditer(sent):
            end = s_start + m.end()
            if m.group(0) == "公司" and sent[m.start() - 2:m.start()] in ("有限", "分"):
                continue
            if m.group(0) == "集团" and sent[m.end():m.end() + 2] in ("有限", "股份"):
                continue
            start = _skip_leading_verb(text, walk_left(text, s_start + m.start(), max_chars=24, extra_stops=_ENT_STOPS), s_start + m.start())
            name = text[start:end]
            if name in _GENERIC_ENT or len(name) - len(m.group(0)) < 2:
                continue
            # a branch (…有限公司X分公司) swallows its parent mention
            out = [o for o in out if not (start <= o.start and o.end <= end)]
            if any(o.start <= start and end <= o.end for o in out):
                continue
            out.append(Mention("Enterprise", name, start, end, "enterprises", canonical=name))
        for m in _ENUM.finditer(sent):
            items_start = s_start + m.start(1)
            pos = items_start
            if re.search(r"产业|领域|地|行业", m.group(2)):
                continue  # 上海、重庆等地…企业 / 新材料、生物医药等重点产业…企业: places and sectors, not companies
            for item in m.group(1).split("、"):
                a, b = pos, pos + len(item)
                pos = b + 1
                a = walk_left(text, b, extra_stops=_ENT_STOPS) if a == items_start else a
                name = text[a:b]
                if len(name) < 2 or name in _GENERIC_ENT or _overlaps(a, b, out) or _overlaps(a, b, found):
                    continue
                if GAZETTEER.candidates(name) or _sectorish_only(name):
                    continue
                out.append(Mention("Enterprise", name, a, b, "enterprise-list", canonical=name))
        for m in _PARTNER.finditer(sent):
            a, b = s_start + m.start(1), s_start + m.end(1)
            name = text[a:b]
            if _overlaps(a, b, out) or _overlaps(a, b, found) or GAZETTEER.candidates(name) or not _proper(name, ""):
                continue
            if re.search(r"(大学|学院|研究院|研究所|政府|委员会|管委会|局|厅|区|县|市|省|协会|商会|银行)$|院|所", name):
                continue
            if not re.search(r"(中国|集团|公司|股份|能建|中铁|中建|中交|电力|农庄|科技|药业|物流|能源)", name) and tag_is_common(name):
                continue
            out.append(Mention("Enterprise", name, a, b, "enterprise-partner", canonical=name))
    return out


def _sectorish_only(name: str) -> bool:
    """A bare sector word (生物医药, 电子信息) is not a company name."""
    from .lexicon import tag, tokens

    return all(tag(t) in ("n", "vn", "a", "b") for t in tokens(name)) and any(mo in name for mo in SECTOR_MORPHEMES) \
        and not re.search(r"(集团|公司|股份|药业|科技)$", name)


def _nounish(name: str) -> bool:
    from .lexicon import tag, tokens

    return any(tag(t)[:1] in ("n", "i", "l", "j", "e", "?") or tag(t) in ("eng", "?") for t in tokens(name))


def tag_is_common(name: str) -> bool:
    """True when jieba knows the whole name as an ordinary word (不是专名)."""
    from .lexicon import tag

    return tag(name) not in ("?", "nz", "nt", "nr", "ns", "j")


def _strip_leading(text: str, start: int, end: int) -> int:
    """Drop the verbs, adverbs and prepositions a list's first item starts with (引进X, 加快推动Y)."""
    from .lexicon import LEFT_STOPS, tag, tokens

    pos = start
    for tok in tokens(text[start:end]):
        t = tag(tok)
        if tok in LEFT_STOPS or (t[:1] in ("v", "p", "d", "c", "r") and t != "vn") or not HAN.search(tok) and not tok.isalnum():
            pos += len(tok)
            continue
        break
    return pos


def _skip_leading_verb(text: str, start: int, limit: int) -> int:
    """Names do not start with a verb: drop one leading verb token (联合X公司 → X公司)."""
    from .lexicon import tag, tokens

    toks = tokens(text[start:limit])
    if len(toks) > 1 and tag(toks[0]).startswith("v") and tag(toks[0]) != "vn":
        return start + len(toks[0])
    return start


_ORG_HEAD = re.compile(r"(管理委员会|管委会|党工委|工委|委员会|人民政府|政府|省委|市委|县委|区委|州委|大学|学院|研究院|研究所|日报|晚报|报社|教育厅|[\u4e00-\u9fff]{1,6}(局|厅|办|委))")


def find_organizations(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in _sentences(doc):
        for m in _ORG_HEAD.finditer(sent):
            end = s_start + m.end()
            start = walk_left(text, s_start + m.start(), max_chars=14)
            if start == s_start + m.start() and m.group(0) in ("政府", "管委会", "委员会", "大学", "学院"):
                continue
            name = text[start:end]
            if len(name) < 3 or _overlaps(start, end, found, ("Enterprise",)) or _overlaps(start, end, out):
                continue
            out.append(Mention("Organization", name, start, end, "organizations", canonical=name))
    return out


# ---------------------------------------------------------------- policies

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_PACKAGE = re.compile(r"(?:([\u4e00-\u9fff]{2,6}政策))?“([^“”\n]{0,16}?[一二三四五六七八九十百\d]+条|[^“”\n]{2,12}?(?:政策包|政策))”")


def find_policies(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for m in _TITLE.finditer(text):
        title = m.group(1)
        if re.search(r"(周刊|日报|报|杂志|网)$", title):
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


# ---------------------------------------------------------------- projects

_PROJ_HEAD = re.compile(r"(项目|基地|工程|电站|中心|广场|小镇|总部)")
_PROJ_ENUM = re.compile(
    rf"((?:{_PROJ_ITEM}、)+{_PROJ_ITEM}|{_PROJ_ITEM})(?:等|这)(?:一批|[\d一二三四五六七八九十两]+个)?([^，。；]{{0,24}}?)项目"
    rf"|((?:{_PROJ_ITEM}、)+{_PROJ_ITEM})[\d一二三四五六七八九十两]+个([\u4e00-\u9fff]{{0,4}}?)项目")
_PROJ_STOPS = frozenset("项目 重大 重点 一批 招商引资 在建 配套 两个 三个 等".split())
_GENERIC_PROJ = frozenset("项目 基地 工程 中心 广场 小镇 电站 重大项目 重点项目 产业项目 示范基地 生产基地 研发中心".split())
_INDUSTRY_END = re.compile(r"(产业|产业链|产业集群|领域|行业|制造业|服务业)$")


def _proper(name: str, head: str) -> bool:
    """A project name needs something proper in it: a place, a brand (unknown word), digits or Latin."""
    from .lexicon import tag, tokens

    body = name[: -len(head)] if head and name.endswith(head) else name
    if re.search(r"[A-Za-z0-9]", body) or re.search(r"[一二三四五六七八九十]期$", body):
        return True  # Latin, digits, or a phase (…二期): a named project
    for tok in tokens(body):
        t = tag(tok)
        if t in ("ns", "nr", "nz", "nt", "j", "?", "eng") or GAZETTEER.candidates(tok):
            return True
    return False


def _has_named_owner(body: str, found: tuple[Mention, ...]) -> bool:
    """工程 and 中心 are mostly programmes and offices; keep those named after a place or a brand."""
    from .lexicon import tag, tokens

    return any(GAZETTEER.candidates(t) or tag(t) in ("nz", "nt", "j", "?", "nr") and len(t) >= 2 for t in tokens(body))


def _project_name(name: str) -> str:
    return name[:-2] if name.endswith("项目") and len(name) > 4 else name


def find_projects(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    blocked = [m for m in found if m.type in ("Policy", "Organization")]
    for s_start, s_end, sent in _sentences(doc):
        for m in _PROJ_ENUM.finditer(sent):
            group = 1 if m.group(1) else 3
            items = m.group(group).split("、")
            if any(_INDUSTRY_END.search(it) for it in items):
                continue
            pos = s_start + m.start(group)
            first = pos
            for item in items:
                a, b = pos, pos + len(item)
                pos = b + 1
                if a == first:
                    a = walk_left(text, b, max_chars=30, extra_stops=_PROJ_STOPS)
                    if text[a - 1:a] in ("和", "与"):
                        # 储能系统集成和电控装备制造: a conjunction inside one item's name
                        a2 = walk_left(text, a - 1, max_chars=20, extra_stops=_PROJ_STOPS)
                        a = a2 if a2 < a - 1 else a
                else:
                    a = _skip_leading_verb(text, a, b)
                name = text[a:b]
                if len(name) < 2 or name in _GENERIC_PROJ or _overlaps(a, b, blocked) or _overlaps(a, b, out):
                    continue
                if not _nounish(name) or _INDUSTRY_END.search(name) or any(
                        e.type == "Enterprise" and e.start <= a and b <= e.end for e in found):
                    continue
                out.append(Mention("Project", name, a, b, "project-list", canonical=_project_name(name)))
        for m in _PROJ_HEAD.finditer(sent):
            head = m.group(0)
            end = s_start + m.end()
            start = walk_left(text, s_start + m.start(), max_chars=24, extra_stops=_PROJ_STOPS)
            name = text[start:end]
            if name in _GENERIC_PROJ or len(name) - len(head) < 2 or _overlaps(start, end, out) or _overlaps(start, end, blocked):
                continue
            if not _proper(name, head) or text[start - 1:start] == "等" or text[max(0, start - 3):start].endswith(("国家", "国家级", "省级")):
                continue
            if any(e.type in ("Enterprise", "Organization") and e.start <= start and end <= e.end for e in found):
                continue  # …工程有限公司: the head belongs to a company name
            if head == "项目" and (re.match(r"[\d一二三四五六七八九十两]+个", text[end:end + 4]) or (len(name) - len(head) <= 3 and _sectorish(name[: -len(head)]))):
                continue  # 锂电项目42个: a count of a kind of project, not a named one
            body = name[: -len(head)]
            if head in ("工程", "中心") and not re.search(r"[A-Za-z0-9]", body) and not _has_named_owner(body, found):
                continue
            if GAZETTEER.candidates(body) or re.search(r"示范|试点", body):
                continue
            out.append(Mention("Project", name, start, end, "project-head", canonical=_project_name(name)))
    return out


_OWNED = re.compile(r"^(.{2,10}?)(?:[一二三四五六七八九十]期|\d+(?:\.\d+)?(?:kV|KV|kv|GWH|GWh|MW|万吨))")


def find_project_owners(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """A project named '<company>一期' or '<company>220kV…' names its company."""
    out: list[Mention] = []
    taken = [m for m in found if m.type in ("Enterprise", "Park", "Place", "Organization")]
    for m in found:
        if m.type != "Project":
            continue
        own = _OWNED.match(m.canonical)
        if not own:
            continue
        name = own.group(1)
        a, b = m.start, m.start + len(name)
        if doc.text[a:b] != name or _overlaps(a, b, taken) or _overlaps(a, b, out) or GAZETTEER.candidates(name):
            continue
        out.append(Mention("Enterprise", name, a, b, "project-owner", canonical=name))
    return out


# ---------------------------------------------------------------- industries

_NOT_A_HEAD = frozenset("增长 主力 工人 基金 投资 工作 政策 规划 项目 用地 结构 转移 协作 协调 升级 链条 招商 人才 金融 平台".split())
_IND_HEAD = re.compile(r"产业集群|产业链|产业|领域|行业|(?=为(?:主导|辅助|特色|支柱|首位)[，、。的])")
_LIST_TAIL = re.compile(r"(?:等)?(?:[两二三四五六七八九十\d]+[大个条项])?(?:三足鼎立的|为主的|为主导的)?(?:主导|特色|优势|新兴|重点|支柱|战略性新兴|替代|接续|高端|现代|未来|前沿|传统|基础|新型)?"
                        r"(?:为(?:首位|主导|特色|支柱|重点|辅助|第一)的?)?$")
_IND_LEADING = re.compile(r"^(?:国内|国际|全球|本地|省内|市内|国家|大力|加快|重点|着力|积极|不断|持续|转型|首位|发展|培育|壮大|做强|做优|做大|调优|明确|聚焦|围绕|打造|推动|支持|引进|涉及|加大|形成了?以?|以|在|为|是|高新区|经开区|园区)+")
_IND_TRAILING = re.compile(r"(?:两大|三大|四大|五大)?(?:产业)?(?:为(?:首位|主导|特色|支柱|重点|辅助)的?)$")
_SERVICE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:服务业|制造业)")
_IND_BAD = frozenset("""主导 特色 优势 新兴 重点 支柱 传统 相关 地方 接续 替代 实体 高新技术 战略性新兴 先进 现代 本地 全市 全省
大 新 各 其他 这些 该 三大 两大 四大 五大 六大 八大 第一 第二 第三 多个 若干 整个 上下游 链上 一个 这个 发展 产业 培育 壮大
做强 做优 招商 投资 基础 区域 城市 地区 工业 农业 服务 主要 不同 细分 关键 新型 文化 特别 十强 制造业 服务业 战略性 创新型
新型工业化 现代化 科技创新 招商引资 转型 材料 装备制造 物流 商贸 高新 市域 领导 突出 重点产业 优势型 成长型 示范""".split())
_IND_FORBID = re.compile(r"([两二三四五六七八九十]大|型$|安全$|(?:优势|成长|创新)型|而|排头兵|主战场|主力军|的|了|是|在|等|着|企业|公司|项目|园区|政策|工作|机制|模式|方面|水平|能力|规模|体系|布局|方向|基地|部$|地区$|区域|城区|市域|承接|因地制宜|更长|更高|强$|补链|延链|升链|建链|集群化|合作共赢|发展$)")
_IND_ITEM_SPLIT = re.compile(r"[、和及与]")


# Morphemes that sectors are made of: a general vocabulary of the economy, used as a positive
# signal so that list items like 专门队伍 or 主战场 are not taken for industries.
SECTOR_MORPHEMES = tuple("""医药 医疗 健康 卫生 生物 生命 基因 制药 中药 药 材料 金属 化工 石化 石油 冶金 钢铁 有色 化学 建材 石材 陶瓷 玻璃
纺织 服装 装备 制造 机械 汽车 整车 电池 新能源 能源 电力 光伏 风电 储能 氢能 核电 煤 油气 电子 信息 软件 数据 数字 网络 互联网
通信 通讯 芯片 半导体 集成电路 智能 机器人 人工智能 打印 传感 光电 激光 航空 航天 船舶 海洋 物流 商贸 贸易 电商 商务 金融 保险
服务 旅游 文旅 文化 创意 传媒 影视 会展 体育 教育 养老 康养 食品 饮料 烟草 茶 咖啡 花卉 农业 农产品 畜牧 渔业 林业 种业 菜 肉
乳 粮 酒 加工 制品 设备 仪器 器械 家居 家电 建筑 地产 环保 节能 低碳 循环 再生 固废 水务 钛 锂 硅 铝 铜 磷 稀土 黄金 贵金属
科技 技术 研发 检测 设计 咨询 外包 租赁 融资 维修 跨境 航运 港口 冷链 电商 直播 游戏 动漫 虚拟现实 元宇宙 算力 云计算 大数据 区块链 工业
经济 产业""".split())


def _sectorish(core: str) -> bool:
    return bool(re.search(r"[A-Za-z]", core)) or any(mo in core for mo in SECTOR_MORPHEMES)


def _industry_canonical(name: str) -> str:
    core = re.sub(r"(产业集群|产业链|产业|领域|行业)$", "", name)
    return core if len(core) >= 2 else name


def _strip_place(item: str) -> str:
    for length in range(min(8, len(item) - 1), 1, -1):
        if GAZETTEER.candidates(item[:length]):
            rest = item[length:]
            return rest if len(rest) >= 2 else ""
    return item


def _industry_item_ok(item: str, quoted: bool = False) -> bool:
    from .lexicon import tag, tokens, NOMINAL_VERBS

    core = _industry_canonical(item)
    if len(core) < 2 and not item.endswith("产业"):
        return False
    if len(core) > 12 or core in _IND_BAD or item in _IND_BAD or _IND_FORBID.search(core):
        return False
    if "产业" in core:
        return False
    if re.search(r"\d", core) and not re.search(r"[A-Za-z]", core):
        return False
    if GAZETTEER.candidates(core) or not (quoted or _sectorish(core)):
        return False
    for k, tok in enumerate(tokens(core)):
        t = tag(tok)
        if k == 0 and t.startswith("v") and t != "vn" and tok not in NOMINAL_VERBS:
            return False  # 发展X, 做强Y: a verb phrase, not a sector (航空维修, 融资租赁 are fine)
        if t in ("p", "c", "u", "uj", "r", "d", "m", "q", "f") and not (t == "f" and len(core) > 3):
            return False
    return True


_MODIFIERS = ("战略性新兴", "新一代", "新型", "先进", "现代", "高端", "绿色", "智能", "传统", "新兴", "数字", "新")


def _with_modifiers(text: str, a: int, floor: int) -> int:
    """Walk back over the adjectives industries start with (新材料, 先进装备制造, 现代服务业)."""
    for mod in _MODIFIERS:
        if a - len(mod) >= floor and text[a - len(mod):a] == mod:
            return a - len(mod)
    return a


def find_industries(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    blocked = [m for m in found if m.type in ("Park", "Enterprise", "Project", "Policy", "Organization", "Place")]

    def add(a: int, b: int, extractor: str, quoted: bool = False) -> None:
        raw = text[a:b].strip()
        for _ in range(3):
            lead = _IND_LEADING.match(raw)
            if lead and lead.end() < len(raw):
                a += lead.end()
                raw = raw[lead.end():]
            stripped = _strip_place(raw)
            a += len(raw) - len(stripped)
            raw = stripped
        trail = _IND_TRAILING.search(raw)
        if trail and trail.start() > 0:
            b -= len(raw) - trail.start()
            raw = raw[:trail.start()]
        if not raw or not _industry_item_ok(raw, quoted) or _overlaps(a, b, out):
            return
        if any(m.start <= a and b <= m.end for m in blocked):
            return
        canonical = _industry_canonical(raw)
        if re.fullmatch(r"[a-z]+", canonical):
            canonical = canonical.upper()
        out.append(Mention("Industry", raw, a, b, extractor, canonical=canonical))

    for s_start, s_end, sent in _sentences(doc):
        for m in _IND_HEAD.finditer(sent):
            head_start = m.start()
            after = sent[m.end():m.end() + 2]
            if after[:1] in ("园", "基", "示", "投", "工", "化") or (m.group(0) == "产业" and after in _NOT_A_HEAD):
                continue  # 产业增长主力军, 产业基金: 产业 does not end a sector name here
            if head_start >= 2 and sent[head_start - 1] == "”":
                q = sent.rfind("“", 0, head_start - 1)
                if 0 <= q and head_start - 1 - q <= 12:
                    add(s_start + q + 1, s_start + head_start - 1, "industry-quoted", quoted=True)
                continue
            clause_from = max(sent.rfind(ch, 0, head_start) for ch in "，。；：！？“”（）()") + 1
            span = sent[clause_from:head_start]
            tail = _LIST_TAIL.search(span)
            body = span[: tail.start()] if tail else span
            if not body:
                continue
            items = _IND_ITEM_SPLIT.split(body)
            pos = s_start + clause_from
            for k, item in enumerate(items):
                a, b = pos, pos + len(item)
                pos = b + 1
                if k == 0:
                    # start after a park or place named inside the first item (X片区重点发展Y)
                    a = max([a] + [o.end for o in blocked if a <= o.end <= b and o.start >= a])
                if k == 0 and b - a > 8 and not _IND_LEADING.match(text[a:b]):
                    a = _with_modifiers(text, max(a, walk_left(text, b, max_chars=12)), a)
                if k == len(items) - 1 and len(items) == 1 and not tail.group(0):
                    b_full = s_start + m.end()
                    if m.group(0) == "产业" and b - a <= 1:
                        add(a, b_full, "industry-head")
                        continue
                add(a, b, "industry-list" if len(items) > 1 else "industry-head")
        for m in _SERVICE.finditer(sent):
            b = s_start + m.end()
            a = _with_modifiers(text, walk_left(text, b, max_chars=10), s_start)
            add(a, b, "industry-service")
        # an enumeration with one industry in it is a list of industries (钛产业、预制菜、…等项目)
        for m in re.finditer(r"[^，。；：“”]+", sent):
            items = m.group(0).split("、")
            if len(items) < 3:
                continue
            known = {x.text for x in out}
            if not any(re.search(r"(产业|领域)$", it) or it in known for it in items):
                continue
            pos = s_start + m.start()
            for k, item in enumerate(items):
                a, b = pos, pos + len(item)
                pos = b + 1
                if k == len(items) - 1:
                    cut = re.search(r"等|[两二三四五六七八九十\d]+[大个条项]", item)
                    if cut:
                        b = a + cut.start()
                if k == 0:
                    a = _with_modifiers(text, max(a, walk_left(text, b, max_chars=12)), a)
                add(a, b, "industry-list")
    return out


# ---------------------------------------------------------------- people

_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_TITLES = "主任|副主任|书记|副书记|局长|副局长|区长|副区长|市长|副市长|县长|州长|省长|总经理|副总经理|常务副总经理|董事长|总裁|院长|所长|处长|科长|主席|秘书长|首席记者|记者|博士|教授|工程师|负责人|专家"
_PERSON_AFTER_TITLE = re.compile(rf"(?:{_TITLES})([\u4e00-\u9fff]{{2,3}}?)(?=表示|介绍|说|指出|强调|认为|在|依然|告诉|坦言|透露|——|，|。|、|\s|$|）|\))")
_PERSON_BEFORE_TITLE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:博士|教授|院士)")


def find_people(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    names: set[str] = set()
    for m in _PERSON_AFTER_TITLE.finditer(text):
        name = m.group(1)
        if name[0] in _SURNAMES and not GAZETTEER.candidates(name):
            names.add(name)
    for m in _PERSON_BEFORE_TITLE.finditer(text):
        name = m.group(1)
        prev = text[m.start() - 1:m.start()] if m.start() else ""
        if name[0] in _SURNAMES and prev in ("—", "，", "、", " ", "") and not GAZETTEER.candidates(name):
            names.add(name)
    if doc.reporter and doc.reporter[0] in _SURNAMES:
        names.add(doc.reporter)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if _overlaps(m.start(), m.end(), out) or _overlaps(m.start(), m.end(), found):
                continue
            out.append(Mention("Person", name, m.start(), m.end(), "people", canonical=name))
    return out
