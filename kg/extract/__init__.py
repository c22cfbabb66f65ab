"""Extract stage: the registry of extractors, run in order on one document.

Each extractor is a pure function ``find(doc, found) -> list`` that reads the
document (and the mentions found by earlier extractors) and returns new
mentions, relations or observations. The order is explicit: entity finders
first (names an article declares, 以下简称, are merged once the named entities are found),
then context resolution of bare references, then relations and figures.

An extractor may declare ``triggers``: words one of which every sentence it
finds something in must hold (its heads and cues). One Aho-Corasick scan per
document (:mod:`kg.extract.candidates`) finds them all, and the extractor sees
only those sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from enum import Enum

from ..model import Document, Extraction, Mention, ObservationMention, RelationMention
from . import aliases, brands, candidates, companies, context, fragments, heads, industries, learned, list_zones, observations, parks, people, place_names, projects, referenced, relations, subareas


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
    triggers: tuple[str, ...] = ()  # one of these is in every sentence the extractor finds something in ('': all)
    # Prepares a batch of documents at once, given (view, mentions found so far) of each; :func:`steps` pauses before it.
    ahead: Callable[[list[tuple[Document, tuple[Mention, ...]]]], None] | None = None


# Triggers: the literal alternatives of each extractor's head and cue patterns (tests/extract/test_candidates.py
# checks them against the patterns and compares gated with ungated runs).
PARK_TRIGGERS = heads.HEADS  # parks._PARK_RE
PROJECT_TRIGGERS = ("投资", "金额", "签约额",  # project_money.CUED_PROJECT: every MONEY_CUE holds one of them
                    "项目",  # projects._PROJ_ENUM and projects._PROJ_HEAD
                    "基地", "工程", "电站", "中心", "广场", "小镇", "总部",  # projects._PROJ_HEAD
                    "工厂", "生产线",  # project_cues._HOSTED and _COMPANY_MADE
                    "大厦", "大楼", "综合体", "酒店", "物流园")  # project_cues._COMPANY_MADE
ORGANIZATION_TRIGGERS = ("管理委员会", "管委会", "党工委", "工委", "委员会", "人民政府", "政府", "省委", "市委", "县委", "区委",
                         "州委", "大学", "学院", "研究院", "研究所", "日报", "晚报", "报社", "教育厅",
                         "局", "厅", "办", "委")  # companies._ORG_HEAD


REGISTRY: tuple[Extractor, ...] = (
    Extractor("parks", Kind.MENTION, parks.find_parks, PARK_TRIGGERS),
    Extractor("list-zones", Kind.MENTION, list_zones.find_list_zones),
    Extractor("enterprises", Kind.MENTION, companies.find_enterprises),
    Extractor("brand-lists", Kind.MENTION, brands.find_brand_lists, brands.TRIGGERS),
    Extractor("gazetteer", Kind.MENTION, referenced.find_listed),
    Extractor("organizations", Kind.MENTION, companies.find_organizations, ORGANIZATION_TRIGGERS),
    Extractor("policies", Kind.MENTION, projects.find_policies),
    Extractor("projects", Kind.MENTION, projects.find_projects, PROJECT_TRIGGERS),
    Extractor("project-owners", Kind.MENTION, projects.find_project_owners),
    Extractor("model-enterprises", Kind.MENTION, learned.find_model_enterprises, learned.TRIGGERS, ahead=learned.tag_ahead),  # off unless --ner
    Extractor("fragments", Kind.RESOLVE, fragments.drop_fragments),
    Extractor("aliases", Kind.RESOLVE, aliases.merge_declared),
    Extractor("places", Kind.MENTION, place_names.find_places),
    Extractor("industries", Kind.MENTION, industries.find_industries),
    Extractor("people", Kind.MENTION, people.find_people),
    Extractor("context", Kind.RESOLVE, context.resolve_references),
    Extractor("zone-areas", Kind.RESOLVE, subareas.bare_areas),
    Extractor("relations", Kind.RELATION, relations.find_relations),
    Extractor("observations", Kind.OBSERVATION, observations.find_observations),
)


SCAN = candidates.CandidateScan({ex.name: ex.triggers for ex in REGISTRY if ex.triggers})


def extract(doc: Document, registry: tuple[Extractor, ...] = REGISTRY, scan: candidates.CandidateScan | None = SCAN) -> Extraction:
    """Run the extractors of ``registry`` in order; those with triggers see only their candidate sentences (``scan``)."""
    run = steps(doc, registry, scan)
    while True:
        try:
            next(run)
        except StopIteration as done:
            return done.value


Pause = tuple[Extractor, Document, tuple[Mention, ...]]


def steps(doc: Document, registry: tuple[Extractor, ...] = REGISTRY,
          scan: candidates.CandidateScan | None = SCAN) -> Generator[Pause, None, Extraction]:
    """:func:`extract` as a generator: before each extractor with an ``ahead`` step it yields (extractor, its view,
    the mentions found so far), and it returns the extraction.

    Why: the learned tagger runs only where the rules left a gap, so it needs
    the rules' mentions; and it is cheap only on a batch of many documents. The
    map step runs the documents of a chunk up to that pause, hands them all to
    ``ahead`` (which tags their gaps in one batch), then lets each finish
    (:func:`kg.pipeline.mapstep.map_pages`); :func:`extract` just runs through.
    """
    mentions: list[Mention] = []
    rels: list[RelationMention] = []
    obs: list[ObservationMention] = []
    keep = scan.sentences_of(doc) if scan is not None else None
    for ex in registry:
        view = candidates.narrowed(doc, keep.get(ex.name)) if keep is not None and ex.triggers else doc
        found = tuple(mentions)  # the very tuple a pause shows is the one the extractor gets
        if ex.ahead is not None:
            yield ex, view, found
        if ex.kind is Kind.MENTION:
            mentions.extend(ex.find(view, found))
        elif ex.kind is Kind.RESOLVE:
            mentions = list(ex.find(view, found))
        elif ex.kind is Kind.RELATION:
            rels.extend(ex.find(view, found))
        else:
            obs.extend(ex.find(view, found))
    mentions.sort(key=lambda m: (m.start, m.end, m.type, m.canonical))
    return Extraction(doc, tuple(mentions), tuple(rels), tuple(obs))
