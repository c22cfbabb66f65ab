"""Economic figures: a number with a unit, its subject, indicator and period.

Amounts are parsed with cn2an (Chinese numerals and mixed forms such as
"1.2万"); units are converted to the contract's base units. The subject is
the park (or place) the clause is about; the period comes from the clause's
own dates, else the sentence's, resolved against the article date.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache


from ..model import Document, Mention, ObservationMention
from .common import is_zone, most_frequent
from .figure_owner import place_modifier
from .project_money import project_of_amount
from .project_refs import THIS_PROJECT, previous_project
from .topics import Topics
from .unit_carry import carried, declared_currency

_MULT = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3, "": 1.0}
_UNITS = {
    "美元": ("USD", 1.0), "元": ("CNY", 1.0), "%": ("percent", 1.0), "个百分点": ("percent", 1.0),
    "平方公里": ("km2", 1.0), "平方米": ("km2", 1e-6), "公里": ("km", 1.0), "吨": ("t", 1.0),
    "家": ("count", 1.0), "个": ("count", 1.0), "户": ("count", 1.0), "项": ("count", 1.0),
    "只": ("count", 1.0), "座": ("count", 1.0), "所": ("count", 1.0), "栋": ("count", 1.0), "辆": ("count", 1.0),
    "台": ("count", 1.0), "名": ("count", 1.0),
}
_NUM = re.compile(
    # the approximation or (lookahead) a numeral first: the same matches as an optional approximation group, but
    # the engine can skip to the characters a match may start with instead of trying every position
    r"(?:(?P<approx>近|超过|超|约|逾|达到|达|突破)|(?=[\d一二三四五六七八九十两]))(?P<num>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|[一二三四五六七八九十两]+)\s*"
    r"(?P<more>余|多)?(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?\s*(?P<more2>余|多)?"
    r"(?P<unit>美元|元|%|个百分点|平方公里|平方米|公里|万吨|吨|家|个|户|项|只|座|所|栋|辆|台|名)")
_CLAUSE = re.compile(r"[，。；：、“”]")
_PAREN = re.compile(r"[(（][^()（）]{0,12}[)）]")
_TIME = re.compile(r"((?:19|20)\d{2})年(?:(\d{1,2})\s*[-—–至~]\s*(\d{1,2})月|(\d{1,2})月(?:底|末|份)?|(上半年|下半年|一季度|二季度|三季度|四季度|前三季度))?")
_REL_TIME = re.compile(r"(今年|去年)?(上半年|下半年|前三季度|一季度|二季度|三季度|四季度)|(\d{1,2})\s*[-—–]\s*(\d{1,2})月")
_VERBS = re.compile(r"^(其中|累计|共|完成|实现|达到|达|为|有|突破|超过|占|年均|全年|新增|首次|同比|约|近|共有|拥有)+")
_DIGIT_FIRST = re.compile(r"\d")
_WIDE_BREAK = re.compile(r"[，。；：]")
_THRESHOLD = re.compile(r"[(（]含[)）]|(?:及以上|以上|以下)的?[\u4e00-\u9fff]")
_POLICY_AMOUNT = re.compile(r"最高|最多|不超过|奖励|补贴|补助|资助")
_WIDE_SET = re.compile(r"全国|全球|世界")
# compiled once: _subject and _not_a_figure run per amount
_HEAD_BREAK = re.compile(r"[，；：]")
_CLAUSE_LEAD = re.compile(r"^[\d一二三四五六七八九十年月日底末上下半季度今去截至目前其中—\-－、]*")
_ALL_PARKS = re.compile(r"全[市省县]园区|各园区|园区共")
_WHOLE_AREA = re.compile(r"^[\d一二三四五六七八九十年月日底末上下半季度今去截至目前—\-－，、]*(全市|全省)")
# 项目建成后 / 达产后可实现…: a figure of the project the sentence named, not of its park
_AFTER_BUILT = re.compile(r"(?:项目)?(?:全面)?(?:建成|达产|投产|达效|运营)后")
_COUNTED_LIST = re.compile(r"等[\d一二三四五六七八九十两]+个")
_PARK_LEAD = re.compile(r"^[^，]{0,12}?园区|^[^，]{0,6}?(?:(?<![安完])全区(?![域块])|该区|我区|本区)")  # the park (全区: its whole area; not 安全区域)
_COMPARED = re.compile(r"全[省国]|高于|低于|提升|提高|分别高")
_PARKS_NEXT = re.compile(r"(园区|开发区)")
_ALL_PARKS_BEFORE = re.compile(r"全[市省]园区|各园区")
_HALF = {"上半年": "H1", "下半年": "H2", "一季度": "Q1", "二季度": "Q2", "三季度": "Q3", "四季度": "Q4", "前三季度": "01/09"}


def _small_numerals() -> dict[str, float]:
    """The common Chinese numerals below 100 (五, 两, 十二, 三十, 四十五, 一一) and their values.

    Why: cn2an takes a second or more to import (its regexes) in every build
    process, for numerals that are nearly always these; any other run still
    goes to cn2an. tests/extract/test_observations_numerals.py checks every
    entry against cn2an.
    """
    digits = {c: float(v) for v, c in enumerate("一二三四五六七八九", start=1)}
    table = {**digits, "两": 2.0, "十": 10.0}
    for c, d in digits.items():
        table["十" + c] = 10 + d
        table[c + "十"] = 10 * d
        for e, v in digits.items():
            table[c + "十" + e] = 10 * d + v
    for c, d in {**digits, "两": 2.0}.items():
        for e, v in {**digits, "两": 2.0}.items():
            table[c + e] = 10 * d + v  # 一一, 二三: read digit by digit, as cn2an's "smart" mode does
    return table


_SMALL_NUMERALS = _small_numerals()


def _value(num: str) -> float | None:
    try:
        if _DIGIT_FIRST.match(num):
            return float(num.replace(",", ""))  # 1,168: a thousands separator
        if num in _SMALL_NUMERALS:
            return _SMALL_NUMERALS[num]
        import cn2an  # a fifth of a second to import, and only Chinese numerals need it

        return float(cn2an.cn2an(num, "smart"))
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # cn2an rejects some numeral runs (e.g. 十十) with a KeyError


def _period(clause: str, sentence: str, doc_year: str) -> str:
    """The clause's own period, else the sentence's ('' when neither states one)."""
    return _period_in(clause, doc_year) or _period_in(sentence, doc_year)


@lru_cache(maxsize=4096)
def _period_in(text: str, doc_year: str) -> str:
    """The period a text states, never '' once it holds a date (cached: every figure of a sentence asks for it)."""
    m = _TIME.search(text)
    if m:
        year = m.group(1)
        if m.group(2) and m.group(3):
            return f"{year}-{int(m.group(2)):02d}/{year}-{int(m.group(3)):02d}"
        if m.group(4):
            return f"{year}-{int(m.group(4)):02d}"
        if m.group(5) in _HALF:
            part = _HALF[m.group(5)]
            return f"{year}-01/{year}-09" if part == "01/09" else f"{year}-{part}"
        return year
    r = _REL_TIME.search(text)
    if r and doc_year:
        year = doc_year if r.group(1) != "去年" else str(int(doc_year) - 1)
        if r.group(2) in _HALF:
            part = _HALF[r.group(2)]
            return f"{year}-01/{year}-09" if part == "01/09" else f"{year}-{part}"
        if r.group(3):
            return f"{year}-{int(r.group(3)):02d}/{year}-{int(r.group(4)):02d}"
        return year
    return ""


def _article_city(mentions: tuple[Mention, ...]) -> tuple[Mention | None, Mention | None]:
    """The city (and province) an article's 全市 / 全省 refer to: its most mentioned ones."""
    from collections import Counter

    from ..reference.places import GAZETTEER

    counts: dict[str, Counter] = {"city": Counter(), "province": Counter()}
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.type == "Place":
            info = GAZETTEER.by_name(m.canonical)
            if info and info.level in counts:
                counts[info.level][m.canonical] += 1
                first.setdefault(m.canonical, m)
    pick = lambda c: first[most_frequent(c)[0]] if c else None  # noqa: E731
    return pick(counts["city"]), pick(counts["province"])


