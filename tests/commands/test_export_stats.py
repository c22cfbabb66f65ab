"""`kg export` and `kg stats` through the real CLI entry point (kg.cli.main),
on a small synthetic graph, plus one subprocess run to prove user errors print
one line and no traceback."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.cli import main

TTL = """
@prefix kg: <https://w3id.org/parkkg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/parkkg/id/park/a> a kg:Park ; rdfs:label "子园区"@zh-Hans ; kg:mentionCount 3 ;
    kg:leadsIndustry <https://w3id.org/parkkg/id/industry/b> ; kg:hasObservation <https://w3id.org/parkkg/id/observation/o> .
<https://w3id.org/parkkg/id/industry/b> a kg:Industry ; rdfs:label "丑产业"@zh-Hans ; kg:mentionCount 1 .
<https://w3id.org/parkkg/id/statement/s> a rdf:Statement ; rdf:subject <https://w3id.org/parkkg/id/park/a> ;
    rdf:predicate kg:leadsIndustry ; rdf:object <https://w3id.org/parkkg/id/industry/b> ;
    prov:wasDerivedFrom <https://w3id.org/parkkg/id/evidence/e> .
<https://w3id.org/parkkg/id/evidence/e> a kg:Evidence ; kg:sentenceText "子园区主导丑产业。"@zh .
<https://w3id.org/parkkg/id/observation/o> a kg:Observation ; kg:value 1 ; kg:unit "count" .
"""
PARK, INDUSTRY = "https://w3id.org/parkkg/id/park/a", "https://w3id.org/parkkg/id/industry/b"


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "graph.ttl").write_text(TTL, encoding="utf-8")
    return folder / "graph.ttl"


def test_stats_text(graph, capsys):
    assert main(["stats", str(graph)]) == 0
    out = capsys.readouterr().out
    assert "Park" in out and "子园区" in out
    assert "relations      1/1 with evidence (100.0%)" in out
    assert "observations   0/1 with evidence (0.0%)" in out


@pytest.mark.parametrize("args, key, expected", [
    (["--json"], "entities", {"Park": 1, "Enterprise": 0, "Industry": 1, "Policy": 0, "Project": 0,
                              "Place": 0, "Person": 0, "Organization": 0}),
    (["--json"], "provenance", {"relations": {"total": 1, "with_statement": 1, "with_evidence": 1, "share": 1.0},
                                "observations": {"total": 1, "with_evidence": 0, "share": 0.0}}),
    (["--json", "--top", "1"], "top_mentions", [{"iri": PARK, "label": "子园区", "type": "Park", "mentions": 3}]),
    (["--json", "--top", "0"], "top_degree", []),
])
def test_stats_json(graph, capsys, args, key, expected):
    assert main(["stats", str(graph), *args]) == 0
    assert json.loads(capsys.readouterr().out)[key] == expected


def test_stats_accepts_a_build_folder(graph, capsys):
    assert main(["stats", str(graph.parent), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["triples"] > 0


@pytest.mark.parametrize("fmt, files", [("graphml", ["graph.graphml"]), ("gexf", ["graph.gexf"]),
                                        ("csv", ["edges.csv", "nodes.csv"])])
def test_export_writes_next_to_the_graph_by_default(graph, capsys, fmt, files):
    assert main(["export", str(graph), "--format", fmt]) == 0
    assert sorted(p.name for p in graph.parent.iterdir() if p.name != "graph.ttl") == files
    assert capsys.readouterr().out.count("wrote ") == len(files)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_xml_loads_in_networkx_with_labels_types_weights(graph, tmp_path, fmt):
    assert main(["export", str(graph), "--format", fmt, "--out", str(tmp_path / "net")]) == 0
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / "net" / f"graph.{fmt}")
    assert g.nodes[PARK]["label"] == "子园区" and g.nodes[PARK]["type"] == "Park"
    edge = g.edges[PARK, INDUSTRY]
    assert edge["predicate"] == "leadsIndustry" and float(edge["weight"]) == 1.0


def test_export_csv_has_gephi_columns(graph, tmp_path):
    assert main(["export", str(graph), "--format", "csv", "--out", str(tmp_path / "csv")]) == 0
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert [(n["Id"], n["Label"], n["type"]) for n in nodes] == [(INDUSTRY, "丑产业", "Industry"), (PARK, "子园区", "Park")]
    assert edges == [{"Source": PARK, "Target": INDUSTRY, "Type": "Directed", "Label": "主导产业",
                      "predicate": "leadsIndustry", "Weight": "1"}]


@pytest.mark.parametrize("argv, code, message", [
    (["stats", "{tmp}/missing.ttl"], 2, "graph file not found"),
    (["export", "{tmp}/missing.ttl"], 2, "graph file not found"),
    (["stats", "{tmp}/g.csv"], 2, "unknown graph file extension"),
    (["export", "{graph}", "--out", "{graph}"], 5, "not a folder"),
])
def test_user_errors_map_to_exit_codes_with_a_fix(graph, tmp_path, capsys, argv, code, message):
    (tmp_path / "g.csv").write_text("a,b")
    argv = [a.format(tmp=tmp_path, graph=graph) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.startswith("kg: error:") and message in err and "Fix:" in err


def test_unknown_export_format_is_a_usage_error(graph, capsys):
    assert main(["export", str(graph), "--format", "dot"]) == 2
    assert "'dot' is not one of" in capsys.readouterr().err


def test_real_cli_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", str(tmp_path / "nope.ttl")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
