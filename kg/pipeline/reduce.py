"""The reduce step: every page's :class:`~kg.model.DocFacts`, in input order, into the entity table and the assembler.

Why in order and in one process: resolution's first-wins choices and the
canonical triple order make the output byte-identical whatever engine ran
the map step. Two ways to get there: the whole reduce (every page through
the map step or the cache) and the incremental one (the previous build plus
the new pages, :mod:`kg.pipeline.incremental`); both give a :class:`Reduced`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import Assembler
from ..assemble.render import IRIS, rebase
from ..export.streaming import explorer_rows
from ..ingest import Skipped, file_signature, notice_count, read_page
from ..iris import IriMaker
from ..model import DocFacts, Page, PageRef
from ..resolve import EntityTable
from ..storage import spill
from ..storage.spill import SortedGraph
from ..storage.splice import TurtleGraph
from . import datacodec, incremental, state as saved
from .cache import FactCache, page_key
from .parallel import EarlyWorker, LocalEngine, map_in_order, map_soon

#: A file modified this recently (ns) is read again next time even if its signature is unchanged.
RACY_NS = 2_000_000_000
#: Graphs up to this many triples stay in memory as ``list[Triple]``; larger ones live in one sorted file.
MEMORY_TRIPLES = 200_000


def pages_of(files: Iterable[str | Path], skipped: list[Skipped], known: Callable | None = None,
             stats: dict | None = None) -> Iterable[Page | PageRef]:
    """The pages of input files (as :func:`kg.ingest.iter_files` lists them), each content once.

    ``known(path)`` may return a :class:`PageRef` for a file an earlier build
    read and that has not changed since: it is not read again. ``stats``
    collects ``path -> (signature, sha1, encoding)`` of the files read, for
    the next build's ``known`` (not for a file changed in the last
    ``RACY_NS``, whose signature could still hide a change, nor for one read
    only in part).
    """
    seen: set[str] = set()
    for path in files:
        page = known(path) if known is not None else None
        if page is None:
            signature = file_signature(path) if stats is not None else None
            notices = notice_count()
            page = read_page(path)
            if isinstance(page, Skipped):
                skipped.append(page)
                continue
            if signature and notice_count() == notices and time.time_ns() - signature[1] > RACY_NS:
                stats[str(path)] = (signature, page.sha1, page.encoding)
        if page.sha1 in seen:
            skipped.append(Skipped(page.path, "duplicate of an earlier page (same content)", "nothing to do; it is read once"))
            continue
        seen.add(page.sha1)
        yield page


@dataclass
class Run:
    """What one build's reduce works with, so each reduce function takes one argument."""

    files: list
    runner: object  # an engine of kg.pipeline.parallel.make_engine
    fact_cache: FactCache | None
    base: str  # validated, with its closing "/" or "#"
    local_cores: int
    cache: str | Path | None  # the --cache folder, also home of the incremental state
    formats: tuple[str, ...]
    keep_state: bool  # save the state for the next build's incremental reduce
    index: bool  # keep the subject index (the explorer of a large graph, the next build)
    skipped: list[Skipped] = field(default_factory=list)
    advance: Callable[[int], None] = lambda n: None


@dataclass
class Reduced:
    """What the reduce made, whole (``asm`` kept to close its temp files) or incremental (``rebuilt``)."""

    graph: SortedGraph | TurtleGraph
    table: EntityTable
    pages: int
    documents: int
    encodings: Counter
    degree: Counter = field(default_factory=Counter)  # entity IRI (placeholder base) -> facts: the explorer
    asm: Assembler | None = None
    rebuilt: incremental.Rebuilt | None = None
    state: Callable | None = None  # saves the incremental state once the Turtle output is written
    state_error: str = ""

    def explorer(self, base: str, max_entities: int, evidence_per_fact: int | None = None) -> Iterator[tuple[str, str, str]]:
        """The explorer's subgraph of a large graph, as value rows (:func:`kg.export.streaming.explorer_rows`)."""
        entities = [rebase(IRIS.entity(*key), base) for key in self.table.entities]
        degree = Counter({rebase(iri, base): n for iri, n in self.degree.items()})
        return explorer_rows(self.graph, base, max_entities, entities, degree, evidence_per_fact)

    def close(self) -> None:
        if self.asm is not None:
            self.asm.close()


