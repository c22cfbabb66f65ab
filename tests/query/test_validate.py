"""kg.query.validate: the shapes accept the real build and the fixture, and catch each kind of break.

Each mutation below breaks one rule of the output contract in the synthetic
fixture (SPARQL Update on a copy); the report must name the shape and focus.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main as cli_main
from kg.query.validate import SHAPES_PATH, validate

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "queries_mini.ttl"
PRE = """PREFIX kg: <https://w3id.org/parkkg/ontology#> PREFIX id: <https://w3id.org/parkkg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX dct: <http://purl.org/dc/terms/>
"""


def mini_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    return store


def test_top_level_shapes_is_the_packaged_file():
    assert (ROOT / "shapes.ttl").resolve() == SHAPES_PATH.resolve()


def test_seeds_build_conforms(seeds_build):
    report = validate(seeds_build.result.triples)
    assert report.conforms, report.text()
    assert report.violations == []


def test_fixture_conforms():
    report = validate(MINI)
    assert report.conforms, report.text()


@pytest.mark.parametrize("kind", ["path", "store", "triples", "rdflib"])
def test_sources(kind):
    source = {"path": lambda: str(MINI), "store": mini_store,
              "triples": lambda: list(ox.parse(path=str(MINI), format=ox.RdfFormat.TURTLE)),
              "rdflib": lambda: rdflib.Graph().parse(MINI, format="turtle")}[kind]()
    assert validate(source).conforms


# (case, SPARQL Update breaking the fixture, shape expected in the report, focus expected)
MUTATIONS = [
    ("second label", 'INSERT DATA { id:park-xh rdfs:label "第二名称"@zh-Hans }', "kgsh:EntityShape", "park-xh"),
    ("no label", "DELETE WHERE { id:ind-xc rdfs:label ?l }", "kgsh:EntityShape", "ind-xc"),
    ("traditional label", 'DELETE WHERE { id:per-1 rdfs:label ?l } ; INSERT DATA { id:per-1 rdfs:label "趙某某"@zh-Hant }',
     "kgsh:EntityShape", "per-1"),
    ("untagged label", 'DELETE WHERE { id:per-1 rdfs:label ?l } ; INSERT DATA { id:per-1 rdfs:label "赵某某" }',
     "kgsh:EntityShape", "per-1"),
    ("two core types", "INSERT DATA { id:ent-xc a kg:Organization }", "kgsh:OneCoreTypeShape", "ent-xc"),
    ("non-ascii iri", 'INSERT DATA { <https://w3id.org/parkkg/id/park/星> a kg:Park ; rdfs:label "星"@zh-Hans }',
     "kgsh:EntityShape", "park/星"),
    ("industry not an industry", "INSERT DATA { id:park-xh kg:leadsIndustry id:ent-xc }",
     "kgsh:IndustryRelationObjectShape", "ent-xc"),
    ("located in a project", "INSERT DATA { id:ent-xc kg:locatedIn id:proj-xp }", "kgsh:LocatedInShape", "proj-xp"),
    ("policy issued by a person", "INSERT DATA { id:per-1 kg:issuedPolicy id:pol-xh }", "kgsh:IssuedPolicySubjectShape", "per-1"),
    ("unit not allowed", 'DELETE WHERE { id:obs1 kg:unit ?u } ; INSERT DATA { id:obs1 kg:unit "亿元" }',
     "kgsh:ObservationShape", "obs1"),
    ("value not decimal", 'DELETE WHERE { id:obs1 kg:value ?v } ; INSERT DATA { id:obs1 kg:value "1200亿" }',
     "kgsh:ObservationShape", "obs1"),
    ("no indicator", "DELETE WHERE { id:obs3 kg:indicator ?i }", "kgsh:ObservationShape", "obs3"),
    ("observation without subject", "DELETE WHERE { ?s kg:hasObservation id:obs3 }", "kgsh:ObservationShape", "obs3"),
    ("observation of an article", "INSERT DATA { id:art1 kg:hasObservation id:obs1 }", "kgsh:ObservationShape", "obs1"),
    ("fact without evidence", "DELETE WHERE { id:st6 prov:wasDerivedFrom ?e }", "kgsh:StatementShape", "st6"),
    ("fact evidence not evidence", "DELETE WHERE { id:st6 prov:wasDerivedFrom ?e } ; INSERT DATA { id:st6 prov:wasDerivedFrom id:art1 }",
     "kgsh:StatementShape", "st6"),
    ("statement not asserted", "DELETE DATA { id:park-yw kg:leadsIndustry id:ind-xc }", "kgsh:UnassertedStatementShape", "st6"),
    ("fact not reified", "INSERT DATA { id:park-yd kg:locatedIn id:p-bing }", "kgsh:UnreifiedFactShape", "park-yd"),
    ("evidence offsets reversed", "DELETE WHERE { id:ev1 kg:endIndex ?e } ; INSERT DATA { id:ev1 kg:endIndex 0 }",
     "kgsh:EvidenceShape", "ev1"),
    ("evidence without article", "DELETE WHERE { id:ev2 kg:inArticle ?a }", "kgsh:EvidenceShape", "ev2"),
    ("article date not a date", 'DELETE WHERE { id:art1 dct:date ?d } ; INSERT DATA { id:art1 dct:date "2020年5月" }',
     "kgsh:ArticleShape", "art1"),
    ("merge without reason", "DELETE WHERE { id:m1 kg:mergeReason ?r }", "kgsh:MergeDecisionShape", "m1"),
    ("bad admin level", 'DELETE WHERE { id:p-yi kg:adminLevel ?l } ; INSERT DATA { id:p-yi kg:adminLevel "town" }',
     "kgsh:PlaceShape", "p-yi"),
    ("subtype without park", "INSERT DATA { id:ent-xc a kg:BondedZone }", "kgsh:ParkSubtypeShape", "ent-xc"),
]


@pytest.mark.parametrize("case,update,shape,focus", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_break_is_reported(case, update, shape, focus):
    store = mini_store()
    store.update(PRE + update)
    report = validate(store)
    assert not report.conforms
    hits = [v for v in report.violations if v["shape"] == shape and v["focus"] == focus]
    assert hits, f"{case}: expected {shape} on {focus}, got:\n{report.text(50)}"
    assert shape in report.text(50) and hits[0]["message"]


def test_cli_validate_ok(capsys):
    assert cli_main(["validate", str(MINI)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_cli_validate_reports_and_exits_6(tmp_path, capsys):
    store = mini_store()
    store.update(PRE + 'DELETE WHERE { id:obs1 kg:unit ?u } ; INSERT DATA { id:obs1 kg:unit "亿元" }')
    path = tmp_path / "graph.ttl"
    path.write_bytes(store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    assert cli_main(["validate", str(path)]) == 6
    captured = capsys.readouterr()
    assert "kg:unit is exactly one of" in captured.out and "obs1" in captured.out
    assert "SHACL violation" in captured.err and "Traceback" not in captured.err


def test_cli_validate_missing_file(capsys):
    assert cli_main(["validate", "/nonexistent/graph.ttl"]) == 2
    assert "graph file not found" in capsys.readouterr().err
