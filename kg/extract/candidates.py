"""One candidate pass per document: which sentences hold a trigger word of which extractor.

Why: most extractors walk every sentence and look for their own heads or
cues (项目, 高新区, 管委会…) with their own regexes, and most sentences hold
none of them. One Aho-Corasick scan over the article finds every trigger
word of every extractor at once; an extractor that declares triggers then
sees only the sentences that hold one of them (:func:`narrowed`).

Exactness: a trigger list must be a *necessary* condition, i.e. every path
by which the extractor finds something in a sentence starts with a match of
one of its triggers inside that sentence. Then a sentence without one yields
nothing and changes no state, and skipping it gives the same output. The
triggers are declared next to the extractor's own patterns in
:mod:`kg.extract` (``Extractor.triggers``) and tested against the full run.
Without ahocorasick-rs nothing is narrowed.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import replace

from ..model import Document
from ..reference.places import aho_corasick


class CandidateScan:
    """An automaton over the trigger words of several extractors, and the word → extractors table."""

    def __init__(self, triggers: Mapping[str, tuple[str, ...]]) -> None:
        words: dict[str, set[str]] = {}
        for name, ws in triggers.items():
            for w in ws:
                words.setdefault(w, set()).add(name)
        self.words = sorted(words)
        self.owners = [frozenset(words[w]) for w in self.words]
        self.names = frozenset(triggers)
        self.automaton = aho_corasick(self.words)

    def sentences_of(self, doc: Document) -> dict[str, frozenset[int]] | None:
        """Extractor name → indexes of the sentences holding one of its triggers (None: scan unavailable)."""
        if self.automaton is None:
            return None
        sents = doc.sentences
        starts = [s.start for s in sents]
        hits: dict[str, set[int]] = {name: set() for name in self.names}
        for word, start, end in self.automaton.find_matches_as_indexes(doc.text, overlapping=True):
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and end <= sents[i].end:
                for name in self.owners[word]:
                    hits[name].add(i)
        return {name: frozenset(ix) for name, ix in hits.items()}


def narrowed(doc: Document, keep: frozenset[int] | None) -> Document:
    """``doc`` with only the sentences whose index is in ``keep`` (``doc`` itself when all are kept or keep is None)."""
    if keep is None or len(keep) == len(doc.sentences):
        return doc
    sents = doc.sentences
    return replace(doc, sentences=tuple(sents[i] for i in sorted(keep)))
