"""The explorer's view model: everything the page shows, as compact JSON-ready data (:mod:`kg.export.html`).

Why it looks like this:

* Rows, not terms. The model is built from ``(subject, predicate, object)``
  values: pyoxigraph triples give them (:func:`term_values`), and a large
  graph's N-Triples lines give them without building terms
  (:func:`kg.export.ntvalues.line_values`, issue 17 item 4).
* Traditional script. Search folds what the user types to simplified
  characters with a map built here from OpenCC, restricted to the characters
  that occur in labels and aliases (so it stays a few kB).
* Size. Above :data:`FULL_VIEW_LIMIT` entities the page starts from the most
  connected parks and their neighbours (:func:`initial_view`) and says what is
  hidden; the rest is revealed on demand.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import opencc
from pyoxigraph import Triple

from ..defaults import DCT_NS, PROV_WAS_DERIVED_FROM, RDFS_LABEL, RDF_NS, RDF_TYPE, SKOS_ALT_LABEL
from ..vocab import CORE_TYPES, KG, PARK_SUBTYPES, RELATIONS

#: Show every entity up to this many; above it start from the best-connected parks.
FULL_VIEW_LIMIT = 400
#: How many entities the reduced first view aims for.
INITIAL_BUDGET = 250

COLORS = {
    "Park": "#e4572e", "Enterprise": "#29335c", "Industry": "#f3a712", "Policy": "#669bbc",
    "Project": "#6a994e", "Place": "#8d6a9f", "Person": "#db5a9a", "Organization": "#7a7a7a",
}
TYPE_ZH = {"Park": "园区", "Enterprise": "企业", "Industry": "产业", "Policy": "政策", "Project": "项目",
           "Place": "地点", "Person": "人物", "Organization": "机构"}
REL_ZH = {"locatedIn": "位于", "leadsIndustry": "主导产业", "signedProject": "签约项目",
          "developsIndustry": "发展产业", "issuedPolicy": "出台政策", "partOf": "隶属于"}
SUBTYPE_ZH = {"HighTechZone": "高新区", "EconomicDevelopmentZone": "经开区", "IndustrialPark": "产业园区",
              "NewArea": "新区", "FreeTradeZoneArea": "自贸区片区", "CooperationZone": "合作区",
              "BondedZone": "综合保税区", "ScienceCity": "科学城"}

# Predicate IRI -> the field it fills, per kind of node (plain strings: pyoxigraph values compare with them).
_ARTICLE_FIELDS = {DCT_NS + "title": "title", DCT_NS + "date": "date", DCT_NS + "source": "source", str(KG.reporter): "reporter",
                   str(KG.fileName): "file", str(KG.articleIndex): "index", RDFS_LABEL: "label"}
_OBS_FIELDS = {str(KG.likelyUnitError): "slip", str(KG.indicator): "ind", str(KG.value): "value", str(KG.unit): "unit",
               str(KG.period): "period", str(KG.surfaceValue): "surface", str(KG.approximation): "approx"}
_EV_FIELDS = {str(KG.inArticle): "article", str(KG.beginIndex): "begin", str(KG.endIndex): "end",
              str(KG.sentenceText): "text"}
#: Every predicate :func:`view_model` reads: the explorer's subset of a large graph keeps only these (kg.export.streaming).
VIEW_PREDICATES = frozenset({RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, PROV_WAS_DERIVED_FROM, str(KG.mentionedIn), str(KG.hasObservation),
                             str(KG.conflictingObservation), RDF_NS + "subject", RDF_NS + "predicate", RDF_NS + "object",
                             *(str(KG[r]) for r in RELATIONS), *_ARTICLE_FIELDS, *_OBS_FIELDS, *_EV_FIELDS})


# ---------------------------------------------------------------- text folding
def fold(text: str) -> str:
    """The search form of a string: NFKC, lower case, no spaces (the page does the same)."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@lru_cache(maxsize=1)
