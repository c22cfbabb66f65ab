"""What a park report shows, read from the graph with a few SPARQL queries.

Why SPARQL over the built graph and not the pipeline's objects: the report is
made from any graph file a user has (this week's build, a copy from a
colleague, a triple-store export), exactly like ``kg query``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...query.named import run
from ...vocab import CORE_TYPES, ONTOLOGY_IRI

PREFIXES = f"""PREFIX kg: <{ONTOLOGY_IRI}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_CORE = " ".join(f"kg:{t}" for t in CORE_TYPES)

PARKS = PREFIXES + """
SELECT ?park ?label ?alt ?mentions WHERE {
  ?park a kg:Park ; rdfs:label ?label .
  OPTIONAL { ?park skos:altLabel ?alt }
  OPTIONAL { ?park kg:mentionCount ?mentions }
}"""

HEAD = PREFIXES + """
SELECT ?type ?level ?year WHERE {
  OPTIONAL { <PARK> a ?type FILTER (?type != kg:Park) }
  OPTIONAL { <PARK> kg:zoneLevel ?level }
  OPTIONAL { <PARK> kg:yearApproved ?year }
}"""

PLACES = PREFIXES + """
SELECT ?place ?label ?level WHERE {
  <PARK> kg:locatedIn+ ?place . ?place a kg:Place ; rdfs:label ?label .
  OPTIONAL { ?place kg:adminLevel ?level }
}"""

# Facts with the park at either end, with the other end's core type and every evidence.
FACTS = PREFIXES + """
SELECT ?dir ?p ?other ?label ?type ?sentence ?title ?date ?source ?file WHERE {
  { BIND ("out" AS ?dir) ?st rdf:subject <PARK> ; rdf:predicate ?p ; rdf:object ?other . }
  UNION
  { BIND ("in" AS ?dir) ?st rdf:subject ?other ; rdf:predicate ?p ; rdf:object <PARK> . }
  ?st a rdf:Statement .
  ?other rdfs:label ?label .
  OPTIONAL { ?other a ?type VALUES ?type { CORE } }
  OPTIONAL { ?st prov:wasDerivedFrom ?ev . ?ev kg:sentenceText ?sentence ; kg:inArticle ?a .
             ?a rdfs:label ?title ; kg:fileName ?file .
             OPTIONAL { ?a dct:date ?date } OPTIONAL { ?a dct:source ?source } }
}""".replace("CORE", _CORE)

# Partners of the park's projects (the other enterprises that signed them), and their amounts.
PROJECTS = PREFIXES + """
SELECT ?project ?partner ?partnerLabel ?value ?unit ?surface WHERE {
  <PARK> kg:signedProject ?project .
  OPTIONAL { ?partner kg:signedProject ?project ; rdfs:label ?partnerLabel FILTER (?partner != <PARK>) }
  OPTIONAL { ?project kg:hasObservation ?obs . ?obs kg:value ?value ; kg:unit ?unit
             FILTER (?unit IN ("CNY", "USD")) OPTIONAL { ?obs kg:surfaceValue ?surface } }
}"""

OBSERVATIONS = PREFIXES + """
SELECT ?obs ?indicator ?period ?value ?unit ?surface ?approx ?conflict ?slip ?sentence ?title ?date ?source ?file
WHERE {
  <PARK> kg:hasObservation ?obs .
  ?obs kg:indicator ?indicator ; kg:value ?value ; kg:unit ?unit .
  OPTIONAL { ?obs kg:period ?period }
  OPTIONAL { ?obs kg:surfaceValue ?surface }
  OPTIONAL { ?obs kg:approximation ?approx }
  OPTIONAL { ?conflict kg:conflictingObservation ?obs ; kg:likelyUnitError ?slip }
  OPTIONAL { ?obs prov:wasDerivedFrom ?ev . ?ev kg:sentenceText ?sentence ; kg:inArticle ?a .
             ?a rdfs:label ?title ; kg:fileName ?file .
             OPTIONAL { ?a dct:date ?date } OPTIONAL { ?a dct:source ?source } }
}"""


@dataclass(frozen=True, order=True)
class Evidence:
    """One sentence that states a fact, and the article it is from."""

    date: str
    title: str
    sentence: str
    source: str
    file: str


