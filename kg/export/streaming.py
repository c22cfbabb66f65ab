"""Outputs for graphs too large to hold in memory: streamed files and a bounded explorer.

Why: :func:`kg.export.write_graph` serializes to one ``bytes`` object and the
explorer (:mod:`kg.export.html`) builds its view model from every triple;
both are right for the seeds (thousands of triples) and wrong for 100k pages
(tens of millions). Here the sorted graph (:class:`kg.storage.spill.SortedGraph`) is
streamed through pyoxigraph's serializer straight into the temp file that
:mod:`kg.export.rdf`'s atomic batch renames into place, with the same
arguments as ``serialize_graph`` (so the bytes are the same as an in-memory
build's), and the explorer gets the subgraph around the best-connected
entities, chosen by a few streaming passes over the sorted lines.
"""

from __future__ import annotations

import gc
import heapq
import io
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, parse, serialize

from ..defaults import PROV_WAS_DERIVED_FROM, RDF_TYPE
from ..errors import OutputError
from ..forking import fork, join, stop
from ..iris import IriMaker
from ..assemble.render import PLACEHOLDER

from . import rdf as rdf_export
from .ntvalues import line_values
from .rdf import atomic_write_stream, pending_outputs, place_pending
from ..storage.spill import FileRange, SortedGraph, parse_lines
from ..vocab import CORE_TYPES, KG, RELATIONS

#: Sorted N-Triples bytes per writer process at least (many cores must not mean many tiny processes).
WRITER_BYTES = 8 << 20


