"""The map step: one page through normalize, segment and extract, handed over as :class:`~kg.model.DocFacts`.

Why here: the map step is pure and per page, so it runs in any worker
(inline, local processes, dask; see :mod:`kg.pipeline.parallel`). Right
after extraction each document becomes a :class:`~kg.model.DocFacts`
holding only the two things the reduce reads, both made here, in the worker:

* ``rows``: the document's entity-table input (:func:`kg.resolve.mention_rows`);
* ``rendered``: its part of the graph (:func:`kg.assemble.render.render_document`):
  article and evidence items, fact and observation records.

Plain tuples of strings: about a tenth of the unpickling time of the full
extraction. The mentions themselves stay in the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import StageError
from ..model import DocFacts, Document, Extraction, Page
from ..normalize import normalize_text
from ..segment import segment
from ..assemble.render import render_document
from ..resolve import mention_rows


def facts_of(ex: Extraction) -> DocFacts:
    """The reduce step's view of an extraction."""
    doc = ex.document
    return DocFacts(doc.doc_id, render_document(ex), mention_rows(ex))


def _stage(name: str, doc_name: str, fn: Callable, *args):
    try:
        return fn(*args)
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with stage and document named
        raise StageError(name, doc_name, exc) from exc


def documents_of(page: Page) -> list[Document]:
    norm = _stage("normalize", page.path, normalize_text, page.text)
    return _stage("segment", page.path, segment, page, norm)


def process_page(page: Page, docs: list[Document] | None = None) -> list[Extraction]:
    """The per-document map step: pure, so it can run in any worker (``docs``: the page's, if segmented already)."""
    from .startup import import_jieba

    import_jieba()
    from ..extract import extract  # jieba and cn2an load here: a fully cached rebuild never imports them

    return [_stage("extract", doc.label, extract, doc) for doc in (documents_of(page) if docs is None else docs)]


def map_page(page: Page, docs: list[Document] | None = None) -> list[DocFacts]:
    """The map step for one page: normalize, segment (unless ``docs`` are given), extract, hand over."""
    return [facts_of(ex) for ex in process_page(page, docs)]


def map_pages(pages: list[Page]) -> list[list[DocFacts]]:
    """The map step for a chunk of pages (one task for a worker).

    All pages are segmented first so that a learned tagger (``--ner``) tags
    the documents of the whole chunk in one batch (:func:`kg.extract.learned.tag_ahead`).
    """
    from .startup import import_jieba

    import_jieba()
    from ..extract.learned import tag_ahead

    docs = [documents_of(page) for page in pages]
    _stage("extract", pages[0].path if pages else "", tag_ahead, [doc for page_docs in docs for doc in page_docs])
    return [map_page(page, page_docs) for page, page_docs in zip(pages, docs)]
