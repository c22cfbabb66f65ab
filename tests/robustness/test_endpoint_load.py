"""Defensive endpoint: kg serve stays local, read-only, bounded, and survives a burst of queries.

Uses the real server from :mod:`kg.query.serve` on a free port over a small built
graph. The load test fires 200 concurrent queries twice and checks every
answer is a 200 or a deliberate 503 "busy", and that a second burst does not
grow the process's memory. Figures are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import inspect
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

import kg
from kg.query import serve

from .conftest import GOOD_PAGE, variant


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for i in range(4):
        (folder / f"p{i}.txt").write_text(variant(i) if i else GOOD_PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    kg.build([folder], out=out, html=False)
    return out / "graph.ttl"


@pytest.fixture
def endpoint(graph):
    def start(**options):
        server = serve.make_server(graph, port=0, **options)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        started.append(server)
        host, port = server.server_address[:2]
        return f"http://{host}:{port}/sparql"

    started = []
    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _call(url: str, *, query: str | None = None, data: bytes | None = None, ctype: str = "") -> tuple[int, bytes]:
    if query is not None:
        url = url + "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype} if ctype else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_binds_loopback_by_default(endpoint):
    assert inspect.signature(serve.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve.make_server).parameters["host"].default == "127.0.0.1"
    assert endpoint().startswith("http://127.0.0.1:")


# (case, how the request is sent, expected status)
REFUSED = [
    ("update-form", dict(data=b"update=" + urllib.parse.quote_plus("INSERT DATA { <urn:a> <urn:b> <urn:c> }").encode(),
                         ctype="application/x-www-form-urlencoded"), 403),
    ("update-body", dict(data=b"DELETE WHERE { ?s ?p ?o }", ctype="application/sparql-update"), 403),
    ("update-as-query", dict(query="CLEAR ALL"), 403),
    ("service", dict(query="SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"), 403),
    ("service-lowercase", dict(query="select * where { service <http://example.org/s> { ?s ?p ?o } }"), 403),
    ("too-many-rows", dict(query="SELECT * WHERE { ?s ?p ?o }"), 413),
    ("syntax-error", dict(query="SELECT WHERE {"), 400),
]


@pytest.mark.parametrize("case,request_kwargs,status", REFUSED, ids=[c[0] for c in REFUSED])
def test_refuses_writes_remote_calls_and_huge_results(case, request_kwargs, status, endpoint):
    url = endpoint(max_rows=20)
    code, body = _call(url, **request_kwargs)
    assert code == status, body
    assert body.strip() and b"Traceback" not in body


def test_slow_query_is_cut_at_the_time_limit(endpoint):
    url = endpoint(timeout=0.5)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, body = _call(url, query=slow)
    assert code == 503 and b"longer than" in body


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_survives_200_concurrent_queries_without_growing(endpoint):
    url = endpoint(max_workers=4, timeout=10)
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s LIMIT 5"

    def burst() -> dict[int, int]:
        counts: dict[int, int] = {}
        with ThreadPoolExecutor(max_workers=50) as pool:
            for code, _ in pool.map(lambda _: _call(url, query=query), range(200)):
                counts[code] = counts.get(code, 0) + 1
        return counts

    burst()  # warm up: thread stacks, store caches
    rss_before = _rss_kib()
    rounds = [burst() for _ in range(2)]
    rss_after = _rss_kib()
    print(f"\nendpoint load: status counts per 200-query burst {rounds}; "
          f"RSS {rss_before} KiB -> {rss_after} KiB ({rss_after - rss_before:+d} KiB)")
    for counts in rounds:
        assert set(counts) <= {200, 503}, counts  # 503 = "busy", the designed back-pressure
        assert counts.get(200, 0) > 0
    assert rss_after - rss_before < 20 * 1024
    code, body = _call(url, query=query)  # still answering afterwards
    assert code == 200 and body
