"""Check a graph against the output contract (kg/query/shapes.ttl) with pyshacl.

The shapes say what every consumer of the graph relies on: one simplified
Chinese label per entity, typed relation ends, complete observations, and
provenance for every fact. The build calls :func:`validate` on its triples
after every run, so it accepts pyoxigraph triples directly and converts them
to rdflib terms without a serialize/parse round trip; on the seeds this takes
well under two seconds.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..defaults import DCT_NS, DEFAULT_BASE, ONTOLOGY_IRI, PROV_NS, RDFS_NS, RDF_NS, SHAPES_IRI, SH_NS, SKOS_NS, XSD_STRING
from ..errors import InputError

SHAPES_PATH = Path(__file__).resolve().parent / "shapes.ttl"
_SHORT = {
    ONTOLOGY_IRI: "kg:",
    SHAPES_IRI: "kgsh:",
    DEFAULT_BASE: "",
    RDF_NS: "rdf:",
    RDFS_NS: "rdfs:",
    PROV_NS: "prov:",
    DCT_NS: "dct:",
    SKOS_NS: "skos:",
    SH_NS: "sh:",
}

_shapes_cache = None


def shapes_graph():
    """The parsed shapes (parsed once per process)."""
    global _shapes_cache
    if _shapes_cache is None:
        import rdflib

        g = rdflib.Graph()
        g.parse(SHAPES_PATH, format="turtle")
        _shapes_cache = g
    return _shapes_cache


def short(term: object) -> str:
    """A compact, percent-decoded rendering of an RDF term for messages."""
    if term is None:
        return ""
    text = str(term)
    for long, prefix in _SHORT.items():
        if text.startswith(long):
            return prefix + unquote(text[len(long):])
    if hasattr(term, "language") and getattr(term, "language", None):
        return f'"{text}"@{term.language}'
    return text


@dataclass
class ValidationReport:
    """The SHACL outcome: ``conforms``, readable ``violations`` and the raw pyshacl text."""

    conforms: bool
    violations: list[dict[str, str]] = field(default_factory=list)
    raw: str = ""

    def summary(self) -> Counter:
        """How many results each (shape, message) produced."""
        return Counter((v["shape"], v["message"]) for v in self.violations)

    def text(self, limit: int = 20) -> str:
        """Readable report: a verdict, counts per message, then up to ``limit`` examples."""
        if self.conforms:
            return "SHACL: conforms (0 violations)"
        lines = [f"SHACL: {len(self.violations)} violation(s)"]
        for (shape, message), n in sorted(self.summary().items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:5} × {message}  [{shape}]")
        lines.append("examples:")
        for v in self.violations[:limit]:
            where = v["focus"] + (f"  {v['path']}" if v["path"] else "")
            value = f"  value={v['value']}" if v["value"] else ""
            lines.append(f"  - {where}{value}: {v['message']}")
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _to_rdflib(triples: Iterable) -> "rdflib.Graph":  # noqa: F821 - lazy import
    import pyoxigraph as ox
    import rdflib

    cache: dict = {}

    def conv(t):
        hit = cache.get(t)
        if hit is not None:
            return hit
        if isinstance(t, ox.NamedNode):
            out = rdflib.URIRef(t.value)
        elif isinstance(t, ox.BlankNode):
            out = rdflib.BNode(t.value)
        elif t.language:
            out = rdflib.Literal(t.value, lang=t.language)
        elif t.datatype.value == XSD_STRING:
            out = rdflib.Literal(t.value)  # rdflib keeps "x" and "x"^^xsd:string apart; RDF 1.1 does not
        else:
            out = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
        cache[t] = out
        return out

    g = rdflib.Graph()
    add = g.add
    for t in triples:
        add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return g


def as_rdflib(source) -> "rdflib.Graph":  # noqa: F821
    """An rdflib Graph for a graph path, an rdflib Graph, a pyoxigraph Store or pyoxigraph triples."""
    import pyoxigraph as ox
    import rdflib

    if isinstance(source, rdflib.Graph):
        return source
    if isinstance(source, (str, os.PathLike)):
        from .named import load_store

        source = load_store(source)  # pyoxigraph parses far faster than rdflib
    if isinstance(source, ox.Store):
        return _to_rdflib(q.triple for q in source)
    return _to_rdflib(source)


def validate(source, shapes: str | os.PathLike | None = None) -> ValidationReport:
    """Validate a graph (path, rdflib Graph, pyoxigraph Store, or pyoxigraph triples) against the shapes."""
    import pyshacl
    import rdflib

    if shapes is None:
        sg = shapes_graph()
    else:
        if not Path(shapes).is_file():
            raise InputError("shapes file not found", where=str(shapes), fix="pass a SHACL Turtle file")
        sg = rdflib.Graph().parse(shapes, format="turtle")
    store = _as_store(source)
    data = as_rdflib(store if not isinstance(source, rdflib.Graph) else source)
    conforms, results, raw = pyshacl.validate(data, shacl_graph=sg, inference="none", advanced=False,
                                              abort_on_first=False, allow_warnings=False)
    violations = _violations(results, sg) + _sparql_target_violations(store, sg)
    violations.sort(key=lambda v: (v["shape"], v["message"], v["focus"], v["path"], v["value"]))
    return ValidationReport(conforms=not violations, violations=violations, raw=raw)


def _as_store(source):
    import pyoxigraph as ox
    import rdflib

    from .named import as_store

    if isinstance(source, rdflib.Graph):
        store = ox.Store()
        store.load(source.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    store = as_store(source)
    return store


def _sparql_target_violations(store, sg) -> list[dict[str, str]]:
    """Run each shape's SHACL-AF SPARQL target with pyoxigraph; every selected node violates.

    Those shapes (see shapes.ttl) select exactly the offending nodes and then
    fail them with ``sh:not kgsh:Anything``; rdflib needs seconds for their
    FILTER NOT EXISTS over the seeds, pyoxigraph milliseconds, so pyshacl
    runs without advanced mode and the targets run here.
    """
    import rdflib

    sh = rdflib.Namespace(SH_NS)
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in
                       (("kg", ONTOLOGY_IRI), ("rdf", RDF_NS)))
    out = []
    for shape, target in sorted(sg.subject_objects(sh.target)):
        if (target, rdflib.RDF.type, sh.SPARQLTarget) not in sg:
            continue
        select = str(sg.value(target, sh.select))
        message = str(sg.value(shape, sh.message) or "")
        for solution in store.query(prefixes + select):
            out.append({"focus": short(solution["this"].value), "path": "", "value": "", "message": message,
                        "shape": short(shape), "component": "sh:NotConstraintComponent", "severity": "sh:Violation"})
    return out


def _violations(results, sg) -> list[dict[str, str]]:
    import rdflib

    ns = rdflib.Namespace(SH_NS)
    out = []
    for r in results.subjects(rdflib.RDF.type, ns.ValidationResult):
        def one(p):
            return results.value(r, p)

        path = one(ns.resultPath)
        out.append({
            "focus": short(one(ns.focusNode)),
            "path": _path_text(results, path),
            "value": short(one(ns.value)),
            "message": str(one(ns.resultMessage) or ""),
            "shape": _shape_name(sg, one(ns.sourceShape)),
            "component": short(one(ns.sourceConstraintComponent)),
            "severity": short(one(ns.resultSeverity)),
        })
    return out


def _path_text(g, path) -> str:
    import rdflib

    if path is None:
        return ""
    if isinstance(path, rdflib.BNode):
        inv = g.value(path, rdflib.URIRef(SH_NS + "inversePath"))
        return f"^{short(inv)}" if inv is not None else "(path)"
    return short(path)


def _shape_name(sg, shape) -> str:
    """The named shape a result comes from (property shapes are blank nodes inside a named one)."""
    import rdflib

    if shape is None:
        return ""
    if isinstance(shape, rdflib.URIRef):
        return short(shape)
    for parent in sg.subjects(rdflib.URIRef(SH_NS + "property"), shape):
        return short(parent)
    return "(anonymous shape)"
