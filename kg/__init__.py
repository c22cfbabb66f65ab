"""parkkg: Chinese development-zone news → a traceable RDF knowledge graph.

Library first: ``kg.build(paths, out)`` does what ``kg build`` does and
returns a :class:`BuildResult`.
"""

from .analysis import export_network, graph_stats, query_df, subgraph, to_networkx
from .errors import KgError
from .pipeline import BuildResult, build

__all__ = ["BuildResult", "KgError", "build", "export_network", "graph_stats", "query_df", "subgraph", "to_networkx"]
__version__ = "0.1.0"
