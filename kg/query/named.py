"""Named SPARQL queries and a small runner over pyoxigraph.

Analysts ask the same dozen questions of every build, so the questions live as
plain ``.rq`` files that also run unchanged in Virtuoso, Jena or rdflib. The
canonical copies are package data in ``kg/query/rq/`` (so an installed
``kg`` finds them); the top-level ``queries/`` folder is an identical copy for
people browsing the repository, and ``tests/test_queries.py`` keeps the two
equal.

Each file starts with a comment header::

    # question: 各园区的主导产业是什么？ What are the leading industries of each park?
    # param: parkName string  what the parameter means

A ``# param: NAME TYPE`` line declares a parameter whose default sits in the
query body as ``BIND (<default> AS ?NAME)``; :func:`load_named` replaces that
expression with the caller's value, so the text stays standard SPARQL that
every store runs.

:func:`run` is the stable entry point other modules build on (``kg.query_df``):
``run(source, query) -> QueryResult`` with plain Python values in ``.rows``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from ..defaults import DEFAULT_BASE, ONTOLOGY_IRI, RDF_NS, XSD_NS
from ..errors import InputError, QueryError

QUERY_DIR = Path(__file__).resolve().parent / "rq"
ONTOLOGY = ONTOLOGY_IRI
ID_BASE = DEFAULT_BASE

_INTEGER_TYPES = {XSD_NS + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {XSD_NS + "double", XSD_NS + "float"}
_FORMATS_BY_SUFFIX = {
    ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
}
_QUERY_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


# ---------------------------------------------------------------- named queries

@dataclass(frozen=True)
class Param:
    """A parameter declared in a named query's header."""

    name: str
    type: str  # "string", "xsd:date", "xsd:integer", ...
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    params: tuple[Param, ...]
    text: str


def _parse(name: str, text: str) -> NamedQuery:
    question, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("question:"):
            question = body.split(":", 1)[1].strip()
        elif body.lower().startswith("param:"):
            pname, ptype, *rest = body.split(":", 1)[1].split(None, 2)
            params.append(Param(pname, ptype, rest[0].strip() if rest else ""))
    return NamedQuery(name, question, tuple(params), text)


def _named() -> dict[str, NamedQuery]:
    if not QUERY_DIR.is_dir():
        raise QueryError("the named-query folder is missing", where=str(QUERY_DIR),
                         fix="reinstall parkkg (pip install -e .) so kg/query/rq/*.rq is present")
    return {p.stem: _parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(QUERY_DIR.glob("*.rq"))}


def list_named() -> list[tuple[str, str]]:
    """``[(name, question), ...]`` for every named query, sorted by name."""
    return [(q.name, q.question) for q in _named().values()]


def named_query(name: str) -> NamedQuery:
    """The parsed named query ``name`` (header, parameters and text)."""
    queries = _named()
    if name not in queries:
        raise QueryError(f"no named query '{name}'", where=str(QUERY_DIR),
                         fix="run `kg query --list` to see the names: " + ", ".join(queries))
    return queries[name]


def load_named(name: str, params: Mapping[str, object] | None = None) -> str:
    """The SPARQL text of the named query, with ``params`` bound if given."""
    query = named_query(name)
    return bind_params(query, params or {})


def _sparql_literal(value: object, type_: str) -> str:
    text = str(value)
    if type_ in ("xsd:integer", "xsd:decimal"):
        try:
            Decimal(text)
        except InvalidOperation:
            raise QueryError(f"parameter value '{text}' is not a number", fix="pass digits, e.g. 2019") from None
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if type_.startswith("xsd:") and type_ != "xsd:string":
        if type_ == "xsd:date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise QueryError(f"parameter value '{text}' is not a date", fix="write dates as YYYY-MM-DD")
        return f'"{escaped}"^^{type_}'
    return f'"{escaped}"'


