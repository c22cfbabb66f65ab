"""``kg diff OLD NEW`` (module kg.analysis.diff, so that ``kg.diff`` stays the function): what changed between two builds, exactly.

IRIs are minted from type and canonical key (:mod:`kg.iris`), so the same
fact has the same triple in both builds and the diff is a set difference of
triples, not a heuristic match. The changed triples are then read as what an
analyst asks about: entities added or removed (by type), relations (by
predicate), observations (by indicator) and conflicts, with labels and, for
each fact, the evidence sentence; every other changed triple (articles,
evidence, statements, labels) is counted per predicate.

Output as a text table, JSON, or a changeset other tools apply: ``rdf`` is a
Talis ChangeSet (``cs:addition`` / ``cs:removal`` of reified statements, one
change set per subject) and ``sparql`` a SPARQL 1.1 Update
(``DELETE DATA`` / ``INSERT DATA``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..defaults import DCT_NS, PROV_NS, RDFS_LABEL, RDFS_NS, SKOS_ALT_LABEL, SKOS_NS
from ..errors import InputError
from ..query.named import as_store
from .diff_output import CS, FORMATS, RDF
from .reporting import graph_path
from ..vocab import CORE_TYPES, ONTOLOGY_IRI, RELATIONS

_ENTITY_TYPES = {ONTOLOGY_IRI + t: t for t in CORE_TYPES}
_RELATIONS = {ONTOLOGY_IRI + r: r for r in RELATIONS}
_HAS_OBSERVATION = ONTOLOGY_IRI + "hasObservation"
_CONFLICT = ONTOLOGY_IRI + "ConflictingObservations"
_CONFLICT_MEMBER = ONTOLOGY_IRI + "conflictingObservation"

_PREFIXES = f"""PREFIX kg: <{ONTOLOGY_IRI}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_EVIDENCE = _PREFIXES + """
SELECT ?sentence ?title ?date WHERE {
  { ?st rdf:subject <S> ; rdf:predicate <P> ; rdf:object <O> ; prov:wasDerivedFrom ?ev . }
  UNION { <S> kg:hasObservation <O> . <O> prov:wasDerivedFrom ?ev . FILTER (<P> = kg:hasObservation) }
  ?ev kg:sentenceText ?sentence ; kg:inArticle ?a . ?a rdfs:label ?title . OPTIONAL { ?a dct:date ?date }
} ORDER BY ?date ?title ?sentence"""
_OBSERVATION = _PREFIXES + """
SELECT ?indicator ?period ?value ?unit ?surface WHERE {
  <O> kg:indicator ?indicator ; kg:value ?value ; kg:unit ?unit .
  OPTIONAL { <O> kg:period ?period } OPTIONAL { <O> kg:surfaceValue ?surface }
} LIMIT 1"""


@dataclass
class Diff:
    """The changed triples of two graphs and their reading; ``added``/``removed`` are sorted N-Triples lines."""

    old: str
    new: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    sections: dict = field(default_factory=dict)  # kind -> "added"/"removed" -> group -> rows
    renamed: list = field(default_factory=list)  # entities whose canonical name (so IRI) moved: a merge changed
    other: dict = field(default_factory=dict)  # "added"/"removed" -> predicate -> count

    def summary(self) -> dict:
        counts = {kind: {sign: sum(len(rows) for rows in groups.values()) for sign, groups in signs.items()}
                  for kind, signs in self.sections.items()}
        counts["other triples"] = {sign: sum(c.values()) for sign, c in self.other.items()}
        return counts

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "summary": self.summary(), **self.sections,
                "renamed": self.renamed, "other": self.other}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False)

    def format(self, fmt: str) -> str:
        if fmt not in FORMATS:
            raise InputError(f"unknown diff format '{fmt}'", fix=f"use one of {', '.join(FORMATS)}")
        from . import diff_output

        return {"table": diff_output.table, "json": Diff.to_json, "rdf": diff_output.changeset,
                "sparql": diff_output.sparql_update}[fmt](self)


def _triples(store: ox.Store) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, None)}


def diff(old, new) -> Diff:
    """The diff of two graphs (files, build folders or pyoxigraph stores)."""
    stores, names = [], []
    for side in (old, new):
        if isinstance(side, (str, os.PathLike)):
            path = graph_path(side)
            if not path.is_file():
                raise InputError("graph not found", where=str(side), fix="pass a graph file or a `kg build --out` folder")
            stores.append(as_store(path))
            names.append(str(side))
        else:
            stores.append(as_store(side))
            names.append("<store>")
    before, after = (_triples(s) for s in stores)
    result = Diff(names[0], names[1], sorted(after - before), sorted(before - after))
    _read(result, *stores)
    return result


