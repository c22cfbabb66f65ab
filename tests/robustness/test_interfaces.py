"""Interfaces that fit the ecosystem (issue 15, "Tried as a new user would").

Each case failed before: `kg query`/`kg validate` refused a build folder and
nothing read `-`; `--format json` was not W3C JSON and there was no XML;
CONSTRUCT printed a table; `kg serve` answered XML requests with JSON and
sorted `SELECT *` variables; `kg.query.named.run` failed on a BuildResult and an
rdflib Graph; `to_networkx(predicates=…)` kept every node.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.query import named as queries, serve

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "queries_mini.ttl"
PARKS = "SELECT ?park ?label WHERE { ?park a <https://w3id.org/parkkg/ontology#Park> ; " \
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?park"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    (out / "graph.ttl").write_bytes(MINI.read_bytes())
    return out


# (command, extra arguments, words expected in stdout)
READERS = [("query", ["leading-industries"], "光子产业"), ("validate", [], "conform"),
           ("stats", [], "Park"), ("export", ["--format", "csv", "--out", "{tmp}"], "nodes.csv")]


@pytest.mark.parametrize("form", ["file", "folder", "stdin"])
@pytest.mark.parametrize("command,extra,words", READERS, ids=[r[0] for r in READERS])
def test_every_graph_reader_takes_a_file_a_folder_or_stdin(folder, tmp_path, command, extra, words, form):
    graph = {"file": str(folder / "graph.ttl"), "folder": str(folder), "stdin": "-"}[form]
    argv = [sys.executable, "-m", "kg", command, graph, *[a.format(tmp=tmp_path) for a in extra]]
    proc = subprocess.run(argv, input=MINI.read_bytes() if form == "stdin" else b"", capture_output=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, proc.stderr.decode()[-800:]
    assert words.lower() in out.lower()


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_query_formats_are_w3c_results(run_cli, fmt, tmp_path):
    target = tmp_path / f"answer.{fmt}"
    assert run_cli("query", MINI, PARKS, "-f", fmt, "-o", target).code == 0
    if fmt == "csv":  # lossy by design (no term types): pyoxigraph does not read it back
        import csv
        import io

        table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
        assert table[0] == ["park", "label"] and len(table) == 4
        return
    parsed = ox.parse_query_results(target.read_bytes(), format=getattr(ox.QueryResultsFormat, fmt.upper()))
    rows = [[sol[v] for v in parsed.variables] for sol in parsed]
    assert [v.value for v in parsed.variables] == ["park", "label"]
    assert rows == [[s["park"], s["label"]] for s in queries.load_store(MINI).query(PARKS)]


@pytest.mark.parametrize("fmt,rdf", [("table", ox.RdfFormat.TURTLE), ("ttl", ox.RdfFormat.TURTLE),
                                     ("nt", ox.RdfFormat.N_TRIPLES)])
def test_construct_prints_rdf(run_cli, fmt, rdf):
    construct = "CONSTRUCT { ?p a <https://w3id.org/parkkg/ontology#Park> } WHERE { ?p a <https://w3id.org/parkkg/ontology#Park> }"
    run = run_cli("query", MINI, construct, "-f", fmt)
    assert run.code == 0, run.err
    assert len(list(ox.parse(run.out.encode("utf-8"), format=rdf))) == 3


@pytest.fixture(scope="module")
def endpoint(folder):
    srv = serve.make_server(folder, port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    srv.shutdown()
    srv.server_close()


def _get(url: str, query: str, accept: str) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


# (Accept header, expected status, expected type, pyoxigraph results format to read it with)
ACCEPTS = [("application/sparql-results+xml", 200, "application/sparql-results+xml", ox.QueryResultsFormat.XML),
           ("application/sparql-results+json", 200, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
           ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", 200, "application/sparql-results+xml",
            ox.QueryResultsFormat.XML),
           ("text/html,*/*;q=0.8", 200, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
           ("image/png", 406, "text/plain", None)]


@pytest.mark.parametrize("accept,status,ctype,fmt", ACCEPTS, ids=[a[0] for a in ACCEPTS])
def test_serve_honours_accept(endpoint, accept, status, ctype, fmt):
    got, got_type, body = _get(endpoint, PARKS, accept)
    assert (got, got_type.split(";")[0]) == (status, ctype), body
    if fmt is not None:
        assert len(list(ox.parse_query_results(body, format=fmt))) == 3


def test_serve_keeps_the_query_variable_order(endpoint):
    _, _, body = _get(endpoint, "SELECT * WHERE { ?zeta a ?alpha . ?zeta ?mid ?alpha } LIMIT 1",
                      "application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == ["zeta", "alpha", "mid"]


def test_run_takes_a_build_result_and_an_rdflib_graph(tmp_path):
    import rdflib

    expected = queries.run(MINI, PARKS).rows
    graph = rdflib.Graph().parse(MINI, format="turtle")
    assert queries.run(graph, PARKS).rows == expected
    result = kg.BuildResult(triples=list(ox.parse(path=str(MINI), format=ox.RdfFormat.TURTLE)))
    assert queries.run(result, PARKS).rows == expected


def test_to_networkx_with_predicates_keeps_only_touched_nodes():
    g = kg.to_networkx(MINI, predicates=["leadsIndustry"])
    assert g.number_of_nodes() and all(g.degree(n) > 0 for n in g.nodes)
    everything = kg.to_networkx(MINI, predicates=["leadsIndustry"], keep_isolated=True)
    assert everything.number_of_nodes() > g.number_of_nodes()
    assert kg.to_networkx(MINI).number_of_nodes() == everything.number_of_nodes()


def test_workers_ignore_sigint():
    code = ("import os, signal, time\nfrom kg.procs import child_setup\n"
            "child_setup(os.getppid())\nprint(signal.getsignal(signal.SIGINT) == signal.SIG_IGN, flush=True)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "True"