def reduce_document(table: EntityTable, asm: Assembler, facts: DocFacts) -> None:
    """One document into the reduce: its rows into the entity table, its rendered part into the assembler."""
    table.add_rows(facts.rows, facts.doc_id)
    asm.add_facts(facts)


def reduce_incremental(run: Run) -> tuple[Reduced | None, str]:
    """The previous build plus the new pages (:mod:`kg.pipeline.incremental`), or None and why not."""
    stats: dict = {}
    early = None
    try:
        previous = saved.load(run.cache, run.base, run.formats)
        if isinstance(run.runner, LocalEngine) and run.runner.jobs > 1:
            early = EarlyWorker()  # loads the extractors while the inputs are scanned
        pages = pages_of(run.files, run.skipped, known=previous.known, stats=stats)
        rebuilt = incremental.rebuild(previous, pages, lambda new: map_soon(new, run.runner, run.fact_cache, early), stats)
    except saved.Stale as why:
        return None, ("whole, cache rejected: " if why.damaged else "whole (") + str(why) + ("" if why.damaged else ")")
    except OSError as exc:  # e.g. the cache's disk is full: the whole reduce says so properly if it fails too
        return None, f"whole (the incremental rebuild could not use {exc.filename or 'the cache'}: {exc.strerror})"
    finally:
        if early is not None:
            early.close()
    run.advance(rebuilt.pages)
    graph = TurtleGraph(rebuilt.ttl, rebuilt.triples, rebuilt.predicates, rebuilt.index)
    reduced = Reduced(graph, rebuilt.table, rebuilt.pages, rebuilt.documents, rebuilt.encodings, rebuilt.degree,
                      rebuilt=rebuilt)
    return reduced, f"incremental ({rebuilt.new_pages} new of {rebuilt.pages} pages)"


def reduce_whole(run: Run) -> Reduced:
    """The whole reduce: every page through the map step (or the cache) into the table and the assembler."""
    table = EntityTable()
    asm = Assembler(IriMaker(run.base), buffer_chars=spill.SORT_BUFFER_CHARS, remember_facts=run.keep_state)
    reduced = Reduced(None, table, 0, 0, Counter(), asm.degree, asm=asm)  # type: ignore[arg-type]
    keys: list[str] = []
    docs: list[tuple[str, ...]] = []
    stats: dict | None = {} if run.keep_state else None
    try:
        for page, facts in map_in_order(pages_of(run.files, run.skipped, stats=stats), run.runner, run.fact_cache):
            reduced.pages += 1
            reduced.encodings[page.encoding] += 1
            for doc in facts:
                reduce_document(table, asm, doc)
            reduced.documents += len(facts)
            if run.keep_state:
                keys.append(page_key(page))
                docs.append(tuple(doc.doc_id for doc in facts))
            run.advance(1)
        before_merges = datacodec.dumps(table) if run.keep_state else b""
        table.finish()
        asm.finish(table, run.local_cores)
        reduced.graph = asm.graph(MEMORY_TRIPLES, index=run.index or run.keep_state)  # the explorer, the next build
    except BaseException:
        asm.close()
        raise
    if run.keep_state and not reduced.graph.in_memory:
        graph = reduced.graph

        def save(cache: str | Path, ttl: Path) -> None:
            saved.save_full(cache, ttl, saved.Snapshot(
                run.base, graph.index, keys, docs, stats, before_merges, table, asm.fact_first, asm.degree,
                graph.predicates, len(graph)))
        reduced.state = save
    return reduced
