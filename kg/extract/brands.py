"""Enterprises named without any company word: short brands in lists whose slot says enterprise.

Why: economic news names the companies a zone brought in by their brand only
(引进X、Y和Z / 签约企业包括X、Y / 入驻企业有X、Y等), and foreign groups by a
Latin name or by a centre they own (X中国研究院, X(某市)研发中心). No legal head
or trade ending is there to find them; the cue is the slot (an enterprise list
or an actor of 引进 / 签约 / 落户) plus the shape of every item: a short
proper word (jieba does not know it, or knows it as a name), not a place, a
sector, a verb phrase or a number. One odd item makes the whole list doubtful,
so all items must pass. Single names count only in slots a company fills: before a
corporate title (X总经理), a plant's workshop (走进X, X生产车间一角), a photo credit
(由X提供), or as one unknown word that settles (X落户).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention
from ..reference.gazetteer import active
from ..reference.places import GAZETTEER
from .common import COMPANY_END, GENERIC_ENT, LEGAL_HEADS, item_spans, list_items, overlaps, proper, sectorish, sectorish_only, sentences
from .lexicon import BRAND_TAGS, GENERIC_HEADS, GLUED, LEFT_STOPS, NOT_IN_NAME, tag, tokens, walk_left
from .people import SURNAMES

# A Latin brand (Norvex, ABX医疗); not abbreviations of the economy or of units.
LATIN_BRAND = re.compile(r"[A-Z][A-Za-z0-9&]{1,15}[\u4e00-\u9fff]{0,4}")
LATIN_WORDS = frozenset("GDP AI IT VR AR XR CBD PPP EPC GW MW KW kV CEO CPU GPU LED OLED IC EDA RMB R&D OK ESG PCT "
                        "FDI TOP NO PM OEM ODM".split())
_ITEM = r"[\u4e00-\u9fffA-Za-z0-9&]{2,10}"
# A list whose head noun says enterprise, before it: 签约企业包括X、Y和Z / 入驻企业有X、Y / 龙头企业X、Y等.
_HEADED_LIST = re.compile(rf"(?:企业|品牌|项目方|投资方|厂商|客商)(?:包括|有|为|如|涵盖)?[：:]?((?:{_ITEM}、)+{_ITEM}?)(?=等|[，。；）)])")
# A centre or institute of a multinational (X中国研究院, X(某市)研发中心, Y亚太研发中心): the branch is an
# Enterprise (guideline: branches and named centres of a brand), not an Organization or institute.
_OWNED_CENTRE = re.compile(r"(?:([A-Z][A-Za-z0-9&]{1,15})[(（]?(?:中国|亚太|全球|[\u4e00-\u9fff]{2,3}?)?[)）]?"
                           r"|([\u4e00-\u9fff]{2,6}?)[(（]?(?:中国|亚太|全球)[)）]?)"
                           r"(?:研究院|研发中心|创新中心|技术中心|研究中心|总部)")
# A list counted as companies (X、Y、Z三家企业): every item a company.
_COUNTED_LIST = re.compile(rf"((?:{_ITEM}、)+{_ITEM}?)等?(?:[两三四五六七八九十]|\d+)家(?:企业|公司|单位)")
# Slots only a company fills: before a corporate title, after 走进 / 图为, the owner of a plant's workshop.
_ROLE_SLOT = re.compile(r"(?:^|(?<=[，。；：、据在与和]))(?P<a>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:董事长|总经理|副总经理|总裁|副总裁|创始人|厂长|负责人)"
                        r"|(?:走进|来到|图为|探访|位于)(?P<b>[\u4e00-\u9fffA-Za-z]{2,10}?)(?=[，。；]|的?(?:生产车间|车间|厂区|生产线|展厅)|的工厂)"
                        r"|在(?P<c>[\u4e00-\u9fffA-Za-z]{2,10}?)的?(?:生产车间|车间|厂区|生产线)"
                        r"|(?:^|(?<=[，。；：（(]))(?P<d>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:生产车间|车间|生产线|厂区)(?:一角|内|里|现场)"
                        r"|由(?P<e>[\u4e00-\u9fffA-Za-z]{2,10}?)提供")
# Cheap gates: the literal words each pattern needs, searched before the pattern itself.
_ROLE_WORDS = ("董事长", "总经理", "总裁", "创始人", "厂长", "负责人", "走进", "来到", "图为", "探访", "位于", "车间", "生产线", "厂区", "提供")
_ROLE_CUE = re.compile("|".join(_ROLE_WORDS))
_CENTRE_WORDS = ("研究院", "中心", "总部")
_CENTRE_CUE = re.compile(r"(?:[A-Z]|中国|亚太|全球)[^，。；]*(?:研究院|中心|总部)")
_HEAD_WORDS = ("企业", "品牌", "项目方", "投资方", "厂商", "客商")
# The candidate pass (kg.extract.candidates) hands this finder only sentences holding one of these.
TRIGGERS = (*_HEAD_WORDS, "家", *_ROLE_WORDS, *_CENTRE_WORDS)


def _latin_brand(name: str) -> bool:
    """A name of LATIN_BRAND's shape is a brand unless its Latin part is an abbreviation (GDP, MW)."""
    return re.match(r"[A-Za-z0-9&]+", name).group(0) not in LATIN_WORDS


