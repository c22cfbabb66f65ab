"""The build: ingest → normalize → segment → extract → resolve → assemble → export.

`build()` is the library call behind `kg build` and ``kg.build``. The stage
order is data (:data:`STAGES`); the options are one value
(:class:`BuildOptions`); a failure in a per-document stage is raised as a
StageError naming the stage and the document.

Scale: pages stream through the per-document map step
(:mod:`kg.pipeline.mapstep`: normalize, segment, extract) on an engine from
:mod:`kg.pipeline.parallel` (inline, local processes, dask), optionally
behind a :class:`kg.pipeline.cache.FactCache`; each document is handed over
as :class:`~kg.model.DocFacts` right away, so no document text outlives its
page. The reduce (:mod:`kg.pipeline.reduce`: resolve and assemble) runs here,
in input order, whatever the engine.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyoxigraph import Triple

from ..errors import EmptyBuild, InputError, SkippedInputs, ValidationFailed
from ..export import write_html
from ..export.rdf import atomic_link, pending_file
from ..export.streaming import write_graph_streaming, write_html_apart
from ..ingest import Skipped, iter_files
from ..iris import IriMaker
from ..model import DocFacts, Document, Extraction, Page
from ..ner import active as active_ner
from ..ner import resolve as resolve_ner
from ..ner import use as use_ner
from ..query.storefile import publish_store
from ..reference.gazetteer import use as use_gazetteers
from ..normalize import NormalizedPage
from ..resolve import EntityTable
from ..storage.spill import SortedGraph
from ..vocab import CORE_TYPES, DEFAULT_BASE, KG, RELATIONS
from .cache import FactCache
from .collector import fewer_collections
from .outlock import guarded_build
from .parallel import make_engine, progress_bar
from .reduce import Reduced, Run, reduce_incremental, reduce_whole

#: SHACL (pyshacl, ≈ 3 s per 7k triples) runs on graphs up to this size; larger builds say so in the summary.
SHACL_MAX_TRIPLES = 100_000
#: Above this many triples the explorer shows the HTML_ENTITIES best-connected entities (kg.export.html limits).
HTML_MAX_TRIPLES = 200_000
HTML_ENTITIES = 1500
#: ... and each fact (statement or observation) with at most this many evidence sentences.
HTML_EVIDENCE_PER_FACT = 3


@dataclass(frozen=True)
class Stage:
    """One stage: its package, where it runs, and the carrier it hands to the next."""

    name: str
    step: str  # "read" (this process), "map" (per page, any worker), "reduce" (this process, in order), "write"
    package: str
    gives: type


#: The stages in order. tests/arch/test_layers.py derives the allowed import directions from it.
STAGES: tuple[Stage, ...] = (
    Stage("ingest", "read", "kg.ingest", Page),
    Stage("normalize", "map", "kg.normalize", NormalizedPage),
    Stage("segment", "map", "kg.segment", Document),
    Stage("extract", "map", "kg.extract", Extraction),  # handed over as DocFacts (kg.pipeline.mapstep)
    Stage("resolve", "reduce", "kg.resolve", EntityTable),
    Stage("assemble", "reduce", "kg.assemble", SortedGraph),
    Stage("export", "write", "kg.export", Path),
)
#: What crosses from the map step to the reduce step, per document.
HANDOVER = DocFacts


@dataclass(frozen=True)
class BuildOptions:
    """How to build, apart from the inputs and the output folder (see :func:`build`)."""

    formats: tuple[str, ...] = ("ttl",)
    html: bool = True
    base: str = DEFAULT_BASE
    strict: bool = False
    jobs: int | None = 1
    cache: str | Path | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool | None = False
    validate: bool = True
    gazetteers: tuple[str | Path, ...] = ()  # CSV files of names to find and link (kg.reference.gazetteer)
    ner: str | None = None  # a learned tagger that also finds enterprises (kg.extract.learned): kg.ner.CHOICES
    allow_empty: bool = False  # write an empty graph when the inputs yield no page
    store: bool = True  # also bulk-load OUT/store for kg query and kg serve (kg.query.storefile)

    def __post_init__(self) -> None:
        object.__setattr__(self, "formats", tuple(self.formats))
        object.__setattr__(self, "gazetteers", tuple(self.gazetteers))


class _ParsedOnRead:
    """``BuildResult.triples``: an in-memory SortedGraph is turned into a list the first time it is read.

    Why: a build handing a small graph back parses its N-Triples into Python objects (≈ 4 % of a
    --no-validate build); only done when someone reads ``result.triples``. Accessed on the class it
    raises AttributeError, which tells ``dataclass`` that the field has no default.
    """

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, result, owner=None):
        if result is None:
            raise AttributeError("triples has no default")
        value = getattr(result, self.slot)
        if isinstance(value, SortedGraph) and value.in_memory:
            value = value.to_list()
            setattr(result, self.slot, value)
        return value

    def __set__(self, result, value) -> None:
        setattr(result, self.slot, value)


@dataclass
class BuildResult:
    """What a build produced: the triples, the files written and a summary."""

    triples: list[Triple] | SortedGraph = _ParsedOnRead()  # a list up to MEMORY_TRIPLES, else re-iterable
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
    cached: bool = False  # built with a cache: the summary says how many pages it gave
    cache_notes: list[str] = field(default_factory=list)  # damaged cache data set aside
    removed: list[Path] = field(default_factory=list)  # outputs of formats this build did not write (stale)
    tagger: str = ""  # the learned tagger that ran (kg.ner), "" for rules only

    def summary(self) -> str:
        lines = [f"pages: {self.pages} ({', '.join(f'{k}: {v}' for k, v in sorted(self.encodings.items()))})",
                 f"documents (articles): {self.documents}",
                 "entities: " + ", ".join(f"{t} {self.entities.get(t, 0)}" for t in CORE_TYPES),
                 "relations: " + ", ".join(f"{p} {self.relations.get(p, 0)}" for p in RELATIONS),
                 f"observations: {self.observations}",
                 f"triples: {len(self._triples)}",  # a count, without parsing a graph nobody asked for
                 f"SHACL violations: {self._shacl()}",
                 f"enterprise tagger: {self.tagger or 'none (rules only)'}"]
        if self.cached:
            lines.append(f"cache: {self.cache_hits} page(s) reused, {self.pages - self.cache_hits} mapped")
        lines.extend(f"cache: {note}" for note in self.cache_notes)
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


def build(paths: Sequence[str | Path], out: str | Path | None = None, options: BuildOptions | None = None,
          **overrides) -> BuildResult:
    """Build the knowledge graph from files or folders of news pages.

    Writes ``OUT/graph.<fmt>`` for each format and ``OUT/graph.html`` when
    ``out`` is given. ``options`` (or keyword arguments naming its fields,
    e.g. ``formats=["ttl", "nt"], jobs=2``) say how; see :class:`BuildOptions`.
    Unreadable inputs are skipped and listed in the result; with
    ``strict=True`` any skip raises :class:`SkippedInputs`.

    ``jobs`` local worker processes (``None``: all cores) or ``engine="dask"``
    with a ``scheduler`` address run the per-document stages; ``cache`` keeps
    their results per page across builds; ``progress`` shows a bar with rate
    and ETA (``None``: only on a terminal). The graph is checked with SHACL
    if it has at most ``SHACL_MAX_TRIPLES`` triples (``validate=False`` skips
    it; larger graphs are reported as not checked, run ``kg validate`` on the
    file); with ``strict=True`` any violation raises :class:`ValidationFailed`.
    The output is byte-identical for every engine, job count and cache state.
    Memory is bounded by the entity table and the sort buffers: triples are
    sorted externally (:mod:`kg.storage.spill`); ``result.triples`` is a list
    up to ``MEMORY_TRIPLES`` triples and a re-iterable
    :class:`kg.storage.spill.SortedGraph` above. ``gazetteers`` are CSV files
    of names to find and link (:mod:`kg.reference.gazetteer`).

    Inputs that yield no page at all raise :class:`EmptyBuild` before any
    output is touched, so a typo in a path never replaces a good graph with an
    empty one; ``allow_empty=True`` writes the empty graph anyway. With
    ``store`` (and Turtle among the formats) the graph is also bulk-loaded into
    ``OUT/store`` (:mod:`kg.query.storefile`), which ``kg query`` and ``kg serve`` open
    instead of parsing the Turtle again.
    """
    with fewer_collections():
        return _build(paths, out, replace(options or BuildOptions(), **overrides))


@guarded_build  # lock OUT, SIGTERM -> KeyboardInterrupt, all-or-nothing outputs (kg/pipeline/outlock.py)
def _build(paths: Sequence[str | Path], out: str | Path | None, options: BuildOptions) -> BuildResult:
    if not paths:
        raise InputError("no input paths given", fix="pass one or more files or folders of news pages")
    started = time.perf_counter()
    ner = resolve_ner(None if options.ner == "auto" and options.engine == "dask" else options.ner)  # auto: local only
    for given, flag in ((options.gazetteers, "--gazetteer"), (ner, "--ner")):
        if given and options.engine == "dask":
            raise InputError(f"{flag} does not work with --engine dask yet (its workers would not have it)",
                             fix=f"build with the local engine, or without {flag}")
    use_gazetteers(options.gazetteers)  # before any worker forks: they inherit the lists
    use_ner(ner)  # likewise the tagger switch; the model is loaded now, so a missing one fails early
    base = IriMaker(options.base).base  # validated, and with its closing "/" or "#" as every IRI gets it
    local_cores = (options.jobs or os.cpu_count() or 1) if options.engine == "local" else 1
    keep_state = options.cache is not None and out is not None
    passed_over: list[Skipped] = []  # folder entries that are not pages: listed, never silent
    run = Run(list(iter_files(paths, passed_over)), make_engine(options.engine, options.jobs, options.scheduler),
              FactCache(options.cache) if options.cache is not None else None, base, local_cores, options.cache,
              options.formats, keep_state, index=options.html and out is not None)
    reduced = None
    try:
        reduced, note = _reduce(run, options.progress)
        unreadable = list(run.skipped)  # pages that could not be read; passed-over entries never fail --strict
        run.skipped[:0] = passed_over
        if not reduced.pages and not options.allow_empty:
            raise EmptyBuild.of(len(run.files), run.skipped, where=", ".join(map(str, paths)))
        if options.strict and unreadable:
            raise SkippedInputs(f"{len(unreadable)} input file(s) skipped: " + "; ".join(str(s) for s in unreadable),
                                fix="fix or remove those files, or build without --strict")
        result = _result(reduced, run.skipped, run.fact_cache, options.validate, options.strict)
        if note and (not reduced.graph.in_memory or "cache rejected" in note):  # small graphs keep no state
            result.reduce_note = note
        if out is not None:
            result.outputs = _write_outputs(reduced, Path(out), options, base, local_cores)
            publish_store(Path(out), result.outputs, options.store,
                          reduced.graph.ntriples() if reduced.rebuilt is None and options.store else None)
            if result.reduce_note and reduced.state_error:
                result.reduce_note = result.reduce_note[:-1] + reduced.state_error + ")"
    finally:
        if reduced is not None:
            reduced.close()
    result.seconds = time.perf_counter() - started
    return result


def _reduce(run: Run, progress: bool | None) -> tuple[Reduced, str]:
    """Incremental when the cache holds a usable state, else whole; the engine and cache are closed after."""
    try:
        with progress_bar(len(run.files), progress) as advance:
            run.advance = advance
            reduced, note = None, ""
            if run.keep_state:
                reduced, note = reduce_incremental(run)
            if reduced is None:
                run.skipped.clear()
                reduced = reduce_whole(run)
            return reduced, note
    except BaseException:
        run.runner.abort()
        raise
    finally:
        run.runner.close()
        if run.fact_cache is not None:
            run.fact_cache.close()


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


def _result(reduced: Reduced, skipped, fact_cache, validate: bool, strict: bool) -> BuildResult:
    graph = reduced.graph
    result = BuildResult(triples=graph, documents=reduced.documents, pages=reduced.pages, skipped=skipped,
                         encodings=reduced.encodings, tagger=active_ner() or "")
    if fact_cache is not None:
        result.cached, result.cache_notes = True, fact_cache.notes
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


def _write_outputs(reduced: Reduced, out_dir: Path, options: BuildOptions, base: str, jobs: int) -> list[Path]:
    graph = reduced.graph
    if reduced.rebuilt is not None:
        outputs = [out_dir / "graph.ttl"]
        atomic_link(reduced.rebuilt.ttl, outputs[0])
    else:  # quads straight into the serializers (same bytes as write_graph); jobs split only a file-backed graph
        outputs = write_graph_streaming(graph, out_dir, options.formats, base, jobs=jobs)
        if not graph.in_memory and reduced.state is not None and "ttl" in options.formats:
            try:
                reduced.state(options.cache, pending_file(out_dir / "graph.ttl"))
            except OSError as exc:  # the graph is written; only the next build's head start is lost
                reduced.state_error = f"; its state for the next build was not saved ({exc.strerror}: {exc.filename})"
    if options.html:
        if len(graph) > HTML_MAX_TRIPLES:  # an overview page, details in chunks next to it (kg.export.details)
            outputs.append(write_html_apart(lambda: reduced.explorer(base, HTML_ENTITIES, HTML_EVIDENCE_PER_FACT),
                                            out_dir / "graph.html", side=True))
        else:
            outputs.append(write_html(graph.to_list(), out_dir / "graph.html"))
    return outputs
