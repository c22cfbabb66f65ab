"""Where a short dateline story ends (a second, unrelated story on the page).

Why: a site page may carry a short agency story (``本报讯…``, ``X网3月7日电``) before the
article it is about, with no byline between them. Its figures then went to the article's park.
Ending every article at the next headline-like line split long articles at their section
headings, so only a *short* story ends there: one that opened with a dateline and has had at
most two body paragraphs, before a headline that is no numbered or colon-ended section heading,
or before a body that opens with a dateline of its own. A dateline never continues an article,
so a body line that opens with one after body paragraphs starts a story even when the
normalizer dropped its headline among the page's furniture.
"""

from __future__ import annotations

import re

from ..normalize.furniture import DATELINE_LEAD, META, REPORTER

# 中新网3月7日电, 示例社甲城3月7日电: an agency dateline with the date inside
AGENCY_DATE = re.compile(r"^[\s【\[]*[\u4e00-\u9fff]{2,10}(?:网|社|台)(?:[\u4e00-\u9fff]{0,6})\d{1,2}月\d{1,2}日电")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+)")
MAX_STORY_PARAGRAPHS = 2


def opens_story(core: str) -> bool:
    """A body line that opens with a news agency's dateline."""
    return bool(DATELINE_LEAD.match(core) or AGENCY_DATE.match(core))


def ends_short_story(core: str, paragraphs: int, headline: bool) -> bool:
    """True when *core* starts a new article after a dateline story of *paragraphs* body lines."""
    if not 1 <= paragraphs <= MAX_STORY_PARAGRAPHS:
        return False
    if opens_story(core):
        return True
    return (headline and len(core) >= 6 and not _NUMBERED.match(core) and core[-1] not in "：:"
            and not META.match(core) and not REPORTER.match(core))