def _subject(doc, ms, topics, sent, clause_abs: int, at: int, before: str, city, province) -> Mention | None:
    """Who a figure is about: the clause's own named subject, 全市/全省, the sentence's, then the paragraph's park."""
    def eligible(o: Mention) -> bool:
        if o.type == "Park":
            return is_zone(o) or o.extractor == "zone-area"
        if o.type == "Place":
            return o.canonical.endswith(("市", "县", "区", "州", "省"))
        return o.type in ("Project", "Enterprise")

    if doc.text[at - 1:at] in ("(", "（"):
        named = [o for o in ms if o.end == at - 1 and eligible(o)]
        if named:
            return named[0]  # 占X市(52家)的50%: a figure in brackets right after a name is that name's
    # the clause's own subject: a name at its head (X集团营业收入…, X项目总投资…)
    head = _CLAUSE_LEAD.match(doc.text[clause_abs:at])
    lead_at = clause_abs + (head.end() if head else 0)
    # X、Y等44个项目 (总投资N元): the figure counts a list or sums it, its items are not the subject
    counted = doc.text[at - 1:at] == "等" or _COUNTED_LIST.search(doc.text, clause_abs, at) is not None
    in_clause = sorted((o for o in ms if o.start == lead_at and o.end <= at and eligible(o)
                        and not (counted and o.type in ("Project", "Enterprise"))), key=lambda o: o.start - o.end)
    if in_clause:
        return in_clause[0]  # the longest name at the head (a project, not the company inside its name)
    built = _AFTER_BUILT.match(doc.text, lead_at)
    if doc.text[lead_at:lead_at + 2] == "项目" or built:
        projects = [o for o in ms if o.type == "Project" and o.end <= lead_at]
        if projects and not (built and "等" in doc.text[projects[-1].end:lead_at]):
            return projects[-1]  # 项目总投资…: the project just named (not the last of a list: X、Y等项目…，投产后…)
    # a place after 占/较/比 is the whole or the baseline, not the subject (占X市的N%)
    in_clause = [o for o in ms if clause_abs <= o.start < at and eligible(o) and o.type in ("Park", "Place")
                 and doc.text[o.start - 1:o.start] not in ("占", "较", "比", "于", "为", "是", "的", "超")]
    if in_clause:
        return in_clause[-1]
    clause_text = doc.text[clause_abs:at]
    if _ALL_PARKS.search(clause_text):
        return None  # an aggregate over many parks has no single subject
    lead = _WHOLE_AREA.match(clause_text)
    if lead:
        return city if lead.group(1) == "全市" else province
    if _PARK_LEAD.match(clause_text):
        return topics.park_before(sent, at)
    heads = {sent.start} | {c.end() for c in _HEAD_BREAK.finditer(doc.text, sent.start, at)}  # clause starts
    counted = counted or _COUNTED_LIST.search(doc.text, sent.start, at) is not None  # A、B等N个项目签约，总投资…
    in_sent = [o for o in ms if o.start < at and eligible(o) and (o.type == "Park" or o.start in heads)
               and not (counted and o.type in ("Project", "Enterprise"))]
    if in_sent:
        last = in_sent[-1]
        twin = [o for o in in_sent if o.type == "Park" and o.end == last.start]
        return twin[0] if twin and last.type == "Park" else last  # X合作区Y片区: one area, the name written first
    return topics.park_before(sent, at) or (city if topics.dominant is None else None)


