"""Extract stage: the registry of extractors, run in order on one document.

Each extractor is a pure function ``find(doc, found) -> list`` that reads the
document (and the mentions found by earlier extractors) and returns new
mentions, relations or observations. The order is explicit: entity finders
first (names an article declares, 以下简称, are merged once the named entities are found),
then context resolution of bare references, then relations and figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document, Extraction, Mention, ObservationMention, RelationMention
from . import aliases, companies, context, industries, observations, parks, people, place_names, projects, referenced, relations, subareas


@dataclass(frozen=True)
class Extractor:
    name: str
    kind: str  # "mention", "resolve", "relation", "observation"
    find: Callable


REGISTRY: tuple[Extractor, ...] = (
    Extractor("parks", "mention", parks.find_parks),
    Extractor("enterprises", "mention", companies.find_enterprises),
    Extractor("gazetteer", "mention", referenced.find_listed),
    Extractor("organizations", "mention", companies.find_organizations),
    Extractor("policies", "mention", projects.find_policies),
    Extractor("projects", "mention", projects.find_projects),
    Extractor("project-owners", "mention", projects.find_project_owners),
    Extractor("aliases", "resolve", aliases.merge_declared),
    Extractor("places", "mention", place_names.find_places),
    Extractor("industries", "mention", industries.find_industries),
    Extractor("people", "mention", people.find_people),
    Extractor("context", "resolve", context.resolve_references),
    Extractor("zone-areas", "resolve", subareas.bare_areas),
    Extractor("relations", "relation", relations.find_relations),
    Extractor("observations", "observation", observations.find_observations),
)


def extract(doc: Document) -> Extraction:
    mentions: list[Mention] = []
    rels: list[RelationMention] = []
    obs: list[ObservationMention] = []
    for ex in REGISTRY:
        if ex.kind == "mention":
            mentions.extend(ex.find(doc, tuple(mentions)))
        elif ex.kind == "resolve":
            mentions = list(ex.find(doc, tuple(mentions)))
        elif ex.kind == "relation":
            rels.extend(ex.find(doc, tuple(mentions)))
        else:
            obs.extend(ex.find(doc, tuple(mentions)))
    mentions.sort(key=lambda m: (m.start, m.end, m.type, m.canonical))
    return Extraction(doc, tuple(mentions), tuple(rels), tuple(obs))
