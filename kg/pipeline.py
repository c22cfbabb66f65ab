"""The build pipeline: ingest → normalize → segment → extract → resolve → assemble → export.

`build()` is the library call behind `kg build`. Stages are small modules; a
failure in a per-document stage is raised as a StageError naming the stage and
the document.

Scale: pages stream through the per-document map step (normalize, segment,
extract) on an engine from :mod:`kg.parallel` (inline, local processes, dask),
optionally behind a :class:`kg.cache.FactCache`; each document is slimmed to
the facts the reduce needs right away, so no document text outlives its page.
Resolution and assembly run here, in input order, whatever the engine.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple

from .assemble import Assembler
from .errors import InputError, SkippedInputs, StageError, ValidationFailed
from . import spill
from .export import write_graph, write_html
from .largegraph import explorer_subset, write_graph_streaming
from .ingest import Skipped, iter_files, read_page
from .iris import IriMaker
from .model import Document, Extraction, Page
from .outlock import guarded_build
from .cache import FactCache
from .normalize import normalize_text
from .parallel import make_engine, map_in_order, progress_bar
from .resolve import EntityTable, add_extraction
from .segment import segment
from .spill import SortedGraph
from .vocab import CORE_TYPES, DEFAULT_BASE, KG, RELATIONS


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
    validation: object = None  # kg.validate.ValidationReport when validated
    cache_hits: int = 0
    validation_note: str = ""  # why SHACL did not run, when it was asked for

    def summary(self) -> str:
        lines = [f"pages: {self.pages} ({', '.join(f'{k}: {v}' for k, v in sorted(self.encodings.items()))})",
                 f"documents (articles): {self.documents}",
                 "entities: " + ", ".join(f"{t} {self.entities.get(t, 0)}" for t in CORE_TYPES),
                 "relations: " + ", ".join(f"{p} {self.relations.get(p, 0)}" for p in RELATIONS),
                 f"observations: {self.observations}",
                 f"triples: {len(self.triples)}",
                 f"SHACL violations: {self._shacl()}",
                 f"seconds: {self.seconds:.2f}"]
        for skip in self.skipped:
            lines.append(str(skip))
        return "\n".join(lines)

    def _shacl(self) -> str:
        if self.violations is not None:
            return str(self.violations)
        return f"not checked ({self.validation_note})" if self.validation_note else "not checked"

    def graph(self):
        """The result as an rdflib Graph (for notebooks and tests)."""
        from .export import serialize_graph
        import rdflib

        g = rdflib.Graph()
        g.parse(data=serialize_graph(self.triples, "nt").decode("utf-8"), format="nt")
        return g


def _validate(result: BuildResult, strict: bool) -> None:
    """SHACL-check the assembled graph when kg.validate is installed."""
    try:
        from .validate import validate as shacl_validate
    except ImportError:
        return
    report = shacl_validate(result.triples)
    result.validation = report
    result.violations = len(report.violations)
    if strict and result.violations:
        raise ValidationFailed(f"the graph has {result.violations} SHACL violation(s):\n{report.text()}",
                               fix="fix the extraction that produced them, or build without --strict")


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
    from .extract import extract  # jieba and cn2an load here: a fully cached rebuild never imports them

    return [_stage("extract", doc.label, extract, doc) for doc in documents_of(page)]


def iter_pages(paths: Iterable[str | Path], skipped: list[Skipped]) -> Iterable[Page]:
    seen: set[str] = set()
    for path in iter_files(paths):
        page = read_page(path)
        if isinstance(page, Skipped):
            skipped.append(page)
            continue
        if page.sha1 in seen:
            skipped.append(Skipped(page.path, "duplicate of an earlier page (same content)", "nothing to do; it is read once"))
            continue
        seen.add(page.sha1)
        yield page


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
    and ETA (``None``: only on a terminal). When :mod:`kg.validate` exists the
    graph is checked with SHACL if it has at most ``SHACL_MAX_TRIPLES``
    triples (``validate=False`` skips it; larger graphs are reported as not
    checked, run ``kg validate`` on the file); with ``strict=True`` any
    violation raises :class:`ValidationFailed`. The output is byte-identical
    for every engine, job count and cache state. Memory is bounded by the
    entity table and the sort buffers: documents are spilled to a temporary
    file between the two reduce passes and triples are sorted externally
    (:mod:`kg.spill`); ``result.triples`` is a list up to ``MEMORY_TRIPLES``
    triples and a re-iterable :class:`kg.spill.SortedGraph` above.
    """
    if not paths:
        raise InputError("no input paths given", fix="pass one or more files or folders of news pages")
    started = time.perf_counter()
    skipped: list[Skipped] = []
    encodings: Counter = Counter()
    pages = 0
    table = EntityTable()
    files = list(iter_files(paths))
    fact_cache = FactCache(cache) if cache is not None else None
    runner = make_engine(engine, jobs, scheduler)
    asm = Assembler(IriMaker(base), buffer_chars=spill.SORT_BUFFER_CHARS)
    documents = 0
    try:
        try:
            with progress_bar(len(files), progress) as advance:
                for page, facts in map_in_order(iter_pages(files, skipped), runner, fact_cache):
                    pages += 1
                    encodings[page.encoding] += 1
                    for ex in facts:
                        add_extraction(table, ex)
                        asm.add_extraction(ex)
                        documents += 1
                    advance(1)
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
        local_cores = (jobs or os.cpu_count() or 1) if engine == "local" else 1
        graph = finish_assembly(asm, table, MEMORY_TRIPLES, local_cores)
    finally:
        asm.close()
    triples = graph.to_list() if graph.in_memory else graph
    result = BuildResult(triples=triples, documents=documents, pages=pages, skipped=skipped, encodings=encodings)
    if fact_cache is not None:
        result.cache_hits = fact_cache.hits
    if validate:
        if len(graph) <= SHACL_MAX_TRIPLES:
            _validate(result, strict)
        else:
            result.validation_note = (f"skipped, {len(graph)} triples > {SHACL_MAX_TRIPLES}; "
                                      "run `kg validate OUT/graph.ttl` to check the whole graph")
    for ent in table.entities.values():
        result.entities[ent.type] += 1
    for p in RELATIONS:
        if graph.predicates.get(str(KG[p])):
            result.relations[p] = graph.predicates[str(KG[p])]
    result.observations = graph.predicates.get(str(KG.hasObservation), 0)
    if out is not None:
        out_dir = Path(out)
        if graph.in_memory:
            result.outputs = write_graph(triples, out_dir, formats, base)
        else:
            result.outputs = write_graph_streaming(graph, out_dir, formats, base, jobs=local_cores)
        if html:
            shown = triples if len(graph) <= HTML_MAX_TRIPLES else explorer_subset(graph, base, HTML_ENTITIES)
            result.outputs.append(write_html(shown, out_dir / "graph.html"))
    result.seconds = time.perf_counter() - started
    return result
