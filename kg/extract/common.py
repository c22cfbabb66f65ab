"""Helpers shared by the extractors, public here and only here: span tests, sentence iteration, list items,
sector words, proper names, the article's provinces, and which parks are zones."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from ..reference.zones import zones
from .heads import COMPANY_PARK, COUNTY_PARK_HEADS, PLACE_NAMED_HEADS, ZONE_ENDS
from .lexicon import tag, tokens


def overlaps(start: int, end: int, found: Iterable[Mention], types: tuple[str, ...] | None = None) -> bool:
    if types is None:  # the common case, without a type test per mention (the finders call this per candidate)
        for m in found:
            if m.start < end and start < m.end:
                return True
        return False
    return any(m.start < end and start < m.end for m in found if m.type in types)


class SpanIndex:
    """Fixed mentions that a finder tests every candidate span against, in O(log n) per test.

    Why: :func:`overlaps` walks the whole list, and a page's blocking mentions are many. Sorted by
    start, the largest end among the mentions that start before a point decides both tests.
    """

    def __init__(self, mentions: Iterable[Mention]) -> None:
        ordered = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in ordered]
        self.max_end: list[int] = []
        top = -1
        for m in ordered:
            top = max(top, m.end)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """``overlaps(start, end, mentions)``: a mention starts before ``end`` and ends after ``start``."""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start

    def covers(self, start: int, end: int) -> bool:
        """A mention holds the whole span: it starts at or before ``start`` and ends at or after ``end``."""
        k = bisect.bisect_right(self.starts, start)
        return k > 0 and self.max_end[k - 1] >= end


def sentences(doc: Document) -> Iterable[tuple[int, int, str]]:
    for s in doc.sentences:
        yield s.start, s.end, doc.text[s.start:s.end]


# Words that name no company by themselves (公司, 该公司 …), and what company short names end in: a trade or a
# corporate word (sector words alone are rejected separately). Shared by the rules and the learned finder.
GENERIC_ENT = frozenset("公司 集团 有限公司 国资公司 平台公司 子公司 母公司 总公司 分公司 企业 龙头企业 上市公司 该公司".split())
COMPANY_END = re.compile(r"(集团|股份|控股|实业|科技|药业|医药|医疗|生物|电子|电气|光电|能源|新能源|汽车|动力|电池|材料|新材|"
                         r"智能|智造|制造|重工|机械|化工|化学|物流|食品|乳业|酒业|纺织|钢铁|铜业|铝业|半导体|微电子|"
                         r"软件|信息|网络|通信|传媒|资本|基金|投资|置业|地产|建设|建工|环保|水务|农业|牧业|航空)$")
# The legal heads that end a company's name (X股份有限公司, X集团); no two can start at one character.
LEGAL_HEADS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
# A full legal name (not a bare 集团/公司): it owns what follows it, it does not open a project's name.
LEGAL_END = re.compile(r"(?:有限公司|有限责任公司|股份公司)$")
_LAST_ITEM_SPLIT = re.compile(r"[、和及与]")


def list_items(body: str) -> list[str]:
    """Items of an enumeration: 和/与/及 inside an item between 、 belongs to its name (交通和仓储服务业).

    Only the last item of a 、-list, or a list without 、, is split at 和/与/及 (A、B和C; A和B).
    """
    parts = body.split("、")
    return [*parts[:-1], *_LAST_ITEM_SPLIT.split(parts[-1])]


def item_spans(at: int, items: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each item of a list written at ``at``, the items one separator character apart.

    Why: the finders split an enumeration into words (:func:`list_items`, or at 、 only) and
    then need each item's place in the text; every separator (、和及与) is one character.
    """
    spans, pos = [], at
    for item in items:
        spans.append((pos, pos + len(item)))
        pos += len(item) + 1
    return spans


PROJ_ITEM = r"[\u4e00-\u9fffA-Za-z0-9·—()（）]{2,30}"


# Morphemes that sectors are made of: a general vocabulary of the economy, used as a positive
# signal so that list items like 专门队伍 or 主战场 are not taken for industries.
SECTOR_MORPHEMES = tuple("""医药 医疗 健康 卫生 生物 生命 基因 制药 中药 药 材料 金属 化工 石化 石油 冶金 钢铁 有色 化学 建材 石材 陶瓷 玻璃
纺织 服装 装备 制造 机械 汽车 整车 电池 新能源 能源 电力 光伏 风电 储能 氢能 核电 煤 油气 电子 信息 软件 数据 数字 网络 互联网
通信 通讯 芯片 半导体 集成电路 智能 机器人 人工智能 打印 传感 光电 激光 航空 航天 船舶 海洋 物流 商贸 贸易 电商 商务 金融 保险
服务 旅游 文旅 文化 创意 传媒 影视 会展 体育 教育 养老 康养 食品 饮料 烟草 茶 咖啡 花卉 农业 农产品 畜牧 渔业 林业 种业 菜 肉
乳 粮 酒 加工 制品 设备 仪器 器械 家居 家电 建筑 地产 环保 节能 低碳 循环 再生 固废 水务 钛 锂 硅 铝 铜 磷 稀土 黄金 贵金属
科技 技术 研发 检测 设计 咨询 外包 租赁 融资 维修 跨境 航运 港口 冷链 供应链 电商 直播 游戏 动漫 虚拟现实 元宇宙 算力 云计算 大数据 区块链 工业
经济 产业""".split())