def find_observations(doc: Document, mentions: tuple[Mention, ...]) -> list[ObservationMention]:
    """Figures of one page, sentence by sentence, each with the mentions of its own sentence.

    Why the index of starts: a page has hundreds of mentions and many sentences;
    bisecting a sorted list keeps the per-sentence lookup cheap.
    """
    out: list[ObservationMention] = []
    topics = Topics(doc, mentions)
    places = _article_city(mentions)
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    doc_year = doc.date[:4] if doc.date else ""
    declared = declared_currency(doc.text)  # (美元,下同): the currency of later amounts written without one
    for sent in doc.sentences:
        ms = ordered[bisect.bisect_left(starts, sent.start):bisect.bisect_left(starts, sent.end)]
        currency = next((cur for at, cur in reversed(declared) if at < sent.end), "")
        # 该项目总投资N元: the project named last before the words (looked up only where they are)
        ref = THIS_PROJECT.search(doc.text, sent.start, sent.end)
        referred = previous_project(doc.text, ordered[:bisect.bisect_left(starts, ref.start())], ref.start()) \
            if ref else None
        out.extend(_sentence_figures(doc, sent, ms, topics, places, doc_year, currency, referred))
    return out


def _sentence_figures(doc: Document, sent, ms: list[Mention], topics: Topics,
                      places: tuple[Mention | None, Mention | None], doc_year: str, currency: str = "",
                      referred: Mention | None = None) -> list[ObservationMention]:
    """The figures of one sentence: amount, then owner project or subject, then indicator and period.

    Why the order of the checks matters: a named project's investment is kept before the
    filters that drop attributes and comparisons, and an amount in a list without words of
    its own takes the indicator of the amount before it (``last_indicator``).
    """
    out: list[ObservationMention] = []
    city, province = places
    text = doc.text[sent.start:sent.end]
    last_indicator = ""
    breaks: list[int] | None = None  # ends of the clause and wide breaks, found once per sentence with an amount
    candidates: list[Mention] | None = None
    found = list(_NUM.finditer(text))  # in order; numbers whose unit is stated once (unit_carry) are merged in
    extra = carried(text, currency)
    for m in sorted(found + extra, key=lambda x: x.start()) if extra else found:
        amount = _amount(m, text)
        if amount is None:
            continue
        value, base, unit = amount
        abs_start = sent.start + m.start("num")
        if breaks is None:
            breaks = [c.end() for c in _CLAUSE.finditer(text)]
            wide_breaks = [c.end() for c in _WIDE_BREAK.finditer(text)]
        clause_start = _last_at_or_before(breaks, m.start())
        clause = text[clause_start:m.start()]
        wide = text[_last_at_or_before(wide_breaks, m.start()):m.start()]
        if _THRESHOLD.match(text, m.end(), m.end() + 6):
            continue  # 注册资本1亿元(含)以上项目: a threshold that qualifies a noun, not a figure
        owned = project_of_amount(doc.text, abs_start, sent.start + m.end(), ms, referred) if base in ("CNY", "USD") else None
        if owned is not None and owned[0] is not None:  # a named project's investment is the project's own figure
            out.append(_figure(owned[0], owned[1], value, base, _period(clause, text, doc_year), m, sent))
            continue
        if _not_a_figure(text, m, unit, base, wide, owned, ms, sent) or any(
                o.type == "Project" and o.start <= abs_start < o.end for o in ms):
            continue  # …or part of a project's name (年产5万吨X项目): a capacity, not a figure of the subject
        if candidates is None:
            candidates = [o for o in ms if not place_modifier(doc.text, o)] if topics.parks else ms
        subject = _subject(doc, candidates, topics, sent, sent.start + clause_start, abs_start, text[:m.start()], city, province)
        if subject is None:
            continue
        if _POLICY_AMOUNT.search(clause):
            continue  # policy amounts, not observations of the subject
        indicator = _indicator(text, m, clause, clause_start, ms, last_indicator)
        if not indicator or len(indicator) > 30:
            continue
        last_indicator = indicator
        out.append(_figure(subject, indicator, value, base, _period(clause, text, doc_year), m, sent))
    return out


