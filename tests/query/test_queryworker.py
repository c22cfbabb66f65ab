"""kg.query.queryworker.evaluate: the row limit of the endpoint counts solutions, not look-alikes in literals."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import sparqlresults as fmt
from kg.query.queryworker import Request, evaluate

EX = "http://example.org/"
# Literals that hold what a JSON or CSV writer puts between solutions.
TRICKY = ("a,{b,{c", "x\r\ny\r\nz", "[{q}]")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, text in enumerate(TRICKY):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(text)))
    return s


@pytest.mark.parametrize("ctype", [fmt.JSON_TYPE, fmt.CSV_TYPE, fmt.TSV_TYPE, fmt.XML_TYPE])
def test_an_answer_at_the_limit_is_served_whatever_its_literals_hold(store, ctype):
    query = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}"
    status, got_type, body = evaluate(store, Request(query, accept=ctype, max_rows=len(TRICKY)))
    assert (status, got_type) == (200, ctype)
    assert body
    status, _type, _body = evaluate(store, Request(query, accept=ctype, max_rows=len(TRICKY) - 1))
    assert status == 413