_COUNT_FIRST = re.compile(r"[\d一二三四五六七八九十两几多每各]")  # a count or quantifier first: 3家…, 每个…, not a name


def company_shaped(name: str, listed: bool = False) -> bool:
    """A short company name: a proper part (place, brand, unknown word) and a trade or corporate ending.

    ``listed``: the name is an item of a list of signings, a stronger cue, so a
    brand that is also a common noun (a word of the dictionary, not a sector
    or a generic word) stands for the proper part.
    """
    if LATIN_BRAND.fullmatch(name):
        return _latin_brand(name)
    end = COMPANY_END.search(name)
    if not end or GAZETTEER.candidates(name) or name in GENERIC_ENT:
        return False
    if proper(name, "") and not sectorish_only(name):
        return True
    body = name[:end.start()]
    return listed and len(body) >= 2 and not sectorish(body) and not _COUNT_FIRST.match(body) and all(
        tag(t) not in NOT_IN_NAME - {"m"} and t not in LEFT_STOPS and t not in GENERIC_HEADS for t in tokens(body))


# A brand holds no tag NOT_IN_NAME bars from a name, nor a time, direction or place word (t, f, s),
# which a company name's body may hold.
_NOT_IN_BRAND = NOT_IN_NAME | {"t", "f", "s"}


def brandlike(name: str) -> bool:
    """A short brand: Latin, or a proper or unknown word of 2-6 characters with no verb, numeral, place or sector in it."""
    if LATIN_BRAND.fullmatch(name):
        return _latin_brand(name)
    if not 2 <= len(name) <= 6 or GAZETTEER.candidates(name) or sectorish(name) or _COUNT_FIRST.match(name):
        return False
    toks = tokens(name)
    if not any(tag(t) in BRAND_TAGS for t in toks):
        return False
    return all(tag(t) not in _NOT_IN_BRAND and not (tag(t).startswith("v") and tag(t) != "vn") and t not in LEFT_STOPS
               and t not in GENERIC_HEADS and not GAZETTEER.candidates(t) for t in toks)


def person_like(name: str) -> bool:
    """Two or three characters after a common surname (jieba knows few given names): maybe a person."""
    return 2 <= len(name) <= 3 and name[0] in SURNAMES and re.fullmatch(r"[\u4e00-\u9fff]+", name) is not None


def unknown_brand(name: str) -> bool:
    """A brand jieba knows no word of (all tokens unknown or Latin): not a person's name, not a common word."""
    return brandlike(name) and not person_like(name) and all(tag(t) in ("?", "eng") for t in tokens(name))


_UNGLUE = GLUED | {"和"}  # the walker's glued prepositions, and 和 that joins an actor to a list


def unglue(text: str, a: int, b: int | None = None) -> int:
    """A preposition jieba glued onto an unknown name (由青X, 据澜X) is not the name's first character."""
    return a + 1 if text[a] in _UNGLUE and (b is None or b - a > 3) else a


def all_brands(items: list[str], shaped) -> bool:
    """Every item of a list of two or more is a brand or shaped like a company (``shaped``)."""
    listed = active().by_name  # the user's gazetteers (kg build --gazetteer): a listed name is a company's
    return len(items) >= 2 and all(brandlike(i) or shaped(i) or i in listed for i in items) and not all(map(person_like, items))


