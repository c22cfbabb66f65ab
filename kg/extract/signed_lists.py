"""Projects that a signing names in a list, however plain their words.

Why apart from :mod:`.projects`: the head finder needs something proper in a name (a
brand, a place, digits), so a plain name (精密铸件项目) is lost even when the sentence
says it is a project. Chinese signing news writes such names in three fixed shapes:

- ``A和B两个项目`` / ``A、B、C三个项目``: the count equals the items, so each is a project (when one
  item is branded or a company signs them, and none is a kind: 技改和扩能两个项目);
- ``A项目、B项目相继开工`` with one item already a project, or ``X公司…签约(了)A项目和B项目``: the
  items share the head and the verb, so all are projects (without either, 基础设施项目和民生项目 are kinds);
- ``与X公司签约Y项目``: a company's signing names its project.
"""

from __future__ import annotations

import re

from ..model import Mention
from .common import LEGAL_END, item_spans, overlaps, sectorish
from .lexicon import tag, tokens, walk_left
from .project_cues import NOT_NAME, PROJ_STOPS, branded

_CN_COUNT = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SEP = re.compile("[、和与及]")
_NEXT = r"[、和与及][^，。；：、“”和与及等的\s]{2,20}?"
# A和B两个项目, A、B和C三个项目: the count says how many items the list holds (A ends at the first separator)
_COUNTED = re.compile(rf"(?:项目)?(?P<rest>(?:{_NEXT}(?:项目)?)+?)(?:项目)?(?P<n>[二三四五六七八九]?十[一二三四五六七八九]?|[两二三四五六七八九]|\d+)个(?:重点|重大)?项目")
# 签约(了)A项目和B项目, A项目、B项目相继开工: items that each end in 项目
_SIBLINGS = re.compile(rf"项目(?P<rest>(?:{_NEXT}项目)+)")
# 与X公司签约Y项目: the one project of a company's signing
_PARTNER_SIGNS = re.compile(r"与(?P<ent>[^，。；]{2,30}?)(?:正式|成功|现场)?(?:签约|签订|签署)了?"
                            r"(?P<name>[^，。；：、“”和与及等的\s]{2,20}?)项目")
_VERBS = "签约|签下|签署|签订|引进|落地|落户|开工|竣工|投产|新建|开建|建设|推进"  # verbs of a signing or a project's life
_SIGN_VERB = re.compile(rf"(?:{_VERBS}|实施)了?$")
_STOPS = PROJ_STOPS | frozenset("分别 集中 正式 现场 了".split())
_LEAD_VERB = re.compile(rf"(?:分别|集中|正式|成功|现场|共|还|又)?(?:{_VERBS})了?")
_EDGES = frozenset("，。；：、“”（）()\n:;,")
_OWN_VERB = re.compile(r"投资|建设|签约|打造|新建|引进|落户|的|与|和|在")
_LEAD_WORD_END = re.compile(r"(?:包括|其中|以及|还有|分别是|分别为|推进|加快|重点)$")
_LEAD_WORD = re.compile(r"^(?:其中|包括|以及|还有|分别是|分别为|总投资|计划投资|投资)")


def count(word: str) -> int:
    """The number a count word writes (两 → 2, 十二 → 12, 12 → 12); 0 for a word it does not read."""
    if word.isdigit():
        return int(word)
    if "十" in word:
        tens, _, ones = word.partition("十")
        return (_CN_COUNT.get(tens, 0) if tens else 1) * 10 + (_CN_COUNT.get(ones, 0) if ones else 0)
    return _CN_COUNT.get(word, 0)


def counted_items(items: list[str], word: str) -> list[str]:
    """The items of 'A、B和C三个项目' split at 、 (``items``), the last one cut at 和/与 when the count asks for one more."""
    last = re.split("[和与]", items[-1]) if items else []
    if count(word) == len(items) + 1 and len(last) == 2 and all(len(p) >= 2 for p in last):
        return items[:-1] + last
    return items


def _first_start(text: str, end: int, found: tuple[Mention, ...]) -> int | None:
    """Where a list's first item starts: walked back to a clause edge, a verb of the signing, or a company opening it.

    ``None`` when the walk stopped inside a phrase (a word jieba reads as a verb: 显示模组): the item's edge is unknown.
    """
    a = walk_left(text, end, max_chars=20, extra_stops=_STOPS)
    for e in found:  # 星鸿电子显示模组项目: the company's short name opens the project's name
        if e.type == "Enterprise" and e.end <= a and a - e.end <= 4 and not LEGAL_END.search(e.canonical) \
                and re.fullmatch(r"[\u4e00-\u9fff]*", text[e.end:a]) and not _OWN_VERB.search(text, e.end, a) \
                and not _LEAD_VERB.search(text, e.end, a):
            return e.start
    before = text[max(0, a - 4):a]
    if a == 0 or before[-1:] in _EDGES or _SIGN_VERB.search(before) or _LEAD_WORD_END.search(before):
        return a
    return None


