"""Who a sentence is about: the park or place that carries over as its subject.

Chinese news names the park once and then drops the subject for several
clauses or sentences. The topic of a sentence is the last park named before a
position in the same paragraph; failing that, the article's dominant park.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ..model import Document, Mention, Sentence
from .common import is_zone, most_frequent


def dominant_park(mentions: tuple[Mention, ...]) -> Mention | None:
    parks = [m for m in mentions if m.type == "Park"]
    if not parks:
        return None
    counts = Counter(m.canonical for m in parks)
    name, n = most_frequent(counts)
    if n >= 2 and n >= 0.5 * len(parks):
        return next(m for m in parks if m.canonical == name)
    return None


def _heading(text: str, m: Mention) -> bool:
    """A park that a short line of its own names (1.X简介, （二）X): the heading of a section about it."""
    a = text.rfind("\n", 0, m.start) + 1
    b = text.find("\n", m.end)
    b = len(text) if b < 0 else b
    return b - m.end <= 6 and _NUMBERING.fullmatch(text, a, m.start) is not None


_NUMBERING = re.compile(r"[\d一二三四五六七八九十、.．()（）\s]*")  # what a heading line may hold before its park


class Topics:
    def __init__(self, doc: Document, mentions: tuple[Mention, ...]) -> None:
        self.doc = doc
        self.parks = sorted((m for m in mentions if m.type == "Park" and is_zone(m)), key=lambda m: m.start)
        self._starts = [m.start for m in self.parks]
        self.dominant = dominant_park(mentions)
        self._para_start: dict[int, int] = {}
        for s in doc.sentences:
            self._para_start.setdefault(s.paragraph, s.start)
        self._headings = [m for m in self.parks if _heading(doc.text, m)]
        self._heading_starts = [m.start for m in self._headings]
        # a county or district heading a section of a roundup (三、X县): the signer of the projects listed under it
        self._place_headings = sorted((m for m in mentions if m.type == "Place" and m.canonical.endswith(("市", "县", "区"))
                                       and _heading(doc.text, m)), key=lambda m: m.start)

    def section_place(self, offset: int) -> Mention | None:
        """The place heading the section ``offset`` is in, when no park heading comes after it."""
        k = bisect.bisect_left([m.start for m in self._place_headings], offset) - 1
        if k < 0:
            return None
        place = self._place_headings[k]
        j = bisect.bisect_left(self._heading_starts, offset) - 1
        return place if j < 0 or self._headings[j].start < place.start else None

    def park_before(self, sent: Sentence, offset: int) -> Mention | None:
        """The last park named before ``offset`` in the sentence's paragraph, else the section's, else the dominant one.

        Why the section's: pages that describe several parks in turn (1. X简介 … 2. Y简介)
        name each park once on a line of its own; that park stays the topic of the
        paragraphs after it until the next heading.
        """
        para_start = self._para_start.get(sent.paragraph, sent.start)
        i = bisect.bisect_left(self._starts, offset) - 1
        if i >= 0 and self.parks[i].start >= para_start:
            return self.parks[i]
        j = bisect.bisect_left(self._heading_starts, offset) - 1
        if j >= 0:
            return self._headings[j]  # a park heading a section is its topic until the next heading
        return self.dominant