def _opencc_t2s_chars() -> dict[str, str]:
    """Every CJK character that OpenCC folds to a different simplified character.

    Characters are converted one per line, so phrase rules never span two of them;
    ``t2s``, ``tw2s`` and ``hk2s`` together cover mainland, Taiwan and Hong Kong variants.
    """
    chars = [chr(c) for r in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(r[0], r[1] + 1)]
    src = "\n".join(chars)
    table: dict[str, str] = {}
    for config in ("hk2s", "tw2s", "t2s"):  # later configs win: t2s is the reference
        out = opencc.OpenCC(config).convert(src).split("\n")
        if len(out) != len(chars):
            continue
        for t, s in zip(chars, out):
            if len(s) == 1 and s != t:
                table[t] = s
    return table


def char_map(texts: Sequence[str]) -> dict[str, str]:
    """Traditional → simplified, only for characters whose simplified form occurs in ``texts``."""
    wanted = {ch for text in texts for ch in text}
    return {t: s for t, s in sorted(_opencc_t2s_chars().items()) if s in wanted}


def _map_chars(text: str, cmap: dict[str, str]) -> str:
    return "".join(cmap.get(ch, ch) for ch in text)


# ---------------------------------------------------------------- view model
_FIELD, _DERIVED, _TYPE, _MENTION, _HAS_OBS, _REL, _STMT, _LABEL, _ALT, _CONFLICT = range(10)
#: What :func:`_collect` does with each predicate it reads (and with which argument); the rest is skipped.
_ACTIONS: dict[str, tuple[int, str | None]] = {
    **{p: (_FIELD, name) for fields in (_ARTICLE_FIELDS, _OBS_FIELDS, _EV_FIELDS) for p, name in fields.items()},
    PROV_WAS_DERIVED_FROM: (_DERIVED, None), RDF_TYPE: (_TYPE, None), str(KG.mentionedIn): (_MENTION, None),
    str(KG.hasObservation): (_HAS_OBS, None), **{str(KG[r]): (_REL, r) for r in RELATIONS},
    **{RDF_NS + x: (_STMT, x) for x in ("subject", "predicate", "object")},
    RDFS_LABEL: (_LABEL, None), SKOS_ALT_LABEL: (_ALT, None), str(KG.conflictingObservation): (_CONFLICT, None),
}
_KINDS = {str(KG[k]): k for k in ("Article", "Evidence", "Observation")}


