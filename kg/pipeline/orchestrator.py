"""The build pipeline: ingest → normalize → segment → extract → resolve → assemble → export.

`build()` is the library call behind `kg build`. Stages are small modules; a
failure in a per-document stage is raised as a StageError naming the stage and
the document.

Scale: pages stream through the per-document map step (normalize, segment,
extract) on an engine from :mod:`kg.pipeline.parallel` (inline, local processes, dask),
optionally behind a :class:`kg.pipeline.cache.FactCache`; each document is slimmed to
the facts the reduce needs right away, so no document text outlives its page.
Resolution and assembly run here, in input order, whatever the engine.
"""

from __future__ import annotations

import os
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple

from ..assemble import Assembler
from ..errors import InputError, SkippedInputs, StageError, ValidationFailed
from ..storage import spill
from ..export import write_graph, write_html
from ..export.rdf import atomic_link, pending_file
from . import incremental
from ..storage.splice import TurtleGraph
from ..export.streaming import explorer_subset, write_graph_streaming
from ..ingest import Skipped, file_signature, iter_files, notice_count, read_page
from ..iris import IriMaker
from ..assemble.render import IRIS, rebase
from ..model import Document, Extraction, Page, PageRef
from .outlock import guarded_build
from .cache import FactCache, page_key
from ..normalize import normalize_text
from .parallel import EarlyWorker, LocalEngine, make_engine, map_in_order, map_soon, progress_bar
from ..resolve import EntityTable, add_extraction
from ..segment import segment
from ..storage.spill import SortedGraph
from ..vocab import CORE_TYPES, DEFAULT_BASE, KG, RELATIONS


@dataclass
class BuildResult:
    """What a build produced: the triples, the files written and a summary."""

    triples: list[Triple] | SortedGraph
    outputs: list[Path] = field(default_factory=list)
    documents: int = 0
    pages: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    encodings: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    observations: int = 0
    seconds: float = 0.0
    violations: int | None = None  # SHACL violations; None when not validated
    validation: object = None  # kg.query.validate.ValidationReport when validated
    cache_hits: int = 0
    validation_note: str = ""  # why SHACL did not run, when it was asked for
    reduce_note: str = ""  # with a cache: whether the reduce was incremental, or why it was whole

    def summary(self) -> str:
        lines = [f"pages: {self.pages} ({', '.join(f'{k}: {v}' for k, v in sorted(self.encodings.items()))})",
                 f"documents (articles): {self.documents}",
                 "entities: " + ", ".join(f"{t} {self.entities.get(t, 0)}" for t in CORE_TYPES),
                 "relations: " + ", ".join(f"{p} {self.relations.get(p, 0)}" for p in RELATIONS),
                 f"observations: {self.observations}",
                 f"triples: {len(self.triples)}",
                 f"SHACL violations: {self._shacl()}"]
        if self.reduce_note:
            lines.append(f"reduce: {self.reduce_note}")
        lines.append(f"seconds: {self.seconds:.2f}")
        for skip in self.skipped:
            lines.append(str(skip))
        return "\n".join(lines)

    def _shacl(self) -> str:
        if self.violations is not None:
            return str(self.violations)
        return f"not checked ({self.validation_note})" if self.validation_note else "not checked"

    def graph(self):
        """The result as an rdflib Graph (for notebooks and tests)."""
        from ..export import serialize_graph
        import rdflib

        g = rdflib.Graph()
        g.parse(data=serialize_graph(self.triples, "nt").decode("utf-8"), format="nt")
        return g


def _validate(result: BuildResult, strict: bool) -> None:
    """SHACL-check the assembled graph when kg.query.validate is installed."""
    try:
        from ..query.validate import validate as shacl_validate
    except ImportError:
        return
    report = shacl_validate(result.triples)
    result.validation = report
    result.violations = len(report.violations)
    if strict and result.violations:
        raise ValidationFailed(f"the graph has {result.violations} SHACL violation(s):\n{report.text()}",
                               fix="fix the extraction that produced them, or build without --strict")


def iter_pages(paths: Iterable[str | Path], skipped: list[Skipped], known: Callable | None = None,
               stats: dict | None = None) -> Iterable[Page | PageRef]:
    """The pages of files and folders, each content once (see :func:`pages_of`)."""
    return pages_of(iter_files(paths), skipped, known, stats)


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


#: A file modified this recently (ns) is read again next time even if its signature is unchanged.
RACY_NS = 2_000_000_000


def assemble(extractions: Iterable[Extraction], base: str = DEFAULT_BASE) -> tuple[list[Triple], EntityTable]:
    """The reduce step: resolve entities over all documents, then emit sorted triples."""
    table = EntityTable()
    asm = Assembler(IriMaker(base))
    try:
        for ex in extractions:
            add_extraction(table, ex)
            asm.add_extraction(ex)
        return finish_assembly(asm, table).to_list(), table
    finally:
        asm.close()


def finish_assembly(asm: Assembler, table: EntityTable, memory_limit: int = 10**12, jobs: int = 1) -> SortedGraph:
    """Global merges, then the sorted graph; ``table`` and ``asm`` have seen every document."""
    table.finish()
    asm.finish(table, jobs)
    return asm.graph(memory_limit)


