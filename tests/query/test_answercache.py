"""Answers kept with the build's store (kg.query.answercache): reused only while the store matches the graph."""

from __future__ import annotations

import os

import pytest
from pyoxigraph import RdfFormat, serialize

from kg.query import answercache
from kg.query.queryout import answer_bytes
from kg.query.storefile import write_store

from export.test_html import SMALL


@pytest.fixture
def built(tmp_path):
    ttl = tmp_path / "graph.ttl"
    serialize(SMALL, output=str(ttl), format=RdfFormat.TURTLE)
    write_store(ttl, tmp_path)
    return tmp_path


def _kept(out) -> list[str]:
    folder = out / "store" / answercache.ANSWERS_DIR
    return sorted(os.listdir(folder)) if folder.is_dir() else []


@pytest.mark.parametrize("query, fmt", [("entity-counts", "csv"), ("leading-industries", "table"),
                                        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json")])
def test_a_repeated_query_is_answered_from_the_store_folder(built, query, fmt):
    first = answer_bytes(built, query, fmt)
    assert len(_kept(built)) == 1
    (key,) = _kept(built)
    (built / "store" / "answers" / key).write_bytes(b"kept")  # proves the second answer is read, not evaluated
    assert answer_bytes(built / "graph.ttl", query, fmt) == b"kept"
    assert answer_bytes(built, query, "tsv" if fmt != "tsv" else "csv") not in (b"kept", first)  # other format, other key


def test_parameters_are_part_of_the_key(built):
    a = answer_bytes(built, "SELECT ?x WHERE { BIND (1 AS ?x) }", "csv")
    b = answer_bytes(built, "SELECT ?x WHERE { BIND (2 AS ?x) }", "csv")
    assert a != b and len(_kept(built)) == 2


def test_a_stale_store_keeps_and_reads_nothing(built):
    answer_bytes(built, "entity-counts", "csv")
    (key,) = _kept(built)
    (built / "store" / "answers" / key).write_bytes(b"kept")
    ttl = built / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes() + b"\n")  # the graph changed after the store was loaded
    assert answer_bytes(built, "entity-counts", "csv") != b"kept"
    assert _kept(built) == [key]


def test_service_queries_are_never_kept(built):
    answer_bytes(built, "SELECT ?x WHERE { BIND (1 AS ?x) }", "csv", allow_service=True)
    assert _kept(built) == []


def test_an_unwritable_folder_only_costs_the_speed_up(built):
    (built / "store" / answercache.ANSWERS_DIR).write_text("not a folder")
    assert b"count" in answer_bytes(built, "entity-counts", "csv")


def test_a_first_query_reads_the_store_marker_once(built, monkeypatch):
    """The answer cache and the store both ask whether the store is fresh; the marker is read once."""
    from kg.query import named, storefile

    reads = []
    original = storefile.json.loads
    monkeypatch.setattr(storefile, "json", type("J", (), {"loads": staticmethod(
        lambda text: reads.append(1) or original(text))}))
    named._STORE_CACHE.clear()
    answer_bytes(built, "entity-counts", "csv")
    assert len(reads) == 1


@pytest.mark.parametrize("query, kept", [
    ("SELECT (NOW() AS ?t) WHERE {}", False),
    ("SELECT (rand() AS ?r) WHERE {}", False),
    ("SELECT (UUID() AS ?u) WHERE {}", False),
    ("SELECT (STRUUID() AS ?u) WHERE {}", False),
    ("SELECT ?b WHERE { BIND (BNODE() AS ?b) }", False),
    ("SELECT ?x WHERE { BIND (Now ( ) AS ?x) }", False),
    # the names elsewhere than in a call: variables, strings, IRIs, prefixed names, comments
    ("SELECT ?now WHERE { BIND (\"NOW() or rand()\" AS ?now) }", True),
    ("PREFIX uuid: <http://example.org/rand#> SELECT ?x WHERE { BIND (uuid:now AS ?x) }", True),
    ("SELECT ?bnode WHERE { BIND (<http://example.org/bnode/now> AS ?bnode) } # RAND()", True),
])
def test_answers_that_change_between_runs_are_never_kept(built, query, kept):
    answer_bytes(built, query, "csv")
    assert len(_kept(built)) == (1 if kept else 0)


def test_the_endpoint_keeps_no_answer_that_changes_between_runs(built):
    from kg.query.serve import Endpoint

    endpoint = Endpoint(built / "graph.ttl", max_workers=1)
    try:
        first = endpoint.answer("SELECT (STRUUID() AS ?u) WHERE {}", fmt="csv")
        again = endpoint.answer("SELECT (STRUUID() AS ?u) WHERE {}", fmt="csv")
        assert first[0] == again[0] == 200 and first[2] != again[2]
        endpoint.answer("SELECT (1 AS ?one) WHERE {}", fmt="csv")
        assert len(endpoint.cache._items) == 1
    finally:
        endpoint.close()
