"""parkkg: Chinese development-zone news → a traceable RDF knowledge graph.

Library first: ``kg.build(paths, out)`` does what ``kg build`` does and
returns a :class:`BuildResult`. Names are imported lazily so that light
commands (``kg query``) do not pay for loading jieba and the gazetteer.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import KgError

_LAZY = {
    "BuildResult": "kg.pipeline.orchestrator",
    "build": "kg.pipeline.orchestrator",
    "diff": "kg.analysis.diff",
    "export_network": "kg.analysis.netstats",
    "graph_stats": "kg.analysis.netstats",
    "query_df": "kg.analysis.frames",
    "report": "kg.analysis.reporting",
    "report_all": "kg.analysis.reporting",
    "subgraph": "kg.analysis.frames",
    "to_networkx": "kg.analysis.frames",
}

#: Public modules kept at their historical name (``from kg import queries``; ``kg.queries.run(...)``).
_MODULES = {"queries": "kg.query.named"}

__all__ = ["BuildResult", "KgError", "build", "diff", "export_network", "graph_stats", "query_df", "report", "report_all",
           "subgraph", "to_networkx"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        module = globals()[name] = import_module(_MODULES[name])
        return module
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_MODULES))
