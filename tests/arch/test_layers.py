"""The package's shape: data flows one way between the top-level packages, and no module imports itself back.

Why: a stage that imports a later stage (or the orchestrator) hides the
pipeline's order and makes every change ripple backwards. The allowed
directions are data here; a new import against them fails this test with
the offending module and line. Imports inside functions count too: a lazy
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[2] / "kg"

from kg.pipeline.orchestrator import STAGES

#: The pipeline's stages in order (the orchestrator's data); a stage may import only earlier ones (plus the base layers).
STAGE_ORDER = tuple(stage.name for stage in STAGES)
#: Layers every stage may use: the carriers and vocabulary, reference data, the on-disk graph stores, the learned taggers.
BASE = ("core", "reference", "storage", "ner")
#: Units above the stages, each with what it may import besides the base layers.
ABOVE = {
    "query": ("export",),
    "analysis": STAGE_ORDER + ("query",),  # reads built graphs the stages' way (script, indicator names, explorer labels)
    "pipeline": STAGE_ORDER + ("query",),
    "commands": STAGE_ORDER + ("query", "analysis", "pipeline"),
}
#: Top-level modules that form the "core" layer (the public carriers, errors, vocabulary, IRIs, fork helper).
CORE_MODULES = {"errors", "vocab", "model", "iris", "forking", "procs", "defaults"}
#: Top-level modules that belong to the command line.
CLI_MODULES = {"cli", "__main__"}


def allowed(unit: str) -> set[str]:
    """The units ``unit`` may import (always itself)."""
    if unit == "core":
        return {"core"}
    if unit in ("reference", "storage", "ner"):
        return {"core", unit}
    if unit in STAGE_ORDER:
        return {unit, *BASE, *STAGE_ORDER[:STAGE_ORDER.index(unit)]}
    if unit == "api":
        return {"api", "core"}
    return {unit, *BASE, *ABOVE[unit]}


def unit_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "api"  # kg/__init__.py: only lazy names
    head = parts[1]
    if head in CORE_MODULES:
        return "core"
    if head in CLI_MODULES:
        return "commands"
    return head


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(KG.rglob("*.py")):
        rel = path.relative_to(KG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(module: str, path: Path) -> list[tuple[str, int]]:
    """Every kg module ``module`` imports, at any depth (but under ``if TYPE_CHECKING``), with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # annotations only, never run
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kg":
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            out += [(t, node.lineno) for t in subs] or [(target, node.lineno)]
    return out


def test_the_units_are_known():
    """Every top-level package or module has a place in the layering (a new one must be placed here)."""
    units = {unit_of(m) for m in MODULES}
    known = {"api", "core", *BASE, *STAGE_ORDER, *ABOVE}
    assert units <= known, f"place these in tests/arch/test_layers.py: {sorted(units - known)}"


def test_imports_follow_the_allowed_directions():
    wrong = []
    for module, path in MODULES.items():
        unit = unit_of(module)
        for target, line in imports(module, path):
            if unit_of(target) not in allowed(unit):
                wrong.append(f"{path.relative_to(KG.parent)}:{line} ({unit}) imports {target} ({unit_of(target)})")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def module_graph() -> dict[str, set[str]]:
    return {m: {t for t, _ in imports(m, p) if t in MODULES and t != m} for m, p in MODULES.items()}


def test_no_import_cycles_between_modules():
    assert _cycles(module_graph()) == []


@pytest.mark.parametrize("graph,expected", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected


@pytest.mark.parametrize("unit,target,ok", [
    ("extract", "normalize", True),
    ("normalize", "segment", False),
    ("assemble", "pipeline", False),
    ("export", "assemble", True),
    ("storage", "assemble", False),
    ("pipeline", "commands", False),
    ("core", "reference", False),
])
def test_direction_rules(unit, target, ok):
    assert (target in allowed(unit)) is ok
