"""Who a sentence is about: the park or place that carries over as its subject.

Chinese news names the park once and then drops the subject for several
clauses or sentences. The topic of a sentence is the last park named before a
position in the same paragraph; failing that, the article's dominant park.
"""

from __future__ import annotations

import bisect
from collections import Counter

from ..model import Document, Mention, Sentence


def dominant_park(mentions: tuple[Mention, ...]) -> Mention | None:
    parks = [m for m in mentions if m.type == "Park"]
    if not parks:
        return None
    counts = Counter(m.canonical for m in parks)
    name, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if n >= 2 and n >= 0.5 * len(parks):
        return next(m for m in parks if m.canonical == name)
    return None


class Topics:
    def __init__(self, doc: Document, mentions: tuple[Mention, ...]) -> None:
        self.doc = doc
        from .common import is_zone

        self.parks = sorted((m for m in mentions if m.type == "Park" and is_zone(m)), key=lambda m: m.start)
        self._starts = [m.start for m in self.parks]
        self.dominant = dominant_park(mentions)
        self._para_start: dict[int, int] = {}
        for s in doc.sentences:
            self._para_start.setdefault(s.paragraph, s.start)

    def park_before(self, sent: Sentence, offset: int) -> Mention | None:
        """The last park named before ``offset`` in the sentence's paragraph."""
        para_start = self._para_start.get(sent.paragraph, sent.start)
        i = bisect.bisect_left(self._starts, offset) - 1
        if i >= 0 and self.parks[i].start >= para_start:
            return self.parks[i]
        return self.dominant