def _item_spans(text: str, first_end: int, rest_at: int, rest: str, found: tuple[Mention, ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of each item, without its 项目: the first walked back from its end, the others between separators."""
    first = _first_start(text, first_end, found)
    spans = [(first, first_end)] if first is not None else [(first_end, first_end)]
    parts = _SEP.split(rest)[1:]
    spans.extend((a, b - 2 if part.endswith("项目") else b) for (a, b), part in zip(item_spans(rest_at + 1, parts), parts))
    return spans


# kinds and grades of projects, never a project's name (技改和扩能两个项目, 省级和市级两个重点项目)
_KINDS = re.compile(r"^(?:技改|扩能|民生|工业|产业|科技|服务业|制造业|基础设施|重点|重大|省级|市级|县级|国家级|外资|内资|新建|续建|在建|"
                    r"招商|社会事业|城建|农业|文旅|数字经济|实体经济)$")


def _named_list(text: str, spans: list[tuple[int, int]], found: tuple[Mention, ...], s_start: int) -> bool:
    """A counted list names projects: no item is a kind, and one is branded or a company signs them in the sentence."""
    names = [text[a:b] for a, b in spans]
    if any(len(n) < 2 or _KINDS.match(n) for n in names):
        return False
    return any(branded(n) for n in names) or any(e.type == "Enterprise" and s_start <= e.start < spans[0][0] for e in found)


def _plain_ok(name: str) -> bool:
    """An item a cue makes a project: a noun phrase, not a count, a grade, a bare sector or a verb."""
    if len(name) < 2 or NOT_NAME.match(name) or _LEAD_WORD.match(name):
        return False
    if len(name) <= 3 and sectorish(name):
        return False  # 新能源项目: a kind of project
    toks = tokens(name)
    return bool(toks) and (tag(toks[-1]) == "vn" or not tag(toks[-1]).startswith(("v", "d", "m", "q", "p", "c", "u")))


def _add(text: str, a: int, b: int, how: str, found: tuple[Mention, ...], blocked: list[Mention], out: list[Mention],
         counted: bool = False) -> None:
    verbs = [v.end() for v in _LEAD_VERB.finditer(text, a, b) if b - v.end() >= 2]
    a = verbs[-1] if verbs else a  # (X公司)签约了A: the name starts after the last verb
    name = text[a:b]
    # a counted list's item that the company-list finder also took (物流 reads as a trade): the count makes it a project too
    # and a company's short name that opens the project's name (星鸿电子显示模组) is its owner, not a clash
    others = [m for m in found if m.start < b and a < m.end
              and not (counted and m.extractor == "enterprise-list" and (m.start, m.end) == (a, b))
              and not (m.type == "Enterprise" and m.start == a and m.end < b - 1)]
    if not _plain_ok(name) or overlaps(a, b, out) or overlaps(a, b, blocked) or others:
        return
    out.append(Mention("Project", name, a, b, how, canonical=name))


def signed_list_projects(text: str, s_start: int, sent: str, found: tuple[Mention, ...], blocked: list[Mention],
                         out: list[Mention]) -> None:
    """Append the items of a counted list, of a list of sibling X项目, and a company's signed Y项目 to ``out``."""
    if "项目" not in sent:
        return
    for m in _COUNTED.finditer(sent):
        spans = _item_spans(text, s_start + m.start(), s_start + m.start("rest"), m.group("rest"), found)
        n = count(m.group("n"))
        if len(spans) >= n >= 2 and _named_list(text, spans[len(spans) - n:], found, s_start):
            for a, b in spans[len(spans) - n:]:
                _add(text, a, b, "project-counted-list", found, blocked, out, counted=True)
    for m in _SIBLINGS.finditer(sent):
        spans = _item_spans(text, s_start + m.start(), s_start + m.start("rest"), m.group("rest"), found)
        known = any(o.type == "Project" and o.start < b and a < o.end for o in (*found, *out) for a, b in spans)
        # without a named sibling, a company must sign them (基础设施项目和民生项目: kinds of projects, no names)
        signed = _SIGN_VERB.search(text, s_start, spans[0][0]) and any(
            e.type == "Enterprise" and s_start <= e.start and e.end <= spans[0][0] for e in found)
        if known or signed:
            for a, b in spans:
                _add(text, a, b, "project-siblings", found, blocked, out)
    for m in _PARTNER_SIGNS.finditer(sent):
        a, b = s_start + m.start("ent"), s_start + m.end("ent")
        if any(e.type == "Enterprise" and e.start == a and e.end == b for e in found):
            _add(text, s_start + m.start("name"), s_start + m.end("name"), "project-partner-signs", found, blocked, out)
