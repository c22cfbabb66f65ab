"""Enterprises (legal heads, lists before 等…企业, partners) and organizations."""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import ENUM_ITEM, overlaps, proper, sectorish_only, sentences, skip_leading_verb, tag_is_common
from .lexicon import walk_left

_ENT_HEAD = re.compile(r"(股份有限公司|有限责任公司|有限公司|分公司|集团|公司)")
_ENT_STOPS = frozenset("企业 行业 公司 国资 平台 子 母 该 本 头部 龙头 各类 一家 多家 商业 保理 融资 担保".split())
_ENUM = re.compile(rf"((?:{ENUM_ITEM}、)*{ENUM_ITEM})等(?:一批|多家|\d+家|[一二三四五六七八九十]+家)?([\u4e00-\u9fff“”]{{0,12}}?)(企业|品牌)")
_PARTNER = re.compile(r"与([\u4e00-\u9fffA-Za-z]{3,10}?)(?:签署|签订|就|达成|合作(?![\u4e00-\u9fff]{0,2}(?:培养|申报))|共建)")
_GENERIC_ENT = frozenset("公司 集团 有限公司 国资公司 平台公司 子公司 母公司 总公司 分公司 企业 龙头企业 上市公司 该公司".split())


def find_enterprises(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in sentences(doc):
        for m in _ENT_HEAD.finditer(sent):
            end = s_start + m.end()
            if m.group(0) == "公司" and sent[m.start() - 2:m.start()] in ("有限", "分"):
                continue
            if m.group(0) == "集团" and sent[m.end():m.end() + 2] in ("有限", "股份"):
                continue
            start = skip_leading_verb(text, walk_left(text, s_start + m.start(), max_chars=24, extra_stops=_ENT_STOPS), s_start + m.start())
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
                if len(name) < 2 or name in _GENERIC_ENT or overlaps(a, b, out) or overlaps(a, b, found):
                    continue
                if GAZETTEER.candidates(name) or sectorish_only(name):
                    continue
                out.append(Mention("Enterprise", name, a, b, "enterprise-list", canonical=name))
        for m in _PARTNER.finditer(sent):
            a, b = s_start + m.start(1), s_start + m.end(1)
            name = text[a:b]
            if overlaps(a, b, out) or overlaps(a, b, found) or GAZETTEER.candidates(name) or not proper(name, ""):
                continue
            if re.search(r"(大学|学院|研究院|研究所|政府|委员会|管委会|局|厅|区|县|市|省|协会|商会|银行)$|院|所", name):
                continue
            if not re.search(r"(中国|集团|公司|股份|能建|中铁|中建|中交|电力|农庄|科技|药业|物流|能源)", name) and tag_is_common(name):
                continue
            out.append(Mention("Enterprise", name, a, b, "enterprise-partner", canonical=name))
    return out


_ORG_HEAD = re.compile(r"(管理委员会|管委会|党工委|工委|委员会|人民政府|政府|省委|市委|县委|区委|州委|大学|学院|研究院|研究所|日报|晚报|报社|教育厅|[\u4e00-\u9fff]{1,6}(局|厅|办|委))")


def find_organizations(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in sentences(doc):
        for m in _ORG_HEAD.finditer(sent):
            end = s_start + m.end()
            start = walk_left(text, s_start + m.start(), max_chars=14)
            if start == s_start + m.start() and m.group(0) in ("政府", "管委会", "委员会", "大学", "学院"):
                continue
            name = text[start:end]
            if len(name) < 3 or overlaps(start, end, found, ("Enterprise",)) or overlaps(start, end, out):
                continue
            out.append(Mention("Organization", name, start, end, "organizations", canonical=name))
    return out
