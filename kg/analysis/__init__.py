"""Analysis of a built graph: DataFrames and networkx (:mod:`kg.analysis.frames`),
statistics and network exports (:mod:`kg.analysis.netstats`), and scores
against gold annotations (:mod:`kg.analysis.evaluate`).
"""

from importlib import import_module

#: Names reachable as ``kg.analysis.NAME`` (loaded on first use: pandas and networkx are heavy).
_LAZY = {"GraphStats": "netstats", "graph_stats": "netstats", "export_network": "netstats",
         "query_df": "frames", "subgraph": "frames", "to_networkx": "frames"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
