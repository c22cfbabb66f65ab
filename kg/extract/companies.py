"""Enterprises (legal heads, lists before 等…企业, partners) and organizations."""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .brands import all_brands, company_shaped, unglue, unknown_brand
from .common import GENERIC_ENT, LEGAL_HEADS, item_spans, overlaps, proper, sectorish_only, sentences, skip_leading_verb, tag_is_common
from .lexicon import ASCII, BRAND_TAGS, HAN, LEFT_STOPS, NOMINAL_VERBS, NOT_IN_NAME, tag, tokens, walk_left

_ENT_HEAD = re.compile("(" + "|".join((*LEGAL_HEADS, "分公司")) + ")")  # and a branch (X有限公司Y分公司)
_ENT_STOPS = frozenset("企业 行业 公司 国资 平台 子 母 该 本 头部 龙头 各类 一家 多家 商业 保理 融资 担保".split())
# Descriptors written before a company name (…气体供应商X集团, 行业巨头X): the name starts after them.
_DESCRIPTOR = re.compile(r"^.*(?:供应商|服务商|运营商|开发商|制造商|承包商|经销商|提供商|集成商|厂商|巨头|领军企业|龙头企业|企业)")
# The tail of a list of companies: X、Y和Z等(20家 / 一批 / 龙头 / 新材料…)企业|品牌; not 企业家.
# ... or X、Y等N个(招商)项目 / X及Y N个项目, where items shaped like companies are the companies signing them.
# the lookahead (what either branch starts with) lets the engine skip to those characters: the same matches, faster
_LIST_TAIL = re.compile(r"(?=[等\d一二三四五六七八九十两])(?:等([^，。；：、等]{0,12}?)(企业|品牌)(?!家)"
                        r"|等?(?:\d+|[一二三四五六七八九十两]+)个([^，。；：、等]{0,8}?)项目)")
_LIST_JOIN = re.compile(r"^(?:和|及|以及|与)|(?:和|及|以及)(?=[^和及]{2,}$)")
_PARTNER = re.compile(r"与([\u4e00-\u9fffA-Za-z]{3,10}?)(?:签署|签订|就|达成|合作(?![\u4e00-\u9fff]{0,2}(?:培养|申报))|共建)")


