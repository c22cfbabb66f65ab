"""Places: the cpca gazetteer read with the article's provinces as context, plus towns."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention
from ..reference.places import GAZETTEER, PlaceInfo
from .common import SpanIndex, overlaps, place_context
from .lexicon import HAN, on_token_edges, tag, walk_left

# not 小镇 (特色小镇, X科技小镇: a project's head, not a town)
_TOWN_RE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?<!小)(镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(企业|政府|党委))")


def choose_place(name: str, provinces: set[str], official_only: bool = False) -> PlaceInfo | None:
    """Pick the place a name means, preferring the provinces the article talks about."""
    return _choose_place(name, frozenset(provinces), official_only)


@lru_cache(maxsize=65536)
def _choose_place(name: str, provinces: frozenset[str], official_only: bool) -> PlaceInfo | None:
    """:func:`choose_place`, cached: a pure choice among the gazetteer's candidates, asked at every place name."""
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
    return _only_city(cands)


def _only_city(cands: list[PlaceInfo]) -> PlaceInfo | None:
    """The one prefecture-level city a name can mean anywhere (贵阳, 上饶 beside a 上饶县 of its own city).

    Why: a city's short form names the same city in every article, also one about another
    province (考察团前往X、Y等地); a name two provinces share stays unresolved without context.
    """
    cities = [c for c in cands if c.level == "city"]
    if len(cities) == 1 and len({c.province_code for c in cands}) == 1:
        return cities[0]
    return None


_AFTER_SHORT = re.compile(r"^(?:[^\u3400-\u9fff]|$|[县区市州镇乡等和与及、]|片区|新城|主城|城区|产业园|高新区|经开区)")
_ADMIN_SUFFIX = ("区", "县", "市")


def _short_county(text: str, end: int, info: PlaceInfo, provinces: set[str]) -> bool:
    """A two-character X县 (no 城区-like word) in the article's province, or heading a clause (X县：…, X县、Y县)."""
    nxt = text[end:end + 1]
    return info.name.endswith("县") and nxt != "城" and (info.province_code in provinces or nxt in "：:，、；")


_REGION_WORDS = frozenset(("区域", "区块"))


def _inside_words(text: str, i: int, end: int) -> bool:
    """A place whose stem is a common word and whose suffix opens the next word (合作市场: 合作 + 市场, no 合作市)."""
    stem, suffix = text[i:end - 1], text[end - 1:end + 1]
    if suffix in _REGION_WORDS:
        return True  # X区域 (a province's region, 东部区域): no district X区
    return len(suffix) == 2 and tag(suffix) not in ("?", "ns") and tag(stem) not in ("?", "ns", "nr", "nz")


def find_places(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    provinces = place_context(doc)
    blocked = SpanIndex(m for m in found if m.type in ("Enterprise", "Organization", "Policy", "Project", "Park"))
    out: list[Mention] = []
    i = 0
    for at, names in GAZETTEER.names_in(text).items():  # positions in increasing order
        if at < i:
            continue  # inside the place taken last
        i = at
        hit = names[0]
        if len(names) > 1 and _inside_words(text, i, i + len(hit)):
            shorter = choose_place(names[1], provinces)
            if shorter is None or shorter.level == "county":
                continue  # 合作市场: no place at all
            hit = names[1]  # 海南区域: the province's short form, not a district 海南区
        end = i + len(hit)
        official = GAZETTEER.is_official(hit)
        info = choose_place(hit, provinces)
        ok = info is not None and not blocked.overlaps(i, end)
        canonical = info.name if info else ""
        if ok and official and info.level == "county" and len(hit) < 3 and not _short_county(text, end, info, provinces):
            ok = False  # two-character official names (城区, 东区) are ordinary words far more often
        if ok and (_inside_words(text, i, end) or (not official and not on_token_edges(text, i, end, 4, 4))):
            ok = False  # 合作市场; a short form inside a word (热火朝天 is no 朝天区)
        if ok and not official and not hit.endswith(("县", "区", "市", "州", "省", "旗")):
            nxt = text[end:end + 4]
            prev = text[i - 1:i] if i else ""
            if info.level != "province" and info.province_code not in provinces:
                # out of the article's provinces only a city's short form, and only in a list or before a suffix
                ok = info.level == "city" and bool(_AFTER_SHORT.match(nxt)) and prev not in "元亿万千百个的了大小"
            elif info.level == "county" and (not _AFTER_SHORT.match(nxt) or prev in "元亿万千百个的了大小区"):
                # …区新城: a county's short form glued after a zone or district names a part of it
                ok = False
            elif nxt[:1] in _ADMIN_SUFFIX and not info.name.endswith(nxt[:1]) and info.level == "county":
                # X区 written for an entry still listed as X县 (a renamed division): the article's form wins
                canonical = hit + nxt[:1]
                end += 1
        if ok:
            out.append(Mention("Place", text[i:end], i, end, "places", canonical=canonical))
            i = end
    _towns(text, blocked, out)
    return out


def _towns(text: str, blocked: SpanIndex, out: list[Mention]) -> None:
    """Towns (…镇/乡/街道) after the divisions in ``out``, then a town's bare name elsewhere (X for X镇)."""
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
        if blocked.overlaps(start, start + len(name)) or overlaps(start, start + len(name), out):
            continue
        out.append(Mention("Place", name, start, start + len(name), "places", canonical=name))
    # a town's bare name elsewhere in the article (X for X镇)
    towns = {m.canonical[:-1]: m.canonical for m in out if m.extractor == "places" and m.canonical.endswith(("镇", "乡"))}
    for short, full in towns.items():
        for m in re.finditer(re.escape(short), text):
            if text[m.end():m.end() + 1] in ("镇", "乡") or blocked.overlaps(m.start(), m.end()) or overlaps(m.start(), m.end(), out):
                continue
            out.append(Mention("Place", short, m.start(), m.end(), "town-short", canonical=full))
