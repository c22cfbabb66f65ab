"""Projects named by the money put into them, and that money as the project's own figure.

Why: news gives a named project's investment in a few fixed shapes, and the
amount belongs to the project, not to the park in the same sentence:

- ``总投资50亿元的X项目`` / ``投资16亿元人民币的X广场`` (an amount then 的 then the name),
- ``投资3亿元建设X项目`` (an amount, a building verb, then the name),
- ``X项目，总投资4亿元`` / ``X项目总投资…`` (the name, then a clause that starts with the amount).

A name introduced by such a cue is a project even when it holds nothing proper
(座椅部件生产项目): the cue itself says it is one.
"""

from __future__ import annotations

import re

from ..model import Mention
from .lexicon import HAN, LEFT_STOPS, tag, tokens
from .project_refs import THIS_PROJECT

MONEY_CUE = r"(?P<cue>总投资|计划投资|投资总额|投资额|投资|签约金额|合同金额|协议金额|签约额)(?:约|超过|超|近|达到|达|逾)?"
_AMOUNT = r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)?元(?:人民币)?"
# a name after the amount: up to the first project head of the clause (and a 项目 after it)
_HEADS = r"(?:项目|基地|工程|电站|中心|广场|总部|产业园|工厂|生产线|医院|厂房|车间|园区|综合体|大厦|大楼|酒店|物流园|科技园|商业街|码头)"
_NAME_AFTER = re.compile(rf"(?:的|(?:用于)?(?:建设|新建|打造|建成)的?)(?P<name>[^，。；：、“”（）(),;:]{{2,30}}?{_HEADS}(?:项目)?)")
CUED_PROJECT = re.compile(MONEY_CUE + _AMOUNT + _NAME_AFTER.pattern)
_CUE_AT_END = re.compile(MONEY_CUE + r"$")
# descriptors that open a project's clause but are not its name: ranks (世界500强, 前20强),
# kinds of company (…领军企业), foreign countries written before a brand, and counts (一个, 3个)
_DESCRIPTOR = re.compile(r"^(?:[^，。；,;]{0,12}?(?:\d+强|领军企业|龙头企业|企业|集团旗下))|^(?:[一二三四五六七八九十两\d]+[个项座])")
_VERB_CUE = re.compile(r"^(?:建设|新建|打造|建成|用于建设)")


def strip_descriptors(name: str) -> str:
    """Drop what stands before a project's name: a rank, a kind of company, a count."""
    m = _DESCRIPTOR.match(name)
    if m and len(name) - m.end() >= 4:
        name = name[m.end():]
    return name


def cued_projects(text: str, s_start: int, sent: str) -> list[tuple[int, int]]:
    """Spans of names that an amount of investment introduces (总投资N元的X项目, 投资N元建设X)."""
    out: list[tuple[int, int]] = []
    for m in CUED_PROJECT.finditer(sent):
        name = m.group("name")
        kept = strip_descriptors(name)
        a = s_start + m.end("name") - len(kept)
        out.append((a, s_start + m.end("name")))
    return out


