"""kg.reference.gazetteer and ``kg build --gazetteer``: user lists found in the text and linked on the node.

Invented companies by default; the shared stock listing (``../shared/data/companies/listed_companies.csv``,
read from its path, never copied) is exercised too when it sits beside the checkout.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.reference import gazetteer
from kg.pipeline.cache import fingerprint
from kg.cli import main
from kg.errors import InputError
from kg.pipeline.orchestrator import build

KG = Namespace("https://w3id.org/parkkg/ontology#")
ROOT = Path(__file__).resolve().parents[2]
SHARED_LISTING = ROOT.parent / "shared" / "data" / "companies" / "listed_companies.csv"

LISTED_HEADER = "exchange,stock_code,ts_code,short_name,full_name,province,city,match_name,jieba_word\n"
LISTED = LISTED_HEADER + (
    "SSE,688901,688901.SH,星澜光电,星澜光电科技股份有限公司,湖南,长沙市,星澜光电,\n"
    "SZSE,301902,301902.SZ,新材料A,临江新材料股份有限公司,广东,深圳市,新材料,n:900\n"  # a common word
    "SZSE,301903,301903.SZ,新征程,新征程控股股份有限公司,浙江,杭州市,新征程,\n"  # a phrase of common words
    "SZSE,301904,301904.SZ,天澜,天澜仪器股份有限公司,江苏,苏州市,天澜,\n"  # two characters: another firm's prefix
)
USER = "type,name,aliases,id\nEnterprise,云帆重工,云帆重工集团有限公司,C-001\nPark,青溪智造园,,P-7\n"
PAGE = ("星河高新区年度观察\n发布日期：2023-05-06\n"
        "星河高新区位于临江市。今年，星澜光电在园区的新产线投产，云帆重工的总部也已启用。"
        "青溪智造园聚集新材料企业，园区踏上新征程，天澜磁悬浮风机销量翻倍。\n")


@pytest.fixture
def lists(tmp_path) -> tuple[Path, Path]:
    listed, user = tmp_path / "listed.csv", tmp_path / "mine.csv"
    listed.write_text(LISTED, encoding="utf-8")
    user.write_text(USER, encoding="utf-8")
    return listed, user


@pytest.fixture
def graph(lists, write_pages, tmp_path) -> Graph:
    folder = write_pages({"a.txt": PAGE})
    build([folder], tmp_path / "out", html=False, jobs=1, gazetteers=lists)
    g = Graph()
    g.parse(tmp_path / "out" / "graph.ttl")
    return g


def node(g: Graph, label: str) -> URIRef | None:
    return next((s for s in g.subjects(RDFS.label, Literal(label, lang="zh-Hans")) if isinstance(s, URIRef)), None)


@pytest.mark.parametrize("label, type_, prop, value", [
    ("星澜光电", "Enterprise", KG.stockCode, "688901.SH"),
    ("星澜光电", "Enterprise", SKOS.altLabel, "星澜光电科技股份有限公司"),
    ("星澜光电", "Enterprise", KG.seatProvince, "湖南省"),
    ("星澜光电", "Enterprise", KG.seatCity, "长沙市"),
    ("云帆重工", "Enterprise", KG.referenceId, "C-001"),
    ("云帆重工", "Enterprise", SKOS.altLabel, "云帆重工集团有限公司"),
    ("青溪智造园", "Park", KG.referenceId, "P-7"),
])
def test_a_listed_name_in_the_text_is_a_linked_node(graph, label, type_, prop, value):
    s = node(graph, label)
    assert s is not None, f"{label} not found"
    assert (s, RDF.type, KG[type_]) in graph
    assert {str(o) for o in graph.objects(s, prop)} == {value}


@pytest.mark.parametrize("label", ["新材料", "新征程", "天澜"])
def test_names_that_are_common_words_are_not_looked_for(graph, label):
    assert node(graph, label) is None


def test_without_a_gazetteer_the_graph_has_no_list_terms(write_pages, tmp_path):
    folder = write_pages({"a.txt": PAGE})
    build([folder], tmp_path / "out", html=False, jobs=1)
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "stockCode" not in text and "referenceId" not in text and "seatCity" not in text


def test_the_lists_enter_the_cache_fingerprint(lists):
    try:
        plain = fingerprint()
        gazetteer.use(lists[:1])
        one = fingerprint()
        gazetteer.use(lists)
        assert len({plain, one, fingerprint()}) == 3
    finally:
        gazetteer.use(())
    assert fingerprint() == plain


@pytest.mark.parametrize("content, needle", [
    ("name,code\n星澜光电,1\n", "unknown columns"),
    ("type,name,aliases,id\nCompany,星澜光电,,1\n", "line 2"),
    ("type,name,aliases,id\nEnterprise,,,1\n", "line 2"),
])
def test_a_bad_list_is_a_clean_input_error(tmp_path, content, needle):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=needle):
        gazetteer.Gazetteers((str(path),))


def test_cli_flag_is_repeatable_and_a_missing_file_exits_cleanly(lists, write_pages, tmp_path, capsys):
    folder = write_pages({"a.txt": PAGE})
    out = tmp_path / "out"
    argv = ["build", str(folder), "--out", str(out), "--no-html", "-q", "-j", "1"]
    assert main([*argv, "--gazetteer", str(lists[0]), "--gazetteer", str(lists[1])]) == 0
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "688901.SH" in text and "C-001" in text
    code = main([*argv, "--gazetteer", str(tmp_path / "missing.csv")])
    err = capsys.readouterr().err
    assert code != 0 and "missing.csv" in err and "Traceback" not in err


@pytest.mark.skipif(not SHARED_LISTING.is_file(), reason="the shared stock listing is not beside the checkout")
def test_the_shared_listing_is_read_as_it_is(write_pages, tmp_path):
    with SHARED_LISTING.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    gaz = gazetteer.Gazetteers((str(SHARED_LISTING),))
    flagged = [r for r in rows if r["jieba_word"] and r["match_name"]]
    assert len(rows) > 5000 and flagged
    assert all(r["match_name"] not in gaz.searchable for r in flagged)
    row = next(r for r in rows if r["full_name"].endswith("股份有限公司") and r["city"] and not r["jieba_word"])
    assert gaz.entry(row["full_name"]).ref == row["ts_code"]
    folder = write_pages({"a.txt": f"星河高新区年度观察\n发布日期：2023-05-06\n今年，{row['full_name']}的新产线在星河高新区投产。\n"})
    build([folder], tmp_path / "out", html=False, jobs=1, gazetteers=[SHARED_LISTING])
    assert f'kg:stockCode "{row["ts_code"]}"' in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
