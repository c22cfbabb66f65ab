"""Names that are pieces of a clause, dropped once all finders ran: 二是项目, X市管四大开发区, 这座新城.

Why one step after the finders rather than a check in each: the shapes are the same for
parks, projects and companies (an enumeration marker, a count of kinds, a demonstrative
in front of a head), and the walkers of every finder can run into them.
"""

from __future__ import annotations

import re

from ..model import Document, Mention
from .heads import PARK_HEADS

# 一是…, 二是…, 其一…, 第三…: an enumeration marker opens the clause, the name starts after it or nowhere.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]是|其[一二三四五六七八九](?![\u4e00-\u9fff]{0,1}期)|第[一二三四五六七八九十\d]+(?![期批届号代]))")
# A count of kinds of zones (四大开发区, 三个园区, 多个产业园): a set of parks, not one.
_COUNTED = re.compile(r"(?:[两三四五六七八九十多几]|\d+)(?:大|个|家|类|批)[\u4e00-\u9fff]{0,3}$")
# A demonstrative before a head (这座新城, 这个产业园): a reference, not a name.
_DEMONSTRATIVE = re.compile(r"^(?:这(?:座|个|片|家|些|批|一|里)?|(?:那|此|该)(?:座|个|片|家|些|批))")
_TYPES = frozenset("Park Project Enterprise".split())


def drop_fragments(doc: Document, mentions: tuple[Mention, ...]) -> list[Mention]:
    """All mentions but the fragments among the named parks, projects and companies.

    A set of zones after 各 takes the places read inside it along (各X新区新城: 新城 is no district).
    """
    each = [(m.start, m.end) for m in mentions if m.type == "Park" and not m.refers
            and (after_each(doc.text, m.start) or _EACH_FIRST.match(m.text))]
    return [m for m in mentions if (m.type not in _TYPES or m.refers or not is_fragment(m.canonical or m.text, m.type))
            and not any(a <= m.start and m.end <= b for a, b in each)]


# 各 (each) before a zone: 与各X新区新城签约 is every new town of X, a set and no one park's name.
_EACH = re.compile(r"(?:各|各个|各大)$")
_EACH_FIRST = re.compile(r"各(?:个|大)?")


def after_each(text: str, start: int) -> bool:
    """True when 各, 各个 or 各大 ends just before ``start``."""
    return _EACH.search(text, max(0, start - 2), start) is not None


def is_fragment(name: str, kind: str) -> bool:
    """An enumeration marker first, a demonstrative first, or a count of kinds before a zone head."""
    if _MARKER.match(name):
        return True
    if _DEMONSTRATIVE.match(name) and kind in ("Park", "Project") and len(name) <= 6:
        return True
    if kind == "Park" and _EACH_FIRST.match(name):
        return True  # 各X新区新城: the walker took 各 in
    return kind == "Park" and _COUNT_WORD.search(name) is not None and _COUNTED.search(_zone_prefix(name)) is not None


_COUNT_WORD = re.compile(r"(?:[两三四五六七八九十多几]|\d)(?:大|个|家|类|批)")  # a cheap gate for _COUNTED
_HEADS = tuple(sorted({h for head, short, _sub in PARK_HEADS for h in (head, short)}, key=len, reverse=True))


def _zone_prefix(name: str) -> str:
    """The name without its zone head, long heads first (…产业园区 before …园区)."""
    head = next((h for h in _HEADS if name.endswith(h)), "")
    return name[: len(name) - len(head)]
