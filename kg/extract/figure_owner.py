"""Who owns a figure: places that only modify a name are not subjects.

Why a module of its own: an article about a park names its city all the time, but
mostly as a location modifier of something else (<city><district>…, 在<city><district>举行,
的<region>投资企业, 、<city>项目N个). A figure after such a place belongs to the park the article is about
(GUIDELINE section 6: an event's totals go to the park that signed), not to the city.
"""

from __future__ import annotations

from ..model import Mention
from .lexicon import HAN, tag, tokens

_CLAUSE_START = frozenset("，。；：！？\n")
_PROPER_TAGS = frozenset("ns nr nz j ?".split())


def place_modifier(text: str, m: Mention, named_only: bool = False) -> bool:
    """A place written right before another name (<city><district>, <city><town>, <city>·<brand>), or before a noun inside a clause.

    A place at the head of a clause followed by a noun (<city>市地区生产总值…) is still
    the subject: only a place that something precedes (的<region>投资企业, 、<city>项目) is an attribute.
    ``named_only``: only the first kind (a place before a name); signers of projects use it, as
    a place before a verbal noun there is an actor (A区与B县合作共建…).
    """
    if m.type != "Place" or m.end >= len(text):
        return False
    if text[m.end] == "·":
        return True
    if not HAN.match(text[m.end]):
        return False
    nxt = tokens(text[m.end:m.end + 6])[0]
    if tag(nxt) in _PROPER_TAGS and len(nxt) >= 2:
        return True
    if named_only:
        return False
    at_head = m.start == 0 or text[m.start - 1] in _CLAUSE_START
    return not at_head and tag(nxt) in ("n", "vn")
