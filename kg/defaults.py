"""Plain constants the command line needs before any heavy import.

``kg --help`` and ``kg query`` should not pay for rdflib (≈ 0.5 s) just to
show a default value; this module imports nothing. ``kg.vocab`` and
``kg.analysis.netstats`` re-export these names, which stay defined only here.
"""

ONTOLOGY_IRI = "https://w3id.org/parkkg/ontology#"
DEFAULT_BASE = "https://w3id.org/parkkg/id/"
#: Standard namespaces as plain strings, for code that works with pyoxigraph terms or SPARQL text and
#: must not import rdflib (rdflib's own namespace objects live in ``kg.vocab``).
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
DCT_NS = "http://purl.org/dc/terms/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SH_NS = "http://www.w3.org/ns/shacl#"
SHAPES_IRI = "https://w3id.org/parkkg/shapes#"
#: The standard terms the code compares pyoxigraph values with, spelled once.
RDF_TYPE = RDF_NS + "type"
RDFS_LABEL = RDFS_NS + "label"
SKOS_ALT_LABEL = SKOS_NS + "altLabel"
PROV_WAS_DERIVED_FROM = PROV_NS + "wasDerivedFrom"
XSD_STRING = XSD_NS + "string"
#: Network formats of ``kg export``.
EXPORT_FORMATS = ("graphml", "gexf", "csv")
