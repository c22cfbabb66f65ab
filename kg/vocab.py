"""The `kg:` vocabulary as a closed namespace.

Every `kg:` term the code emits goes through :class:`KG`; rdflib raises on a
typo, and ``tests/test_vocab.py`` keeps this list and ``ontology.ttl`` equal in
both directions, so the graph never carries a term the ontology does not
declare.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .defaults import DEFAULT_BASE, ONTOLOGY_IRI

__all__ = ["DEFAULT_BASE", "ONTOLOGY_IRI", "KG"]


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Entity: URIRef
    Park: URIRef
    HighTechZone: URIRef
    EconomicDevelopmentZone: URIRef
    IndustrialPark: URIRef
    NewArea: URIRef
    FreeTradeZoneArea: URIRef
    CooperationZone: URIRef
    BondedZone: URIRef
    ScienceCity: URIRef
    Enterprise: URIRef
    Industry: URIRef
    Policy: URIRef
    Project: URIRef
    Place: URIRef
    Person: URIRef
    Organization: URIRef
    Observation: URIRef
    Article: URIRef
    Evidence: URIRef
    MergeDecision: URIRef
    ConflictingObservations: URIRef
    # contract relations
    locatedIn: URIRef
    leadsIndustry: URIRef
    signedProject: URIRef
    developsIndustry: URIRef
    issuedPolicy: URIRef
    partOf: URIRef
    # observations
    hasObservation: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    period: URIRef
    approximation: URIRef
    surfaceValue: URIRef
    # provenance
    mentionedIn: URIRef
    mentionCount: URIRef
    inArticle: URIRef
    sentenceText: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    extractor: URIRef
    # article metadata
    fileName: URIRef
    articleIndex: URIRef
    reporter: URIRef
    encoding: URIRef
    repairedChars: URIRef
    lostChars: URIRef
    # places and parks
    adminCode: URIRef
    adminLevel: URIRef
    zoneLevel: URIRef
    yearApproved: URIRef
    # user gazetteers
    stockCode: URIRef
    referenceId: URIRef
    seatProvince: URIRef
    seatCity: URIRef
    # merges
    mergeDecision: URIRef
    mergedName: URIRef
    mergeReason: URIRef
    # conflicting figures
    conflictingObservation: URIRef
    likelyUnitError: URIRef


#: Terms declared in ontology.ttl that the builder does not emit yet, on purpose.
RESERVED: frozenset[str] = frozenset({"Entity"})

#: The eight entity classes of the output contract, in scoring order.
CORE_TYPES: tuple[str, ...] = (
    "Park", "Enterprise", "Industry", "Policy", "Project", "Place", "Person", "Organization",
)

#: The six relations of the output contract.
RELATIONS: tuple[str, ...] = (
    "locatedIn", "leadsIndustry", "signedProject", "developsIndustry", "issuedPolicy", "partOf",
)

PARK_SUBTYPES: tuple[str, ...] = (
    "HighTechZone", "EconomicDevelopmentZone", "IndustrialPark", "NewArea",
    "FreeTradeZoneArea", "CooperationZone", "BondedZone", "ScienceCity",
)
