"""Compact per-document facts: what the reduce step needs, and nothing more.

Why: an :class:`~kg.model.Extraction` holds its :class:`~kg.model.Document`,
which holds the page text and an offset map as long as the text (a Python
tuple of ints, ~8 bytes per character plus int objects). Keeping those for
every document made memory grow with the corpus. Right after extraction each
document is turned into an ``Extraction`` whose ``document`` is a
:class:`SlimDocument`: the article metadata, the original-text span of every
mention span that resolution will ask about with its original slice, and the
document's part of the graph already rendered (:func:`kg.render.render_document`:
article and evidence items, fact and observation records; it depends on this
document alone, so rendering it here moves that work off the single reduce
process and into the cache). It answers the calls the reduce step makes
(``doc_id``, ``label``, ``original_span``, ``original_text``, ``page.name``,
``rendered``), so
:mod:`kg.resolve` and :mod:`kg.assemble` run on it unchanged, and it pickles
small, for worker processes, dask and the cache.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from ..model import Extraction, Page
from ..render import Rendered, render_document


class Snippets:
    """Stands in for ``Page.text``: only the slices evidence and merges quote."""

    __slots__ = ("by_span",)

    def __init__(self, by_span: dict[tuple[int, int], str]) -> None:
        self.by_span = by_span

    def __getitem__(self, key: slice) -> str:
        if not isinstance(key, slice):
            raise TypeError("Snippets only supports slices that were recorded at extraction time")
        try:
            return self.by_span[(key.start, key.stop)]
        except KeyError:
            raise KeyError(f"span {key.start}-{key.stop} was not recorded; add it in kg.engines.facts.slim") from None

    def __getstate__(self):
        return self.by_span

    def __setstate__(self, state) -> None:
        self.by_span = state


@dataclass(frozen=True, slots=True)
class SlimPage:
    path: str
    name: str
    encoding: str
    sha1: str
    text: Snippets


@dataclass(frozen=True, slots=True)
class SlimDocument:
    """A Document without its text: metadata plus the spans the reduce step reads."""

    page: SlimPage
    article_index: int
    doc_id: str
    label: str
    title: str
    date: str
    source: str
    reporter: str
    repaired_chars: int
    lost_chars: int
    spans: dict[tuple[int, int], tuple[int, int]]  # mention span in Document.text -> span in page text
    rendered: Rendered | None = None  # this document's part of the graph (kg.render), made in the worker

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.spans[(start, end)]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.spans[(start, end)]
        return self.page.text[a:b]


def _intern(text: str) -> str:
    return sys.intern(text) if len(text) < 64 else text


def slim(ex: Extraction) -> Extraction:
    """The same extraction with a :class:`SlimDocument` in place of the full document."""
    doc = ex.document
    if isinstance(doc, SlimDocument):
        return ex
    spans = {span: doc.original_span(*span) for span in sorted({(m.start, m.end) for m in ex.mentions})}
    snippets = Snippets({ab: doc.page.text[ab[0]:ab[1]] for ab in sorted(set(spans.values()))})
    page = SlimPage(doc.page.path, doc.page.name, doc.page.encoding, doc.page.sha1, snippets)
    sdoc = SlimDocument(page, doc.article_index, doc.doc_id, doc.label, doc.title, doc.date, doc.source,
                        doc.reporter, doc.repaired_chars, doc.lost_chars, spans, render_document(ex))
    return Extraction(sdoc, ex.mentions, ex.relations, ex.observations, ex.notes)


def map_page(page: Page) -> list[Extraction]:
    """The map step for one page: normalize, segment, extract, slim."""
    from ..pipeline import process_page

    return [slim(ex) for ex in process_page(page)]


def map_pages(pages: list[Page]) -> list[list[Extraction]]:
    """The map step for a chunk of pages (one task for a worker)."""
    return [map_page(p) for p in pages]
