"""Plain constants the command line needs before any heavy import.

``kg --help`` and ``kg query`` should not pay for rdflib (≈ 0.5 s) just to
show a default value; this module imports nothing. ``kg.vocab`` and
``kg.analysis.netstats`` re-export these names, which stay defined only here.
"""

ONTOLOGY_IRI = "https://w3id.org/parkkg/ontology#"
DEFAULT_BASE = "https://w3id.org/parkkg/id/"
#: Network formats of ``kg export``.
EXPORT_FORMATS = ("graphml", "gexf", "csv")