# one pass over a word instead of ~200 substring tests: sectorish() runs for every candidate industry and company
_SECTOR_OR_LATIN = re.compile("[A-Za-z]|" + "|".join(map(re.escape, SECTOR_MORPHEMES)))


def sectorish(core: str) -> bool:
    return _SECTOR_OR_LATIN.search(core) is not None



def sectorish_only(name: str) -> bool:
    """A bare sector word (生物医药, 电子信息) is not a company name."""
    return all(tag(t) in ("n", "vn", "a", "b") for t in tokens(name)) and any(mo in name for mo in SECTOR_MORPHEMES) \
        and not re.search(r"(集团|公司|股份|药业|科技)$", name)


def nounish(name: str) -> bool:
    return any(tag(t)[:1] in ("n", "i", "l", "j", "e", "?") or tag(t) in ("eng", "?") for t in tokens(name))


def tag_is_common(name: str) -> bool:
    """True when jieba knows the whole name as an ordinary word (不是专名)."""
    return tag(name) not in ("?", "nz", "nt", "nr", "ns", "j")


def skip_leading_verb(text: str, start: int, limit: int) -> int:
    """Names do not start with a verb: drop one leading verb token (联合X公司 → X公司)."""
    toks = tokens(text[start:limit])
    if len(toks) > 1 and tag(toks[0]).startswith("v") and tag(toks[0]) != "vn":
        return start + len(toks[0])
    return start


@lru_cache(maxsize=65536)
def proper(name: str, head: str) -> bool:
    """A project name needs something proper in it: a place, a brand (unknown word), digits or Latin (cached: pure)."""
    body = name[: -len(head)] if head and name.endswith(head) else name
    if re.search(r"[A-Za-z0-9]", body) or re.search(r"[一二三四五六七八九十]期$", body):
        return True  # Latin, digits, or a phase (…二期): a named project
    for tok in tokens(body):
        t = tag(tok)
        if t in ("ns", "nr", "nz", "nt", "j", "?", "eng") or GAZETTEER.candidates(tok):
            return True
    return False


def place_context(doc: Document) -> set[str]:
    """Province codes the article talks about, from full place names and province short forms."""
    return _provinces_of(doc.text)


@lru_cache(maxsize=256)
def _provinces_of(text: str) -> frozenset[str]:
    return frozenset(GAZETTEER.provinces_in(text))


def most_frequent(counts: Mapping[str, int]) -> tuple[str, int]:
    """The most frequent name and its count; among ties the first name in code-point order.

    Why one rule: the article's park, city and dominant zone are picked by frequency, and a tie
    must break the same way everywhere for the output to be the same on every run.
    """
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _county_park(name: str) -> bool:
    """<division in full> + common words + 产业园 (X县现代农业产业园, X市循环经济产业园): a county's park platform.

    The division is written with its suffix (县, 市, 区, 旗), as county platforms are; a brand,
    a person-like or single-character word in the rest (X县澜川产业园) makes it a company's park.
    """
    head = next(h for h in COUNTY_PARK_HEADS if name.endswith(h))
    for k in range(min(7, len(name) - len(head)), 1, -1):
        if name[k - 1] in "县市区旗" and GAZETTEER.is_official(name[:k]):
            rest = name[k:-len(head)]
            return not rest or all(len(t) >= 2 and tag(t) in ("n", "vn", "b", "a", "an") for t in tokens(rest))
    return False


LEARNED_ZONE = "parks-list"  # the extractor name of :mod:`.list_zones`


def is_zone(park: Mention) -> bool:
    """A zone with its own administration (not a project-like 产业园 or a district 片区).

    County platforms (…产业园区, …开发区) are named after their place; a 产业园区 named after a sector
    or X商务产业园 are projects inside a zone, not zones. A zone learned from a roundup's parallel
    clauses (:mod:`.list_zones`) is one by the context that found it, whatever its head.
    """
    return park.extractor == LEARNED_ZONE or _is_zone_name(park.canonical, park.subtype)


@lru_cache(maxsize=8192)
def _is_zone_name(name: str, subtype: str) -> bool:
    """:func:`is_zone` by name and subtype, cached: relations and figures ask it for every park mention."""
    if COMPANY_PARK.search(name):
        return False  # a company's own park (X集团产业园区) is a project, not a zone
    if name.endswith(PLACE_NAMED_HEADS) and name not in zones():
        first = tokens(name)[0] if name else ""
        return any(GAZETTEER.candidates(name[:k]) for k in range(2, min(6, len(name) - 3))) or tag(first) in ("ns", "nr", "?")
    if name.endswith(COUNTY_PARK_HEADS):
        return _county_park(name)
    return name.endswith(ZONE_ENDS) or (name.endswith("片区") and ("自贸" in name or subtype == "FreeTradeZoneArea"))
