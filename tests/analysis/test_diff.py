"""kg.diff / `kg diff`: the exact changes between two builds, readable and as changesets that apply.

Synthetic pages (invented names) are added, removed and edited between two
builds; on the seeds, a build without one page must differ from the full
build by exactly that page's facts and figures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main as cli_main
from kg.analysis.diff import CS, RDF
from kg.vocab import ONTOLOGY_IRI as ONTOLOGY

PAGES = {
    "a.txt": "星河高新区简介\n2024-01-05 来源：虚构日报\n\n星河高新区以光子芯片产业为主导产业。\n",
    "b.txt": "月湾经开区动态\n2024-02-01 来源：虚构日报\n\n月湾经开区以新材料产业为主导产业。2023年，月湾经开区实现营业收入300亿元。\n",
    "c.txt": "云端产业园快讯\n2024-02-03 来源：乙报\n\n蓝鲸科技有限公司落户云端产业园。\n",
}
EDITED_B = "月湾经开区动态\n2024-02-01 来源：虚构日报\n\n月湾经开区以生物医药产业为主导产业。2023年，月湾经开区实现营业收入320亿元。\n"
NEW_D = "星河高新区再签约\n2024-03-09 来源：丙报\n\n白鹭电子有限公司落户星河高新区。\n"


def build(folder: Path, pages: dict[str, str], out: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    kg.build([folder], out=out, html=False, validate=False)
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diff")
    old = build(tmp / "p1", PAGES, tmp / "old")
    new = build(tmp / "p2", {"a.txt": PAGES["a.txt"], "b.txt": EDITED_B, "d.txt": NEW_D}, tmp / "new")
    return old, new, kg.diff(old, new)


def rels(d, sign: str) -> set[tuple[str, str, str]]:
    return {(p, r["subjectLabel"], r["objectLabel"]) for p, rows in d.sections["relations"][sign].items() for r in rows}


def articles(d, kind: str, sign: str) -> set[str]:
    return {ev["article"] for rows in d.sections[kind][sign].values() for r in rows for ev in r["evidence"]}


def test_added_removed_and_edited_pages(pair):
    _, _, d = pair
    assert {("leadsIndustry", "月湾经开区", "生物医药"), ("locatedIn", "白鹭电子有限公司", "星河高新区")} <= rels(d, "added")
    assert {("leadsIndustry", "月湾经开区", "新材料"), ("locatedIn", "蓝鲸科技有限公司", "云端产业园")} <= rels(d, "removed")
    for kind in ("relations", "observations"):  # only the pages that changed: d and b added, c and b removed
        assert articles(d, kind, "added") <= {"星河高新区再签约", "月湾经开区动态"}
        assert articles(d, kind, "removed") <= {"云端产业园快讯", "月湾经开区动态"}
    added = {r["label"] for rows in d.sections["entities"]["added"].values() for r in rows}
    removed = {r["label"] for rows in d.sections["entities"]["removed"].values() for r in rows}
    assert {"白鹭电子有限公司", "生物医药"} <= added and {"蓝鲸科技有限公司", "云端产业园", "新材料"} <= removed
    assert "星河高新区" not in added | removed  # unchanged page a: no change
    figures = {sign: {r["surface"] for rows in d.sections["observations"][sign].values() for r in rows}
               for sign in ("added", "removed")}
    assert figures == {"added": {"320亿元"}, "removed": {"300亿元"}}


def test_every_added_fact_carries_its_evidence_sentence(pair):
    _, _, d = pair
    for kind in ("relations", "observations"):
        for rows in d.sections[kind]["added"].values():
            for row in rows:
                assert row["evidence"], row
                text = row["evidence"][0]["sentence"]
                assert row["subjectLabel"] in text and row["evidence"][0]["date"].startswith("2024-")


def graph_of(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def triples(store: ox.Store) -> set[str]:
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, None)}


def test_sparql_changeset_turns_old_into_new(pair):
    old, new, d = pair
    store = graph_of(old)
    store.update(d.format("sparql"))
    assert triples(store) == triples(graph_of(new))


def test_rdf_changeset_turns_old_into_new(pair):
    """Apply the Talis ChangeSet by hand: remove every cs:removal, add every cs:addition."""
    old, new, d = pair
    cs = ox.Store()
    cs.load(d.format("rdf").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    store = graph_of(old)
    for kind, apply in (("removal", store.remove), ("addition", store.add)):
        for q in cs.quads_for_pattern(None, ox.NamedNode(CS + kind), None, None):
            part = {p: next(iter(cs.quads_for_pattern(q.object, ox.NamedNode(RDF + p), None, None))).object
                    for p in ("subject", "predicate", "object")}
            apply(ox.Quad(part["subject"], part["predicate"], part["object"], ox.DefaultGraph()))
    assert triples(store) == triples(graph_of(new))


def test_no_change_is_an_empty_diff(pair):
    old, _, _ = pair
    d = kg.diff(old, old / "graph.ttl")
    assert d.added == [] and d.removed == []
    assert all(c == {"added": 0, "removed": 0} for c in d.summary().values())


@pytest.mark.parametrize("fmt, check", [
    ("table", lambda s: "relations: +" in s and "+ leadsIndustry  月湾经开区 -> 生物医药" in s),
    ("json", lambda s: json.loads(s)["summary"]["relations"]["removed"] >= 2),
    ("sparql", lambda s: s.startswith("DELETE DATA {") and "INSERT DATA {" in s),
    ("rdf", lambda s: CS + "ChangeSet" in s),
])
def test_cli_formats(pair, capsys, fmt, check):
    old, new, _ = pair
    assert cli_main(["diff", str(old), str(new), "--format", fmt]) == 0
    assert check(capsys.readouterr().out)


def test_cli_missing_graph_is_a_clean_error(pair, tmp_path, capsys):
    old, _, _ = pair
    assert cli_main(["diff", str(old), str(tmp_path / "nothing")]) == 2
    assert "graph not found" in capsys.readouterr().err


FACTS_OF_PAGE = """
PREFIX kg: <https://w3id.org/parkkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?p ?o WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS { ?st prov:wasDerivedFrom/kg:inArticle/kg:fileName ?f FILTER (?f != "PAGE") }
}"""
FIGURES_OF_PAGE = """
PREFIX kg: <https://w3id.org/parkkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?o WHERE {
  ?s kg:hasObservation ?o .
  FILTER NOT EXISTS { ?o prov:wasDerivedFrom/kg:inArticle/kg:fileName ?f FILTER (?f != "PAGE") }
}"""


def test_seeds_without_one_page_lose_exactly_that_pages_facts(seeds_build, tmp_path):
    """Each seed page in turn. A page that decided a merge also renames an entity: its facts move to the new IRI."""
    pages = sorted(p for p in seeds_build.seeds.iterdir() if p.is_file())
    full = graph_of(seeds_build.out)
    for dropped in pages:
        folder = tmp_path / dropped.stem
        folder.mkdir()
        for page in pages:
            if page != dropped:
                shutil.copy2(page, folder / page.name)
        kg.build([folder], out=tmp_path / f"{dropped.stem}-out", html=False, validate=False)
        d = kg.diff(seeds_build.out, tmp_path / f"{dropped.stem}-out")
        facts = {(r["s"].value, r["p"].value, r["o"].value) for r in full.query(FACTS_OF_PAGE.replace("PAGE", dropped.name))}
        figures = {(r["s"].value, r["o"].value) for r in full.query(FIGURES_OF_PAGE.replace("PAGE", dropped.name))}
        assert facts and figures, dropped.name  # the page states something, or the test proves nothing
        renamed_old = {r["old"] for r in d.renamed}
        renamed_new = {r["new"] for r in d.renamed}
        removed = {(r["subject"], ONTOLOGY + p, r["object"]) for p, rows in d.sections["relations"]["removed"].items()
                   for r in rows}
        assert {f for f in removed if not renamed_old & {f[0], f[2]}} == {f for f in facts if not renamed_old & {f[0], f[2]}}
        assert {(r["subject"], r["observation"]) for rows in d.sections["observations"]["removed"].values()
                for r in rows if r["subject"] not in renamed_old} == {f for f in figures if f[0] not in renamed_old}
        for kind in ("relations", "observations"):  # nothing new but the renamed entities' facts
            for rows in d.sections[kind]["added"].values():
                assert all(renamed_new & {r["subject"], r.get("object")} for r in rows), (dropped.name, rows)