def term_values(triples: Iterable[Triple]) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` values of pyoxigraph triples: the rows :func:`rows_view_model` reads."""
    return ((t.subject.value, t.predicate.value, t.object.value) for t in triples)


def _collect(rows: Iterable[tuple[str, str, str]]):
    """One pass over the rows into plain dictionaries keyed by IRI.

    Why a table of actions: the rows of a large graph's subset number
    millions; one dictionary lookup per row replaces a chain of comparisons.
    """
    core = {str(KG[t]): t for t in CORE_TYPES}
    subtypes = {str(KG[t]): t for t in PARK_SUBTYPES}
    actions = _ACTIONS
    g = defaultdict(dict)
    types: dict[str, str] = {}
    subs: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    mentioned: dict[str, list[str]] = defaultdict(list)
    has_obs: dict[str, list[str]] = defaultdict(list)
    stmt: dict[str, dict[str, str]] = defaultdict(dict)
    stmt_ev: dict[str, list[str]] = defaultdict(list)
    edges: list[tuple[str, str, str]] = []
    kinds: dict[str, str] = {}
    for s, p, o in rows:
        action = actions.get(p)
        if action is None:
            continue
        code, arg = action
        if code == _FIELD:
            g[s][arg] = o
        elif code == _DERIVED:
            stmt_ev[s].append(o)
        elif code == _TYPE:
            if o in core:
                types[s] = core[o]
            elif o in subtypes:
                subs[s].append(subtypes[o])
            elif o in _KINDS:
                kinds[s] = _KINDS[o]
        elif code == _MENTION:
            mentioned[s].append(o)
        elif code == _HAS_OBS:
            has_obs[s].append(o)
        elif code == _REL:
            edges.append((s, arg, o))
        elif code == _STMT:
            stmt[s][arg] = o
        elif code == _LABEL:
            labels[s] = o
        elif code == _ALT:
            aliases[s].append(o)
        else:  # conflictingObservation: the conflict badge (kg.assemble.conflicts); the largest IRI in any order
            g[o]["conflict"] = max(s, g[o].get("conflict", s))
    return types, subs, labels, aliases, mentioned, has_obs, stmt, stmt_ev, edges, kinds, g


def view_model(triples: Iterable[Triple]) -> dict:
    """Everything the page needs, as compact JSON-ready data; deterministic for sorted input."""
    return rows_view_model(term_values(triples))


def rows_view_model(rows: Iterable[tuple[str, str, str]]) -> dict:
    """:func:`view_model` of ``(subject, predicate, object)`` values (:func:`term_values`, or
    :func:`kg.export.ntvalues.line_values` of a large graph's lines, which skips pyoxigraph's terms)."""
    types, subs, labels, aliases, mentioned, has_obs, stmt, stmt_ev, edges, kinds, g = _collect(rows)
    articles, art_idx = _articles(kinds, g)
    evidence, ev_idx = _evidence(kinds, g, art_idx)
    node_iris = sorted(types)
    nidx = {iri: n for n, iri in enumerate(node_iris)}
    out_edges, degree = _edges(nidx, edges, stmt, stmt_ev, ev_idx)
    nodes = []
    for n, iri in enumerate(node_iris):
        label = labels.get(iri, iri)
        alts = sorted(set(aliases.get(iri, ())) - {label})
        nodes.append({"iri": iri, "label": label, "type": CORE_TYPES.index(types[iri]),
                      "sub": sorted(subs.get(iri, ())), "alt": alts, "deg": degree[n],
                      "arts": sorted(art_idx[a] for a in mentioned.get(iri, ()) if a in art_idx),
                      "obs": _observations(has_obs.get(iri, ()), g, stmt_ev, ev_idx)})
    cmap = _search_keys(nodes)
    return {
        "version": 1,
        "types": [{"key": t, "zh": TYPE_ZH[t], "color": COLORS[t]} for t in CORE_TYPES],
        "rels": [{"key": r, "zh": REL_ZH[r]} for r in RELATIONS],
        "subtypes": SUBTYPE_ZH,
        "articles": articles,
        "evidence": evidence,
        "nodes": nodes,
        "edges": out_edges,
        "charmap": "".join(t + s for t, s in cmap.items()),
        "initial": initial_view(nodes, out_edges),
    }


def _articles(kinds: dict[str, str], g: dict[str, dict]) -> tuple[list[dict], dict[str, int]]:
    """The articles in IRI order, and each IRI's position: evidence and nodes refer to articles by number."""
    article_iris = sorted(i for i, k in kinds.items() if k == "Article")
    art_idx = {iri: n for n, iri in enumerate(article_iris)}
    articles = []
    for iri in article_iris:
        a = g[iri]
        articles.append({"iri": iri, "title": a.get("title") or a.get("label") or iri, "date": a.get("date", ""),
                         "source": a.get("source", ""), "reporter": a.get("reporter", ""),
                         "file": a.get("file", ""), "index": int(a.get("index", 0) or 0)})
    return articles, art_idx


def _evidence(kinds: dict[str, str], g: dict[str, dict], art_idx: dict[str, int]) -> tuple[list[list], dict[str, int]]:
    """Evidence as [article, begin, end, sentence] rows in IRI order, and each IRI's row: facts cite rows by number."""
    ev_iris = sorted(i for i, k in kinds.items() if k == "Evidence")
    ev_idx = {iri: n for n, iri in enumerate(ev_iris)}
    evidence = [[art_idx.get(g[i].get("article", ""), -1), int(g[i].get("begin", 0) or 0),
                 int(g[i].get("end", 0) or 0), g[i].get("text", "")] for i in ev_iris]
    return evidence, ev_idx


def _edges(nidx: dict[str, int], edges, stmt: dict[str, dict], stmt_ev: dict[str, list],
           ev_idx: dict[str, int]) -> tuple[list[list], dict[int, int]]:
    """Edges as [subject, relation, object, evidence rows] between drawn nodes, and each node's degree.

    Why through the reified statements: a fact's evidence hangs on its rdf:Statement,
    not on the edge, so the two are joined on (subject, predicate, object).
    """
    fact_ev: dict[tuple[str, str, str], list[int]] = {}
    for st, parts in stmt.items():
        key = (parts.get("subject", ""), parts.get("predicate", ""), parts.get("object", ""))
        fact_ev[key] = sorted(ev_idx[e] for e in stmt_ev.get(st, ()) if e in ev_idx)
    rel_idx = {r: n for n, r in enumerate(RELATIONS)}
    out_edges = []
    degree: dict[int, int] = defaultdict(int)
    for s, r, o in sorted(set(edges)):
        if s not in nidx or o not in nidx:
            continue
        evs = fact_ev.get((s, str(KG[r]), o), [])
        out_edges.append([nidx[s], rel_idx[r], nidx[o], evs])
        degree[nidx[s]] += 1
        degree[nidx[o]] += 1
    return out_edges, degree


def _observations(obs_iris, g: dict[str, dict], stmt_ev: dict[str, list], ev_idx: dict[str, int]) -> list[dict]:
    """A node's figures in IRI order, with their evidence rows and the conflict badge."""
    obs = []
    for o in sorted(obs_iris):
        d = g[o]
        obs.append({"ind": d.get("ind", ""), "value": d.get("value", ""), "unit": d.get("unit", ""),
                    "period": d.get("period", ""), "surface": d.get("surface", ""), "approx": d.get("approx", ""),
                    "ev": sorted(ev_idx[e] for e in stmt_ev.get(o, ()) if e in ev_idx)})
        if d.get("conflict"):  # 1: conflicting figures, 2: likely a 万/亿 unit slip (only then: a small page)
            obs[-1]["conflict"] = 2 if g[d["conflict"]].get("slip") == "true" else 1
    return obs


def _search_keys(nodes: list[dict]) -> dict[str, str]:
    """Give each node its search keys (label and aliases folded to simplified) and return the folding map.

    Why the map is built from the nodes: it only holds the characters that occur in
    labels and aliases, which keeps it a few kB.
    """
    cmap = char_map([fold(x) for node in nodes for x in [node["label"], *node["alt"]]])
    for node in nodes:
        keys = []
        for text in [node["label"], *node["alt"]]:
            key = _map_chars(fold(text), cmap)
            if key not in keys:
                keys.append(key)
        node["keys"] = keys
    return cmap


def initial_view(nodes: list[dict], edges: list[list]) -> list[int] | None:
    """Which nodes to draw first: all of them (None) for small graphs, else hubs.

    Parks are taken by degree, each with its neighbours, until the budget is
    used; if there are no parks, the best-connected entities of any type.
    """
    if len(nodes) <= FULL_VIEW_LIMIT:
        return None
    nbrs: dict[int, set[int]] = defaultdict(set)
    for s, _, o, _ in edges:
        nbrs[s].add(o)
        nbrs[o].add(s)
    park = CORE_TYPES.index("Park")

    def rank(i: int) -> tuple:
        return (-nodes[i]["deg"], nodes[i]["label"], i)

    seeds = sorted((i for i, n in enumerate(nodes) if n["type"] == park and n["deg"]), key=rank)
    seeds += sorted((i for i, n in enumerate(nodes) if n["type"] != park), key=rank)
    chosen: set[int] = set()
    for hub in seeds:
        if len(chosen) >= INITIAL_BUDGET:
            break
        chosen.add(hub)
        room = max(0, INITIAL_BUDGET - len(chosen))
        chosen.update(sorted(nbrs[hub] - chosen, key=rank)[:room])
    return sorted(chosen)