# Corporate endings after a group's brand (X集团, X股份有限公司, X(中国)投资有限公司): a legal head, a group's
# limited company (X集团有限公司), or a short 股份 / 控股.
_CORPORATE_END = re.compile(r"(?:[(（]中国[)）])?(?:投资)?(?:集团(?:股份)?有限公司|" + "|".join(LEGAL_HEADS) + "|股份|控股)$")


def names_project_of(company: str, project: str) -> bool:
    """A project named by a company's brand (X集团 … X新能源材料项目): the company's project.

    The brand is the company's name without its corporate ending; it must be a brand, not a
    place or a sector (云南集团 → 云南 names no company), and the project must say more than it.
    """
    parts = _brand_parts(company)
    if parts is None:
        return False
    core, core_names, brand = parts
    if len(project) > len(core) and project.startswith(core):
        return core_names
    return brand != core and len(project) > len(brand) and project.startswith(brand)


@lru_cache(maxsize=65536)
def _brand_parts(company: str) -> tuple[str, bool, str] | None:
    """(core, whether the core names a company, brand) of a company name, None without a corporate ending.

    Why cached apart: :func:`names_project_of` runs for every project and company of a page
    (relations), and these parts depend on the company's name alone.
    """
    core = _CORPORATE_END.sub("", company)
    if core == company or len(core) < 2:
        return None
    # 甲省X能源科技有限公司 … X氢能设备项目: the brand without place and trade words
    return core, not GAZETTEER.candidates(core) and not sectorish(core), _bare_brand(core)


def _bare_brand(core: str) -> str:
    """A company's brand: its name without a leading province or city and without trailing trade words.

    Why: a project is often named by the brand alone (X储能项目) while the company is named in full
    with its place and trade (甲省X能源科技有限公司). Only a proper word of 2+ characters is a brand.
    """
    places = GAZETTEER.names_at(core, 0)
    brand = core[len(places[0]):] if places else core
    while (end := COMPANY_END.search(brand)) and end.start() >= 2:
        brand = brand[:end.start()]
    if brand == core or len(brand) < 2 or GAZETTEER.candidates(brand) or sectorish(brand) or not proper(brand, ""):
        return core
    return brand


def find_brand_lists(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """Brands in a list after an enterprise head (签约企业包括X、Y和Z) or counted as companies (X、Y两家企业),
    company-shaped names in slots only a company fills (X总经理, 走进X), and centres of multinationals."""
    text, out = doc.text, []
    for s_start, _s_end, sent in sentences(doc):
        if "、" in sent and any(h in sent for h in _HEAD_WORDS):
            for m in _HEADED_LIST.finditer(sent):
                items = list_items(m.group(1))
                if all_brands(items, lambda i: company_shaped(i, listed=True)):
                    _add_items(text, s_start + m.start(1), items, found, out, "enterprise-headed-list")
        for m in (_COUNTED_LIST.finditer(sent) if "家" in sent and "、" in sent else ()):
            at, end = s_start + m.start(1), s_start + m.end(1)
            at = max(at, walk_left(text, at + m.group(1).index("、")))  # the list starts after its verb (引进X、Y两家企业)
            items = list_items(text[at:end])
            if all_brands(items, lambda i: company_shaped(i, listed=True)):
                _add_items(text, at, items, found, out, "enterprise-counted-list")
        for m in (_ROLE_SLOT.finditer(sent) if _ROLE_CUE.search(sent) else ()):
            g = next(k for k in "abcde" if m.group(k))
            a, b = s_start + m.start(g), s_start + m.end(g)
            a = unglue(text, max(a, walk_left(text, b)), b) if g == "a" else a  # the name starts after a preposition (据X负责人)
            if company_shaped(text[a:b]) or unknown_brand(text[a:b]):
                _add(text, a, b, found, out, "enterprise-role")
        for m in (_OWNED_CENTRE.finditer(sent) if _CENTRE_CUE.search(sent) else ()):
            if brandlike(m.group(1) or m.group(2)):
                _add(text, s_start + m.start(), s_start + m.end(), found, out, "enterprise-centre")
    return out


def _add_items(text: str, at: int, items: list[str], found, out: list[Mention], rule: str) -> None:
    for a, b in item_spans(at, items):
        _add(text, a, b, found, out, rule)


def _add(text: str, a: int, b: int, found, out: list[Mention], rule: str) -> None:
    if not overlaps(a, b, out) and not overlaps(a, b, found):
        out.append(Mention("Enterprise", text[a:b], a, b, rule, canonical=text[a:b]))
