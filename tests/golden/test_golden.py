"""The seeds graph equals tests/golden/seeds.ttl, triple for triple.

IRIs are deterministic and there are no blank nodes, so plain set comparison
is graph isomorphism. Extraction improves concurrently, so this test is
expected to fail after an extraction change: the message shows the first
added and removed triples with labels and says to run
``scripts/regen_golden.py`` when the change is intended.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("seeds.ttl")


def _load_regen():
    spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "scripts" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regen = _load_regen()


@pytest.fixture(scope="module")
def golden() -> set:
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing. {regen.REGEN_HINT}")
    return regen.read_triples(GOLDEN.read_bytes())


def test_seeds_graph_matches_golden(seeds_build, golden: set) -> None:
    built = regen.read_triples(seeds_build.path("ttl").read_bytes())
    report = regen.golden_diff(golden, built)
    if report:
        pytest.fail(report, pytrace=False)


def test_seeds_turtle_is_byte_identical_to_golden_when_triples_match(seeds_build, golden: set) -> None:
    """Canonical serialization: equal triples must give equal bytes (sorted triples -> pyoxigraph)."""
    data = seeds_build.path("ttl").read_bytes()
    if regen.read_triples(data) != golden:
        pytest.skip("triples differ; test_seeds_graph_matches_golden reports the diff")
    assert data == GOLDEN.read_bytes()


def test_golden_is_isomorphic_for_rdflib_too(golden: set) -> None:
    """rdflib's own isomorphism check agrees with the set comparison used above."""
    g = rdflib.Graph()
    g.parse(GOLDEN, format="turtle")
    nt = "\n".join(str(t) + " ." for t in sorted(golden, key=str))
    h = rdflib.Graph()
    h.parse(data=nt, format="nt")
    assert len(g) == len(golden) > 0
    assert isomorphic(g, h)
    assert to_isomorphic(g) == to_isomorphic(h)


def test_golden_parses_with_rdflib_and_pyoxigraph_to_the_same_triples(golden: set) -> None:
    g = rdflib.Graph()
    g.parse(GOLDEN, format="turtle")
    via_rdflib = {q.triple for q in pyoxigraph.parse(g.serialize(format="nt", encoding="utf-8"),
                                                    format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert via_rdflib == golden


def test_golden_has_no_blank_nodes(golden: set) -> None:
    """Set comparison is only isomorphism when every node is an IRI or a literal."""
    assert not any(isinstance(x, pyoxigraph.BlankNode) for t in golden for x in (t.subject, t.object))


# ---------------------------------------------------------------- the diff report itself

S = "https://w3id.org/parkkg/id/park/x"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LOCATED = "https://w3id.org/parkkg/ontology#locatedIn"
PLACE = "https://w3id.org/parkkg/id/place/y"


def _t(s: str, p: str, o) -> pyoxigraph.Triple:
    obj = o if isinstance(o, pyoxigraph.Literal) else pyoxigraph.NamedNode(o)
    return pyoxigraph.Triple(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), obj)


BASE = {_t(S, LABEL, pyoxigraph.Literal("甲园区", language="zh-Hans")),
        _t(PLACE, LABEL, pyoxigraph.Literal("乙市", language="zh-Hans"))}
DIFFS = [
    # (old, new, lines expected in the report)
    (BASE, BASE, []),
    (BASE, BASE | {_t(S, LOCATED, PLACE)},
     ["1 added, 0 removed", "  + id:park/x [甲园区] kg:locatedIn id:place/y [乙市]", "scripts/regen_golden.py"]),
    (BASE | {_t(S, LOCATED, PLACE)}, BASE,
     ["0 added, 1 removed", "  - id:park/x [甲园区] kg:locatedIn id:place/y [乙市]", "scripts/regen_golden.py"]),
    (BASE, {_t(S, LABEL, pyoxigraph.Literal("丙园区", language="zh-Hans"))} | BASE - {next(iter(sorted(BASE, key=str)))},
     ['  - id:park/x [甲园区] rdfs:label "甲园区"@zh-hans', '  + id:park/x [丙园区] rdfs:label "丙园区"@zh-hans']),
]


@pytest.mark.parametrize("old,new,expected", DIFFS, ids=["equal", "added", "removed", "relabelled"])
def test_golden_diff_is_readable(old: set, new: set, expected: list[str]) -> None:
    report = regen.golden_diff(old, new)
    if not expected:
        assert report == ""
    for line in expected:
        assert line in report, report


def test_golden_diff_is_capped() -> None:
    many = {_t(f"{S}{i}", LOCATED, PLACE) for i in range(50)}
    report = regen.golden_diff(set(), many, limit=5)
    assert report.count("\n  + ") == 5 and "50 added" in report
