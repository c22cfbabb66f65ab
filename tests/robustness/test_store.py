"""Issue 17 item 5: queries without re-parsing.

`kg build` writes ``OUT/store`` (a pyoxigraph store); `kg query` and `kg serve`
open it while it matches ``graph.ttl`` and fall back to the Turtle file when it
does not; ``--no-store`` writes none; `kg serve` answers a repeated query from
its cache.
"""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.query import named as queries, serve
from kg.query.storefile import fresh_store

from .conftest import GOOD_PAGE, variant

LABELS = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"


@pytest.fixture
def built(tmp_path, run_cli) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(2):
        (pages / f"p{i}.txt").write_text(variant(i) if i else GOOD_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", pages, "--out", out, "--no-html", "--no-validate", "-q").code == 0
    return out


def test_build_writes_a_store_that_answers_like_the_turtle(built):
    store = fresh_store(built / "graph.ttl")
    assert store is not None and (built / "store").is_symlink()
    queries._STORE_CACHE.clear()
    from_store = queries.run(built, LABELS).rows
    assert from_store == queries.run(queries.as_store(list(__import__("pyoxigraph").parse(
        path=str(built / "graph.ttl")))), LABELS).rows
    assert from_store


@pytest.mark.parametrize("memory_triples", [200_000, 40], ids=["graph-in-memory", "graph-in-a-file"])
def test_the_store_holds_exactly_the_turtle_triples(tmp_path, monkeypatch, memory_triples):
    """The store is loaded from the build's sorted N-Triples, not the Turtle file: both must hold the same triples."""
    import pyoxigraph as ox

    import kg
    import kg.pipeline.reduce as reduce_step

    monkeypatch.setattr(reduce_step, "MEMORY_TRIPLES", memory_triples)
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.txt").write_text(variant(i) if i else GOOD_PAGE, encoding="utf-8")
    kg.build([pages], out=tmp_path / "out", html=False, validate=False, jobs=1)
    store = ox.Store.read_only(str(fresh_store(tmp_path / "out" / "graph.ttl")))
    in_store = {q.triple for q in store}
    assert in_store == {q.triple for q in ox.parse(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert len(in_store) > 40


def test_a_rewritten_graph_makes_the_store_stale(built):
    ttl = built / "graph.ttl"
    extra = '\n<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "后加的" .\n'
    ttl.write_bytes(ttl.read_bytes() + extra.encode("utf-8"))
    assert fresh_store(ttl) is None
    queries._STORE_CACHE.clear()
    assert ("后加的",) in queries.run(built, LABELS).rows  # read from the Turtle, not the stale store


def test_no_store_writes_none_and_drops_the_old_one(built, tmp_path, run_cli):
    assert run_cli("build", tmp_path / "pages", "--out", built, "--no-html", "--no-validate", "--no-store",
                   "-q").code == 0
    assert not (built / "store").exists() and not list(built.glob(".store-*"))
    assert fresh_store(built / "graph.ttl") is None


def test_serve_uses_the_store_and_caches_answers(built):
    srv = serve.make_server(built, port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        assert srv.endpoint.source == ("store", str(built / "store" / "db"))
        url = f"http://127.0.0.1:{srv.server_address[1]}/sparql?" + urllib.parse.urlencode({"query": LABELS})
        bodies = []
        for _ in range(2):
            with urllib.request.urlopen(url, timeout=30) as resp:
                bodies.append(resp.read())
        assert bodies[0] == bodies[1] and len(srv.endpoint.cache._items) == 1
    finally:
        srv.shutdown()
        srv.server_close()
