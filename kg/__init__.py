"""parkkg: Chinese development-zone news → a traceable RDF knowledge graph.

Library first: ``kg.build(paths, out)`` does what ``kg build`` does and
returns a :class:`BuildResult`.
"""

from .errors import KgError
from .pipeline import BuildResult, build

__all__ = ["BuildResult", "KgError", "build"]
__version__ = "0.1.0"
