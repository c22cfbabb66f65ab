"""Who a sentence is about: the park or place that carries over as its subject.

Chinese news names the park once and then drops the subject for several
clauses or sentences. The topic of a sentence is the last park named before a
position in the same paragraph; failing that, the article's dominant park.
"""

from __future__ import annotations

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
        from .relations import is_zone

        self.parks = sorted((m for m in mentions if m.type == "Park" and is_zone(m)), key=lambda m: m.start)
        self.dominant = dominant_park(mentions)

    def park_before(self, sent: Sentence, offset: int) -> Mention | None:
        """The last park named before ``offset`` in the sentence's paragraph."""
        para_start = min(s.start for s in self.doc.sentences if s.paragraph == sent.paragraph)
        best = None
        for m in self.parks:
            if para_start <= m.start < offset:
                best = m
        return best or self.dominant