def bind_params(query: NamedQuery, params: Mapping[str, object]) -> str:
    declared = {p.name: p for p in query.params}
    text = query.text
    for key, value in params.items():
        if key not in declared:
            raise QueryError(f"named query '{query.name}' has no parameter '{key}'",
                             fix="its parameters are: " + (", ".join(declared) or "none"))
        pattern = re.compile(r"BIND\s*\((.*?)\s+AS\s+\?" + re.escape(key) + r"\s*\)", re.IGNORECASE)
        literal = _sparql_literal(value, declared[key].type)
        text, n = pattern.subn(lambda m: f"BIND ({literal} AS ?{key})", text, count=1)
        if n != 1:
            raise QueryError(f"named query '{query.name}' declares '{key}' but has no BIND for it",
                             where=str(QUERY_DIR / f"{query.name}.rq"), fix="add `BIND (<default> AS ?" + key + ")`")
    return text


def resolve_query(spec: str, params: Mapping[str, object] | None = None) -> str:
    """Turn NAME, a path to a ``.rq`` file, or SPARQL text into SPARQL text."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", spec):
        return load_named(spec, params)
    if params:
        raise QueryError("--param only applies to named queries", fix="write the values into the SPARQL text")
    if spec.endswith((".rq", ".sparql")) and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError("query file not found", where=spec, fix="check the path")
        return path.read_text(encoding="utf-8")
    if not _QUERY_FORMS.search(spec):
        raise QueryError(f"'{spec[:60]}' is neither a named query, a .rq file nor a SPARQL query",
                         fix="run `kg query --list` for the names, or pass a SELECT/ASK/CONSTRUCT query")
    return spec


# ---------------------------------------------------------------- stores

_STORE_CACHE: dict[tuple[str, int, int, str], ox.Store] = {}


def load_store(path: str | os.PathLike) -> ox.Store:
    """A pyoxigraph store for a graph file, build folder or ``-``.

    The build's on-disk store (``OUT/store``, :mod:`kg.query.storefile`) is opened
    read-only when it matches the graph file; otherwise the file is parsed
    into memory (cached per file version).
    """
    from .graphsource import graph_file
    from .storefile import fresh_store

    p = graph_file(path)
    return open_graph(p, fresh_store(p))


def open_graph(p: Path, on_disk: Path | None) -> ox.Store:
    """The store of graph file ``p``: its fresh build store ``on_disk`` read-only, else ``p`` parsed.

    ``on_disk`` is :func:`kg.query.storefile.fresh_store` of ``p``, resolved once by the caller.
    """
    fmt = _FORMATS_BY_SUFFIX.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown graph format '{p.suffix}'", where=str(p),
                         fix="pass a .ttl, .nt, .nq, .trig or .jsonld file, or a build folder")
    st = p.stat()
    key = (str(p.resolve()), st.st_mtime_ns, st.st_size, str(on_disk))
    if key not in _STORE_CACHE:
        store = ox.Store.read_only(str(on_disk)) if on_disk is not None else ox.Store()
        if on_disk is None:
            try:
                store.bulk_load(path=str(p), format=fmt)
            except SyntaxError as exc:
                raise InputError(f"graph file is not valid RDF: {exc}", where=str(p),
                                 fix="rebuild it with `kg build`") from None
        if len(_STORE_CACHE) >= 4:
            _STORE_CACHE.pop(next(iter(_STORE_CACHE)))
        _STORE_CACHE[key] = store
    return _STORE_CACHE[key]


def as_store(source) -> ox.Store:
    """A pyoxigraph store for a graph path, a store, a :class:`kg.BuildResult`, an rdflib Graph,
    or pyoxigraph triples/quads."""
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, os.PathLike)):
        return load_store(source)
    if hasattr(source, "triples") and hasattr(source, "outputs") and hasattr(source, "summary"):
        source = source.triples  # a kg.BuildResult
    elif type(source).__module__.startswith("rdflib"):
        return _from_rdflib(source)
    store = ox.Store()
    store.extend(t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                 for t in source)
    return store


def _from_rdflib(graph) -> ox.Store:
    """An rdflib Graph or Dataset copied into a store through N-Triples/N-Quads (lossless, no term mapping)."""
    quads = hasattr(graph, "contexts") and graph.__class__.__name__ in ("Dataset", "ConjunctiveGraph")
    data = graph.serialize(format="nquads" if quads else "nt", encoding="utf-8")
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
    return store


# ---------------------------------------------------------------- results

def to_python(term) -> object:
    """A plain Python value for an RDF term: IRI → str, integer → int, decimal → int or float."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INTEGER_TYPES:
                return int(term.value)
            if dt == XSD_NS + "decimal":
                d = Decimal(term.value)
                return int(d) if d == d.to_integral_value() else float(d)
            if dt in _FLOAT_TYPES:
                return float(term.value)
            if dt == XSD_NS + "boolean":
                return term.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    return str(term)


