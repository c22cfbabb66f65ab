"""kg.analysis.frames on a small synthetic graph whose every number is known, plus
cross-checks against a real seeds build (counts compared with the BuildResult,
never hard-coded)."""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from pyoxigraph import DefaultGraph, Quad, RdfFormat, parse, serialize

import kg
from kg.analysis import frames as analysis
from kg.errors import InputError, OutputError

ID = "https://w3id.org/parkkg/id/"
A, B, X, Y = ID + "park/A", ID + "park/B", ID + "industry/X", ID + "industry/Y"
E, P, Q = ID + "enterprise/E", ID + "place/P", ID + "person/Q"

#: Seven contract relations: two with two evidences between them, one statement without
#: evidence (E locatedIn A), one relation with no statement at all (A locatedIn P), and two
#: observations, one without evidence. Labels are synthetic.
TTL = """
@prefix kg: <https://w3id.org/parkkg/ontology#> .
@prefix id: <https://w3id.org/parkkg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:park\\/A a kg:Park, kg:HighTechZone ; rdfs:label "甲高新区"@zh-Hans ; skos:altLabel "甲高新技术产业开发区"@zh-Hans ;
    kg:mentionCount 5 ; kg:mentionedIn id:article\\/1 ; kg:hasObservation id:observation\\/1 ;
    kg:leadsIndustry id:industry\\/X ; kg:developsIndustry id:industry\\/X ; kg:locatedIn id:place\\/P .
id:park\\/B a kg:Park, kg:EconomicDevelopmentZone ; rdfs:label "乙经开区"@zh-Hans ; kg:mentionCount 3 ;
    kg:hasObservation id:observation\\/2 ;
    kg:leadsIndustry id:industry\\/X ; kg:developsIndustry id:industry\\/Y ; kg:locatedIn id:place\\/P .
id:industry\\/X a kg:Industry ; rdfs:label "丙产业"@zh-Hans ; skos:altLabel "同名"@zh-Hans ; kg:mentionCount 4 .
id:industry\\/Y a kg:Industry ; rdfs:label "丁产业"@zh-Hans ; skos:altLabel "同名"@zh-Hans ; kg:mentionCount 1 .
id:enterprise\\/E a kg:Enterprise ; rdfs:label "戊公司"@zh-Hans ; kg:mentionCount 2 ; kg:locatedIn id:park\\/A .
id:place\\/P a kg:Place ; rdfs:label "己市"@zh-Hans ; kg:mentionCount 6 .
id:person\\/Q a kg:Person ; rdfs:label "庚某"@zh-Hans ; kg:mentionCount 1 .

id:statement\\/1 a rdf:Statement ; rdf:subject id:park\\/A ; rdf:predicate kg:leadsIndustry ; rdf:object id:industry\\/X ;
    kg:extractor "t" ; prov:wasDerivedFrom id:evidence\\/1, id:evidence\\/2 .
id:statement\\/2 a rdf:Statement ; rdf:subject id:park\\/A ; rdf:predicate kg:developsIndustry ; rdf:object id:industry\\/X ;
    prov:wasDerivedFrom id:evidence\\/1 .
id:statement\\/3 a rdf:Statement ; rdf:subject id:park\\/B ; rdf:predicate kg:leadsIndustry ; rdf:object id:industry\\/X ;
    prov:wasDerivedFrom id:evidence\\/3 .
id:statement\\/4 a rdf:Statement ; rdf:subject id:park\\/B ; rdf:predicate kg:developsIndustry ; rdf:object id:industry\\/Y ;
    prov:wasDerivedFrom id:evidence\\/3 .
id:statement\\/5 a rdf:Statement ; rdf:subject id:enterprise\\/E ; rdf:predicate kg:locatedIn ; rdf:object id:park\\/A .
id:statement\\/7 a rdf:Statement ; rdf:subject id:park\\/B ; rdf:predicate kg:locatedIn ; rdf:object id:place\\/P ;
    prov:wasDerivedFrom id:evidence\\/4 .

id:evidence\\/1 a kg:Evidence ; kg:inArticle id:article\\/1 ; kg:beginIndex 0 ; kg:endIndex 9 ; kg:sentenceText "甲高新区主导丙产业。"@zh .
id:evidence\\/2 a kg:Evidence ; kg:inArticle id:article\\/1 ; kg:beginIndex 10 ; kg:endIndex 19 ; kg:sentenceText "甲高新区壮大丙产业。"@zh .
id:evidence\\/3 a kg:Evidence ; kg:inArticle id:article\\/2 ; kg:beginIndex 0 ; kg:endIndex 9 ; kg:sentenceText "乙经开区发展丙丁。"@zh .
id:evidence\\/4 a kg:Evidence ; kg:inArticle id:article\\/2 ; kg:beginIndex 10 ; kg:endIndex 19 ; kg:sentenceText "乙经开区位于己市。"@zh .
id:article\\/1 a kg:Article ; rdfs:label "文章一"@zh-Hans .
id:article\\/2 a kg:Article ; rdfs:label "文章二"@zh-Hans .

id:observation\\/1 a kg:Observation ; kg:indicator "产值"@zh-Hans ; kg:value 1500000000.5 ; kg:unit "CNY" ; kg:period "2021" ;
    prov:wasDerivedFrom id:evidence\\/2 .
id:observation\\/2 a kg:Observation ; kg:indicator "企业数"@zh-Hans ; kg:value 12 ; kg:unit "count" ; kg:period "2022" .
"""


