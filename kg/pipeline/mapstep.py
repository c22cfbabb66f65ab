"""What the map step sends to the reduce step for each document, and nothing more.

Why: an :class:`~kg.model.Extraction` holds its :class:`~kg.model.Document`,
which holds the page text and an offset map as long as the text, and its
mentions are dataclasses that pickle slowly. Every result crosses a process
boundary (workers, dask) and, with ``--cache``, is stored and loaded again;
the reduce is one process, so what it unpickles per document is its cost.
Right after extraction each document becomes an ``Extraction`` whose
``document`` is a :class:`SlimDocument` holding only the two things the
reduce reads, both made here, in the worker:

* ``rows``: the document's entity-table input (:func:`kg.resolve.mention_rows`);
* ``rendered``: its part of the graph (:func:`kg.assemble.render.render_document`):
  article and evidence items, fact and observation records.

Plain tuples of strings: about a tenth of the unpickling time of the full
extraction. The mentions themselves stay in the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import StageError
from ..model import Document, Extraction, Page
from ..normalize import normalize_text
from ..segment import segment
from ..assemble.render import Rendered, render_document
from ..resolve import mention_rows


@dataclass(frozen=True, slots=True)
class SlimDocument:
    """A document as the reduce step sees it."""

    doc_id: str
    label: str
    rendered: Rendered
    rows: tuple  # kg.resolve.mention_rows


def slim(ex: Extraction) -> Extraction:
    """The reduce step's view of an extraction (idempotent)."""
    if isinstance(ex.document, SlimDocument):
        return ex
    doc = ex.document
    return Extraction(SlimDocument(doc.doc_id, doc.label, render_document(ex), mention_rows(ex)))


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
    from ..extract import extract  # jieba and cn2an load here: a fully cached rebuild never imports them

    return [_stage("extract", doc.label, extract, doc) for doc in documents_of(page)]


def map_page(page: Page) -> list[Extraction]:
    """The map step for one page: normalize, segment, extract, slim."""
    return [slim(ex) for ex in process_page(page)]


def map_pages(pages: list[Page]) -> list[list[Extraction]]:
    """The map step for a chunk of pages (one task for a worker)."""
    return [map_page(p) for p in pages]