def find_enterprises(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    out: list[Mention] = []
    for s_start, s_end, sent in sentences(doc):
        _legal_names(doc.text, s_start, sent, out, found)
        _list_items(doc.text, s_start, sent, found, out)
        _partners(doc.text, s_start, sent, found, out)
        if "落户" in sent or "入驻" in sent or "引" in sent or "投" in sent or "由" in sent or "签" in sent or "携手" in sent:  # cue guard
            _actors(doc.text, s_start, sent, found, out)
            _listed_investors(doc.text, s_start, sent, found, out)
        _foreign_brands(doc.text, s_start, sent, found, out)
    return out


# X(、Y)落户 / 入驻 / 投资N亿元 (opening the clause); 引进 / 引入 / 由 X(、Y) (closing it or before 落地 / 投资 …).
_ITEM, _LAST = r"[\u4e00-\u9fffA-Za-z]{2,12}", r"[\u4e00-\u9fffA-Za-z]{2,12}?"
_ADVERBS = r"(?:纷纷|先后|相继|成功|正式|分别|共同|联合|计划|预计|拟|已|将|还)?"  # between an actor and its verb
_ACTOR = re.compile(rf"(?:^|(?<=[，。；：]))((?:{_ITEM}、)*{_LAST}){_ADVERBS}"
                    rf"(?:签约落户|落户|入驻|投资(?=\d|建设|兴建|新建)|投建|与[^，。；]{{2,20}}?(?:签约|签署|签订))"
                    rf"|(?:引进|引入|招引|由|携手)(?:了)?((?:{_ITEM}、)*{_LAST})(?=[，。；]|落地|落户|投资|入驻|建设|承建|运营|打造|共建|等(?!\d))")
# 引进X、Y等<people / projects / sectors / places>: the list names no companies.
_OTHER_KIND = re.compile(r"等[^，。；]{0,8}?(?:人才|专家|团队|院士|博士|人员|项目|产业|领域|行业|城市|地区|国家|省份)")
_PARENT = re.compile(r"^.*(?:子公司|旗下|下属)")
_COUNTRIES = ("美国 德国 法国 日本 韩国 英国 意大利 瑞士 瑞典 荷兰 丹麦 芬兰 挪威 西班牙 比利时 奥地利 新加坡 以色列 "
              "加拿大 澳大利亚 新西兰 沙特 阿联酋 印度 泰国 越南 马来西亚 印度尼西亚 巴西 俄罗斯").split()
_FOREIGN = re.compile("(" + "|".join(_COUNTRIES) + ")(?=[\u4e00-\u9fffA-Za-z])")


def _actors(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """Companies as actors of settling, investing and being brought in, when their shape says company.

    A list of two or more actors (引进X、Y和Z) needs no company ending when every item is a
    brand (:func:`kg.extract.brands.all_brands`); so does one actor that settles (X落户 / 入驻)
    when jieba knows no word of it at all.
    """
    for m in _ACTOR.finditer(sent):
        g = 1 if m.group(1) else 2
        spans = _actor_spans(text, s_start + m.start(g), m.group(g))
        names = [text[a:b] for a, b in spans]
        settles = g == 1 and re.match(_ADVERBS + r"(?:签约落户|落户|入驻)", sent[m.end(1):]) is not None
        brands = not _OTHER_KIND.match(sent, m.end(g)) and (
            all_brands(names, company_shaped) or (settles and len(names) == 1 and unknown_brand(names[0])))
        for a, b in spans:
            name = text[a:b]
            if len(name) >= 2 and (brands or company_shaped(name)) and not overlaps(a, b, out) and not overlaps(a, b, found):
                out.append(Mention("Enterprise", name, a, b, "enterprise-actor", canonical=name))


# An item of a list of investments, each with its own amount and project (X投资3亿元的A基地、Y投资2亿元的B基地):
# the investor opens the item after 、, the item before it is one of the same shape.
_MONEY_ITEM = r"投资(?:约|超过|超|近|达)?\d+(?:\.\d+)?(?:万亿|亿|万)?元(?:人民币)?(?:建设|新建|打造)?的"
_LISTED_INVESTOR = re.compile(rf"(?<=、)({_LAST})(?={_MONEY_ITEM})")
_MONEY_ITEM_BEFORE = re.compile(rf"{_MONEY_ITEM}[^，。；、]{{2,30}}、$")


def _listed_investors(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """The investors of the second and later items of a list of investments, when their shape says company.

    Why: the actor rule takes an investor that opens a clause; in a run-on list of
    investments (甲科技投资3亿元的A基地、乙电子投资2亿元的B基地) the later investors open an item
    after 、, and the list's parallel shape says they are investors as much as the first.
    """
    if "、" not in sent:
        return
    for m in _LISTED_INVESTOR.finditer(sent):
        if not _MONEY_ITEM_BEFORE.search(sent, 0, m.start()):
            continue
        a, b = s_start + m.start(1), s_start + m.end(1)
        a = max(a, walk_left(text, b, extra_stops=_ENT_STOPS))
        a = unglue(text, a, b)
        name = text[a:b]
        if len(name) >= 2 and company_shaped(name, listed=True) and not overlaps(a, b, out) and not overlaps(a, b, found):
            out.append(Mention("Enterprise", name, a, b, "enterprise-actor", canonical=name))


def _actor_spans(text: str, pos: int, body: str) -> list[tuple[int, int]]:
    """The items of an actor list, the first from where name-like words start, a parent (X子公司Y) cut off."""
    spans = []
    for i, (a, b) in enumerate(item_spans(pos, body.split("、"))):
        if i == 0:  # from where the name-like words start
            a = max(a, walk_left(text, b, extra_stops=_ENT_STOPS))
        cut = _PARENT.match(text[a:b])  # X子公司Y / X旗下Y: the actor is Y
        a = a + cut.end() if cut else a
        a = unglue(text, a, b)  # a preposition jieba glued on (由青X)
        spans.extend(_split_join(text, a, b) if "、" in body else ((a, b),))
    return spans


def _foreign_brands(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """A country and a brand (美国X, 德国X): an unknown or proper word right after a country name."""
    for m in _FOREIGN.finditer(sent):
        toks = tokens(sent[m.end():m.end() + 8])
        if not toks or tag(toks[0]) not in BRAND_TAGS or GAZETTEER.candidates(toks[0]) or len(toks[0]) < 2:
            continue
        second = toks[1] if len(toks) > 1 and (HAN.match(toks[1]) or ASCII.match(toks[1])) else ""
        width = len(toks[0]) + (len(second) if tag(second) in ("?", "nr", "nrt", "eng") else 0)
        if re.match(r"[^，。；“”、]*?(项目|基地)", sent[m.end() + width:]):
            continue  # named only as a project's prefix (美国X新材料生产项目): the project is the entity
        a, b = s_start + m.start(), s_start + m.end() + width
        if not overlaps(a, b, out) and not overlaps(a, b, found):
            out.append(Mention("Enterprise", text[a:b], a, b, "enterprise-brand", canonical=text[a:b]))


def _legal_names(text: str, s_start: int, sent: str, out: list[Mention], found: tuple[Mention, ...] = ()) -> None:
    """Names that end in a legal head (…有限公司, …集团), with their left edge found by the walker.

    A park found before the head ends the name on its left (X县Y加工区与Z集团: Z集团), however
    the walker and the place rule read the words.
    """
    for m in _ENT_HEAD.finditer(sent):
        end = s_start + m.end()
        if m.group(0) == "公司" and sent[m.start() - 2:m.start()] in ("有限", "分"):
            continue
        if m.group(0) == "集团" and sent[m.end():m.end() + 2] in ("有限", "股份"):
            continue
        head_at = s_start + m.start()
        start = walk_left(text, head_at, max_chars=24, extra_stops=_ENT_STOPS)
        start = _extend_to_place(text, start, head_at)
        skipped = skip_leading_verb(text, start, head_at)
        start = skipped if skipped - start > 1 else start  # one character is an unknown name's first (临X)
        start = _after_park(text, start, head_at, found)
        cut = _DESCRIPTOR.match(text[start:head_at])
        if cut and head_at - (start + cut.end()) >= 2:
            start += cut.end()
        name = text[start:end]
        if name in GENERIC_ENT or len(name) - len(m.group(0)) < 2 or _bare_trade(name[:-len(m.group(0))]):
            continue
        # a branch (…有限公司X分公司) swallows its parent mention
        out[:] = [o for o in out if not (start <= o.start and o.end <= end)]
        if any(o.start <= start and end <= o.end for o in out):
            continue
        out.append(Mention("Enterprise", name, start, end, "enterprises", canonical=name))


def _after_park(text: str, start: int, head_at: int, found: tuple[Mention, ...]) -> int:
    """The start past a park and the 与/和 after it inside the name (not past a park that opens a
    platform company's name: X高新区投资发展有限公司)."""
    for p in found:
        if p.type == "Park" and start <= p.start and p.end < head_at and text[p.end] in "与和同":
            start = p.end + 1
    return start


def _bare_trade(body: str) -> bool:
    """A legal head after a trade word alone (材料公司, 新能源有限公司): a fragment, its name's start lost."""
    return len(body) <= 4 and sectorish_only(body) and not proper(body, "")


def _extend_to_place(text: str, start: int, head_at: int) -> int:
    """Legal names start with a place (湖南X新材料股份有限公司): take it when the walker stopped short of it.

    The walker stops at words that end names elsewhere (新, 未来); between a
    place token and the walker's start only name-like tokens may stand, so a
    verb or preposition (考察, 与, 在) still ends the name. A lone character
    left between the clause start and the walker's start belongs to the name.
    """
    lo = max(0, start - 10)
    for j in range(start - 1, lo - 1, -1):
        if text[j] in "，。；：、！？“”《》()（） \n":
            lo = j + 1
            break
    toks = tokens(text[lo:start])
    pos, best = lo, start
    for i, tok in enumerate(toks):
        rest = toks[i:]
        if (tag(tok) == "ns" or GAZETTEER.candidates(tok) or _place_across(text, pos, start)) and all(
                _name_like(t) or (k == len(rest) - 1 and _lone(t)) for k, t in enumerate(rest)):
            best = pos
            break
        pos += len(tok)
    else:
        if len(toks) == 1 and len(toks[0]) == 1 and HAN.match(toks[0]) and tag(toks[0]) not in NOT_IN_NAME:
            best = lo  # a lone character at the clause start is the name's first (临X生物: 临/v)
    return best if head_at - best <= 24 else start


def _place_across(text: str, pos: int, start: int) -> bool:
    """A province or city name starts at ``pos`` although jieba cut across it (山/西安/X: 山西 + 安X)."""
    return any(pos + len(n) <= start and any(c.level in ("province", "city") for c in GAZETTEER.candidates(n))
               for n in GAZETTEER.names_at(text, pos))


def _lone(tok: str) -> bool:
    """A single character right before the walker's start: an unknown brand's first (海南/通/X畜产品公司)."""
    return len(tok) == 1 and HAN.match(tok) is not None and tag(tok) not in NOT_IN_NAME


def _name_like(tok: str) -> bool:
    t = tag(tok)
    return HAN.match(tok) is not None and t not in NOT_IN_NAME and not (t.startswith("v") and t != "vn"
                                                                        and tok not in NOMINAL_VERBS)


def _list_items(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """X、Y和Z等…企业: every item a company (not when the tail says places or sectors: 等地企业, 等产业企业).

    Before 等N个项目 only items shaped like companies count (the others are
    projects, named without their head).
    """
    prev_end = 0
    for m in _LIST_TAIL.finditer(sent):
        lo = max(prev_end, max(sent.rfind(c, 0, m.start()) for c in "，。；：,;:") + 1)
        prev_end = m.end()
        if re.search(r"产业|领域|地|行业|类|型", m.group(1) or m.group(3) or "") or m.start() - lo < 2:
            continue
        shaped = m.group(2) is None
        for a, b in item_spans(s_start + lo, sent[lo:m.start()].split("、")):
            for a, b in _split_join(text, a, b):
                if a == s_start + lo:
                    a = _lone_char(text, s_start + lo, walk_left(text, b, extra_stops=_ENT_STOPS))
                if not shaped or company_shaped(text[a:b], listed=True):
                    _add_list_item(text, a, b, found, out)


def _lone_char(text: str, lo: int, start: int) -> int:
    """签约万X: the walker stops at a character it takes for a numeral; after a verb it is the name's first."""
    if start <= lo or not HAN.match(text[start - 1]):
        return start
    toks = tokens(text[max(lo, start - 5):start])
    if toks and len(toks[-1]) == 1 and HAN.match(toks[-1]) and tag(toks[-1]) in ("m", "n", "ng", "a", "?") \
            and toks[-1] not in LEFT_STOPS and (len(toks) == 1 or tag(toks[-2]).startswith("v") or toks[-2] in LEFT_STOPS):
        return start - 1
    return start


def _split_join(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """An item with a joining word (和佑鑫X / A及B): the parts either side of it."""
    parts, pos = [], a
    for m in _LIST_JOIN.finditer(text[a:b]):
        parts.append((pos, a + m.start()))
        pos = a + m.end()
    parts.append((pos, b))
    return [(x, y) for x, y in parts if y > x]


def _add_list_item(text: str, a: int, b: int, found: tuple[Mention, ...], out: list[Mention]) -> None:
    name = text[a:b]
    if len(name) < 2 or len(name) > 16 or name in GENERIC_ENT or overlaps(a, b, out) or overlaps(a, b, found):
        return
    if GAZETTEER.candidates(name) or (sectorish_only(name) and not company_shaped(name, listed=True)) or re.search(r"(型|类|级|等|企业|产业|行业)$|^\d", name):
        return
    out.append(Mention("Enterprise", name, a, b, "enterprise-list", canonical=name))


def _partners(text: str, s_start: int, sent: str, found: tuple[Mention, ...], out: list[Mention]) -> None:
    """与X签署 / 合作 / 共建: X a company when its shape says so (not a place, school or office)."""
    for m in _PARTNER.finditer(sent):
        a, b = s_start + m.start(1), s_start + m.end(1)
        name = text[a:b]
        if overlaps(a, b, out) or overlaps(a, b, found) or GAZETTEER.candidates(name) or not proper(name, ""):
            continue
        if name.endswith(("合作", "共建", "签约")):  # 与X合作共建: the cue closed a two-character partner
            continue
        if re.search(r"(大学|学院|研究院|研究所|政府|委员会|管委会|局|厅|区|县|市|省|协会|商会|银行)$|院|所", name):
            continue
        if not re.search(r"(中国|集团|公司|股份|能建|中铁|中建|中交|电力|农庄|科技|药业|物流|能源)", name) and tag_is_common(name):
            continue
        out.append(Mention("Enterprise", name, a, b, "enterprise-partner", canonical=name))


_ORG_HEAD = re.compile(r"(管理委员会|管委会|党工委|工委|委员会|人民政府|政府|省委|市委|县委|区委|州委|大学|学院|研究院|研究所|日报|晚报|报社|教育厅|[\u4e00-\u9fff]{1,6}(局|厅|办|委)(?![会员]))")
# words that end in an office character but name no office (发展格局, 产业布局, 举办)
_NOT_OFFICE = frozenset("格局 布局 开局 全局 大局 结局 定局 时局 破局 新局 变局".split())


def find_organizations(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in sentences(doc):
        for m in _ORG_HEAD.finditer(sent):
            end = s_start + m.end()
            start = walk_left(text, s_start + m.start(), max_chars=14)
            if start == s_start + m.start() and m.group(0) in ("政府", "管委会", "委员会", "大学", "学院"):
                continue
            start += 1 if tokens(text[start:end])[0] in ("与", "和", "及") else 0  # 与X大学: a conjunction, not the name's
            name = text[start:end]
            if len(name) < 3 or overlaps(start, end, found, ("Enterprise",)) or overlaps(start, end, out):
                continue
            last = tokens(name)[-1]
            if "的" in name or last in _NOT_OFFICE or (tag(last).startswith("v") and tag(last) != "vn"):
                continue  # a clause (主导产业的发展格局) or a verb (举办), not an organization
            out.append(Mention("Organization", name, start, end, "organizations", canonical=name))
    return out
