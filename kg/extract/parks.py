"""Parks: a zone head (…高新区, …经开区, …产业园区, …片区) and the name the walker finds before it.

Canonical names use the short head; bare 高新区/经开区/该区 become references that the
context step resolves per article; designations and categories are not parks."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from ..reference.zones import zones
from .common import sectorish_only, sentences
from .heads import HEAD_INFO as _HEAD_INFO, NATIONAL_HEADS as _NATIONAL_HEADS, NATIONAL_SHORTS, PARK_HEADS
from .lexicon import GENERIC_HEADS, HAN, tag, tokens, walk_left

# Heads that also name programmes and designations (生态文明示范区): a park only with a proper part (place, brand).
_PROPER_HEADS = frozenset("产业集聚区 示范区 创业谷".split())
# Heads of tourist areas: a park only when something besides a trade word names it (旅游度假区 is a kind).
_RESORT_HEADS = frozenset("度假区 风景区".split())
# Stop words that stand inside a park's name before its head (X全面创新合作区).
_PARK_PARTS = frozenset("全面".split())
_PHASE_AFTER = re.compile(r"[一二三四五六七八九十]期")  # right after a head: the park names a project's phase
_LATIN = re.compile(r"[A-Za-z]")
_COUNT_ONLY = re.compile(r"[\d一二三四五六七八九十两几多]+[个家大]?")
_PARK_RE = re.compile("|".join(re.escape(h) for h, _, _ in sorted(PARK_HEADS, key=lambda x: -len(x[0]))))
# Heads written bare (and 该 + head) refer to the article's park of the subtype the head gives; 该区, 全区 to any.
BARE_REFS = {**{h: _HEAD_INFO[h][1] for h in (*NATIONAL_SHORTS, "保税区", "片区")},
             **{"该" + h: _HEAD_INFO[h][1] for h in ("高新区", "经开区")}, "该区": "", "全区": ""}
_PARK_STOPS = frozenset("产业 全市 组织 各 国家 全国 首个 唯一 惟一".split())


def _free_trade(text: str) -> bool:
    """The text names a pilot free trade zone (自贸…, 自由贸易…): its 片区 are the zone's areas, not districts."""
    return "自贸" in text or "自由贸易" in text


@lru_cache(maxsize=65536)
def _park_canonical(name: str, head: str) -> str:
    if head == "自由贸易试验区":
        return name  # a whole pilot zone keeps its written name: 中国(X)自由贸易试验区
    short, _ = _HEAD_INFO[head]
    base = name[: -len(head)] + short
    # an area of a pilot free trade zone goes by its own short name (X片区), whatever the zone is called
    m = re.match(r"^(?:中国[(（][^)）]+[)）]|[\u4e00-\u9fff]{0,4}?)(?:自由贸易试验区|自贸试验区|自贸区)(.+片区)$", base)
    if m:
        return m.group(1)
    return base


_DIVISION_ENDS = ("县", "市", "区", "旗")
_COMMON_DIVISIONS = frozenset("城区 郊区 矿区".split())  # official district names that are also common words


def _division_before(text: str, at: int, floor: int) -> int:
    """Start of a county's or city's full name that ends right at ``at`` (X县 + 经济技术开发区), else ``at``.

    Why: the walker stops at a one-character token, and jieba cuts a county whose short
    name is one character (two-character counties, X县) into X + 县, where 县 is a stop word.
    The head then read as a bare reference (经开区) to the article's own zone: the county's
    zone vanished and its projects went to another zone.
    """
    for k in range(max(floor, at - 8), at - 1):
        for name in GAZETTEER.names_at(text, k):
            if k + len(name) == at and name.endswith(_DIVISION_ENDS) and name not in _COMMON_DIVISIONS \
                    and any(c.level in ("city", "county") for c in GAZETTEER.candidates(name)):
                return k
    return at


def _national_start(text: str, start: int, head_start: int, name: str) -> int:
    """A national-type zone is named by its place: cut the prefix at its last place name."""
    if name in zones():
        return start
    prefix = text[start:head_start]
    # the last position where a place name starts and runs to the end of the prefix or leaves ≤2 chars
    for i in range(len(prefix) - 2, -1, -1):
        for j in range(len(prefix), i + 1, -1):
            if GAZETTEER.candidates(prefix[i:j]) and len(prefix) - j <= 2:
                return start + i
    return start if len(prefix) <= 4 else head_start


