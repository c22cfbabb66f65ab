"""Immutable carriers passed between pipeline stages.

A :class:`Page` is a decoded input file. Normalization and segmentation turn it
into one or more :class:`Document` objects (one per article on the page). Every
extractor reads a ``Document`` and returns :class:`Mention`,
:class:`RelationMention` and :class:`ObservationMention` objects whose offsets
point into ``Document.text``; ``Document.origin`` maps them back to the
original page text, so evidence always quotes the page as it was.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


@dataclass(frozen=True)
class Page:
    """One input file, decoded."""

    path: str
    name: str
    text: str
    encoding: str
    sha1: str


class PageRef(NamedTuple):
    """An input file an earlier build read, unchanged since (same size, times and inode): known without reading it."""

    path: str
    name: str
    encoding: str
    sha1: str


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # offsets into Document.text
    end: int
    paragraph: int


@dataclass(frozen=True)
class Document:
    """One article: normalized simplified text plus a map back to the page."""

    page: Page
    article_index: int
    text: str  # normalized, simplified Chinese
    origin: tuple[int, ...]  # origin[i] = offset in page.text of text[i]; len == len(text) + 1
    title: str = ""
    date: str = ""  # ISO 8601
    source: str = ""
    reporter: str = ""
    sentences: tuple[Sentence, ...] = ()
    repaired_chars: int = 0
    lost_chars: int = 0

    @property
    def doc_id(self) -> str:
        return f"{self.page.sha1[:16]}-{self.article_index}"

    @property
    def label(self) -> str:
        return f"{self.page.name}#{self.article_index}" if self.article_index else self.page.name

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to the page's original text."""
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1 if end > start else o_start
        return o_start, max(o_end, o_start)

    def original_text(self, start: int, end: int) -> str:
        a, b = self.original_span(start, end)
        return self.page.text[a:b]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_text(self, sent: Sentence) -> str:
        return self.text[sent.start:sent.end]


@dataclass(frozen=True)
class Mention:
    """A typed name found in a document."""

    type: str  # one of kg.vocab.CORE_TYPES
    text: str  # surface form in Document.text (simplified)
    start: int
    end: int
    extractor: str
    canonical: str = ""  # proposed canonical name; resolve fills it when empty
    subtype: str = ""  # e.g. HighTechZone
    refers: bool = False  # a bare reference (高新区, 该区) to resolve from context

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.canonical or self.text)


@dataclass(frozen=True)
class RelationMention:
    """A relation between two mentions, with the span that states it."""

    predicate: str  # one of kg.vocab.RELATIONS
    subject: Mention
    object: Mention
    start: int  # evidence span in Document.text (usually the sentence)
    end: int
    extractor: str


@dataclass(frozen=True)
class ObservationMention:
    """An economic figure: subject, indicator, base-unit value, period."""

    subject: Mention
    indicator: str
    value: float
    unit: str  # CNY, USD, percent, count, km2, km, t
    period: str
    surface: str
    start: int
    end: int
    extractor: str
    approximation: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything the extract stage found in one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    observations: tuple[ObservationMention, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class DocFacts:
    """A document as the reduce step sees it: what the map step hands over, and nothing more.

    Why a carrier of its own: an :class:`Extraction` holds its
    :class:`Document` (the page text and an offset map as long as it) and
    mention objects that pickle slowly, while every result crosses a process
    boundary and, with ``--cache``, is stored and loaded again. The map step
    turns each extraction into these two plain-tuple parts, in the worker;
    the single reduce process reads only them.
    """

    doc_id: str
    rendered: tuple  # kg.assemble.render.Rendered: article and evidence items, fact and observation records
    rows: tuple  # kg.resolve.mention_rows: the document's entity-table input
