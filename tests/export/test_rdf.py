"""kg.export.rdf: five serializations, one graph; provenance in per-article named graphs.

Every file is parsed by both rdflib and pyoxigraph and compared as sets of
canonical N-Triples lines (rdflib's view is re-serialized and read back by
pyoxigraph so language-tag case and escapes are compared canonically).
"""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import DefaultGraph, RdfFormat

from kg.export import FORMATS, serialize_graph, write_graph
from kg.iris import IriMaker
from kg.model import Document, Extraction, Mention, Page, RelationMention
from kg.vocab import KG

from buildkit import assemble

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's own parsers use deprecated APIs

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = ("nq", "trig")
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


# ---------------------------------------------------------------- readers


def oxi_quads(data: bytes, fmt: str) -> list[pyoxigraph.Quad]:
    parsed = pyoxigraph.parse(data, format=FORMATS[fmt])
    return [q if isinstance(q, pyoxigraph.Quad) else pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in parsed]


def oxi_triples(data: bytes, fmt: str) -> set[str]:
    return {str(q.triple) for q in oxi_quads(data, fmt)}


def rdflib_triples(data: bytes, fmt: str) -> set[str]:
    if fmt in QUAD_FORMATS:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g = rdflib.Graph()
        g.parse(data=data, format=RDFLIB_FORMAT[fmt])
    nt = g.serialize(format="nt", encoding="utf-8")
    return {str(t) for t in pyoxigraph.parse(nt, format=RdfFormat.N_TRIPLES)}


# ---------------------------------------------------------------- a small graph with two articles

RAW = ["星河高新區位於北京市。", "華芯微電子有限公司落戶星河高新區。"]


def _doc(i: int) -> Document:
    from kg.normalize.script import to_simplified

    raw = RAW[i]
    page = Page(path=f"p{i}.txt", name=f"p{i}.txt", text=raw, encoding="utf-8", sha1=f"{i}" * 40)
    return Document(page=page, article_index=0, text=to_simplified(raw), origin=tuple(range(len(raw) + 1)),
                    title=f"标题{i}")


def _m(doc: Document, type_: str, name: str) -> Mention:
    a = doc.text.index(name)
    return Mention(type_, name, a, a + len(name), "t")


@pytest.fixture(scope="module")
def small():
    d0, d1 = _doc(0), _doc(1)
    park0, city = _m(d0, "Park", "星河高新区"), _m(d0, "Place", "北京市")
    ent, park1 = _m(d1, "Enterprise", "华芯微电子有限公司"), _m(d1, "Park", "星河高新区")
    ex0 = Extraction(d0, (park0, city), (RelationMention("locatedIn", park0, city, 0, len(d0.text), "t"),))
    ex1 = Extraction(d1, (ent, park1), (RelationMention("locatedIn", ent, park1, 0, len(d1.text), "t"),))
    triples, _ = assemble([ex0, ex1])
    return triples, (d0, d1)


def _expected(triples) -> set[str]:
    return {str(t) for t in triples}


# ---------------------------------------------------------------- all formats, both parsers


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_small_graph_round_trips_through_both_parsers(small, fmt: str) -> None:
    triples, _ = small
    data = serialize_graph(triples, fmt)
    assert oxi_triples(data, fmt) == _expected(triples)
    assert rdflib_triples(data, fmt) == _expected(triples)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_seeds_files_parse_with_both_parsers_to_the_same_triples(seeds_build, fmt: str) -> None:
    data = seeds_build.path(fmt).read_bytes()
    reference = oxi_triples(seeds_build.path("nt").read_bytes(), "nt")
    assert len(reference) == len(seeds_build.result.triples) > 0
    assert oxi_triples(data, fmt) == reference
    assert rdflib_triples(data, fmt) == reference


def test_serialization_is_deterministic(small) -> None:
    triples, _ = small
    for fmt in FORMATS:
        assert serialize_graph(triples, fmt) == serialize_graph(list(triples), fmt)


def test_turtle_uses_the_project_prefixes(small) -> None:
    head = serialize_graph(small[0], "ttl").decode()
    for prefix in ("kg", "rdf", "rdfs", "xsd", "skos", "dct", "prov"):
        assert f"@prefix {prefix}: <" in head


def test_write_graph_writes_one_file_per_format(tmp_path, small) -> None:
    paths = write_graph(small[0], tmp_path, list(FORMATS))
    assert [p.name for p in paths] == [f"graph.{f}" for f in FORMATS]
    for p in paths:
        assert p.read_bytes() == serialize_graph(small[0], p.suffix[1:])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths), "no temp files left"


# ---------------------------------------------------------------- named graphs


def _graph_of(quads) -> dict[str, set[str]]:
    """subject IRI -> names of the graphs it appears in ("" for the default graph)."""
    out: dict[str, set[str]] = {}
    for q in quads:
        out.setdefault(q.subject.value, set()).add("" if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value)
    return out


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_provenance_goes_to_the_cited_articles_graph(small, fmt: str) -> None:
    triples, docs = small
    quads = oxi_quads(serialize_graph(triples, fmt), fmt)
    graphs = _graph_of(quads)
    iris = IriMaker()
    types = {(t.subject.value, t.object.value) for t in triples if t.predicate.value == RDF_TYPE}
    evidence = {s for s, o in types if o == str(KG.Evidence)}
    statements = {s for s, o in types if o.endswith("#Statement")}
    assert len(evidence) == len(statements) == 2
    articles = {iris.article(d.doc_id) for d in docs}
    for node in evidence | statements:
        assert len(graphs[node]) == 1 and graphs[node] <= articles, node
    for node, names in graphs.items():
        if node not in evidence | statements:
            assert names == {""}, f"{node} is not provenance and belongs in the default graph"
    # each statement shares the graph of the evidence it derives from
    derived = {t.subject.value: t.object.value for t in triples if t.predicate.value == PROV_DERIVED}
    for st in statements:
        assert graphs[st] == graphs[derived[st]]


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_seeds_named_graphs_are_articles(seeds_build, fmt: str) -> None:
    quads = oxi_quads(seeds_build.path(fmt).read_bytes(), fmt)
    names = {q.graph_name.value for q in quads if not isinstance(q.graph_name, DefaultGraph)}
    articles = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value == str(KG.Article)}
    assert names and names <= articles
    in_named = {q.subject.value for q in quads if not isinstance(q.graph_name, DefaultGraph)}
    kinds = {s.split("/")[-2] if "/evidence/" not in s else "evidence" for s in in_named}
    # evidence, the statements citing it, and observations (each derived from one evidence sentence)
    assert kinds <= {"evidence", "statement", "observation"}, kinds
    in_default = {q.subject.value for q in quads if isinstance(q.graph_name, DefaultGraph)}
    assert not in_named & in_default, "a node's triples are never split between graphs"
