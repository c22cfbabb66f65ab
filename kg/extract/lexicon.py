"""Tokens, tags and the left-boundary walker shared by the entity finders.

Names in Chinese news end in a recognisable head (…高新区, …有限公司, …项目)
but start wherever the preceding verb or preposition stops. We cut the text
before the head with jieba's precise mode and tag tokens from jieba's own
dictionary (a lookup, far cheaper than running ``jieba.posseg``), then walk
left while tokens look like parts of a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from ..reference.places import GAZETTEER, short_forms
from .segmenter import cut

jieba.setLogLevel(60)


def _word_tags() -> dict[str, str]:
    """jieba's dictionary tags: what ``jieba.posseg.dt.word_tag_tab`` holds, without importing ``jieba.posseg``.

    Why: importing jieba.posseg also loads its HMM tables, and it parses the
    350k-line dictionary line by line in Python; every worker and every build
    that maps a page paid about 0.7 s for it. The dictionary is "word freq
    tag" per line, so one ``split()`` and a ``zip`` give the same table in
    about a third of the time (a test compares both).
    """
    with jieba.dt.get_dict_file() as f:
        fields = f.read().decode("utf-8").split()
    if len(fields) % 3 == 0:
        return dict(zip(fields[0::3], fields[2::3]))
    from jieba import posseg  # a dictionary that is not three fields a line: let jieba read it

    return posseg.dt.word_tag_tab


_TAGS: dict[str, str] = _word_tags()
# jieba's dictionary files a few common nouns under numeral-classifier (mq); names run through them
_TAG_FIXES = {"零部件": "n", "零件": "n", "青年": "n", "现代": "b"}  # 青年, 现代 are filed as time words (t)

HAN = re.compile(r"[\u3400-\u9fff]")
ASCII = re.compile(r"^[A-Za-z0-9.+\-]+$")

# Verbs that commonly sit inside names (…加工产业园, …联合培养基地, …服务中心).
NOMINAL_VERBS = frozenset("""合作 加工 制造 融合 孵化 创新 研发 示范 转移 服务 生产 交易 检测 联动 发展 投资 开发
培养 联合 物流 应用 处理 集成 装备 创业 智造 互补 配套 输变电 供电 储能 监测 运营 康养 养老 育成 承接 试验 建设 改革
打印 识别 加速 孵育 制药 驱动 发电 冶炼 精炼 封装 测试 组装 统筹
起重 锻造 铸造 采矿 纺织 印刷 包装 焊接 装配 制冷 运输 仓储 烹饪 医疗 酿造 分离 深加工 控股 休闲""".split())
# Words that end a name on its left even when jieba calls them nouns.
LEFT_STOPS = frozenset("""企业 行业 头部 龙头 国内 全国 全省 全市 全区 全州 全县 各 一批 首批 重点 重大 一个 该 本 其 这 那 其中
国家级 省级 市级 县级 等 和 及 或 以及 包括 目前 当前 今年 去年 明年 近年 近年来 同时 此外 另外 其他 多家 大型 知名
这些 一系列 新 全 省 市 县 区 园区 开发区 当地 我国 我省 我市 以 在 对 为 把 将 向 从 由 于 被 让 使 共同 分别 先后 成功 积极 正在 已经 已
进一步 加快 加大 推动 推进 打造 建设 引进 引导 吸引 支持 促成 建成 签约 落地 入驻 围绕 聚焦 依托 实施 组织 培育 成立 设立 形成 完成 实现
相关 有关 主要 部分 所有 一批批 集中 计划 拟 新建 在建 续建 开工 投产 达产 竣工 申报 获批 入选 认定 评为
落户 打造出 这是 这 年度 首创 率先 成为 作为 获评 依靠 通过 经过 按照 根据 结合 利用 带动 助力 赋能 提升 加强 深化 优化 持续 不断 全力
大力 着力 努力 主动 坚持 始终 全面 深入 创新性 首家 唯一 惟一 第一 首个 一流 先进 优秀 国家 国际化 内 外 上 下 抓实 谋划 各大 各类 其中""".split())
PHASE = re.compile(r"^[一二三四五六七八九十\d]+期$")  # 二期, 三期: phases are part of a project's name
# Tokens jieba tags as adverbs or verbs that are common inside proper names.
NAME_PARTS = frozenset("高新 高科 中科 国投 招商 联合".split())
# Measure words that stand inside names after a noun (科研级 equipment, 油品系列 production), never after a number.
NAME_MEASURES = frozenset("级 系列".split())
# Tags of brand-like tokens: names (nr…), other proper nouns (nz), Latin, and words jieba does not know.
BRAND_TAGS = frozenset("nr nrt nrfg nz ? eng".split())
# Tags of function words (prepositions, conjunctions, particles, pronouns, adverbs, numerals, classifiers):
# a lone character with one of them is no piece of an unknown name.
_FUNCTION_TAGS = frozenset("p c u uj ul r d m q".split())
# Tags that never sit inside a company name between its place prefix and its body: function words and the
# rarer particles, modal words and interjections.
NOT_IN_NAME = _FUNCTION_TAGS | frozenset("uz ud ug uv y e o mq".split())
# What the walker stops at besides: zg (a bound morpheme) and t (time words, 今年).
_NOT_IN_WALK = NOT_IN_NAME | {"zg", "t"}
GENERIC_HEADS = frozenset("主导 特色 优势 新兴 重点 支柱 传统 相关 地方 接续 替代 三大 两大 四大 五大 六大 八大 现代化 高质量 实体 龙头 首位 本土 区域 产业 领域".split())


@lru_cache(maxsize=65536)
def tag(word: str) -> str:
    """jieba's dictionary tag of ``word`` ('eng' for Latin, 'm' for digits, '?' when unknown); cached, as the walker asks often."""
    if ASCII.match(word):
        return "eng" if re.search(r"[A-Za-z]", word) else "m"
    return _TAG_FIXES.get(word) or _city_tags().get(word) or _TAGS.get(word, "?")