def write_graph_streaming(graph: SortedGraph, out_dir: Path, formats: Sequence[str] = ("ttl",),
                          base: str = "", jobs: int = 1) -> list[Path]:
    """``write_graph`` for a SortedGraph in memory or on file: same bytes, memory independent of the graph size.

    Turtle and N-Triples are written by ``jobs`` processes, each serializing a
    range of whole subjects (:func:`_write_parallel`). N-Quads and TriG need
    every evidence node's article first (:func:`kg.export.rdf.to_quads`), so
    they still hold the quads in memory.
    """
    for fmt in formats:
        if fmt not in rdf_export.FORMATS:
            rdf_export.serialize_graph((), fmt)  # raises OutputError before anything is written
    written = []
    # to_quads and the JSON-LD writer read the triples more than once: an in-memory graph is parsed once for them
    triples = graph.to_list() if graph.in_memory and set(formats) - {"ttl", "nt"} else graph
    for fmt in formats:
        path = Path(out_dir) / f"graph.{fmt}"
        rdf_format = rdf_export.FORMATS[fmt]
        if fmt in ("nq", "trig"):
            def write(fh, rdf_format=rdf_format, fmt=fmt):
                quads = rdf_export.to_quads(triples, base)
                serialize(quads, fh, rdf_format, prefixes=rdf_export.PREFIXES if fmt == "trig" else None)
        elif fmt in ("ttl", "nt") and graph.path is not None and jobs > 1:
            def write(fh, rdf_format=rdf_format, fmt=fmt):
                parts = min(jobs, 1 + graph.path.stat().st_size // WRITER_BYTES)
                _write_parallel(graph.path, fh, rdf_format, rdf_export.PREFIXES if fmt == "ttl" else None, parts)
        elif fmt in ("ttl", "nt"):
            def write(fh, rdf_format=rdf_format, fmt=fmt):
                serialize(graph.quads(), fh, rdf_format, prefixes=rdf_export.PREFIXES if fmt == "ttl" else None)
        else:
            def write(fh, rdf_format=rdf_format):
                serialize(iter(triples), fh, rdf_format)
        atomic_write_stream(path, write)
        written.append(path)
    return written


def subject_ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of a sorted N-Triples file, about equal, each cut where the subject changes."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as fh:
        for i in range(1, parts):
            fh.seek(max(size * i // parts, cuts[-1]))
            if fh.tell():
                fh.readline()  # to the next line start
            at, previous = fh.tell(), None
            while True:
                line = fh.readline()
                if not line:
                    at = size
                    break
                subject = line[:line.index(b"> ") + 1]
                if previous is not None and subject != previous:
                    break
                previous, at = subject, fh.tell()
            cuts.append(at)
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _serialize_range(path: Path, start: int, end: int, out, rdf_format, prefixes) -> None:
    with open(path, "rb") as fh, io.BufferedReader(FileRange(fh.fileno(), start, end), 1 << 20) as src:
        serialize(parse(src, RdfFormat.N_TRIPLES, lenient=True), out, rdf_format, prefixes=prefixes)


def _write_parallel(path: Path, fh, rdf_format, prefixes, jobs: int) -> None:
    """Serialize ranges of whole subjects in forked processes and concatenate them.

    Why this is the same file as one serializer writes: Turtle's serializer
    closes a subject's block before the next subject starts, so the output for
    a run of whole subjects is exactly that run's part of the full output,
    after the ``@prefix`` lines, which every part repeats and only the first keeps.
    """
    ranges = subject_ranges(path, jobs)
    with tempfile.TemporaryDirectory(prefix="kg-write-", dir=path.parent) as tmp:
        parts = [Path(tmp) / f"part-{i}" for i in range(len(ranges))]
        children = []
        try:
            for (start, end), part in list(zip(ranges, parts))[1:]:
                children.append(fork(_serialize_part, path, start, end, part, rdf_format, prefixes))
            if ranges:
                _serialize_range(path, *ranges[0], fh, rdf_format, prefixes)
            join(children, lambda failed: OutputError(f"a serializer process failed (exit codes {failed})",
                                                      where=str(path),
                                                      fix="check free space in TMPDIR, or build with --jobs 1"))
            for part in parts[1:]:
                with part.open("rb") as src:
                    for line in src:
                        if not line.startswith(b"@prefix "):
                            fh.write(line)
                            break
                    shutil.copyfileobj(src, fh, 1 << 20)
        finally:
            stop(children)


def _serialize_part(path: Path, start: int, end: int, part: Path, rdf_format, prefixes) -> None:
    with part.open("wb") as out:
        _serialize_range(path, start, end, out, rdf_format, prefixes)


def explorer_subset(graph, base: str, max_entities: int, entities: Iterable[str] | None = None,
                    degree: Counter | None = None, evidence_per_fact: int | None = None) -> Iterator[Triple]:
    """The subgraph the explorer shows for a huge graph, deterministic and bounded.

    The ``max_entities`` entities with the most contract relations (ties by
    IRI) with all their triples, the statements between two of them, their
    observations, the evidence of both and the articles that evidence cites.
    ``entities`` (IRIs) and ``degree`` (IRI -> relations it is an end of)
    come from the reduce; without them one streaming pass counts them. The
    rest reads only the blocks it needs, by subject (``graph.blocks``:
    :class:`kg.storage.spill.SortedGraph` or :class:`kg.storage.splice.TurtleGraph`),
    four rounds: entities, statements and observations, evidence, articles,
    and keeps the triples whose predicate the view model reads
    (:data:`kg.export.viewmodel.VIEW_PREDICATES`); the entities' mentions of
    articles only for the articles kept (a fifth read of the entities' blocks).
    With ``evidence_per_fact`` a statement or observation keeps only its first
    that many evidence links (by IRI), so a fact repeated by thousands of
    pages costs the page a few sentences, not thousands (issue 17 item 4).
    The triples come sorted, parsed as they are consumed (:func:`_parse_draining`).
    """
    return _parse_draining(_subset_lines(graph, base, max_entities, entities, degree, evidence_per_fact))


def explorer_rows(graph, base: str, max_entities: int, entities: Iterable[str] | None = None,
                  degree: Counter | None = None, evidence_per_fact: int | None = None) -> Iterator[tuple[str, str, str]]:
    """:func:`explorer_subset` as ``(subject, predicate, object)`` values, in the same order, for the page's
    view model (:func:`kg.export.html.write_html_rows`).

    Why: building pyoxigraph terms for two million lines only to read their
    values back was most of the explorer's CPU at 20k pages; the lines are
    split and unbracketed instead (:func:`kg.export.ntvalues.line_values`).
    """
    lines = _subset_lines(graph, base, max_entities, entities, degree, evidence_per_fact, ordered=False)
    return _draining(lines, line_values)


def _subset_lines(graph, base: str, max_entities: int, entities: Iterable[str] | None,
                  degree: Counter | None, evidence_per_fact: int | None, ordered: bool = True) -> list[str]:
    """The lines of :func:`explorer_subset` (without newlines), sorted in descending order if ``ordered``.

    Unordered they are still deterministic (subjects are read in sorted order,
    round by round, each block in file order) and the view model does not
    depend on their order; sorting two million lines cost a second at 20k pages.
    """
    from .viewmodel import VIEW_PREDICATES

    rels = {f"<{KG[r]}>" for r in RELATIONS}
    if entities is None or degree is None:
        entities, degree = _entities_and_degree(graph, rels)
    chosen = {f"<{e}>" for e in heapq.nsmallest(max_entities, entities, key=lambda e: (-degree.get(e, 0), e))}
    read = {f"<{p}>" for p in VIEW_PREDICATES}
    mentioned = f"<{KG.mentionedIn}>"
    read.discard(mentioned)  # an entity's mentions: read again at the end, of the carried articles only
    keep: list[str] = []
    statements: set[str] = set()
    observations: set[str] = set()
    has_observation = f"<{KG.hasObservation}>"
    iris = IriMaker(base)
    for lines in _blocks(graph, chosen):
        for ln in lines:
            s, p, o = ln[:-2].split(" ", 2)
            if p in read:
                keep.append(ln)
            if p == has_observation:
                observations.add(o)
            elif p in rels and o in chosen:  # the statement of a fact between two chosen entities
                s_key, o_key = (PLACEHOLDER + t[1 + len(base):-1] for t in (s, o))  # statements hash these
                statements.add(f"<{iris.statement(s_key, p[1:-1], o_key)}>")
    evidence = _follow(graph, statements | observations, keep, read, f"<{PROV_WAS_DERIVED_FROM}>", evidence_per_fact)
    articles = _follow(graph, evidence, keep, read, f"<{KG.inArticle}>")
    _follow(graph, articles, keep, read, None)
    # A hub is mentioned by thousands of pages; the page carries only some of them (those its evidence cites).
    for lines in _blocks(graph, chosen):
        at = lines[0].index(" ") + 1
        keep.extend(ln for ln in lines if ln.startswith(mentioned, at) and ln[at + len(mentioned) + 1:-2] in articles)
    if ordered:
        keep.sort(reverse=True)  # taken from the end, smallest first: the same order as sorted(keep)
    return keep


def _blocks(graph, subjects: set[str], per_read: int = 1000) -> Iterator[list[str]]:
    """The blocks of ``subjects``, read ``per_read`` subjects at a time so that only their lines are held at once."""
    ordered = sorted(subjects)
    for n in range(0, len(ordered), per_read):
        yield from graph.blocks(ordered[n:n + per_read]).values()


def _draining(lines: list[str], convert: Callable[[Iterable[str]], Iterable], batch: int = 20_000) -> Iterator:
    """``convert`` of ``lines`` (sorted descending) in ascending order, a batch at a time.

    Why: the subset of a 20k-page graph is millions of lines; joining them into
    one document and holding every parsed triple at once was the explorer's
    peak memory (issue 17 item 4). Here each batch of lines is dropped from the
    list as it is converted, and the view model consumes the results as they come.
    """
    while lines:
        part = lines[-batch:]
        del lines[-batch:]
        part.reverse()
        yield from convert(part)


def _parse_draining(lines: list[str], batch: int = 20_000) -> Iterator[Triple]:
    """The triples of ``lines`` (sorted descending) in ascending order, parsed a batch at a time (:func:`_draining`)."""
    return _draining(lines, lambda part: parse_lines(ln + "\n" for ln in part), batch)


def _follow(graph, subjects: set[str], keep: list[str], read: set[str], predicate: str | None,
            cap: int | None = None) -> set[str]:
    """Keep the lines of ``subjects`` whose predicate is in ``read``; return the objects of ``predicate``
    in them (the first ``cap`` per block, by line).

    Why the links are sorted only when there are more than ``cap``: a block's
    own order does not matter (the kept lines are sorted once at the end).
    """
    found: set[str] = set()
    for lines in _blocks(graph, subjects):
        at = lines[0].index(" ") + 1  # one subject per block: its predicates all start here
        links = []
        for ln in lines:
            p = ln[at:ln.index(" ", at)]
            if p == predicate:
                links.append(ln)
            elif p in read:
                keep.append(ln)
        if cap is not None and len(links) > cap:
            links = sorted(links)[:cap]
        found.update(ln[at + len(predicate) + 1:-2] for ln in links)
        if predicate in read:
            keep.extend(links)
    return found


def _entities_and_degree(graph, rels: set[str]) -> tuple[set[str], Counter]:
    core = {f"<{KG[t]}>" for t in CORE_TYPES}
    rdf_type = f"<{RDF_TYPE}>"
    degree: Counter = Counter()
    entities: set[str] = set()
    for line in graph.lines():
        s, p, o = line[:-3].split(" ", 2)
        if p in rels:
            degree[s[1:-1]] += 1
            degree[o[1:-1]] += 1
        elif p == rdf_type and o in core:
            entities.add(s[1:-1])
    return entities, degree


def write_html_apart(make: Callable[[], Iterable[tuple[str, str, str]]], path: Path, side: bool = False) -> Path:
    """:func:`kg.export.html.write_html_rows` of ``make()`` (value rows: :func:`explorer_rows`) in a forked child;
    its files are placed with this process's batch.

    Why: the subset and the view model of a large graph are transient, but
    memory Python has used stays resident in its process, and the build's next
    step (the store's bulk load) peaked on top of it (issue 17 item 4). A
    child's memory goes back to the system when it exits. The child sends the
    outputs it left pending (path -> temp file) back through a pipe.
    """
    read, write = os.pipe()
    child = fork(_write_child, make, Path(path), side, write)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as fh:
            placed = json.loads(fh.read() or b"{}")  # read before the join: a full pipe would block the child
        join([child], lambda failed: OutputError(f"the explorer's process failed (exit code {failed[0]})",
                                                 where=str(path), fix="build again, or with --no-html"))
    finally:
        stop([child])
    for out, tmp in placed.items():
        place_pending(tmp, Path(out))
    return Path(path)


def _write_child(make: Callable[[], Iterable[tuple[str, str, str]]], path: Path, side: bool, fd: int) -> None:
    # The build's objects came with the fork: the collector need not walk them (nor copy their pages by touching them).
    gc.freeze()
    before = pending_outputs()
    try:
        from .html import write_html_rows

        write_html_rows(make(), path, side)
    except BaseException:
        for out, tmp in pending_outputs().items():  # this child's temp files: the parent never hears of them
            if before.get(out) != tmp and os.path.lexists(tmp):
                os.unlink(tmp)
        raise
    placed = {str(out): tmp for out, tmp in pending_outputs().items() if before.get(out) != tmp}
    with os.fdopen(fd, "wb") as fh:
        fh.write(json.dumps(placed).encode("utf-8"))
