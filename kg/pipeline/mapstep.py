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


def process_page(page: Page) -> list[Extraction]:
    """The per-document map step: pure, so it can run in any worker."""
    from .startup import import_jieba

    import_jieba()
    from ..extract import extract  # jieba and cn2an load here: a fully cached rebuild never imports them

    return [_stage("extract", doc.label, extract, doc) for doc in documents_of(page)]


def map_page(page: Page) -> list[DocFacts]:
    """The map step for one page: normalize, segment, extract, hand over."""
    return [facts_of(ex) for ex in process_page(page)]


def map_pages(pages: list[Page]) -> list[list[DocFacts]]:
    """The map step for a chunk of pages (one task for a worker).

    All documents of the chunk are extracted up to their first extractor with
    an ``ahead`` step (the learned tagger, ``--ner``), which then prepares them
    all in one batch (:func:`kg.extract.learned.tag_ahead` tags the rules' gaps
    of the whole chunk at once); then each document finishes. The mentions are
    those :func:`process_page` finds.
    """
    from .startup import import_jieba

    import_jieba()
    from ..extract import steps

    docs = [documents_of(page) for page in pages]
    runs = [(doc, steps(doc)) for page_docs in docs for doc in page_docs]
    done: dict[int, Extraction] = {}
    while True:
        paused: dict[int, tuple] = {}  # id(extractor) -> (extractor, [(view, found), ...])
        for i, (doc, run) in enumerate(runs):
            if i in done:
                continue
            step = _stage("extract", doc.label, _advance, run)
            if isinstance(step, Extraction):
                done[i] = step
            else:
                paused.setdefault(id(step[0]), (step[0], []))[1].append(step[1:])
        if not paused:
            break
        for ex, batch in paused.values():
            _stage("extract", f"the chunk of {len(pages)} pages from {pages[0].path}", ex.ahead, batch)
    out, i = [], 0
    for page_docs in docs:
        out.append([facts_of(done[j]) for j in range(i, i + len(page_docs))])
        i += len(page_docs)
    return out


def _advance(run) -> tuple | Extraction:
    """The next pause of an extraction run (:func:`kg.extract.steps`), or its extraction when it is over."""
    try:
        return next(run)
    except StopIteration as over:
        return over.value