def _last_at_or_before(ends: list[int], at: int) -> int:
    """The largest of the sorted ``ends`` that is at most ``at``, else 0 (where the clause before ``at`` starts)."""
    k = bisect.bisect_right(ends, at)
    return ends[k - 1] if k else 0


def _amount(m: re.Match, text: str) -> tuple[float, str, str] | None:
    """(value in base units, base unit, unit as read) of a number match, or None when it is no amount.

    Why None for some counts: 一个, 两家 and 3个月 are words, not figures, and a million of
    anything counted is a misreading.
    """
    unit = m.group("unit")
    after = text[m.end():m.end() + 1]
    if unit in ("个", "家", "户", "项") and not _DIGIT_FIRST.match(m.group("num")):
        if m.group("num") in ("一", "两"):
            return None
    if unit == "个" and after in ("月", "百"):
        return None
    if unit == "个" and "个百分点" in text[m.end():m.end() + 12]:
        unit = "个百分点"  # 3.9个、1个百分点
    value = _value(m.group("num"))
    if value is None:
        return None
    mult = m.group("mult") or ""
    if unit == "万吨":
        base, factor = "t", 1e4
    else:
        base, factor = _UNITS[unit]
    value = value * _MULT[mult] * factor
    if base == "count" and value >= 1e6:
        return None
    return value, base, unit


