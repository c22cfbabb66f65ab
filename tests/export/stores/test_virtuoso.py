"""Virtuoso, Oxigraph and rdflib give the same answers to every named query.

The seeds build and the synthetic fixture are loaded into a real Virtuoso
(``virtuoso-t``, see conftest.py) and queried over HTTP ``/sparql``; the rows
must equal pyoxigraph's (kg.query.named.run) and rdflib's as multisets. Virtuoso
lowercases language tags (zh-Hans → zh-hans); the comparison uses lexical
values, and the language-tag test compares tags case-insensitively.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.query import named as queries

from .conftest import canonical, rdflib_rows

pytestmark = pytest.mark.virtuoso

MINI = Path(__file__).resolve().parents[2] / "fixtures" / "queries_mini.ttl"
G_MINI = "urn:parkkg:test:mini"
G_SEEDS = "urn:parkkg:test:seeds"
NAMES = [n for n, _ in queries.list_named()]
EMPTY_ON_SEEDS = {"conflicting-figures"}  # the seed articles do not disagree (as in tests/query/test_queries.py)
PARAMS = {"park-observations": {"parkName": "月湾经开区"}, "fact-evidence": {"entity": "月光集团"},
          "facts-first-reported": {"from": "2021-01-01", "to": "2021-12-31"}}


@pytest.fixture(scope="module")
def virtuoso(virtuoso_factory, seeds_build):
    return virtuoso_factory({G_MINI: MINI, G_SEEDS: seeds_build.path("ttl")})


@pytest.fixture(scope="module")
def graphs(seeds_build):
    return {G_MINI: (MINI, rdflib.Graph().parse(MINI, format="turtle")),
            G_SEEDS: (seeds_build.path("ttl"), rdflib.Graph().parse(seeds_build.path("ttl"), format="turtle"))}


@pytest.mark.parametrize("graph", [G_MINI, G_SEEDS])
def test_virtuoso_loaded_every_triple(virtuoso, graphs, graph):
    _, rows = virtuoso.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph)
    assert rows == [(len(graphs[graph][1]),)]


@pytest.mark.parametrize("graph", [G_MINI, G_SEEDS])
@pytest.mark.parametrize("name", NAMES)
def test_three_stores_agree_on_named_query(virtuoso, graphs, graph, name):
    path, rg = graphs[graph]
    sparql = queries.load_named(name)
    ox_result = queries.run(path, sparql)
    v_columns, v_rows = virtuoso.select(sparql, graph)
    r_columns, r_rows = rdflib_rows(rg, sparql)
    assert v_columns == ox_result.columns == r_columns
    assert ox_result.rows or (graph == G_SEEDS and name in EMPTY_ON_SEEDS), f"{name} is empty on {graph}"
    assert canonical(v_rows) == canonical(ox_result.rows), f"Virtuoso differs from Oxigraph on {name}"
    assert canonical(r_rows) == canonical(ox_result.rows), f"rdflib differs from Oxigraph on {name}"


@pytest.mark.parametrize("name,params", sorted(PARAMS.items()))
def test_three_stores_agree_with_parameters(virtuoso, graphs, name, params):
    path, rg = graphs[G_MINI]
    sparql = queries.load_named(name, params)
    expected = canonical(queries.run(path, sparql).rows)
    assert expected
    assert canonical(virtuoso.select(sparql, G_MINI)[1]) == expected
    assert canonical(rdflib_rows(rg, sparql)[1]) == expected


def test_language_tags_survive_up_to_case(virtuoso, graphs):
    query = ("SELECT DISTINCT (LANG(?l) AS ?lang) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    v = {row[0].lower() for row in virtuoso.select(query, G_MINI)[1]}
    o = {row[0].lower() for row in queries.run(MINI, query).rows}
    r = {row[0].lower() for row in rdflib_rows(graphs[G_MINI][1], query)[1]}
    assert v == o == r == {"zh-hans"}
