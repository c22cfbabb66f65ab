"""kg.vocab and ontology.ttl: the code, the ontology and the built graph agree.

The graph may only carry kg: terms the ontology declares, and the ontology
should not promise terms nothing emits (unless kg.vocab.RESERVED says so on
purpose). Both directions are checked against the code and against a real
seeds build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from kg.extract.parks import PARK_HEADS
from kg.vocab import CORE_TYPES, KG, ONTOLOGY_IRI, PARK_SUBTYPES, RELATIONS, RESERVED

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology.ttl"
K = Namespace(ONTOLOGY_IRI)
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
QB = Namespace("http://purl.org/linked-data/cube#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g


def local(term) -> str:
    return str(term)[len(ONTOLOGY_IRI):]


def declared(onto: Graph, kind=None) -> set[str]:
    kinds = [kind] if kind else [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty]
    return {local(s) for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(ONTOLOGY_IRI)}


def namespace_members() -> set[str]:
    return set(KG.__annotations__)


def names_used_by_code() -> set[str]:
    """kg: local names the package emits: KG.x, KG["x"], ONTOLOGY_IRI + "x", and KG[var] over the contract tuples."""
    used: set[str] = set(CORE_TYPES) | set(RELATIONS) | set(PARK_SUBTYPES)
    for path in (ROOT / "kg").rglob("*.py"):
        if path.name == "vocab.py":
            continue
        src = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b_?KG_?\.([A-Za-z]\w*)", src))  # KG.x, and the cached views _KG.x / KG_.x (kg.assemble.render)
        used |= set(re.findall(r"\bKG\[\s*[\"']([A-Za-z]\w*)[\"']\s*\]", src))
        used |= set(re.findall(r"ONTOLOGY_IRI\s*\+\s*[\"']([A-Za-z]\w*)[\"']", src))
    return used


def kg_terms_in(graph: Graph) -> set[str]:
    out = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(ONTOLOGY_IRI):
                out.add(local(term))
    return out


# ---------------------------------------------------------------- ontology parses


def test_ontology_parses_with_rdflib_and_pyoxigraph_to_the_same_triples(onto: Graph) -> None:
    ox = {str(q.triple) for q in pyoxigraph.parse(ONTOLOGY.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)}
    rd = {" ".join(t.n3() for t in triple) + " ." for triple in onto}
    canon = {str(t) for t in pyoxigraph.parse("\n".join(sorted(rd)), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert len(onto) > 100
    assert ox == canon


def test_ontology_header(onto: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None


# ---------------------------------------------------------------- namespace <-> ontology <-> code <-> build


def test_namespace_members_equal_declared_terms(onto: Graph) -> None:
    members, decl = namespace_members(), declared(onto)
    assert sorted(members - decl) == [], "kg.vocab.KG has terms ontology.ttl does not declare"
    assert sorted(decl - members) == [], "ontology.ttl declares terms missing from kg.vocab.KG"


def test_closed_namespace_rejects_undeclared_terms() -> None:
    with pytest.raises(AttributeError):
        KG.notAKgTerm  # noqa: B018 - the access itself must raise


def test_every_term_the_code_emits_is_declared(onto: Graph) -> None:
    assert sorted(names_used_by_code() - declared(onto)) == []


def test_every_declared_term_is_used_by_the_code_or_reserved(onto: Graph) -> None:
    unused = declared(onto) - names_used_by_code() - RESERVED
    assert sorted(unused) == [], "declared but never emitted: use them, or list them in kg.vocab.RESERVED"


def test_reserved_terms_are_declared_and_really_unused(onto: Graph) -> None:
    assert RESERVED <= declared(onto)
    assert sorted(RESERVED & names_used_by_code()) == [], "emitted terms must not stay in RESERVED"


def test_seeds_build_uses_only_declared_terms(onto: Graph, seeds_graph: Graph) -> None:
    in_build = kg_terms_in(seeds_graph)
    assert in_build, "the seeds build carries no kg: term at all"
    assert sorted(in_build - declared(onto)) == []


def test_seeds_build_never_uses_reserved_terms(seeds_graph: Graph) -> None:
    assert sorted(kg_terms_in(seeds_graph) & RESERVED) == []


def test_seeds_build_core_contract_terms_are_all_present(seeds_graph: Graph) -> None:
    """Terms every non-empty build must carry whatever the extraction finds."""
    in_build = kg_terms_in(seeds_graph)
    always = {"Article", "Evidence", "fileName", "articleIndex", "encoding", "mentionedIn", "mentionCount",
              "inArticle", "beginIndex", "endIndex", "sentenceText", "extractor"}
    assert sorted(always - in_build) == []


def test_extraction_park_subtypes_are_declared_subtypes() -> None:
    assert {sub for _, _, sub in PARK_HEADS} <= set(PARK_SUBTYPES)


# ---------------------------------------------------------------- labels and comments


@pytest.mark.parametrize("prop", [RDFS.label, RDFS.comment], ids=["label", "comment"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_has_label_and_comment_in_zh_and_en(onto: Graph, prop, lang: str) -> None:
    missing = [name for name in sorted(declared(onto))
               if not any(getattr(o, "language", None) == lang for o in onto.objects(K[name], prop))]
    assert missing == []


def test_every_term_has_exactly_one_label_per_language(onto: Graph) -> None:
    for name in declared(onto):
        langs = [o.language for o in onto.objects(K[name], RDFS.label)]
        assert sorted(langs) == ["en", "zh"], name


# ---------------------------------------------------------------- domains and ranges

DOMAIN_RANGE = [
    # (property, domain or None when deliberately open, range)
    ("locatedIn", "Entity", "Entity"),
    ("leadsIndustry", "Park", "Industry"),
    ("developsIndustry", "Park", "Industry"),
    ("signedProject", "Entity", "Project"),
    ("issuedPolicy", "Entity", "Policy"),
    ("partOf", "Park", "Park"),
    ("hasObservation", "Entity", "Observation"),
    ("indicator", "Observation", "rdf:langString"),
    ("value", "Observation", "xsd:decimal"),
    ("unit", "Observation", "xsd:string"),
    ("period", "Observation", "xsd:string"),
    ("approximation", "Observation", "xsd:string"),
    ("surfaceValue", "Observation", "xsd:string"),
    ("mentionedIn", "Entity", "Article"),
    ("mentionCount", "Entity", "xsd:integer"),
    ("inArticle", "Evidence", "Article"),
    ("sentenceText", "Evidence", "xsd:string"),
    ("beginIndex", "Evidence", "xsd:integer"),
    ("endIndex", "Evidence", "xsd:integer"),
    ("extractor", None, "xsd:string"),  # on rdf:Statement and kg:Observation alike
    ("fileName", "Article", "xsd:string"),
    ("articleIndex", "Article", "xsd:integer"),
    ("reporter", "Article", "xsd:string"),
    ("encoding", "Article", "xsd:string"),
    ("repairedChars", "Article", "xsd:integer"),
    ("lostChars", "Article", "xsd:integer"),
    ("adminCode", "Place", "xsd:string"),
    ("adminLevel", "Place", "xsd:string"),
    ("zoneLevel", "Park", "xsd:string"),
    ("yearApproved", "Park", "xsd:gYear"),
    ("stockCode", "Enterprise", "xsd:string"),
    ("referenceId", "Entity", "xsd:string"),
    ("seatProvince", "Entity", "rdf:langString"),
    ("seatCity", "Entity", "rdf:langString"),
    ("mergeDecision", "Entity", "MergeDecision"),
    ("mergedName", "MergeDecision", "xsd:string"),
    ("mergeReason", "MergeDecision", "xsd:string"),
    ("conflictingObservation", "ConflictingObservations", "Observation"),
    ("likelyUnitError", "ConflictingObservations", "xsd:boolean"),
]


def _term(name: str) -> URIRef:
    if name.startswith("xsd:"):
        return URIRef("http://www.w3.org/2001/XMLSchema#" + name[4:])
    if name.startswith("rdf:"):
        return URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#" + name[4:])
    return K[name]


@pytest.mark.parametrize("prop,domain,rng", DOMAIN_RANGE, ids=[row[0] for row in DOMAIN_RANGE])
def test_property_domain_and_range(onto: Graph, prop: str, domain: str | None, rng: str) -> None:
    domains = set(onto.objects(K[prop], RDFS.domain))
    assert domains == ({_term(domain)} if domain else set())
    assert set(onto.objects(K[prop], RDFS.range)) == {_term(rng)}


def test_domain_range_table_covers_every_property(onto: Graph) -> None:
    props = declared(onto, OWL.ObjectProperty) | declared(onto, OWL.DatatypeProperty)
    assert sorted(props) == sorted(row[0] for row in DOMAIN_RANGE)


@pytest.mark.parametrize("prop", sorted(RELATIONS) + ["hasObservation", "mentionedIn", "inArticle", "mergeDecision"])
def test_object_properties_are_object_properties(onto: Graph, prop: str) -> None:
    assert (K[prop], RDF.type, OWL.ObjectProperty) in onto


# ---------------------------------------------------------------- class hierarchy


@pytest.mark.parametrize("subtype", PARK_SUBTYPES)
def test_park_subtypes_are_subclasses_of_park(onto: Graph, subtype: str) -> None:
    assert (K[subtype], RDFS.subClassOf, K.Park) in onto


def test_only_park_subtypes_subclass_park(onto: Graph) -> None:
    assert sorted(local(s) for s in onto.subjects(RDFS.subClassOf, K.Park)) == sorted(PARK_SUBTYPES)


@pytest.mark.parametrize("cls", CORE_TYPES)
def test_core_types_are_entities(onto: Graph, cls: str) -> None:
    assert (K[cls], RDFS.subClassOf, K.Entity) in onto


# ---------------------------------------------------------------- alignment to W3C and community vocabularies

ALIGNMENT = [
    # W3C ORG
    ("Organization", RDFS.subClassOf, ORG.Organization),
    ("Enterprise", RDFS.subClassOf, ORG.FormalOrganization),
    # schema.org
    ("Park", RDFS.subClassOf, SCHEMA.Place),
    ("Place", RDFS.subClassOf, SCHEMA.AdministrativeArea),
    ("Enterprise", RDFS.subClassOf, SCHEMA.Corporation),
    ("Policy", RDFS.subClassOf, SCHEMA.Legislation),
    ("Project", RDFS.subClassOf, SCHEMA.Project),
    ("Person", RDFS.subClassOf, SCHEMA.Person),
    ("Article", RDFS.subClassOf, SCHEMA.NewsArticle),
    ("locatedIn", RDFS.subPropertyOf, SCHEMA.containedInPlace),
    ("value", RDFS.subPropertyOf, SCHEMA.value),
    ("unit", RDFS.subPropertyOf, SCHEMA.unitText),
    # FOAF
    ("Person", RDFS.subClassOf, FOAF.Person),
    # PROV-O
    ("Entity", RDFS.subClassOf, PROV.Entity),
    ("Evidence", RDFS.subClassOf, PROV.Entity),
    ("Article", RDFS.subClassOf, PROV.Entity),
    ("Observation", RDFS.subClassOf, PROV.Entity),
    ("MergeDecision", RDFS.subClassOf, PROV.Activity),
    ("ConflictingObservations", RDFS.subClassOf, PROV.Entity),
    ("mentionedIn", RDFS.subPropertyOf, PROV.wasDerivedFrom),
    ("inArticle", RDFS.subPropertyOf, PROV.wasQuotedFrom),
    ("sentenceText", RDFS.subPropertyOf, PROV.value),
    ("issuedPolicy", RDFS.subPropertyOf, PROV.generated),
    # SKOS
    ("Industry", RDFS.subClassOf, SKOS.Concept),
    # Dublin Core terms
    ("partOf", RDFS.subPropertyOf, DCT.isPartOf),
    ("reporter", RDFS.subPropertyOf, DCT.creator),
    ("adminCode", RDFS.subPropertyOf, DCT.identifier),
    # RDF Data Cube
    ("Observation", RDFS.subClassOf, QB.Observation),
    ("indicator", RDF.type, QB.DimensionProperty),
    ("period", RDF.type, QB.DimensionProperty),
    ("value", RDF.type, QB.MeasureProperty),
    ("unit", RDF.type, QB.AttributeProperty),
]


@pytest.mark.parametrize("name,pred,target", ALIGNMENT, ids=[f"{a}-{c.split('/')[-1]}" for a, _, c in ALIGNMENT])
def test_alignment_axiom(onto: Graph, name: str, pred, target) -> None:
    assert (K[name], pred, target) in onto


@pytest.mark.parametrize("vocab", ["http://www.w3.org/ns/org#", "https://schema.org/", "http://www.w3.org/ns/prov#",
                                   "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/",
                                   "http://purl.org/linked-data/cube#"])
def test_each_aligned_vocabulary_is_referenced(onto: Graph, vocab: str) -> None:
    assert any(str(o).startswith(vocab) for s, o in onto.subject_objects() if str(s).startswith(ONTOLOGY_IRI))
