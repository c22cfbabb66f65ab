"""Industries: lists before an industry head fan out; sector vocabulary as a positive signal."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache, partial

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import SpanIndex, item_spans, list_items, overlaps, sectorish, sentences
from .lexicon import NOMINAL_VERBS, tag, tokens, walk_left
from .plan_industries import plan_industries

_NOT_A_HEAD = frozenset("增长 主力 工人 基金 投资 工作 政策 规划 项目 用地 结构 转移 协作 协调 升级 链条 招商 人才 金融 平台".split())
_IND_HEAD = re.compile(r"全产业链|产业集群|产业链|产业|领域|行业|(?=为(?:主导|辅助|特色|支柱|首位)[，、。的])")
_LIST_TAIL = re.compile(r"(?:等)?(?:[两二三四五六七八九十\d]+[大个条项]|双)?(?:三足鼎立的|为主的|为主导的)?(?:首位|主导|特色|优势|新兴|重点|支柱|战略性新兴|替代|接续|高端|现代|未来|前沿|传统|基础|新型)?"
                        r"(?:作?为(?:首位|主导|特色|支柱|重点|辅助|第一)的?)?$")
_IND_LEADING = re.compile(r"^(?:同时|并|还|坚持把|把|将|优先|抓紧|瞄准|涵盖|覆盖|包括|国内|国际|全球|本地|省内|市内|国家|大力|加快|重点|着力|积极|不断|持续|转型|首位|发展|培育|壮大|做强|做优|做大|调优|明确|聚焦|围绕|打造|推动|支持|引进|涉及|加大|形成了?以?|以|在|为|是|高新区|经开区|园区)+")
_IND_TRAILING = re.compile(r"(?:两大|三大|四大|五大)?(?:产业)?(?:为(?:首位|主导|特色|支柱|重点|辅助)的?)$")
_LIST_INTRO = re.compile(r"(?:涵盖|覆盖|涉及|包括)")
_SERVICE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:服务业|制造业)")
_IND_BAD = frozenset("""主导 特色 优势 新兴 重点 支柱 传统 相关 地方 接续 替代 实体 高新技术 战略性新兴 先进 现代 本地 全市 全省
大 新 各 其他 这些 该 三大 两大 四大 五大 六大 八大 第一 第二 第三 多个 若干 整个 上下游 链上 一个 这个 发展 产业 培育 壮大
做强 做优 招商 投资 基础 区域 城市 地区 工业 农业 服务 主要 不同 细分 关键 新型 文化 特别 十强 制造业 服务业 战略性 创新型
新型工业化 现代化 科技创新 招商引资 转型 材料 物流 商贸 高新 市域 领导 突出 重点产业 优势型 成长型 示范
公共服务 基础设施 社会事业 民生 营商环境 公共配套 生活配套 城市功能 生态环境 民生事业 社会治理""".split())
_IND_FORBID = re.compile(r"([两二三四五六七八九十]大|型$|安全$|(?:优势|成长|创新)型|而|排头兵|主战场|主力军|的|了|是|在|等|着|企业|公司|项目|园区|政策|工作|机制|模式|方面|水平|能力|规模|体系|布局|方向|基地|部$|地区$|区域|城区|市域|承接|因地制宜|更长|更高|强$|补链|延链|升链|建链|集群化|合作共赢|发展$)")
_HEAD_END = re.compile(r"(全产业链|产业集群|产业链|产业|领域|行业)$")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_LOWER = re.compile(r"[a-z]+")
_CLAUSE_PUNCT = re.compile(r"[，。；：！？“”（）()]")
_CLAUSE_RUN = re.compile(r"[^，。；：“”]+")
# Words that name a quality, not a sector, once 产业 is dropped (智能产业 stays 智能产业)
_BARE_QUALITIES = frozenset("智能 健康 数字 绿色 未来 高端 新兴 创新 高精尖".split())


def _industry_canonical(name: str) -> str:
    core = _HEAD_END.sub("", name)
    if core in _BARE_QUALITIES and name.startswith(core + "产业"):
        return core + "产业"
    return core if len(core) >= 2 else name


def _strip_place(item: str) -> str:
    for length in range(min(8, len(item) - 1), 1, -1):
        if GAZETTEER.candidates(item[:length]):
            rest = item[length:]
            return rest if len(rest) >= 2 else ""
    return item


def _industry_item_ok(item: str, quoted: bool = False) -> bool:
    core = _industry_canonical(item)
    if len(core) < 2 and not item.endswith("产业") or core in _BARE_QUALITIES:
        return False  # a one-character core, or a quality without its 产业 (健康领域, 智能)
    if len(core) > 12 or core in _IND_BAD or item in _IND_BAD or _IND_FORBID.search(core):
        return False
    if "产业" in core and not (len(core) == 3 and core.endswith("产业")) and core[:-2] not in _BARE_QUALITIES:
        return False  # 锌产业: a one-character sector keeps its 产业
    if _DIGIT.search(core) and not _LATIN.search(core):
        return False
    if GAZETTEER.candidates(core) or not (quoted or sectorish(core)):
        return False
    toks = tokens(core)
    for k, tok in enumerate(toks):
        t = tag(tok)
        if tok in ("和", "与") and 0 < k < len(toks) - 1:
            continue  # 交通和仓储服务业, 林木与竹制品: one sector with a conjunction in its name
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
    """Industries of one page: names before an industry head, service sectors, and enumerations.

    Why the three finders share one list: each new name is checked against those found
    before it (no overlaps), so the order of the finders per sentence decides the output.
    """
    text = doc.text
    out: list[Mention] = []
    blocked = [m for m in found if m.type in ("Park", "Enterprise", "Project", "Policy", "Organization", "Place")]
    add = partial(_add_industry, text, out, SpanIndex(blocked))
    actors = [m for m in found if m.type in ("Enterprise", "Project")]
    for s_start, _s_end, sent in sentences(doc):
        _head_industries(text, s_start, sent, blocked, add)
        _service_industries(text, s_start, sent, add)
        _enumerated_industries(text, s_start, sent, out, add)
        plan_industries(s_start, sent, add, actors)
    return out


def _add_industry(text: str, out: list[Mention], inside: SpanIndex, a: int, b: int,
                  extractor: str, quoted: bool = False) -> None:
    """Trim the span text[a:b] to an industry name and append it to ``out`` when it is one.

    Why one gate for every finder: leading verbs, place prefixes and trailing 为主导
    are cut the same way, and a name inside another entity or an earlier industry is dropped.
    """
    cut_a, cut_b, raw, canonical = _trimmed(text[a:b].strip(), quoted)
    if not raw:
        return
    a, b = a + cut_a, b - cut_b
    if overlaps(a, b, out) or inside.covers(a, b):
        return
    out.append(Mention("Industry", raw, a, b, extractor, canonical=canonical))


@lru_cache(maxsize=65536)
def _trimmed(raw: str, quoted: bool) -> tuple[int, int, str, str]:
    """``(cut at the start, cut at the end, name, canonical)`` of a candidate span's text; name '' when it is none.

    Why cached: a pure function of the span's text (verbs, place prefixes, 为主导 cut; the name
    tested), and the same candidates recur in every sentence and article about a sector.
    """
    cut_a = 0
    for _ in range(3):
        lead = _IND_LEADING.match(raw)
        if lead and lead.end() < len(raw):
            cut_a += lead.end()
            raw = raw[lead.end():]
        stripped = _strip_place(raw)
        cut_a += len(raw) - len(stripped)
        raw = stripped
    cut_b = 0
    trail = _IND_TRAILING.search(raw)
    if trail and trail.start() > 0:
        cut_b = len(raw) - trail.start()
        raw = raw[:trail.start()]
    if not raw or not _industry_item_ok(raw, quoted):
        return 0, 0, "", ""
    canonical = _industry_canonical(raw)
    if _LOWER.fullmatch(canonical):
        canonical = canonical.upper()
    return cut_a, cut_b, raw, canonical


def _head_industries(text: str, s_start: int, sent: str, blocked: list[Mention], add: Callable[..., None]) -> None:
    """Names before an industry head (X产业, X、Y和Z等三大产业, “X”产业): a quoted name or a list fanned out.

    Why the first item is treated apart: it may start after a park or place named in it,
    and a long one is walked back to the sector words before the head.
    """
    breaks: list[int] | None = None  # positions of the clause punctuation, found once per sentence with a head
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
        if breaks is None:
            breaks = [c.start() for c in _CLAUSE_PUNCT.finditer(sent)]
            s_end = s_start + len(sent)  # the mentions a first item can start after lie in this sentence
            blocked = [o for o in blocked if s_start <= o.start and o.end <= s_end]
        k = bisect.bisect_left(breaks, head_start)  # the last punctuation before the head (as max of rfinds)
        clause_from = breaks[k - 1] + 1 if k else 0
        span = sent[clause_from:head_start]
        tail = _LIST_TAIL.search(span)
        body = span[: tail.start()] if tail else span
        if not body:
            continue
        items = list_items(body)
        for k, (a, b) in enumerate(item_spans(s_start + clause_from, items)):
            if k == 0:
                # start after a park or place named inside the first item (X片区重点发展Y)
                a = max([a] + [o.end for o in blocked if a <= o.end <= b and o.start >= a])
            intro = _LIST_INTRO.search(text, a, b) if k == 0 else None
            if intro:
                a = intro.end()  # …项目涵盖X、Y等领域: the list starts after its verb, whatever the walker would cut
            elif (k == 0 or k == len(items) - 1) and b - a > 8 and not _IND_LEADING.match(text[a:b]):
                a = _with_modifiers(text, max(a, walk_left(text, b, max_chars=12)), a)
            if k == len(items) - 1 and len(items) == 1 and not tail.group(0):
                b_full = s_start + m.end()
                if m.group(0) == "产业" and (b - a <= 1 or text[a:b] in _BARE_QUALITIES):
                    add(a, b_full, "industry-head")
                    continue
            add(a, b, "industry-list" if len(items) > 1 else "industry-head")


def _service_industries(text: str, s_start: int, sent: str, add: Callable[..., None]) -> None:
    """X服务业, X制造业: a sector name with its own head, walked back over its modifiers."""
    for m in _SERVICE.finditer(sent):
        b = s_start + m.end()
        a = _with_modifiers(text, walk_left(text, b, max_chars=10), s_start)
        add(a, b, "industry-service")


def _enumerated_industries(text: str, s_start: int, sent: str, out: list[Mention], add: Callable[..., None]) -> None:
    """An enumeration with one industry in it is a list of industries (X产业、Y、…等项目).

    Why after the other finders: an item they already found is what marks the list.
    """
    if sent.count("、") < 2:
        return  # three items need two 、 (a cheap test: most sentences have none)
    for m in _CLAUSE_RUN.finditer(sent):
        items = m.group(0).split("、")
        if len(items) < 3:
            continue
        known = {x.text for x in out}
        if not any(it.endswith(("产业", "领域")) or it in known for it in items):
            continue
        for k, (a, b) in enumerate(item_spans(s_start + m.start(), items)):
            if k == len(items) - 1:
                cut = re.search(r"等|[两二三四五六七八九十\d]+[大个条项]", items[k])
                if cut:
                    b = a + cut.start()
            if k == 0:
                a = _with_modifiers(text, max(a, walk_left(text, b, max_chars=12)), a)
            add(a, b, "industry-list")
