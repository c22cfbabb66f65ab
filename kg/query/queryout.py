"""What ``kg query`` prints: W3C results formats through pyoxigraph's own serializers, or a table.

Why pyoxigraph's serializers: ``--format json`` used to print an array of
records that no SPARQL tool reads; the W3C formats (SPARQL results JSON,
XML, CSV, TSV) are what other tools and :func:`pyoxigraph.parse_query_results`
expect. CONSTRUCT and DESCRIBE answer with triples, so they print Turtle
(``table`` and ``ttl``) or N-Triples (``nt``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pyoxigraph as ox

from ..defaults import ONTOLOGY_IRI, RDFS_NS, XSD_NS
from ..errors import QueryError
from .answercache import cached
from .named import as_store, execute, open_graph, resolve_query, result_of

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
FORMATS = ("table", "json", "xml", "csv", "tsv", "ttl", "nt")
_PREFIXES = {"kg": ONTOLOGY_IRI, "rdfs": RDFS_NS, "xsd": XSD_NS}


def answer_bytes(source, query: str, fmt: str = "table", params: Mapping[str, object] | None = None, *,
                 allow_service: bool = False) -> bytes:
    """The answer to ``query`` over ``source`` (see :func:`kg.query.named.run`) serialized as ``fmt``.

    Kept with a fresh build store for the next call (:mod:`kg.query.answercache`).
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format '{fmt}'", fix="use one of " + ", ".join(FORMATS))
    sparql = resolve_query(query, params)
    if not isinstance(source, (str, os.PathLike)):
        return _answer(as_store(source), sparql, fmt, allow_service)
    from .graphsource import graph_file  # (imported here: graphsource's tempfile costs start-up)
    from .storefile import fresh_store

    graph = graph_file(source)
    on_disk = fresh_store(graph)  # resolved once: the kept answers and the store both follow it
    compute = lambda: _answer(open_graph(graph, on_disk), sparql, fmt, allow_service)  # noqa: E731
    if allow_service:  # the answer depends on other endpoints: never kept
        return compute()
    return cached(on_disk, sparql, fmt, compute)


def _answer(store: ox.Store, sparql: str, fmt: str, allow_service: bool) -> bytes:
    answer = execute(store, sparql, allow_service=allow_service)
    if isinstance(answer, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE answer is triples, not '{fmt}' results",
                             fix="use -f ttl (the default) or -f nt")
        rdf = GRAPH_FORMATS[fmt]
        prefixes = _PREFIXES if rdf == ox.RdfFormat.TURTLE else None
        return ox.serialize(list(answer), format=rdf, prefixes=prefixes) or b""
    if fmt in RESULT_FORMATS:
        return answer.serialize(format=RESULT_FORMATS[fmt]) or b""
    if fmt == "table":
        return (result_of(answer).to_table() + "\n").encode("utf-8")
    raise QueryError(f"'{fmt}' is for CONSTRUCT/DESCRIBE answers", fix="use -f table, json, xml, csv or tsv")
