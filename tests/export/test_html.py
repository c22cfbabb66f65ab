"""The explorer page without a browser: view model, escaping, character map, page shape.

The browser behaviour (search, filters, clicks, payloads staying inert) is in
test_html_browser.py; here we check the data the page is built from, with
synthetic triples whose every value we control.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from kg.export import html as H
from kg.vocab import CORE_TYPES, ONTOLOGY_IRI as KG

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/parkkg/id/"


def _t(s: str, p: str, o) -> Triple:
    return Triple(NamedNode(s), NamedNode(p), o if isinstance(o, Literal) else NamedNode(o))


def _lit(text, lang=None, dt=None) -> Literal:
    if lang:
        return Literal(str(text), language=lang)
    return Literal(str(text), datatype=NamedNode(XSD + dt)) if dt else Literal(str(text))


def synthetic(entities, facts, observations=(), article_title="测试文章") -> list[Triple]:
    """entities: (key, type, label, [aliases]); facts: (s, predicate, o, sentence); observations: (s, indicator, value, unit, period)."""
    art = ID + "article/t-0"
    out = [_t(art, RDF + "type", KG + "Article"), _t(art, DCT + "title", _lit(article_title, "zh-Hans")),
           _t(art, RDFS + "label", _lit(article_title, "zh-Hans")), _t(art, DCT + "date", _lit("2024-01-02", dt="date")),
           _t(art, DCT + "source", _lit("测试来源")), _t(art, KG + "fileName", _lit("t.txt")),
           _t(art, KG + "articleIndex", _lit(0, dt="integer"))]
    iri = {}
    for key, typ, label, aliases in entities:
        iri[key] = f"{ID}{typ.lower()}/{key}"
        out += [_t(iri[key], RDF + "type", KG + typ), _t(iri[key], RDFS + "label", _lit(label, "zh-Hans")),
                _t(iri[key], KG + "mentionedIn", art)]
        out += [_t(iri[key], SKOS + "altLabel", _lit(a, "zh-Hant")) for a in aliases]
    offset = 0
    for n, (s, p, o, sentence) in enumerate(facts):
        ev, st = f"{ID}evidence/t-0/{offset}-{offset + len(sentence)}", f"{ID}statement/{n}"
        out += [_t(iri[s], KG + p, iri[o]), _t(st, RDF + "type", RDF + "Statement"), _t(st, RDF + "subject", iri[s]),
                _t(st, RDF + "predicate", KG + p), _t(st, RDF + "object", iri[o]), _t(st, PROV + "wasDerivedFrom", ev),
                _t(ev, RDF + "type", KG + "Evidence"), _t(ev, KG + "inArticle", art),
                _t(ev, KG + "beginIndex", _lit(offset, dt="integer")),
                _t(ev, KG + "endIndex", _lit(offset + len(sentence), dt="integer")),
                _t(ev, KG + "sentenceText", _lit(sentence, "zh"))]
        offset += len(sentence)
    for n, (s, ind, value, unit, period) in enumerate(observations):
        ob = f"{ID}observation/{n}"
        out += [_t(iri[s], KG + "hasObservation", ob), _t(ob, RDF + "type", KG + "Observation"),
                _t(ob, KG + "indicator", _lit(ind, "zh-Hans")), _t(ob, KG + "value", _lit(value, dt="decimal")),
                _t(ob, KG + "unit", _lit(unit)), _t(ob, KG + "period", _lit(period)), _t(ob, KG + "surfaceValue", _lit(value))]
    return sorted(out, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


SMALL = synthetic(
    entities=[("p1", "Park", "甲乙高新区", ["甲乙高新區"]), ("c1", "Place", "丙丁市", []),
              ("i1", "Industry", "新材料", []), ("e1", "Enterprise", "戊己科技有限公司", ["戊己科技"])],
    facts=[("p1", "locatedIn", "c1", "甲乙高新区位于丙丁市。"), ("p1", "leadsIndustry", "i1", "甲乙高新區主導產業為新材料。"),
           ("e1", "locatedIn", "p1", "戊己科技落户甲乙高新区。")],
    observations=[("p1", "地区生产总值", "12000000000", "CNY", "2023")],
)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "data element missing"
    return json.loads(m.group(1))


# ---------------------------------------------------------------- escaping
@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>",
    "<!-- comment",
    "<img src=x onerror=alert(1)>",
    "a & b &amp; c",
    "line\u2028separator\u2029para",
    "引号\"和'单引号'\\反斜杠",
    "</SCRIPT >",
])
def test_json_for_script_is_inert_and_round_trips(value):
    text = H.json_for_script({"v": value, "list": [value]})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {"v": value, "list": [value]}


# ---------------------------------------------------------------- folding and the character map
@pytest.mark.parametrize("text, folded", [
    ("ＡＢＣ高新区", "abc高新区"),
    (" 甲 乙\u3000丙 ", "甲乙丙"),
    ("Zone-A", "zone-a"),
])
def test_fold(text, folded):
    assert H.fold(text) == folded


@pytest.mark.parametrize("texts, trad, simp", [
    (["测试高新区"], "區", "区"),
    (["测试高新区"], "測", "测"),
    (["新材料产业"], "產", "产"),
    (["发展"], "發", "发"),
    (["头发"], "髮", "发"),  # one simplified character, two traditional ones
])
def test_char_map_has_traditional_forms_of_label_characters(texts, trad, simp):
    assert H.char_map(texts).get(trad) == simp


@pytest.mark.parametrize("texts, absent", [
    (["测试高新区"], "產"),  # 产 is not in any label: no entry
    (["abc"], "區"),
])
def test_char_map_is_restricted_to_label_characters(texts, absent):
    assert absent not in H.char_map(texts)


def test_char_map_is_small_for_a_label_set():
    cmap = H.char_map(["甲乙高新区", "丙丁市", "新材料", "戊己科技有限公司"])
    assert 0 < len(cmap) < 60
    assert all(len(k) == 1 and len(v) == 1 for k, v in cmap.items())


# ---------------------------------------------------------------- view model
def test_view_model_nodes_edges_evidence():
    vm = H.view_model(SMALL)
    labels = {n["label"]: n for n in vm["nodes"]}
    assert set(labels) == {"甲乙高新区", "丙丁市", "新材料", "戊己科技有限公司"}
    park = labels["甲乙高新区"]
    assert CORE_TYPES[park["type"]] == "Park"
    assert park["alt"] == ["甲乙高新區"]
    assert park["deg"] == 3
    assert park["keys"] == ["甲乙高新区"]  # the traditional alias folds onto the label
    assert len(vm["edges"]) == 3
    by_rel = {vm["rels"][e[1]]["key"]: e for e in vm["edges"]}
    lead = by_rel["leadsIndustry"]
    assert vm["nodes"][lead[0]]["label"] == "甲乙高新区" and vm["nodes"][lead[2]]["label"] == "新材料"
    art, begin, end, text = vm["evidence"][lead[3][0]]
    assert text == "甲乙高新區主導產業為新材料。" and end - begin == len(text)
    assert vm["articles"][art] | {} == {"iri": ID + "article/t-0", "title": "测试文章", "date": "2024-01-02",
                                        "source": "测试来源", "reporter": "", "file": "t.txt", "index": 0}
    assert park["obs"] == [{"ind": "地区生产总值", "value": "12000000000", "unit": "CNY", "period": "2023",
                            "surface": "12000000000", "approx": "", "ev": []}]
    assert vm["initial"] is None


@pytest.mark.parametrize("query, expected", [
    ("甲乙高新區", "甲乙高新区"),
    ("甲乙高新区", "甲乙高新区"),
    ("戊己科技", "戊己科技有限公司"),
    ("丙丁", "丙丁市"),
])
def test_keys_match_what_the_page_folds(query, expected):
    """The page folds a query with the embedded map; mimic that and match like the page does."""
    vm = H.view_model(SMALL)
    cmap = dict(zip(vm["charmap"][0::2], vm["charmap"][1::2]))
    folded = "".join(cmap.get(c, c) for c in H.fold(query))
    hits = [n["label"] for n in vm["nodes"] if any(folded in k for k in n["keys"])]
    assert expected in hits


def test_view_model_ignores_input_order():
    shuffled = list(SMALL)
    random.Random(3).shuffle(shuffled)
    assert H.render_html(shuffled) == H.render_html(SMALL)


def _star(parks: int, spokes: int) -> tuple[list[dict], list[list]]:
    nodes, edges = [], []
    for p in range(parks):
        nodes.append({"label": f"园{p:04d}", "type": 0, "deg": spokes - p % 3})
    for p in range(parks):
        for s in range(spokes - p % 3):
            nodes.append({"label": f"企{p:04d}-{s}", "type": 1, "deg": 1})
            edges.append([len(nodes) - 1, 0, p, []])
    return nodes, edges


@pytest.mark.parametrize("parks, spokes, full", [(10, 5, True), (40, 9, True), (60, 9, False), (400, 12, False)])
def test_initial_view(parks, spokes, full):
    nodes, edges = _star(parks, spokes)
    first = H.initial_view(nodes, edges)
    if full:
        assert len(nodes) <= H.FULL_VIEW_LIMIT and first is None
        return
    assert first is not None and H.INITIAL_BUDGET - spokes <= len(first) <= H.INITIAL_BUDGET
    parks_in = [i for i in first if nodes[i]["type"] == 0]
    # the best-connected parks come first (degree pattern spokes, spokes-1, spokes-2 repeats)
    assert all(nodes[i]["deg"] >= nodes[j]["deg"] for i in parks_in for j in range(parks) if j not in parks_in)
    assert first == sorted(set(first))


# ---------------------------------------------------------------- the page
@pytest.fixture(scope="module")
def page() -> str:
    return H.render_html(SMALL)


def test_page_is_self_contained(page):
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", page, re.I)
    assert not re.search(r"@import|url\((?!\"?data:)", page)
    assert page.count("</script>") == 3 and "vis.Network" in page  # data, vis-network, explorer


def test_scripts_are_allowed_by_hash_not_unsafe_inline(page):
    """script-src lists the hash of each executable inline script and nothing else (no 'unsafe-inline')."""
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1)
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()[1:]
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert "'unsafe-inline'" not in script_src and len(inline) == 2
    assert sorted(script_src) == sorted(H.script_hash(code) for code in inline)


@pytest.mark.parametrize("code,expected", [
    # the CSP hash of a script (values from `printf %s CODE | openssl dgst -sha256 -binary | base64`)
    ("alert(1)", "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
    ("", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"),
])
def test_script_hash(code, expected):
    assert H.script_hash(code) == expected


@pytest.mark.parametrize("payload", ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"])
def test_payload_labels_are_never_raw_in_the_page(payload):
    triples = synthetic([("p1", "Park", payload + "高新区", [payload]), ("c1", "Place", "某市", [])],
                        [("p1", "locatedIn", "c1", payload + "位于某市。")], article_title=payload)
    text = H.render_html(triples)
    assert payload not in text
    assert any(n["label"] == payload + "高新区" for n in _data(text)["nodes"])


def test_write_html_round_trip(tmp_path):
    path = H.write_html(SMALL, tmp_path / "sub" / "graph.html")
    assert path.read_text(encoding="utf-8") == H.render_html(SMALL)


def test_seeds_page_data_is_consistent(seeds_build):
    """Invariants of the real build, independent of what extraction finds today."""
    data = _data(seeds_build.path("html").read_text(encoding="utf-8"))
    n, ev, arts = len(data["nodes"]), len(data["evidence"]), len(data["articles"])
    assert n > 0 and arts > 0
    assert [x["iri"] for x in data["nodes"]] == sorted(x["iri"] for x in data["nodes"])
    for node in data["nodes"]:
        assert 0 <= node["type"] < len(CORE_TYPES) and node["keys"]
        assert all(0 <= a < arts for a in node["arts"])
        assert all(0 <= v < ev for o in node["obs"] for v in o["ev"])
    for s, r, o, evs in data["edges"]:
        assert 0 <= s < n and 0 <= o < n and 0 <= r < len(data["rels"]) and all(0 <= v < ev for v in evs)
    assert all(0 <= e[0] < arts and e[1] <= e[2] for e in data["evidence"])