@pytest.fixture(scope="module")
def triples():
    return [q.triple for q in parse(TTL.encode("utf-8"), format=RdfFormat.TURTLE)]


@pytest.fixture
def ttl_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(TTL, encoding="utf-8")
    return path


# ---------------------------------------------------------------- inputs

def _as(kind: str, triples, folder: Path):
    if kind == "ttl path":
        (folder / "g.ttl").write_text(TTL, encoding="utf-8")
        return str(folder / "g.ttl")
    if kind == "nt Path":
        (folder / "g.nt").write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
        return folder / "g.nt"
    if kind == "nq Path":
        (folder / "g.nq").write_bytes(serialize([Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples],
                                                format=RdfFormat.N_QUADS))
        return folder / "g.nq"
    if kind == "build folder":
        (folder / "graph.ttl").write_text(TTL, encoding="utf-8")
        return folder
    if kind == "rdflib Graph":
        return rdflib.Graph().parse(data=TTL, format="turtle")
    if kind == "BuildResult":
        return kg.BuildResult(triples=list(triples))
    if kind == "triple list":
        return list(triples)
    if kind == "quad list":
        return [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["ttl path", "nt Path", "nq Path", "build folder", "rdflib Graph",
                                  "BuildResult", "triple list", "quad list"])
def test_every_input_form_gives_the_same_triples(kind, triples, tmp_path):
    assert set(analysis.load_triples(_as(kind, triples, tmp_path))) == set(triples)


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.ttl", "graph file not found"),
    (lambda d: (d / "g.csv").write_text("a,b") and d / "g.csv", "unknown graph file extension"),
    (lambda d: (d / "g.ttl").write_text("<a> <b> .") and d / "g.ttl", "cannot parse the graph"),
    (lambda d: 42, "cannot read a graph from a int"),
    (lambda d: ["not a triple"], "expected pyoxigraph Triple"),
])
def test_unusable_inputs_raise_input_error_with_a_fix(make, message, tmp_path):
    with pytest.raises(InputError) as err:
        analysis.load_triples(make(tmp_path))
    assert message in str(err.value) and "Fix:" in str(err.value)


# ---------------------------------------------------------------- to_networkx

@pytest.mark.parametrize("node, label, type_, subtype, mentions", [
    (A, "甲高新区", "Park", "HighTechZone", 5),
    (B, "乙经开区", "Park", "EconomicDevelopmentZone", 3),
    (X, "丙产业", "Industry", "", 4),
    (E, "戊公司", "Enterprise", "", 2),
    (Q, "庚某", "Person", "", 1),
])
def test_nodes_carry_label_type_subtype_mentions(triples, node, label, type_, subtype, mentions):
    g = kg.to_networkx(triples)
    assert g.nodes[node] == {"label": label, "type": type_, "subtype": subtype, "mentions": mentions}


@pytest.mark.parametrize("s, o, predicate, weight", [
    (A, X, "developsIndustry,leadsIndustry", 3),  # two relations merged: 1 + 2 evidences
    (B, X, "leadsIndustry", 1),
    (B, Y, "developsIndustry", 1),
    (E, A, "locatedIn", 1),  # statement without evidence still weighs 1
    (A, P, "locatedIn", 1),  # no statement at all
    (B, P, "locatedIn", 1),
])
def test_digraph_edges_carry_predicate_and_evidence_weight(triples, s, o, predicate, weight):
    g = kg.to_networkx(triples)
    assert g.number_of_edges() == 6
    assert (g.edges[s, o]["predicate"], g.edges[s, o]["weight"]) == (predicate, weight)