def _parse(lines: list[str]) -> list[ox.Triple]:
    return list(ox.parse("\n".join(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES)) if lines else []


def _read(d: Diff, old: ox.Store, new: ox.Store) -> None:
    """Sort the changed triples into entities, relations, observations, conflicts and other, with labels."""
    sections = {k: {"added": defaultdict(list), "removed": defaultdict(list)}
                for k in ("entities", "relations", "observations", "conflicts")}
    other = {"added": defaultdict(int), "removed": defaultdict(int)}
    for sign, lines, store in (("added", d.added, new), ("removed", d.removed, old)):
        for t in _parse(lines):
            s, p, o = t.subject, t.predicate.value, t.object
            if p == RDF + "type" and o.value in _ENTITY_TYPES:
                sections["entities"][sign][_ENTITY_TYPES[o.value]].append(
                    {"iri": s.value, "label": _label(store, s)})
            elif p in _RELATIONS:
                sections["relations"][sign][_RELATIONS[p]].append(
                    {"subject": s.value, "subjectLabel": _label(store, s), "object": o.value,
                     "objectLabel": _label(store, o), "evidence": _evidence(store, s, t.predicate, o)})
            elif p == _HAS_OBSERVATION:
                row = {"subject": s.value, "subjectLabel": _label(store, s), "observation": o.value,
                       **_observation(store, o), "evidence": _evidence(store, s, t.predicate, o)}
                sections["observations"][sign][row.get("indicator", "")].append(row)
            elif p == RDF + "type" and o.value == _CONFLICT:
                sections["conflicts"][sign]["ConflictingObservations"].append({"iri": s.value})
            elif p == _CONFLICT_MEMBER:  # a conflict that gained or lost an observation
                sections["conflicts"][sign]["conflictingObservation"].append({"iri": s.value, "observation": o.value})
            else:
                other[sign][_short(p)] += 1
    d.sections = {k: {sign: {g: rows for g, rows in sorted(groups.items())} for sign, groups in signs.items()}
                  for k, signs in sections.items()}
    d.other = {sign: dict(sorted(c.items())) for sign, c in other.items()}
    d.renamed = _renamed(d.sections["entities"], old, new)


def _renamed(entities: dict, old: ox.Store, new: ox.Store) -> list[dict]:
    """Pairs of a removed and an added entity of one type that share a name (label or alias).

    Why: the canonical name of a merged entity depends on the whole corpus,
    so adding or removing a page can move it, and with it the IRI. The diff
    stays exact (the old IRI's facts removed, the new one's added); this
    says which removal and addition are the same thing under a new name.
    """
    pairs = []
    for kind, removed in entities["removed"].items():
        names: dict[str, dict] = {}
        for row in entities["added"].get(kind, []):
            for name in _names(new, row["iri"]):
                names.setdefault(name, row)
        for row in removed:
            match = next((names[n] for n in sorted(_names(old, row["iri"])) if n in names), None)
            if match is not None:
                pairs.append({"type": kind, "old": row["iri"], "oldLabel": row["label"],
                              "new": match["iri"], "newLabel": match["label"]})
    return pairs


def _names(store: ox.Store, iri: str) -> set[str]:
    node = ox.NamedNode(iri)
    return {q.object.value for p in (RDFS_LABEL, SKOS_ALT_LABEL)
            for q in store.quads_for_pattern(node, ox.NamedNode(p), None, None)}


def _short(iri: str) -> str:
    for prefix, ns in (("kg:", ONTOLOGY_IRI), ("rdf:", RDF), ("rdfs:", RDFS_NS),
                       ("prov:", PROV_NS), ("dct:", DCT_NS), ("skos:", SKOS_NS)):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def _label(store: ox.Store, term) -> str:
    labels = sorted(q.object.value for q in store.quads_for_pattern(term, ox.NamedNode(RDFS_LABEL), None, None))
    return labels[0] if labels else ""


def _bind(query: str, s, p, o) -> str:
    return query.replace("<S>", str(s)).replace("<P>", str(p)).replace("<O>", str(o))


def _evidence(store: ox.Store, s, p, o) -> list[dict]:
    """Each evidence sentence of a fact or observation, with its article title and date."""
    return [{"sentence": r["sentence"].value, "article": r["title"].value,
             "date": r["date"].value if r["date"] is not None else ""}
            for r in store.query(_bind(_EVIDENCE, s, p, o))]


def _observation(store: ox.Store, o) -> dict:
    for r in store.query(_bind(_OBSERVATION, "<urn:x>", "<urn:x>", o)):
        return {k: (r[k].value if r[k] is not None else "") for k in ("indicator", "period", "value", "unit", "surface")}
    return {}