_GENERIC_PARK_PREFIX = frozenset("中国 全国 我国 大学 科技 产业 高新 智慧 跨境 开发 开发度假 新区 园区 示范 特色 专业 国家级 省级 集团 公司 企业 项目".split())


def _generic_park_prefix(prefix: str, head: str) -> bool:
    """Designations and categories (绿色低碳示范产业园, 大学科技园, 中国自贸试验区) are not parks."""
    if prefix in _GENERIC_PARK_PREFIX:
        return True
    return bool(re.search(r"示范|试点|标杆|样板", prefix)) and not re.search(r"自主创新示范", head)


def _named(prefix: str) -> bool:
    """A prefix with a place or a brand in it (not a person-like word: 文明 is tagged nr)."""
    return any(tag(t) in ("ns", "nz", "j", "?", "eng") or GAZETTEER.candidates(t) for t in tokens(prefix))


def _stands_apart(text: str, before: Mention, head_at: int, head: str) -> bool:
    """A park written right before another zone's own name is a zone of its own, not part of the later name.

    Why: the walker crosses a park head (合作区 is a noun) and would swallow
    "X合作区Y综保区" into one name; only a head right after a head (新区直管区)
    or a pilot zone's area (自贸试验区Y片区) continues the earlier name.
    """
    if before.end >= head_at or before.refers:
        return False
    return not (head == "片区" and _free_trade(before.text))


def find_parks(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    out: list[Mention] = []
    text = doc.text
    ftz_article = _free_trade(text)  # once per article, not per head
    for s_start, s_end, sent in sentences(doc):
        for m in _PARK_RE.finditer(sent):
            head = m.group(0)
            end = s_start + m.end()
            if _PHASE_AFTER.match(sent, m.end()):
                continue  # …产业园二期项目: the park's name is part of a project's
            # extend over a following park head (某新区直管区; 自贸试验区X片区 is handled by the walker)
            start = walk_left(text, s_start + m.start(), extra_stops=_PARK_STOPS, allow=_PARK_PARTS)
            if start == s_start + m.start():
                start = _division_before(text, start, s_start)
            name = text[start:end]
            prefix = text[start:s_start + m.start()]
            if len(out) > 1 and out[-2].end > start:  # never reach over two names
                start = out[-2].end
                name, prefix = text[start:end], text[start:s_start + m.start()]
            if out and out[-1].end > start and _stands_apart(text, out[-1], s_start + m.start(), head):
                start = out[-1].end  # two zones written back to back (X合作区Y综保区): the earlier one stays
                name, prefix = text[start:end], text[start:s_start + m.start()]
            if out and out[-1].end > start:
                if out[-1].start >= start:
                    out.pop()  # a longer name swallows the previous one (…新区 + 直管区)
                else:
                    continue
            if not prefix or not HAN.search(prefix) and not _LATIN.search(prefix):
                ref = text[max(s_start, m.start() + s_start - 1):end]
                if ref.startswith("该"):
                    out.append(Mention("Park", ref, end - len(ref), end, "parks", subtype=BARE_REFS.get(ref, ""), refers=True))
                elif head in BARE_REFS:
                    out.append(Mention("Park", head, end - len(head), end, "parks", subtype=BARE_REFS[head], refers=True))
                continue
            if len(prefix) < 2 or prefix in GENERIC_HEADS or _COUNT_ONLY.fullmatch(prefix):
                continue
            if head == "片区" and not _free_trade(name) and len(prefix) < 3 \
                    and not (ftz_article and GAZETTEER.candidates(prefix)):
                continue
            if _generic_park_prefix(prefix, head) or (head in _PROPER_HEADS and not _named(prefix)) \
                    or (head in _RESORT_HEADS and sectorish_only(prefix)):
                continue
            if head in _NATIONAL_HEADS:
                start = _national_start(text, start, s_start + m.start(), name)
                name, prefix = text[start:end], text[start:s_start + m.start()]
                if not prefix:
                    continue
            if GAZETTEER.candidates(prefix) and all(c.level == "province" and c.name.endswith("省") for c in GAZETTEER.candidates(prefix)) \
                    and (head in _NATIONAL_HEADS or head == "开发区"):
                continue  # 某省高新区 (a province and a head): a category, not a zone
            canonical = _park_canonical(name, head)
            subtype = _HEAD_INFO[head][1]
            if head == "片区" and not (ftz_article and (GAZETTEER.candidates(prefix) or _free_trade(name))):
                subtype = ""  # a district of a city or zone, not an area of a free trade zone
            out.append(Mention("Park", name, start, end, "parks", canonical=canonical, subtype=subtype))
    return out
