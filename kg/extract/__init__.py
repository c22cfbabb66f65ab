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
from enum import Enum

from ..model import Document, Extraction, Mention, ObservationMention, RelationMention
from . import aliases, companies, context, industries, observations, parks, people, place_names, projects, referenced, relations, subareas


class Kind(Enum):
    """What an extractor's ``find`` returns, and so how :func:`extract` uses it."""

    MENTION = "mention"  # new mentions, added to those found so far
    RESOLVE = "resolve"  # all mentions again, bare references resolved
    RELATION = "relation"  # relation mentions
    OBSERVATION = "observation"  # observation mentions


@dataclass(frozen=True)
class Extractor:
    name: str
    kind: Kind
    find: Callable


REGISTRY: tuple[Extractor, ...] = (
    Extractor("parks", Kind.MENTION, parks.find_parks),
    Extractor("enterprises", Kind.MENTION, companies.find_enterprises),
    Extractor("gazetteer", Kind.MENTION, referenced.find_listed),
    Extractor("organizations", Kind.MENTION, companies.find_organizations),
    Extractor("policies", Kind.MENTION, projects.find_policies),
    Extractor("projects", Kind.MENTION, projects.find_projects),
    Extractor("project-owners", Kind.MENTION, projects.find_project_owners),
    Extractor("aliases", Kind.RESOLVE, aliases.merge_declared),
    Extractor("places", Kind.MENTION, place_names.find_places),
    Extractor("industries", Kind.MENTION, industries.find_industries),
    Extractor("people", Kind.MENTION, people.find_people),
    Extractor("context", Kind.RESOLVE, context.resolve_references),
    Extractor("zone-areas", Kind.RESOLVE, subareas.bare_areas),
    Extractor("relations", Kind.RELATION, relations.find_relations),
    Extractor("observations", Kind.OBSERVATION, observations.find_observations),
)


def extract(doc: Document) -> Extraction:
    mentions: list[Mention] = []
    rels: list[RelationMention] = []
    obs: list[ObservationMention] = []
    for ex in REGISTRY:
        if ex.kind is Kind.MENTION:
            mentions.extend(ex.find(doc, tuple(mentions)))
        elif ex.kind is Kind.RESOLVE:
            mentions = list(ex.find(doc, tuple(mentions)))
        elif ex.kind is Kind.RELATION:
            rels.extend(ex.find(doc, tuple(mentions)))
        else:
            obs.extend(ex.find(doc, tuple(mentions)))
    mentions.sort(key=lambda m: (m.start, m.end, m.type, m.canonical))
    return Extraction(doc, tuple(mentions), tuple(rels), tuple(obs))