@dataclass
class Fact:
    """One relation of the park to another entity, with its evidence."""

    predicate: str  # local name, e.g. leadsIndustry
    direction: str  # "out": park -> other; "in": other -> park
    other: str
    label: str
    type: str
    evidence: set = field(default_factory=set)


@dataclass
class Figure:
    """One observation of the park, with its evidence and conflict (if any)."""

    iri: str
    indicator: str
    period: str
    value: float
    unit: str
    surface: str
    approximation: str
    conflict: str = ""
    unit_slip: bool = False
    evidence: set = field(default_factory=set)


@dataclass
class Profile:
    """Everything one report page shows about one park."""

    iri: str
    label: str
    aliases: list
    mentions: int
    subtypes: list
    level: str
    year: str
    places: list  # labels, broadest first
    facts: list
    projects: dict  # project IRI -> {"partners": [...], "amounts": [...]}
    figures: list


@dataclass
class Park:
    iri: str
    label: str
    aliases: list
    mentions: int


def parks(store: ox.Store) -> list[Park]:
    """Every park with its label and aliases, the most mentioned first (then by label)."""
    found: dict[str, Park] = {}
    for r in run(store, PARKS).records():
        park = found.setdefault(r["park"], Park(r["park"], r["label"], [], r["mentions"] or 0))
        if r["alt"] and r["alt"] not in park.aliases:
            park.aliases.append(r["alt"])
    for park in found.values():
        park.aliases.sort()
    return sorted(found.values(), key=lambda p: (-p.mentions, p.label, p.iri))


def _ask(store: ox.Store, query: str, park: str) -> list[dict]:
    return run(store, query.replace("PARK", park)).records()


def _evidence(r: dict) -> Evidence | None:
    if not r.get("sentence"):
        return None
    return Evidence(str(r["date"] or ""), r["title"] or "", r["sentence"], r["source"] or "", r["file"] or "")


_LEVELS = {"province": 0, "city": 1, "county": 2}


def profile(store: ox.Store, park: Park) -> Profile:
    """Read one park's profile (a handful of queries with the park IRI bound)."""
    head = _ask(store, HEAD, park.iri)
    subtypes = sorted({r["type"].rsplit("#", 1)[-1] for r in head if r["type"]})
    level = next((r["level"] for r in head if r["level"]), "")
    year = next((str(r["year"]) for r in head if r["year"]), "")
    places = sorted({(_LEVELS.get(r["level"] or "", 9), r["label"]) for r in _ask(store, PLACES, park.iri)})
    facts: dict[tuple, Fact] = {}
    for r in _ask(store, FACTS, park.iri):
        key = (r["p"], r["dir"], r["other"])
        kind = r["type"].rsplit("#", 1)[-1] if r["type"] else ""
        fact = facts.setdefault(key, Fact(r["p"].rsplit("#", 1)[-1], r["dir"], r["other"], r["label"], kind))
        fact.type = fact.type or kind
        if (ev := _evidence(r)) is not None:
            fact.evidence.add(ev)
    projects: dict[str, dict] = defaultdict(lambda: {"partners": set(), "amounts": set()})
    for r in _ask(store, PROJECTS, park.iri):
        entry = projects[r["project"]]
        if r["partnerLabel"]:
            entry["partners"].add(r["partnerLabel"])
        if r["value"] is not None:
            entry["amounts"].add((r["value"], r["unit"], r["surface"] or ""))
    return Profile(park.iri, park.label, park.aliases, park.mentions, subtypes, level, year,
                   [label for _, label in places], sorted(facts.values(), key=lambda f: (f.predicate, f.label, f.other)),
                   dict(projects), _figures(store, park.iri))


def _figures(store: ox.Store, park: str) -> list[Figure]:
    figures: dict[str, Figure] = {}
    for r in _ask(store, OBSERVATIONS, park):
        fig = figures.get(r["obs"])
        if fig is None:
            fig = figures[r["obs"]] = Figure(r["obs"], r["indicator"], r["period"] or "", r["value"], r["unit"],
                                             r["surface"] or "", r["approx"] or "")
        if r["conflict"]:
            fig.conflict, fig.unit_slip = r["conflict"], fig.unit_slip or bool(r["slip"])
        if (ev := _evidence(r)) is not None:
            fig.evidence.add(ev)
    return sorted(figures.values(), key=lambda f: (f.indicator, f.period, f.value, f.iri))
