"""kg serve: a real HTTP server on 127.0.0.1 answering the SPARQL 1.1 Protocol."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.query import named as queries
from kg.errors import InputError
from kg.query.serve import check_query, make_server, RequestRejected

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "queries_mini.ttl"
LABELS = "SELECT ?s ?l WHERE { ?s a <https://w3id.org/parkkg/ontology#Enterprise> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s"


def start(path, **options):
    server = make_server(path, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def mini_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    (folder / "graph.ttl").write_bytes(MINI.read_bytes())
    (folder / "graph.html").write_text("<html><body>explorer 探索</body></html>", encoding="utf-8")
    server, url = start(folder / "graph.ttl", max_rows=20, timeout=5)
    yield url
    server.shutdown()
    server.server_close()


def http(url, *, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def get(base, params, headers=None):
    return http(base + "/sparql?" + urllib.parse.urlencode(params), headers=headers)


# (how, params/body, headers, expected status, expected content type prefix)
REQUESTS = [
    ("GET json default", {"query": LABELS}, {}, 200, "application/sparql-results+json"),
    ("GET accept csv", {"query": LABELS}, {"Accept": "text/csv"}, 200, "text/csv"),
    ("GET accept tsv", {"query": LABELS}, {"Accept": "text/tab-separated-values"}, 200, "text/tab-separated-values"),
    ("GET accept json", {"query": LABELS}, {"Accept": "application/json"}, 200, "application/sparql-results+json"),
    ("GET format csv", {"query": LABELS, "format": "csv"}, {"Accept": "application/sparql-results+json"}, 200, "text/csv"),
    ("GET format bad", {"query": LABELS, "format": "xlsx"}, {}, 400, "text/plain"),
    ("GET no query", {}, {}, 400, "text/plain"),
    ("GET syntax error", {"query": "SELECT * WHERE { ?s ?p }"}, {}, 400, "text/plain"),
    ("GET update param", {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}, {}, 403, "text/plain"),
    ("GET update as query", {"query": "PREFIX x: <http://x/> INSERT DATA { <a:b> <a:c> <a:d> }"}, {}, 403, "text/plain"),
    ("GET clear as query", {"query": "# comment\nCLEAR ALL"}, {}, 403, "text/plain"),
    ("GET service", {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, {}, 403, "text/plain"),
    ("GET too many rows", {"query": "SELECT * WHERE { ?s ?p ?o }"}, {}, 413, "text/plain"),
    ("GET ask", {"query": "ASK { ?s a <https://w3id.org/parkkg/ontology#Park> }"}, {}, 200, "application/sparql-results+json"),
    ("GET construct", {"query": "CONSTRUCT WHERE { ?s <https://w3id.org/parkkg/ontology#adminLevel> ?o }"}, {}, 200, "text/turtle"),
]


@pytest.mark.parametrize("case,params,headers,status,ctype", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_get_requests(mini_server, case, params, headers, status, ctype):
    got_status, got_ctype, body = get(mini_server, params, headers)
    assert (got_status, got_ctype.split(";")[0]) == (status, ctype), body
    if status != 200:
        assert len(body.strip()) > 10  # says why


def test_json_answer_equals_library_rows(mini_server):
    status, _, body = get(mini_server, {"query": queries.load_named("enterprises-per-park")})
    doc = json.loads(body)
    assert status == 200 and doc["head"]["vars"] == queries.run(MINI, "enterprises-per-park").columns
    labels = sorted(b["enterpriseLabel"]["value"] for b in doc["results"]["bindings"])
    assert labels == ["星辰科技有限公司", "月光集团"]
    assert doc["results"]["bindings"][0]["parkLabel"]["xml:lang"].lower() == "zh-hans"
    assert doc["results"]["bindings"][0]["mentions"]["datatype"].endswith("#integer")


def test_csv_and_tsv_bodies(mini_server):
    _, _, body = get(mini_server, {"query": LABELS, "format": "csv"})
    table = list(csv.reader(io.StringIO(body)))
    assert table[0] == ["s", "l"] and {r[1] for r in table[1:]} == {"星辰科技有限公司", "月光集团"}
    _, _, body = get(mini_server, {"query": LABELS, "format": "tsv"})
    lines = body.splitlines()
    assert lines[0] == "?s\t?l" and lines[1].startswith("<https://") and '"@zh-hans' in lines[1].lower()


@pytest.mark.parametrize("ctype,body,status", [
    ("application/sparql-query", LABELS, 200),
    ("application/x-www-form-urlencoded", urllib.parse.urlencode({"query": LABELS}), 200),
    ("application/x-www-form-urlencoded", urllib.parse.urlencode({"update": "CLEAR ALL"}), 403),
    ("application/sparql-update", "CLEAR ALL", 403),
    ("text/plain", LABELS, 415),
])
def test_post_requests(mini_server, ctype, body, status):
    got, _, text = http(mini_server + "/sparql", data=body.encode("utf-8"), headers={"Content-Type": ctype})
    assert got == status, text
    if status == 200:
        assert "月光集团" in text


def test_explorer_at_root(mini_server):
    status, ctype, body = http(mini_server + "/")
    assert status == 200 and ctype.startswith("text/html") and "探索" in body


def test_unknown_path_is_404(mini_server):
    assert http(mini_server + "/nope")[0] == 404


def test_store_is_not_changed_by_refused_updates(mini_server):
    get(mini_server, {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"})
    _, _, body = get(mini_server, {"query": "ASK { <a:b> <a:c> <a:d> }"})
    assert json.loads(body)["boolean"] is False


def test_slow_query_is_cut_off(seeds_build):
    server, url = start(seeds_build.path("ttl"), timeout=0.3, max_rows=10**9)
    try:
        status, _, body = get(url, {"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    finally:
        server.shutdown()
        server.server_close()
    assert status == 503 and "0.3 s" in body


@pytest.mark.parametrize("query,blocked", [
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
    ("SELECT * WHERE { ?s <http://x/SERVICE> ?o }", False),
    ("# INSERT\nSELECT * WHERE { ?s ?p ?o }", False),
    ("BASE <http://x/> PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }", True),
    ("insert data { <a:b> <a:c> <a:d> }", True),
    ("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", True),
])
def test_check_query(query, blocked):
    if blocked:
        with pytest.raises(RequestRejected) as info:
            check_query(query)
        assert info.value.status == 403
    else:
        check_query(query)


def test_missing_graph_is_an_input_error():
    with pytest.raises(InputError):
        make_server("/nonexistent/graph.ttl")