# jieba files some city short forms as other words (保定 v, 自贡 v, 清远 a, 海口 s); a name walker stops there
_WORD_LIKE = frozenset(("v", "vn", "d", "a", "b", "j", "s", "i"))


@lru_cache(maxsize=1)
def _city_tags() -> dict[str, str]:
    """Short forms of prefecture-level cities (cpca) that jieba files as verbs, adverbs or adjectives: ns.

    Why: 保定X产业园 lost its city because the walker stopped at the verb 保定, while 安康X产业园
    kept it; a city's short form is a place name in any article about development zones.
    """
    out: dict[str, str] = {}
    for info in GAZETTEER.places.values():
        if info.level == "city":
            for short in short_forms(info.name)[:1]:
                if _TAGS.get(short) in _WORD_LIKE:
                    out[short] = "ns"
    return out


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Precise-mode tokens (:mod:`kg.extract.segmenter`) with adjacent ASCII runs merged (220kV, 3D)."""
    out: list[str] = []
    for tok in cut(text):
        if out and ASCII.match(tok) and ASCII.match(out[-1]):
            out[-1] += tok
        else:
            out.append(tok)
    return tuple(out)


def on_token_edges(text: str, a: int, b: int, before: int = 8, after: int = 8) -> bool:
    """True when the cut of the clause around ``text[a:b]`` (``before``/``after`` characters of context) has token
    boundaries at both ends: ``text[a:b]`` is whole words, not part of a longer one."""
    lo, hi = max(0, a - before), min(len(text), b + after)
    edges, pos = set(), lo
    for tok in tokens(text[lo:hi]):
        edges.add(pos)
        pos += len(tok)
    edges.add(pos)
    return a in edges and b in edges


def _acceptable(tok: str, prev_tok: str | None, extra_stops: frozenset[str], first_in_list: bool = False,
                left_tok: str | None = None, allow: frozenset[str] = frozenset()) -> bool:
    if tok in allow and left_tok is not None:
        return _acceptable(left_tok, tok, extra_stops)  # inside the name only: something name-like stands before it
    if tok in ("区", "市", "县", "省") and left_tok is not None and tag(left_tok) == "ns" and tok not in extra_stops:
        return True  # a place jieba split from its suffix (大湾/区): the suffix is part of the name
    if tok == "新" and prev_tok is not None and left_tok is not None and tag(prev_tok) in ("n", "vn") \
            and tag(left_tok) in BRAND_TAGS and len(left_tok) >= 2:
        return True  # a brand before 新 and a noun (X新材料公司, X新能源项目): 新 is inside the name
    if tok in LEFT_STOPS or tok in extra_stops:
        return False
    if tok in NAME_MEASURES and prev_tok is not None and left_tok is not None and tag(left_tok) not in ("m", "mq", "q"):
        return True
    t0 = tag(tok)
    # Out-of-vocabulary names fall apart into single characters with odd tags (挖/v 憨/ng):
    # a single character glued to another single character is taken as part of the name.
    if len(tok) == 1 and HAN.match(tok) and t0 not in _FUNCTION_TAGS and any(
            n is not None and len(n) == 1 and HAN.match(n) and tag(n) not in _FUNCTION_TAGS for n in (prev_tok, left_tok)):
        return True
    if first_in_list and len(tok) == 1 and HAN.search(tok) and t0 not in _FUNCTION_TAGS:
        return True
    if len(tok) == 1 and HAN.match(tok) and t0 not in _FUNCTION_TAGS and (
            t0 == "zg" or prev_tok is None) and any(n is not None and len(n) >= 2 and tag(n) == "?" for n in (prev_tok, left_tok)):
        # a rare character (zg) beside an unknown word, or any character ending the name after one: both are one
        # brand that jieba cut badly (沣/澜昊翔, 峰昊/璟, X丰光/能)
        return True
    if tok in NAME_PARTS or PHASE.match(tok):
        return True
    if not (HAN.search(tok) or ASCII.match(tok)):
        return tok in "()（）—-·" and tok != ""
    t = tag(tok)
    if t == "m":
        return False
    if t == "eng":
        return True
    if t.startswith("v") and t != "vn" and tok not in NOMINAL_VERBS:
        return GAZETTEER.is_official(tok)  # jieba files some county names as verbs (X休市/v)
    if t in _NOT_IN_WALK:  # m returned above
        return tok in ("与",) and prev_tok is not None and tag(prev_tok) == "n"
    return True


GLUED = frozenset("由被将把在向对从据与为于")  # prepositions jieba glues onto the unknown name after them (为X新区)
_BOUNDARY = frozenset("，。；：、！？“”‘’《》「」\n 　,;:!?+")
_BOUNDARY_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_BOUNDARY)) + "]")


def walk_left(text: str, end: int, max_chars: int = 16, extra_stops: frozenset[str] = frozenset(),
              allow: frozenset[str] = frozenset()) -> int:
    """Start offset of the name that ends at ``end`` (exclusive), walking left over name-like tokens.

    ``text[:end]`` is cut at the last clause punctuation first; the walker
    never crosses it. ``allow`` names stop words a caller's heads take inside
    a name (a park's 全面创新合作区), never as its first token.
    """
    # the last punctuation among the 79 characters before ``end`` cuts the clause: the first one read backwards
    last = _BOUNDARY_RE.search(text[max(0, end - 79):end][::-1])
    clause_start = end - last.start() if last else max(0, end - 80)
    delim = text[clause_start - 1] if clause_start > 0 else ""
    return clause_start + _walk_segment(text[clause_start:end], delim, max_chars, extra_stops, allow)


@lru_cache(maxsize=65536)
def _walk_segment(segment: str, delim: str, max_chars: int, extra_stops: frozenset[str], allow: frozenset[str]) -> int:
    """Offset in ``segment`` where the name ending at its end starts (:func:`walk_left` after the clause cut).

    Why apart and cached: the result depends on the clause text and the options only, and
    the same clause is walked by several finders (and recurs across articles).
    """
    if not segment:
        return 0
    toks = tokens(segment)
    pos = len(segment)
    chars = 0
    i = len(toks) - 1
    while i >= 0:
        tok = toks[i]
        prev = toks[i + 1] if i + 1 < len(toks) else None
        if tok in ")）":  # take a balanced parenthesised group, e.g. 中国(某省)
            j = i
            while j >= 0 and toks[j] not in "(（":
                j -= 1
            if j < 0:
                break
            width = sum(len(t) for t in toks[j:i + 1])
            pos -= width
            chars += width
            i = j - 1
            continue
        if tok in "(（":
            break
        left = toks[i - 1] if i > 0 else None
        if len(tok) >= 2 and tok[0] in GLUED and tag(tok) == "?" and chars + len(tok) - 1 <= max_chars:
            pos -= len(tok) - 1  # jieba glued a preposition onto an unknown name (由X集团): the name starts after it
            break
        if not _acceptable(tok, prev, extra_stops, first_in_list=(i == 0 and delim == "、"), left_tok=left, allow=allow):
            break
        if chars + len(tok) > max_chars:
            break
        pos -= len(tok)
        chars += len(tok)
        i -= 1
    start = pos
    while start < len(segment) and segment[start] in "—-·)）":
        start += 1
    return start
