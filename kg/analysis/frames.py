"""Analysis helpers: the built graph as networkx, pandas, Gephi files and statistics.

Why this module exists: notebooks, ``kg export`` and ``kg stats`` all need the
same *entity view* of the RDF graph — typed entities with one label, the six
contract relations weighted by how many evidence sentences state them — and the
same provenance bookkeeping. Computing it once here keeps notebook cells short
and makes the CLI numbers and the notebook numbers the same numbers.

Every function takes a ``graph`` that may be any of:

* a path (``str``/``Path``) to a graph file (``.ttl .nt .nq .trig .jsonld .rdf``)
  or to a build folder holding ``graph.ttl``;
* an ``rdflib.Graph`` (or ``Dataset``; graph names are dropped);
* a :class:`kg.BuildResult` (its ``.triples`` are used directly, no parsing);
* a sequence of ``pyoxigraph.Triple`` (or ``Quad``) objects.

``import kg`` stays light: networkx, pandas and rdflib are imported inside the
functions that need them.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Triple, parse

from ..defaults import PROV_WAS_DERIVED_FROM, RDFS_LABEL, RDF_NS, RDF_TYPE, SKOS_ALT_LABEL
from ..errors import InputError
from ..export.rdf import PREFIXES
from ..vocab import CORE_TYPES, ONTOLOGY_IRI, PARK_SUBTYPES, RELATIONS

KG_NS = ONTOLOGY_IRI
CURIES = {"kg": KG_NS, **{k: v for k, v in PREFIXES.items() if k != "kg"}}
REL_ZH = {"locatedIn": "位于", "leadsIndustry": "主导产业", "signedProject": "签约项目",
          "developsIndustry": "发展产业", "issuedPolicy": "出台政策", "partOf": "属于"}
_EXT_FORMATS = {".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS,
                ".trig": RdfFormat.TRIG, ".jsonld": RdfFormat.JSON_LD, ".rdf": RdfFormat.RDF_XML,
                ".owl": RdfFormat.RDF_XML, ".xml": RdfFormat.RDF_XML, ".n3": RdfFormat.N3}


# ---------------------------------------------------------------- loading

def load_triples(graph) -> list[Triple]:
    """Any accepted ``graph`` value as a list of pyoxigraph triples."""
    if isinstance(graph, (str, Path)):
        return _read_file(Path(graph))
    if hasattr(graph, "triples") and isinstance(getattr(graph, "triples"), list):  # BuildResult
        return _as_triples(graph.triples)
    if type(graph).__module__.startswith("rdflib"):
        data = graph.serialize(format="nt", encoding="utf-8")
        return _as_triples(parse(data, format=RdfFormat.N_TRIPLES))
    if isinstance(graph, Iterable):
        return _as_triples(graph)
    raise InputError(f"cannot read a graph from a {type(graph).__name__}",
                     fix="pass a graph file path, an rdflib.Graph, a kg.BuildResult or a list of pyoxigraph triples")


def _as_triples(items: Iterable) -> list[Triple]:
    out = []
    for item in items:
        if isinstance(item, Quad):
            item = item.triple
        if not isinstance(item, Triple):
            raise InputError(f"expected pyoxigraph Triple or Quad items, got {type(item).__name__}",
                             fix="pass kg.BuildResult.triples or a list of pyoxigraph.Triple")
        out.append(item)
    return out


def _read_file(path: Path) -> list[Triple]:
    from ..query.graphsource import graph_file

    path = graph_file(path)
    fmt = _EXT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown graph file extension '{path.suffix}'", where=str(path),
                         fix="use one of " + ", ".join(sorted(_EXT_FORMATS)))
    try:
        return [q.triple if isinstance(q, Quad) else q for q in parse(path=str(path), format=fmt)]
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the graph: {exc}", where=str(path),
                         fix="rebuild it with `kg build`, or check the file is complete RDF") from exc


# ---------------------------------------------------------------- the entity view

def curie(iri: str) -> str:
    for prefix, ns in CURIES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


class GraphIndex:
    """One pass over the triples: entities, contract relations, provenance."""

    def __init__(self, triples: Sequence[Triple]) -> None:
        self.triples = triples
        self.type: dict[str, str] = {}
        self.subtype: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.alt: dict[str, list[str]] = defaultdict(list)
        self.mentions: dict[str, int] = {}
        self.edges: list[tuple[str, str, str]] = []
        self.classes: Counter = Counter()
        self.predicates: Counter = Counter()
        self.evidence: set[str] = set()
        self.observations: set[str] = set()
        self.derived: dict[str, list[str]] = defaultdict(list)
        stmt: dict[str, dict[str, str]] = defaultdict(dict)
        core = {KG_NS + t: t for t in CORE_TYPES}
        subs = {KG_NS + t: t for t in PARK_SUBTYPES}
        rels = {KG_NS + r: r for r in RELATIONS}
        parts = {RDF_NS + "subject": "s", RDF_NS + "predicate": "p", RDF_NS + "object": "o"}
        for t in triples:
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            self.predicates[p] += 1
            if p == RDF_TYPE:
                self.classes[o] += 1
                if o in core:
                    self.type[s] = core[o]
                elif o in subs:
                    self.subtype[s] = subs[o]
                elif o == KG_NS + "Evidence":
                    self.evidence.add(s)
                elif o == KG_NS + "Observation":
                    self.observations.add(s)
            elif p == RDFS_LABEL:
                self.label[s] = o
            elif p == SKOS_ALT_LABEL:
                self.alt[s].append(o)
            elif p == KG_NS + "mentionCount":
                self.mentions[s] = int(o)
            elif p in rels:
                self.edges.append((s, rels[p], o))
            elif p in parts:
                stmt[s][parts[p]] = o
            elif p == PROV_WAS_DERIVED_FROM:
                self.derived[s].append(o)
        self.statements = {(d["s"], d["p"], d["o"]): n for n, d in stmt.items() if len(d) == 3}
        self.edges.sort()

    def weight(self, s: str, rel: str, o: str) -> int:
        """Evidence sentences behind one relation; 1 when it has none recorded."""
        node = self.statements.get((s, KG_NS + rel, o))
        return max(1, sum(1 for ev in self.derived.get(node, ()) if ev in self.evidence)) if node else 1

    def name(self, iri: str) -> str:
        return self.label.get(iri, iri)

    def degree(self) -> Counter:
        deg: Counter = Counter()
        for s, _, o in self.edges:
            if s in self.type and o in self.type:
                deg[s] += 1
                deg[o] += 1
        return deg

    def resolve(self, around) -> str:
        """An entity IRI from an IRI or a label (preferred label first, then aliases)."""
        key = around.value if isinstance(around, NamedNode) else str(around)
        if key in self.type:
            return key
        for names in (lambda i: [self.label.get(i, "")], lambda i: self.alt.get(i, [])):
            hits = sorted(i for i in self.type if key in names(i))
            if len(hits) == 1:
                return hits[0]
            if hits:
                raise InputError(f"'{key}' names {len(hits)} entities: " + ", ".join(hits[:5]),
                                 fix="pass one of these IRIs instead of the name")
        raise InputError(f"no entity with IRI or label '{key}' in the graph",
                         fix="pick a node from `kg stats GRAPH` or from to_networkx(graph).nodes")


def _index(graph) -> GraphIndex:
    return graph if isinstance(graph, GraphIndex) else GraphIndex(load_triples(graph))


def to_networkx(graph, *, predicates: Iterable[str] | None = None, types: Iterable[str] | None = None,
                multigraph: bool = False, keep_isolated: bool | None = None, isolated: bool | None = None):
    """The entity graph as a ``networkx.DiGraph`` (or ``MultiDiGraph`` keyed by predicate).

    Nodes are entity IRIs with attributes ``label``, ``type`` (core class name),
    ``subtype`` (park subclass or "") and ``mentions``. Edges are contract
    relations with ``predicate`` (local name, e.g. ``leadsIndustry``), ``label``
    (Chinese) and ``weight`` (number of evidence sentences, at least 1). In a
    DiGraph two relations between the same pair merge into one edge whose
    ``predicate`` lists both (comma-separated) and whose weight is the sum.
    ``predicates``/``types`` restrict relations/node types. Nodes without a
    kept edge are dropped when ``predicates`` is given (the graph of those
    relations) and kept otherwise; ``keep_isolated`` overrides either way
    (``isolated`` is its earlier name).
    """
    import networkx as nx

    idx = _index(graph)
    rels = set(predicates) if predicates is not None else set(RELATIONS)
    unknown = rels - set(RELATIONS)
    if unknown:
        raise InputError(f"unknown relation(s): {', '.join(sorted(unknown))}", fix="use " + ", ".join(RELATIONS))
    keep = set(types) if types is not None else set(CORE_TYPES)
    g = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    nodes = {i for i, t in idx.type.items() if t in keep}
    edges = [(s, r, o) for s, r, o in idx.edges if r in rels and s in nodes and o in nodes]
    stay = keep_isolated if keep_isolated is not None else isolated
    if not (stay if stay is not None else predicates is None):
        nodes = {n for s, _, o in edges for n in (s, o)}
    for iri in sorted(nodes):
        g.add_node(iri, label=idx.name(iri), type=idx.type[iri], subtype=idx.subtype.get(iri, ""),
                   mentions=idx.mentions.get(iri, 0))
    for s, r, o in edges:
        w = idx.weight(s, r, o)
        if multigraph:
            g.add_edge(s, o, key=r, predicate=r, label=REL_ZH[r], weight=w)
        elif g.has_edge(s, o):
            d = g.edges[s, o]
            d["predicate"] += "," + r
            d["label"] += "," + REL_ZH[r]
            d["weight"] += w
        else:
            g.add_edge(s, o, predicate=r, label=REL_ZH[r], weight=w)
    return g


# ---------------------------------------------------------------- subgraphs and views

def subgraph(graph, around, depth: int = 1, *, predicates: Iterable[str] | None = None) -> list[Triple]:
    """The triples within ``depth`` relation hops of one entity, self-contained and sorted.

    ``around`` is an entity IRI (str or NamedNode) or its label. The result keeps
    the reached entities' own triples, the contract relations among them with
    their ``rdf:Statement``, evidence and articles, and their observations, so it
    can go to :func:`to_networkx`, :func:`explorer` or a serializer unchanged.
    """
    if depth < 0:
        raise InputError(f"depth must be 0 or more, got {depth}", fix="pass depth=1 for direct neighbours")
    idx = _index(graph)
    start = idx.resolve(around)
    rels = {KG_NS + r for r in (predicates if predicates is not None else RELATIONS)}
    adj: dict[str, set[str]] = defaultdict(set)
    for s, r, o in idx.edges:
        if KG_NS + r in rels and s in idx.type and o in idx.type:
            adj[s].add(o)
            adj[o].add(s)
    reached, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for f in frontier for n in adj[f]} - reached
        reached |= frontier
    by_subject: dict[str, list[Triple]] = defaultdict(list)
    for t in idx.triples:
        by_subject[t.subject.value].append(t)
    kept: set[Triple] = set()
    owned: set[str] = set()  # nodes whose own triples come along
    contract = {KG_NS + r for r in RELATIONS}
    for n in reached:
        for t in by_subject[n]:
            p, o = t.predicate.value, t.object.value
            if p not in contract:
                kept.add(t)
                if isinstance(t.object, (NamedNode, BlankNode)) and p != RDF_TYPE:
                    owned.add(o)
            elif p in rels and o in reached:
                kept.add(t)
                owned.add(idx.statements.get((n, p, o), ""))
    for _ in range(3):  # statements -> evidence -> articles
        new: set[str] = set()
        for n in owned:
            for t in by_subject.get(n, ()):
                if t not in kept:
                    kept.add(t)
                    if isinstance(t.object, (NamedNode, BlankNode)) and t.predicate.value not in (RDF_TYPE, RDF_NS + "predicate"):
                        new.add(t.object.value)
        owned = new - reached
    return sorted(kept, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


class HtmlView:
    """Inline HTML that notebooks render (``_repr_html_``) with no extra imports."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # stable text, so saved notebook outputs do not change between runs
        return f"<kg explorer view, {len(self.html)} characters of HTML>"


def explorer(graph, height: int = 520) -> HtmlView:
    """kg's offline explorer for (a subgraph of) the graph, as an iframe for notebooks.

    The page inlines vis-network from the pyvis package and runs under a CSP
    that forbids network requests, so it works offline and in saved outputs.
    """
    from ..export import render_html

    page = render_html(load_triples(graph))
    return HtmlView(f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;'
                    f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')


# ---------------------------------------------------------------- SPARQL into pandas

def query_df(graph, query: str, params: dict | None = None):
    """A named query (``kg.query.named.list_named()``), a ``.rq`` path or SPARQL text, as a DataFrame.

    Built on :func:`kg.query.named.run`, so cells hold plain Python values (IRIs and
    strings as ``str``, numbers as ``int``/``float``, unbound as ``None``);
    ``params`` binds a named query's declared parameters.
    """
    import pandas as pd
    from pyoxigraph import Store

    from ..query import named as queries

    if isinstance(graph, Store) or (isinstance(graph, (str, Path)) and Path(graph).is_file()):
        source = graph  # queries caches one store per graph file
    else:
        source = load_triples(graph)
    result = queries.run(source, query, params)
    return pd.DataFrame(list(result.rows), columns=list(result.columns))