def test_multigraph_keeps_one_edge_per_predicate(triples):
    g = kg.to_networkx(triples, multigraph=True)
    assert g.number_of_edges() == 7
    assert {k: d["weight"] for k, d in g[A][X].items()} == {"leadsIndustry": 2, "developsIndustry": 1}
    assert g[A][X]["leadsIndustry"]["label"] == "主导产业"


@pytest.mark.parametrize("kwargs, nodes, edges", [
    ({"predicates": ["leadsIndustry"], "isolated": False}, {A, B, X}, {(A, X), (B, X)}),
    ({"types": ["Park", "Industry"]}, {A, B, X, Y}, {(A, X), (B, X), (B, Y)}),
    ({"types": ["Person"]}, {Q}, set()),
    ({"predicates": ["locatedIn"], "types": ["Park", "Place"], "isolated": False}, {A, B, P}, {(A, P), (B, P)}),
])
def test_filters_restrict_nodes_and_edges(triples, kwargs, nodes, edges):
    g = kg.to_networkx(triples, **kwargs)
    assert (set(g.nodes), set(g.edges)) == (nodes, edges)


def test_unknown_relation_names_are_rejected(triples):
    with pytest.raises(InputError, match="unknown relation"):
        kg.to_networkx(triples, predicates=["livesIn"])


# ---------------------------------------------------------------- subgraph

def _entities(sub) -> set[str]:
    return set(kg.to_networkx(sub).nodes)


@pytest.mark.parametrize("around, depth, expected", [
    (Q, 1, {Q}),
    (E, 0, {E}),
    (E, 1, {E, A}),
    (E, 2, {E, A, X, P}),
    (E, 3, {E, A, X, P, B}),
    (E, 4, {E, A, X, P, B, Y}),
    ("戊公司", 1, {E, A}),  # by preferred label
    ("甲高新技术产业开发区", 1, {A, X, P, E}),  # by alias
])
def test_subgraph_reaches_entities_within_depth(triples, around, depth, expected):
    assert _entities(kg.subgraph(triples, around=around, depth=depth)) == expected