def display(value: object) -> str:
    """How a value reads in a table: graph IRIs shortened and percent-decoded, Chinese kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if value.startswith(ONTOLOGY):
            return "kg:" + value[len(ONTOLOGY):]
        if value.startswith(ID_BASE):
            return unquote(value[len(ID_BASE):])
        if value.startswith(RDF_NS):
            return "rdf:" + value.rsplit("#", 1)[1]
        return value.replace("\n", " ")
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, w = [], 0
    for ch in text:
        cw = _width(ch)
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


@dataclass
class QueryResult:
    """Columns and rows of plain Python values (str, int, float, bool or None)."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    kind: str = "select"  # "select", "ask" or "graph"

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def _delimited(self, dialect: str) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, dialect=dialect, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return buf.getvalue()

    def to_csv(self) -> str:
        return self._delimited("excel")

    def to_tsv(self) -> str:
        return self._delimited("excel-tab")

    def to_json(self) -> str:
        """A JSON array of objects, one per row, keys in column order."""
        return json.dumps(self.records(), ensure_ascii=False, indent=1)

    def to_table(self, max_width: int = 48) -> str:
        """An aligned text table that reads well with Chinese labels (wide characters count double)."""
        cells = [[_fit(display(v), max_width) for v in row] for row in self.rows]
        widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(self.columns)]

        def line(values: Sequence[str]) -> str:
            return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

        out = [line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in cells]
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out)

    def format(self, fmt: str) -> str:
        try:
            return {"table": self.to_table, "csv": self.to_csv, "tsv": self.to_tsv, "json": self.to_json}[fmt]()
        except KeyError:
            raise QueryError(f"unknown output format '{fmt}'", fix="use table, csv, tsv or json") from None


def execute(store: ox.Store, sparql: str, *, allow_service: bool = False):
    """Run SPARQL on a store, turning pyoxigraph's syntax errors into QueryError.

    The text is checked first (:mod:`kg.query.sparqlguard`): nesting that would crash
    the parser and SERVICE (unless ``allow_service``) are refused.
    """
    from .sparqlguard import Refused, check_query

    try:
        check_query(sparql, allow_service=allow_service)
    except Refused as exc:
        raise QueryError(exc.message, fix="see the message; `kg query --allow-service` permits SERVICE") from None
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}", fix="check the query text (or `kg query --list`)") from None
    except OSError as exc:  # evaluation errors (e.g. SERVICE without a handler)
        raise QueryError(f"query failed: {exc}", fix="simplify the query") from None


def run(source, query: str, params: Mapping[str, object] | None = None, *,
        allow_service: bool = False) -> QueryResult:
    """Run ``query`` (SPARQL text, a ``.rq`` path or a named query's name) over ``source``.

    ``source`` is a graph file path or build folder, a pyoxigraph ``Store``, a
    :class:`kg.BuildResult`, an rdflib ``Graph``, or a sequence of pyoxigraph
    ``Triple``/``Quad``. SERVICE is refused unless ``allow_service``. SELECT gives one row per solution, ASK one
    row ``(True,)``/``(False,)`` under column ``ask``, CONSTRUCT/DESCRIBE one
    row per triple under ``subject, predicate, object``.
    """
    sparql = resolve_query(query, params)
    store = as_store(source)
    return result_of(execute(store, sparql, allow_service=allow_service))


def result_of(answer) -> QueryResult:
    """A :class:`QueryResult` of plain values for a pyoxigraph answer (see :func:`run`)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(["ask"], [(bool(answer),)], kind="ask")
    if isinstance(answer, ox.QueryTriples):
        rows = [(to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in answer]
        return QueryResult(["subject", "predicate", "object"], rows, kind="graph")
    columns = [v.value for v in answer.variables]
    rows = [tuple(to_python(sol[c]) for c in columns) for sol in answer]
    return QueryResult(columns, rows)