def project_of_amount(text: str, num_at: int, unit_end: int, ms: list[Mention],
                      referred: Mention | None = None) -> tuple[Mention | None, str] | None:
    """The project an amount of money is the investment of, with the cue word as the indicator.

    ``(None, cue)`` when the amount is that of several projects listed together: it belongs to
    whoever signed them, like any other figure.

    ``num_at``/``unit_end``: offsets of the number and the end of its unit in ``text``; ``referred``: the
    project named before the sentence, which 该项目 in it refers to.
    """
    before = text[max(0, num_at - 8):num_at]
    cue = _CUE_AT_END.search(before)
    if cue is None:
        if text[num_at - 1:num_at] in ("（", "("):  # X项目（6亿元）: a bare amount in brackets after a project is its investment
            named = [o for o in ms if o.type == "Project" and o.end in (num_at - 1, num_at - 3) and text[o.end:num_at - 1] in ("", "项目")]
            return (named[-1], "投资") if named and re.match(r"[)）]", text[unit_end:unit_end + 1]) else None
        return None
    after = text[unit_end:unit_end + 30]
    tail = _AMOUNT_TAIL.match(after)
    if tail:
        at = unit_end + tail.end()
        for o in ms:
            if o.type == "Project" and at <= o.start <= at + 24 and not re.search(r"[，。；,;]", text[at:o.start]):
                if re.match(r"[、和与及等]", text[o.end:o.end + 1]) and not _own_amount_next(text, o.end + 1) \
                        and not _own_amount_before(text, num_at - len(cue.group(0))):
                    return None, cue.group("cue")  # 总投资N元的X、Y、Z三个项目: the amount of several projects
                return o, cue.group("cue")
        if not tail.group(0).removeprefix("人民币").startswith(("，", ",")):
            return None  # 投资N元建设厂房: an amount for what is built, no project named
    cue_at = num_at - len(cue.group(0))
    # the name right before the cue (X项目总投资…), or ending the clause before it (X项目，总投资…)
    back = cue_at - 1 if text[cue_at - 1:cue_at] in ("，", ",", "：", ":") else cue_at
    for o in ms:
        if o.type == "Project" and back - 2 <= o.end <= back:
            return o, cue.group("cue")
    told = _told_before(text, cue_at, ms) or _referred(text, cue_at, referred)
    return (told, cue.group("cue")) if told is not None else None


# what follows a project's amount and leads to its name: 的, a building verb, or a clause 在ZONE建设
_AMOUNT_TAIL = re.compile(r"(?:人民币)?(?:(?:、[^，。；、的]{2,12})?的|(?:[，,]?在[^，。；、]{2,20}?)?(?:用于)?(?:投资建设|建设|新建|打造|建成)的?)")
# clauses that go on about the project named before them: its life (X项目落户Y), its builder (由X投资建设),
# its site, size or schedule; an amount after them with no subject of its own is still the project's
_TOLD = re.compile(r"(?:正式|成功|顺利|已|将|于)?(?:签约|落户|落地|开工|竣工|投产|入驻|开建|启动)|由|位于|选址|占地|用地|"
                   r"主要|规划|预计|计划|拟|建成后|达产后|达效后|项目|总投资|投资总额|分[两二三]期")
# the amount's own clause: bare, or a phase of the project (其中一期投资…)
_BARE_CUE_CLAUSE = re.compile(r"(?:项目)?|(?:其中)?[一二三首]期(?:工程|项目)?")


def _told_before(text: str, cue_at: int, ms: list[Mention]) -> Mention | None:
    """'X项目，由Y公司投资建设，总投资N元': the project a run of clauses about it names, the amount's clause bare."""
    best = None
    for o in ms:
        if o.type == "Project" and o.end <= cue_at and cue_at - o.end <= 60:
            best = o
    return best if best is not None and _told_between(text, best.end, cue_at) else None


def _told_between(text: str, end: int, cue_at: int) -> bool:
    """Every clause from ``end`` (a project's name) to the cue goes on about that project; the cue's clause is bare."""
    between = text[end:cue_at]
    if re.search(r"[。；;！？\n等]", between):
        return False  # another sentence, or a list (X项目等N个项目…): the amount is not one project's
    parts = re.split(r"[，,]", between)
    if len(parts) < 2 or not _BARE_CUE_CLAUSE.fullmatch(parts[-1]):
        return False  # the amount's clause names a subject of its own (全区签约项目总投资…)
    if parts[0] and not _TOLD.match(parts[0]):
        return False
    return all(_TOLD.match(p) for p in parts[1:-1])


def _referred(text: str, cue_at: int, referred: Mention | None) -> Mention | None:
    """'该项目总投资N元' / '该项目由Y投资建设，总投资N元': the project named before (``referred``)."""
    if referred is None:
        return None
    refs = list(THIS_PROJECT.finditer(text, max(0, cue_at - 60), cue_at))
    if not refs:
        return None
    end = refs[-1].end()
    if end == cue_at or _told_between(text, end, cue_at):
        return referred
    return None