def test_subgraph_is_self_contained_with_statements_evidence_and_observations(triples):
    sub = kg.subgraph(triples, around=A, depth=1)
    subjects = {t.subject.value for t in sub}
    assert {ID + "statement/1", ID + "statement/2", ID + "statement/5"} <= subjects
    assert {ID + "evidence/1", ID + "evidence/2", ID + "article/1", ID + "observation/1"} <= subjects
    assert ID + "statement/3" not in subjects and ID + "observation/2" not in subjects
    assert kg.graph_stats(sub).provenance["relations"]["total"] == 4
    assert sub == sorted(sub, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    assert len(sub) == len(set(sub))


@pytest.mark.parametrize("around, depth, message", [
    ("同名", 1, "names 2 entities"),
    ("无此名", 1, "no entity with IRI or label"),
    (A, -1, "depth must be 0 or more"),
])
def test_subgraph_errors(triples, around, depth, message):
    with pytest.raises(InputError, match=message):
        kg.subgraph(triples, around=around, depth=depth)


def test_explorer_view_is_offline_html(triples):
    view = analysis.explorer(kg.subgraph(triples, around=A, depth=1))
    page = view._repr_html_()
    inner = html.unescape(page.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert page.startswith("<iframe srcdoc=") and inner.startswith("<!DOCTYPE html>") and "甲高新区" in inner
    assert "<script" in inner and "<script src" not in inner and not re.search(r"(src|href)=[\"']?https?:", inner)


# ---------------------------------------------------------------- stats

def test_stats_counts_top_lists_and_coverage(triples):
    st = kg.graph_stats(triples, top=3)
    assert st.triples == len(triples)
    assert st.entities == {"Park": 2, "Enterprise": 1, "Industry": 2, "Policy": 0, "Project": 0,
                           "Place": 1, "Person": 1, "Organization": 0}
    assert st.classes["rdf:Statement"] == 6 and st.classes["kg:HighTechZone"] == 1
    assert st.predicates["kg:locatedIn"] == 3 and st.predicates["prov:wasDerivedFrom"] == 7
    assert [(r["label"], r["degree"]) for r in st.top_degree] == [("甲高新区", 4), ("丙产业", 3), ("乙经开区", 3)]
    assert [(r["label"], r["mentions"]) for r in st.top_mentions] == [("己市", 6), ("甲高新区", 5), ("丙产业", 4)]
    assert st.provenance == {
        "relations": {"total": 7, "with_statement": 6, "with_evidence": 5, "share": 0.7143},
        "observations": {"total": 2, "with_evidence": 1, "share": 0.5},
    }
    assert json.loads(st.to_json()) == st.to_dict()
    text = st.to_text()
    assert "5/7 with evidence (71.4%)" in text and "1/2 with evidence (50.0%)" in text


def test_stats_of_an_empty_graph_has_no_share():
    st = kg.graph_stats([])
    assert st.provenance["relations"]["share"] is None and "n/a" in st.to_text()


# ---------------------------------------------------------------- export

def _read(fmt: str, folder: Path) -> nx.DiGraph:
    if fmt == "graphml":
        return nx.read_graphml(folder / "graph.graphml")
    if fmt == "gexf":
        return nx.read_gexf(folder / "graph.gexf")
    g = nx.DiGraph()
    with open(folder / "nodes.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            g.add_node(row["Id"], label=row["Label"], type=row["type"])
    with open(folder / "edges.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            g.add_edge(row["Source"], row["Target"], predicate=row["predicate"], weight=row["Weight"])
    return g


@pytest.mark.parametrize("fmt, files", [
    ("graphml", ["graph.graphml"]), ("gexf", ["graph.gexf"]), ("csv", ["nodes.csv", "edges.csv"]),
])
def test_export_round_trips_labels_types_and_weights(fmt, files, triples, tmp_path):
    written = kg.export_network(triples, tmp_path / "a", fmt)
    assert [p.name for p in written] == files
    g = _read(fmt, tmp_path / "a")
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 6
    assert (g.nodes[A]["label"], g.nodes[A]["type"]) == ("甲高新区", "Park")
    assert g.edges[A, X]["predicate"] == "developsIndustry,leadsIndustry"
    assert float(g.edges[A, X]["weight"]) == 3
    again = kg.export_network(rdflib.Graph().parse(data=TTL, format="turtle"), tmp_path / "b", fmt)
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]  # deterministic


def test_export_errors(triples, tmp_path):
    with pytest.raises(InputError, match="unknown export format"):
        kg.export_network(triples, tmp_path, "dot")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        kg.export_network(triples, tmp_path / "file", "csv")


# ---------------------------------------------------------------- query_df

def test_query_df_runs_sparql_text_into_a_dataframe(triples):
    pd = pytest.importorskip("pandas")
    df = kg.query_df(kg.BuildResult(triples=list(triples)), """
        PREFIX kg: <https://w3id.org/parkkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?n WHERE { ?e rdfs:label ?label ; kg:mentionCount ?n } ORDER BY DESC(?n) ?label""")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["label", "n"]
    assert df["n"].tolist() == [6, 5, 4, 3, 2, 1, 1] and df["label"].iloc[0] == "己市"


def test_query_df_runs_every_named_query(triples):
    pytest.importorskip("pandas")
    from kg.query import named as queries

    names = [name for name, _ in queries.list_named()]
    assert names
    for name in names:
        df = kg.query_df(triples, name)
        assert list(df.columns) == queries.run(triples, name).columns, name


@pytest.mark.parametrize("source", ["ttl path", "build folder", "rdflib Graph", "triple list"])
def test_query_df_accepts_every_input_form_and_binds_params(source, triples, tmp_path):
    pytest.importorskip("pandas")
    df = kg.query_df(_as(source, triples, tmp_path), "park-observations", {"parkName": "甲高新区"})
    assert df["unit"].tolist() == ["CNY"] and df["value"].tolist() == [1500000000.5]


def test_import_kg_does_not_import_pandas():
    code = "import sys, kg; print('pandas' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# ---------------------------------------------------------------- against a real build

def test_stats_agree_with_the_build_result(seeds_build):
    result = seeds_build.result
    st = kg.graph_stats(seeds_build.path("ttl"))
    assert st.triples == len(result.triples)
    assert st.entities == {t: result.entities.get(t, 0) for t in st.entities}
    assert {k[3:]: v for k, v in st.predicates.items() if k[3:] in result.relations} == dict(result.relations)
    assert st.provenance["relations"]["total"] == sum(result.relations.values())
    assert st.provenance["observations"]["total"] == result.observations
    assert st.provenance["relations"]["with_evidence"] <= st.provenance["relations"]["with_statement"]


def test_networkx_view_of_the_real_build_matches_its_relations(seeds_build):
    g = kg.to_networkx(seeds_build.result, multigraph=True)
    assert Counter(k for _, _, k in g.edges(keys=True)) == Counter(seeds_build.result.relations)
    assert sum(Counter(d["type"] for _, d in g.nodes(data=True)).values()) == sum(seeds_build.result.entities.values())
