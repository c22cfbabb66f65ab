"""The stage order and the hand-over carriers are data, pinned here.

Why: the order used to exist only as calls in the orchestrator; now
``STAGES`` is the one list (the layering test derives the import directions
from it), and each hand-over is one frozen dataclass with one shape.
"""

from __future__ import annotations

import dataclasses
import importlib
import pickle

import pytest

from kg.model import DocFacts, Document, Extraction, Page
from kg.pipeline.orchestrator import HANDOVER, STAGES, BuildOptions

EXPECTED = [  # (name, step, carrier it gives)
    ("ingest", "read", "Page"),
    ("normalize", "map", "NormalizedPage"),
    ("segment", "map", "Document"),
    ("extract", "map", "Extraction"),
    ("resolve", "reduce", "EntityTable"),
    ("assemble", "reduce", "SortedGraph"),
    ("export", "write", "Path"),
]


def test_stages_in_order():
    assert [(s.name, s.step, s.gives.__name__) for s in STAGES] == EXPECTED


@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_each_stage_is_a_package_of_its_own(stage):
    module = importlib.import_module(stage.package)
    assert module.__name__ == f"kg.{stage.name}" and module.__file__.endswith("__init__.py")


def test_map_steps_run_before_reduce_steps():
    steps = [s.step for s in STAGES]
    assert steps == sorted(steps, key=["read", "map", "reduce", "write"].index)


@pytest.mark.parametrize("carrier", [Page, Document, Extraction, DocFacts])
def test_carriers_are_frozen_dataclasses(carrier):
    assert dataclasses.is_dataclass(carrier) and carrier.__dataclass_params__.frozen


def test_the_handover_is_plain_data():
    facts = DocFacts("d1", ("d1", "<a> .", (), (), ()), (("Park", "x", "", 1, (), ()),))
    assert HANDOVER is DocFacts
    assert pickle.loads(pickle.dumps(facts)) == facts
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.doc_id = "d2"  # type: ignore[misc]


@pytest.mark.parametrize("kwargs,field,value", [
    ({}, "formats", ("ttl",)),
    ({"formats": ["ttl", "nt"]}, "formats", ("ttl", "nt")),
    ({"jobs": None}, "jobs", None),
])
def test_build_options(kwargs, field, value):
    assert getattr(BuildOptions(**kwargs), field) == value


def test_build_rejects_an_unknown_option(tmp_path):
    import kg

    with pytest.raises(TypeError, match="colour"):
        kg.build([tmp_path], colour="red")


REGISTRY_ORDER = [  # (extractor, kind): entity finders, then context, then relations and figures
    ("parks", "MENTION"), ("list-zones", "MENTION"), ("enterprises", "MENTION"), ("brand-lists", "MENTION"), ("gazetteer", "MENTION"),
    ("organizations", "MENTION"), ("policies", "MENTION"), ("projects", "MENTION"), ("project-owners", "MENTION"),
    ("model-enterprises", "MENTION"), ("fragments", "RESOLVE"), ("aliases", "RESOLVE"),
    ("places", "MENTION"), ("industries", "MENTION"), ("people", "MENTION"), ("context", "RESOLVE"),
    ("zone-areas", "RESOLVE"), ("relations", "RELATION"), ("observations", "OBSERVATION"),
]


def test_extractor_registry_in_order_with_typed_kinds():
    from kg.extract import REGISTRY, Kind

    assert [(e.name, e.kind.name) for e in REGISTRY] == REGISTRY_ORDER
    assert all(isinstance(e.kind, Kind) and callable(e.find) for e in REGISTRY)


def test_extract_shares_helpers_only_through_common():
    """No extract module imports a private name from another one (shared helpers are public in common.py)."""
    import ast
    from pathlib import Path

    import kg.extract

    wrong = []
    for path in Path(kg.extract.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                wrong += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert wrong == []
