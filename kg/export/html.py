"""Write the offline HTML explorer: one file, vis-network inlined from pyvis.

pyvis's own templates fetch Bootstrap or vis-network from a CDN; we take the
vis-network build that ships inside the pyvis package and inline it, so the
page works from file:// with no network at all. Physics runs a bounded number
of stabilization rounds and then stops, so large graphs still draw.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from pyoxigraph import Triple

from ..vocab import CORE_TYPES, ONTOLOGY_IRI, RELATIONS
from .rdf import atomic_write_bytes

COLORS = {
    "Park": "#e4572e", "Enterprise": "#29335c", "Industry": "#f3a712", "Policy": "#669bbc",
    "Project": "#a8c686", "Place": "#8d6a9f", "Person": "#db5a9a", "Organization": "#7a7a7a",
}
TYPE_ZH = {"Park": "园区", "Enterprise": "企业", "Industry": "产业", "Policy": "政策", "Project": "项目",
           "Place": "地点", "Person": "人物", "Organization": "机构"}
REL_ZH = {"locatedIn": "位于", "leadsIndustry": "主导产业", "signedProject": "签约项目",
          "developsIndustry": "发展产业", "issuedPolicy": "出台政策", "partOf": "属于"}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SUBJ = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def _asset(name: str) -> str:
    return resources.files("pyvis").joinpath(f"lib/vis-9.1.2/{name}").read_text(encoding="utf-8")


def view_model(triples: Sequence[Triple]) -> dict:
    """Nodes, edges and evidence for the page, from the built triples."""
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    sentence: dict[str, str] = {}
    stmt_subject: dict[str, str] = {}
    stmt_evidence: dict[str, str] = {}
    edges = []
    core = {ONTOLOGY_IRI + t: t for t in CORE_TYPES}
    rels = {ONTOLOGY_IRI + r: r for r in RELATIONS}
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if p == RDF_TYPE and o in core:
            types[s] = core[o]
        elif p == LABEL:
            labels[s] = o
        elif p == ALT:
            aliases[s].append(o)
        elif p == ONTOLOGY_IRI + "sentenceText":
            sentence[s] = o
        elif p == SUBJ:
            stmt_subject[s] = o
        elif p == DERIVED:
            stmt_evidence.setdefault(s, o)
        elif p in rels:
            edges.append((s, rels[p], o))
    node_evidence: dict[str, str] = {}
    for stmt, subj in sorted(stmt_subject.items()):
        ev = stmt_evidence.get(stmt)
        if ev and ev in sentence:
            node_evidence.setdefault(subj, sentence[ev])
    degree: dict[str, int] = defaultdict(int)
    for s, _, o in edges:
        degree[s] += 1
        degree[o] += 1
    nodes = []
    for iri in sorted(types):
        typ = types[iri]
        label = labels.get(iri, iri)
        tip = f"{TYPE_ZH[typ]} {typ}\n{label}"
        if aliases.get(iri):
            tip += "\n别名: " + "、".join(sorted(aliases[iri])[:6])
        if iri in node_evidence:
            tip += "\n证据: " + node_evidence[iri][:160]
        nodes.append({"id": iri, "label": label, "group": typ, "title": tip,
                      "color": COLORS[typ], "value": 1 + degree[iri]})
    return {
        "nodes": nodes,
        "edges": [{"from": s, "to": o, "label": REL_ZH[r], "rel": r, "arrows": "to"} for s, r, o in sorted(edges)],
        "types": [{"type": t, "zh": TYPE_ZH[t], "color": COLORS[t]} for t in CORE_TYPES],
    }


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no '</', no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


TEMPLATE = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;">
<title>parkkg 开发区知识图谱</title>
<style>__VIS_CSS__
body{margin:0;font-family:sans-serif}#net{position:absolute;top:40px;left:0;right:0;bottom:0}
#bar{height:40px;display:flex;gap:10px;align-items:center;padding:0 8px;background:#f4f4f4;font-size:13px}
.lg{display:inline-flex;align-items:center;gap:3px}.sw{width:12px;height:12px;border-radius:6px;display:inline-block}
</style></head><body>
<div id="bar"><b>parkkg</b><span id="legend"></span></div>
<div id="net"></div>
<script>__VIS_JS__</script>
<script>
const DATA = __DATA__;
const legend = document.getElementById('legend');
for (const t of DATA.types) {
  const s = document.createElement('span'); s.className = 'lg';
  const sw = document.createElement('span'); sw.className = 'sw'; sw.style.background = t.color;
  s.appendChild(sw); s.appendChild(document.createTextNode(t.zh + ' ' + t.type)); legend.appendChild(s);
}
const nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges);
const net = new vis.Network(document.getElementById('net'), {nodes, edges}, {
  nodes: {shape: 'dot', scaling: {min: 8, max: 30}, font: {size: 14}},
  edges: {font: {size: 10, align: 'middle'}, color: {opacity: 0.6}, smooth: false},
  layout: {randomSeed: 7, improvedLayout: DATA.nodes.length < 300},
  physics: {solver: 'forceAtlas2Based', stabilization: {iterations: 200, updateInterval: 50}},
  interaction: {hover: true, tooltipDelay: 150}
});
net.once('stabilizationIterationsDone', () => net.setOptions({physics: false}));
</script></body></html>
"""


def render_html(triples: Sequence[Triple]) -> str:
    data = view_model(triples)
    page = TEMPLATE.replace("__VIS_CSS__", _asset("vis-network.css")).replace("__VIS_JS__", _asset("vis-network.min.js"))
    head, tail = page.split("__DATA__", 1)
    return head + _json_for_script(data) + tail


def write_html(triples: Sequence[Triple], path: Path) -> Path:
    atomic_write_bytes(path, render_html(triples).encode("utf-8"))
    return path