_ITEM_AMOUNT = re.compile(r"[^、，。；]{0,24}?" + MONEY_CUE + _AMOUNT)


def _own_amount_next(text: str, at: int) -> bool:
    """'…投资3亿元的X基地、Y公司投资2亿元的Z基地': the next item has its own amount, so each amount is its project's."""
    return _ITEM_AMOUNT.match(text, at) is not None


_ITEM_BEFORE = re.compile(MONEY_CUE + _AMOUNT + r"[^，。；、]{0,10}的[^，。；、]{2,30}、[^，。；、]{0,24}$")


def _own_amount_before(text: str, cue_at: int) -> bool:
    """'…、Z公司投资1亿元的W中心等项目': the item before has its own amount, so this last one's is W's own."""
    return _ITEM_BEFORE.search(text, max(0, cue_at - 80), cue_at) is not None


_CONJOINED = re.compile(rf"(?:及|暨)[^，。；：、“”,;:]{{1,12}}?{_HEADS}(?:项目)?")


def conjoined_end(text: str, end: int) -> int:
    """'X基地及Y中心': one project as written; the end after the second part."""
    m = _CONJOINED.match(text, end)
    return m.end() if m else end


def first_item_start(text: str, a: int, floor: int, walk) -> int:
    """The left edge of a list's first project, past a numeral or time word the walker stops at.

    Why: brand names often open with a character jieba reads as a numeral or a time
    word (万X, X未来Y); after a verb (签约, 竣工) such a token still belongs to the name.
    """
    toks = tokens(text[floor:a])
    if not toks:
        return a
    last = toks[-1]
    before = toks[-2] if len(toks) > 1 else ""
    if HAN.match(last) and tag(last) in ("m", "t", "q", "mq") and (
            not before or (tag(before).startswith("v") and tag(before) != "vn") or before in LEFT_STOPS or tag(before) == "?"):
        return walk(text, a - len(last))
    return a


# markers of an enumerated item (一是, （1）, 1., ①): the list's, not the name's
_ENUM_MARK = re.compile(r"(?:[一二三四五六七八九十]+是|[（(][\d一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)|[①-⑳])")


# 项目有X、Y / 主要包括X: the verb that opens a list is no part of its first name
_HAS = re.compile(r"(?:有|包括|包含|涵盖)")
_HAS_AFTER = frozenset(("项目", "主要", "其中", "的是"))


def quoted_brand(text: str, start: int, end: int) -> int:
    """“星鸿之光”文旅综合体: a quoted brand right before a name opens it (the scorer drops the quotes).

    Not before a bare word and its head (“三创四建”人才项目: a campaign, not a brand).
    """
    if text[start - 1:start] != "”" or len(re.sub("项目$", "", text[start:end])) < 4:
        return start
    q = text.rfind("“", max(0, start - 14), start - 1)
    return q if q >= 0 and 2 <= start - 1 - (q + 1) and not re.search(r"[，。；、]", text[q:start]) else start


def without_prefix(text: str, a: int, b: int) -> int:
    """Start of a project's name past a list marker (一是, （1）), a rank (N强), a kind of company (…企业) or a country (X国)."""
    mark = _ENUM_MARK.match(text, a, b) or (_HAS.match(text, a, b) if text[a - 2:a] in _HAS_AFTER else None)
    a = mark.end() if mark and b - mark.end() >= 2 else a
    name = text[a:b]
    kept = strip_descriptors(name)
    if re.match(r"强", kept) and re.search(r"\d$", text[:a]):
        kept = kept[1:]  # 前20强X: the rank ends where the name starts
    a = b - len(kept)
    if "国" in kept[1:4]:  # only then can a country name open it (tokenizing every name costs)
        toks = tokens(kept)
        if len(toks) > 2 and toks[0].endswith("国") and toks[0] != "中国" and tag(toks[0]) == "ns":
            a += len(toks[0])
    return a