def _not_a_figure(text: str, m: re.Match, unit: str, base: str, wide: str, owned, ms: list[Mention], sent) -> bool:
    """Amounts that are no observation of one subject: comparisons, ordinals, names, tallies, aggregates.

    Why apart from :func:`_amount`: these checks need the clause and whether a project owns
    the amount, which only the caller knows.
    """
    nxt = text[m.end():m.end() + 1]
    if unit in ("%", "个百分点") and _COMPARED.search(wide):
        return True  # comparisons with the province or country, or with earlier years
    if text[max(0, m.start("num") - 1):m.start("num")] == "第" or (nxt in ("的", "”") and owned is None) or text[m.end():m.end() + 2] == "”":
        return True  # ordinals (第15个), attributes (上100亿元的企业), names (“N个X”)
    before = text[max(0, m.start() - 2):m.start()]
    if (before.endswith("数") and not _DIGIT_FIRST.match(m.group("num"))) or (base == "count" and _WIDE_SET.search(before)):
        return True  # 数十个 (some dozens), 在全国83家…中 (the set ranked in, not the subject's count)
    if base == "count" and not _DIGIT_FIRST.match(m.group("num")) and not text[m.end():m.end() + 2].startswith("项目"):
        return True  # 三个“一盘棋”, 五个坚持: Chinese-numeral counts are figures only for projects
    if base == "count" and _PARKS_NEXT.match(text[m.end():m.end() + 3]) and text[m.start() - 1:m.start()] == "等":
        return True  # 等6家园区: a tally of the parks just listed
    if _ALL_PARKS_BEFORE.search(text[:m.start()]) and not [o for o in ms if o.type == "Park" and o.start < sent.start + m.start()]:
        return True  # an aggregate over all parks has no single subject
    return False


def _indicator(text: str, m: re.Match, clause: str, clause_start: int, ms: list[Mention], last_indicator: str) -> str:
    """What a figure measures: its clause without time, verbs and names; else the list's or the words after it.

    Why the fallbacks: in 2000亿元、3000亿元 only the first amount has its words, and
    in 实现N元营业收入 the indicator follows the number.
    """
    indicator = _VERBS.sub("", _TIME.sub("", _PAREN.sub("", clause))).strip()
    for other in ms:
        indicator = indicator.replace(other.text, "")
    indicator = _COUNTED_LIST.sub("", _VERBS.sub("", indicator).strip(" 的"))
    listed = indicator.endswith("等")  # X、Y等23家企业: the words after the count say what is counted
    indicator = indicator.removesuffix("等")
    if not indicator:
        after = re.match(r"[\u4e00-\u9fff]{0,6}?项目|[\u4e00-\u9fff]{2,8}", text[m.end():])
        if text[clause_start - 1:clause_start] in ("、", "和") and last_indicator and not listed:
            indicator = last_indicator  # 2000亿元、3000亿元: the list shares its indicator
        elif after:
            indicator = after.group(0)
    return indicator


def _figure(subject: Mention, indicator: str, value: float, base: str, period: str, m: re.Match, sent) -> ObservationMention:
    approx = m.group("approx") or m.group("more") or m.group("more2") or ""
    return ObservationMention(
        subject=subject, indicator=indicator, value=round(value, 6), unit=base, period=period, surface=m.group(0),
        start=sent.start, end=sent.end, extractor="figures",
        approximation=approx if approx in ("近", "超过", "超", "约", "逾", "余", "多") else "")
