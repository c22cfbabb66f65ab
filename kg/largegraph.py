"""Outputs for graphs too large to hold in memory: streamed files and a bounded explorer.

Why: :func:`kg.export.write_graph` serializes to one ``bytes`` object and the
explorer (:mod:`kg.export.html`) builds its view model from every triple;
both are right for the seeds (thousands of triples) and wrong for 100k pages
(tens of millions). Here the sorted graph (:class:`kg.spill.SortedGraph`) is
streamed through pyoxigraph's serializer straight into the temp file that
:mod:`kg.export.rdf`'s atomic batch renames into place, with the same
arguments as ``serialize_graph`` (so the bytes are the same as an in-memory
build's), and the explorer gets the subgraph around the best-connected
entities, chosen by a few streaming passes over the sorted lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pyoxigraph import Triple, serialize

from .export import rdf as rdf_export
from .export.rdf import atomic_write_stream
from .spill import SortedGraph, parse_lines
from .vocab import CORE_TYPES, KG, RELATIONS

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def write_graph_streaming(graph: SortedGraph, out_dir: Path, formats: Sequence[str] = ("ttl",),
                          base: str = "") -> list[Path]:
    """``write_graph`` for a file-backed graph: same bytes, memory independent of the graph size.

    N-Quads and TriG need every evidence node's article first
    (:func:`kg.export.rdf.to_quads`), so they still hold the quads in memory.
    """
    for fmt in formats:
        if fmt not in rdf_export.FORMATS:
            rdf_export.serialize_graph((), fmt)  # raises OutputError before anything is written
    written = []
    for fmt in formats:
        path = Path(out_dir) / f"graph.{fmt}"
        rdf_format = rdf_export.FORMATS[fmt]
        if fmt in ("nq", "trig"):
            def write(fh, rdf_format=rdf_format, fmt=fmt):
                quads = rdf_export.to_quads(graph, base)
                serialize(quads, fh, rdf_format, prefixes=rdf_export.PREFIXES if fmt == "trig" else None)
        elif fmt == "ttl":
            def write(fh, rdf_format=rdf_format):
                serialize(iter(graph), fh, rdf_format, prefixes=rdf_export.PREFIXES)
        else:
            def write(fh, rdf_format=rdf_format):
                serialize(iter(graph), fh, rdf_format)
        atomic_write_stream(path, write)
        written.append(path)
    return written


def _split(line: str) -> tuple[str, str, str]:
    s, p, o = line.split(" ", 2)
    return s[1:-1], p[1:-1], o[:-3]


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") else ""


def explorer_subset(graph: SortedGraph, base: str, max_entities: int) -> list[Triple]:
    """The subgraph the explorer shows for a huge graph, deterministic and bounded.

    The ``max_entities`` entities with the most contract relations (ties by
    IRI) with all their triples, the statements between two of them, their
    observations, the evidence of both and the articles that evidence cites.
    Five streaming passes over the sorted lines; memory is the subset.
    """
    rels = {str(KG[r]) for r in RELATIONS}
    core = {str(KG[t]) for t in CORE_TYPES}
    degree: Counter = Counter()
    entities: set[str] = set()
    for line in graph.lines():
        s, p, o = _split(line)
        if p in rels:
            degree[s] += 1
            degree[_iri(o)] += 1
        elif p == _RDF + "type" and _iri(o) in core:
            entities.add(s)
    chosen = set(sorted(entities, key=lambda e: (-degree[e], e))[:max_entities])
    keep: list[str] = []
    observations: set[str] = set()
    evidence: set[str] = set()
    statement_prefix = f"<{base}statement/"
    current, buffered = None, []

    def flush_statement() -> None:
        parts = {p: o for _, p, o in map(_split, buffered)}
        if _iri(parts.get(_RDF + "subject", "")) in chosen and _iri(parts.get(_RDF + "object", "")) in chosen:
            keep.extend(buffered)
            evidence.update(_iri(o) for _, p, o in map(_split, buffered) if p == _DERIVED)

    for line in graph.lines():
        if line.startswith(statement_prefix):
            s = line[1:line.index(">")]
            if s != current:
                if buffered:
                    flush_statement()
                current, buffered = s, []
            buffered.append(line)
            continue
        s, p, o = _split(line)
        if s in chosen:
            keep.append(line)
            if p == str(KG.hasObservation):
                observations.add(_iri(o))
    if buffered:
        flush_statement()
    for line in _with_prefix(graph, f"<{base}observation/"):
        s, p, o = _split(line)
        if s in observations:
            keep.append(line)
            if p == _DERIVED:
                evidence.add(_iri(o))
    articles: set[str] = set()
    for line in _with_prefix(graph, f"<{base}evidence/"):
        s, p, o = _split(line)
        if s in evidence:
            keep.append(line)
            if p == str(KG.inArticle):
                articles.add(_iri(o))
    keep.extend(line for line in _with_prefix(graph, f"<{base}article/") if _split(line)[0] in articles)
    return parse_lines(sorted(keep))


def _with_prefix(graph: SortedGraph, prefix: str):
    return (line for line in graph.lines() if line.startswith(prefix))