#: Graphs up to this many triples stay in memory as ``list[Triple]``; larger ones live in one sorted file.
MEMORY_TRIPLES = 200_000
#: SHACL (pyshacl, ≈ 3 s per 7k triples) runs on graphs up to this size; larger builds say so in the summary.
SHACL_MAX_TRIPLES = 100_000
#: Above this many triples the explorer shows the HTML_ENTITIES best-connected entities (kg.export.html limits).
HTML_MAX_TRIPLES = 200_000
HTML_ENTITIES = 1500


@guarded_build  # lock OUT, SIGTERM -> KeyboardInterrupt, all-or-nothing outputs (kg/outlock.py)
def build(paths: Sequence[str | Path], out: str | Path | None = None, *, formats: Sequence[str] = ("ttl",),
          html: bool = True, base: str = DEFAULT_BASE, strict: bool = False, jobs: int | None = 1,
          cache: str | Path | None = None, engine: str = "local", scheduler: str | None = None,
          progress: bool | None = False, validate: bool = True) -> BuildResult:
    """Build the knowledge graph from files or folders of news pages.

    Writes ``OUT/graph.<fmt>`` for each format and ``OUT/graph.html`` when
    ``out`` is given. Unreadable inputs are skipped and listed in the result;
    with ``strict=True`` any skip raises :class:`SkippedInputs`.

    ``jobs`` local worker processes (``None``: all cores) or ``engine="dask"``
    with a ``scheduler`` address run the per-document stages; ``cache`` keeps
    their results per page across builds; ``progress`` shows a bar with rate
    and ETA (``None``: only on a terminal). When :mod:`kg.query.validate` exists the
    graph is checked with SHACL if it has at most ``SHACL_MAX_TRIPLES``
    triples (``validate=False`` skips it; larger graphs are reported as not
    checked, run ``kg validate`` on the file); with ``strict=True`` any
    violation raises :class:`ValidationFailed`. The output is byte-identical
    for every engine, job count and cache state. Memory is bounded by the
    entity table and the sort buffers: documents are spilled to a temporary
    file between the two reduce passes and triples are sorted externally
    (:mod:`kg.storage.spill`); ``result.triples`` is a list up to ``MEMORY_TRIPLES``
    triples and a re-iterable :class:`kg.storage.spill.SortedGraph` above.
    """
    if not paths:
        raise InputError("no input paths given", fix="pass one or more files or folders of news pages")
    started = time.perf_counter()
    base = IriMaker(base).base  # validated, and with its closing "/" or "#" as every IRI gets it
    skipped: list[Skipped] = []
    files = list(iter_files(paths))
    fact_cache = FactCache(cache) if cache is not None else None
    runner = make_engine(engine, jobs, scheduler)
    local_cores = (jobs or os.cpu_count() or 1) if engine == "local" else 1
    formats = tuple(formats)
    reduced = None
    try:
        try:
            with progress_bar(len(files), progress) as advance:
                reduced, note = None, ""
                if cache is not None and out is not None:
                    reduced, note = _incremental(cache, base, formats, files, runner, fact_cache, skipped, advance)
                if reduced is None:
                    skipped.clear()
                    reduced = _reduce_all(files, runner, fact_cache, skipped, advance, base, local_cores,
                                          keep_state=cache is not None and out is not None,
                                          index=html and out is not None)
        except BaseException:
            runner.abort()
            raise
        finally:
            runner.close()
            if fact_cache is not None:
                fact_cache.close()
        if strict and skipped:
            raise SkippedInputs(f"{len(skipped)} input file(s) skipped: " + "; ".join(str(s) for s in skipped),
                                fix="fix or remove those files, or build without --strict")
        result = _result(reduced, skipped, fact_cache, validate, strict)
        if note and not reduced.graph.in_memory:  # small graphs keep no state: they are whole and quick
            result.reduce_note = note
        if out is not None:
            result.outputs = _write_outputs(reduced, Path(out), formats, base, local_cores, html, cache)
            if result.reduce_note and reduced.state_error:
                result.reduce_note = result.reduce_note[:-1] + reduced.state_error + ")"
    finally:
        if reduced is not None:
            reduced.close()
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Reduced:
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

    def explorer(self, base: str, max_entities: int) -> list[Triple]:
        """The explorer's subgraph of a large graph (:func:`kg.export.streaming.explorer_subset`)."""
        entities = [rebase(IRIS.entity(*key), base) for key in self.table.entities]
        degree = Counter({rebase(iri, base): n for iri, n in self.degree.items()})
        return explorer_subset(self.graph, base, max_entities, entities, degree)

    def close(self) -> None:
        if self.asm is not None:
            self.asm.close()


def _incremental(cache, base, formats, files, runner, fact_cache, skipped, advance) -> tuple[_Reduced | None, str]:
    """The previous build plus the new pages (:mod:`kg.pipeline.incremental`), or None and why not."""
    stats: dict = {}
    early = None
    try:
        state = incremental.load(cache, base, formats)
        if isinstance(runner, LocalEngine) and runner.jobs > 1:
            early = EarlyWorker()  # loads the extractors while the inputs are scanned
        pages = pages_of(files, skipped, known=state.known, stats=stats)
        rebuilt = incremental.rebuild(state, pages, lambda new: map_soon(new, runner, fact_cache, early), stats)
    except incremental.Stale as why:
        return None, f"whole ({why})"
    except OSError as exc:  # e.g. the cache's disk is full: the whole reduce says so properly if it fails too
        return None, f"whole (the incremental rebuild could not use {exc.filename or 'the cache'}: {exc.strerror})"
    finally:
        if early is not None:
            early.close()
    advance(rebuilt.pages)
    graph = TurtleGraph(rebuilt.ttl, rebuilt.triples, rebuilt.predicates, rebuilt.index)
    reduced = _Reduced(graph, rebuilt.table, rebuilt.pages, rebuilt.documents, rebuilt.encodings, rebuilt.degree,
                       rebuilt=rebuilt)
    return reduced, f"incremental ({rebuilt.new_pages} new of {rebuilt.pages} pages)"


def _reduce_all(files, runner, fact_cache, skipped, advance, base, local_cores, keep_state, index) -> _Reduced:
    """The whole reduce: every page through the map step (or the cache) into the table and the assembler."""
    table = EntityTable()
    asm = Assembler(IriMaker(base), buffer_chars=spill.SORT_BUFFER_CHARS, remember_facts=keep_state)
    reduced = _Reduced(None, table, 0, 0, Counter(), asm.degree, asm=asm)  # type: ignore[arg-type]
    keys: list[str] = []
    docs: list[tuple[str, ...]] = []
    stats: dict | None = {} if keep_state else None
    try:
        for page, facts in map_in_order(pages_of(files, skipped, stats=stats), runner, fact_cache):
            reduced.pages += 1
            reduced.encodings[page.encoding] += 1
            for ex in facts:
                add_extraction(table, ex)
                asm.add_extraction(ex)
            reduced.documents += len(facts)
            if keep_state:
                keys.append(page_key(page))
                docs.append(tuple(ex.document.doc_id for ex in facts))
            advance(1)
        before_merges = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL) if keep_state else b""
        table.finish()
        asm.finish(table, local_cores)
        reduced.graph = asm.graph(MEMORY_TRIPLES, index=index or keep_state)  # the explorer, the next build
    except BaseException:
        asm.close()
        raise
    if keep_state and not reduced.graph.in_memory:
        graph = reduced.graph

        def save(cache: str | Path, ttl: Path) -> None:
            incremental.save_full(cache, base, ttl, graph.index, keys, docs, stats, before_merges, table,
                                  asm.fact_first, asm.degree, graph.predicates, len(graph))
        reduced.state = save
    return reduced


def _result(reduced: _Reduced, skipped, fact_cache, validate: bool, strict: bool) -> BuildResult:
    graph = reduced.graph
    triples = graph.to_list() if graph.in_memory else graph
    result = BuildResult(triples=triples, documents=reduced.documents, pages=reduced.pages, skipped=skipped,
                         encodings=reduced.encodings)
    if fact_cache is not None:
        result.cache_hits = fact_cache.hits
        if reduced.rebuilt is not None:  # pages the previous build had: not even looked up
            result.cache_hits += reduced.rebuilt.pages - reduced.rebuilt.new_pages
    if validate:
        if len(graph) <= SHACL_MAX_TRIPLES:
            _validate(result, strict)
        else:
            result.validation_note = (f"skipped, {len(graph)} triples > {SHACL_MAX_TRIPLES}; "
                                      "run `kg validate OUT/graph.ttl` to check the whole graph")
    for ent in reduced.table.entities.values():
        result.entities[ent.type] += 1
    for p in RELATIONS:
        if graph.predicates.get(str(KG[p])):
            result.relations[p] = graph.predicates[str(KG[p])]
    result.observations = graph.predicates.get(str(KG.hasObservation), 0)
    return result


def _write_outputs(reduced: _Reduced, out_dir: Path, formats, base: str, jobs: int, html: bool, cache) -> list[Path]:
    graph = reduced.graph
    if reduced.rebuilt is not None:
        outputs = [out_dir / "graph.ttl"]
        atomic_link(reduced.rebuilt.ttl, outputs[0])
    elif graph.in_memory:
        outputs = write_graph(graph.to_list(), out_dir, formats, base)
    else:
        outputs = write_graph_streaming(graph, out_dir, formats, base, jobs=jobs)
        if reduced.state is not None and "ttl" in formats:
            try:
                reduced.state(cache, pending_file(out_dir / "graph.ttl"))
            except OSError as exc:  # the graph is written; only the next build's head start is lost
                reduced.state_error = f"; its state for the next build was not saved ({exc.strerror}: {exc.filename})"
    if html:
        shown = graph.to_list() if len(graph) <= HTML_MAX_TRIPLES else reduced.explorer(base, HTML_ENTITIES)
        outputs.append(write_html(shown, out_dir / "graph.html"))
    return outputs
