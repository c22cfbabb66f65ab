"""kg.query.named and `kg query`: named queries give hand-checked rows on a synthetic graph.

Expected rows below were worked out by hand from tests/fixtures/queries_mini.ttl
(invented names). On the real seeds build the extraction changes over time, so
there we only require every named query to answer with at least one row.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import named as queries
from kg.cli import main as cli_main
from kg.errors import InputError, QueryError

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "queries_mini.ttl"
ID = "https://w3id.org/parkkg/id/"
KG = "https://w3id.org/parkkg/ontology#"


def x(value):
    """Expand the short forms used in the tables: id:NAME and kg:NAME."""
    if isinstance(value, str) and value.startswith("id:"):
        return ID + value[3:]
    if isinstance(value, str) and value.startswith("kg:"):
        return KG + value[3:]
    return value


def rows(*table):
    return sorted((tuple(x(v) for v in row) for row in table), key=repr)


S1 = "句一：星河高新区以光子产业为主导。"
S2 = "句二：星河高新区签约光子芯片项目。"
S3 = "句三：月湾经开区主导新材料。"

# (name, params, expected rows in any order)
EXPECTED = [
    ("leading-industries", None, rows(
        ("id:park-xh", "星河高新区", "id:ind-gz", "光子产业", 2),
        ("id:park-yw", "月湾经开区", "id:ind-xc", "新材料", 1))),
    ("parks-sharing-industry", None, rows(
        ("id:ind-gz", "光子产业", "id:park-xh", "星河高新区", "id:park-yw", "月湾经开区"),
        ("id:ind-lz", "量子计算", "id:park-xh", "星河高新区", "id:park-yd", "云端产业园"))),
    ("projects-per-park", None, rows(
        ("id:park-xh", "星河高新区", "id:proj-xp", "光子芯片项目", "月光集团", 5000000000, "CNY", S2))),
    ("enterprises-per-park", None, rows(
        ("id:park-xh", "星河高新区", "id:ent-xc", "星辰科技有限公司", 2),
        ("id:park-yw", "月湾经开区", "id:ent-yg", "月光集团", 3))),
    ("policies-by-issuer", None, rows(
        ("id:park-xh", "星河高新区", "id:pol-xh", "星河十条", "2020-05-01"),
        ("id:p-jia", "甲省", "id:pol-jia", "甲省园区条例", None))),
    ("park-observations", None, rows(
        ("id:park-xh", "星河高新区", "营业收入", "2020", 120000000000, "CNY", "1200亿元"),
        ("id:park-xh", "星河高新区", "营业收入", "2020", 12000000, "CNY", "1200万元"),
        ("id:park-xh", "星河高新区", "营业收入", "2021", 150000000000, "CNY", "1500亿元"),
        ("id:park-yw", "月湾经开区", "企业数量", "2021", 120, "count", "120家"))),
    ("park-observations", {"parkName": "月湾经开区"}, rows(
        ("id:park-yw", "月湾经开区", "企业数量", "2021", 120, "count", "120家"))),
    ("fact-evidence", {"entity": "月光集团"}, rows(
        ("月光集团", "kg:locatedIn", "月湾经开区", S3, "月湾经开区招商综述", "b.txt", 5, 30),
        ("月光集团", "kg:signedProject", "光子芯片项目", S2, "星河高新区发展报告", "a.txt", 21, 40))),
    ("places-parks", None, rows(
        ("甲省", "乙市", "乙市", "city", "id:park-xh", "星河高新区"),
        ("甲省", "乙市", "丙县", "county", "id:park-yw", "月湾经开区"))),
    ("most-mentioned", None, rows(
        ("id:park-xh", "星河高新区", "kg:Park", 9, 2), ("id:ind-gz", "光子产业", "kg:Industry", 5, 2),
        ("id:park-yw", "月湾经开区", "kg:Park", 4, 1), ("id:p-yi", "乙市", "kg:Place", 3, 2),
        ("id:ent-yg", "月光集团", "kg:Enterprise", 3, 2), ("id:p-jia", "甲省", "kg:Place", 2, 1),
        ("id:ind-xc", "新材料", "kg:Industry", 2, 1), ("id:ind-lz", "量子计算", "kg:Industry", 2, 2),
        ("id:ent-xc", "星辰科技有限公司", "kg:Enterprise", 2, 1), ("id:proj-xp", "光子芯片项目", "kg:Project", 2, 1),
        ("id:p-bing", "丙县", "kg:Place", 1, 1), ("id:park-yd", "云端产业园", "kg:Park", 1, 1),
        ("id:org-gwh", "星河管委会", "kg:Organization", 1, 1), ("id:pol-xh", "星河十条", "kg:Policy", 1, 1),
        ("id:pol-jia", "甲省园区条例", "kg:Policy", 1, 1), ("id:per-1", "赵某某", "kg:Person", 1, 1))),
    ("facts-first-reported", {"from": "2021-01-01", "to": "2021-12-31"}, rows(
        ("月湾经开区", "kg:leadsIndustry", "新材料", "2021-03-15"),
        ("月湾经开区", "kg:developsIndustry", "光子产业", "2021-03-15"),
        ("月湾经开区", "kg:locatedIn", "丙县", "2021-03-15"),
        ("月光集团", "kg:locatedIn", "月湾经开区", "2021-03-15"),
        ("丙县", "kg:locatedIn", "乙市", "2021-03-15"))),
    ("industries-ranked", None, rows(
        ("id:ind-gz", "光子产业", 2, 1), ("id:ind-lz", "量子计算", 2, 0), ("id:ind-xc", "新材料", 1, 1))),
    ("merged-names", None, rows(
        ("id:park-xh", "星河高新区", "kg:Park", "星河高新技术产业开发区", "full-name"),
        ("id:ent-yg", "月光集团", "kg:Enterprise", "月光集團", "script"))),
    ("entity-counts", None, rows(
        ("kg:Article", 3), ("kg:Evidence", 5), ("kg:Place", 3), ("kg:Park", 3), ("kg:HighTechZone", 1),
        ("kg:EconomicDevelopmentZone", 1), ("kg:IndustrialPark", 1), ("kg:Industry", 3), ("kg:Enterprise", 2),
        ("kg:Project", 1), ("kg:Organization", 1), ("kg:Policy", 2), ("kg:Person", 1), ("kg:MergeDecision", 2),
        ("kg:Observation", 5), ("kg:ConflictingObservations", 1), ("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement", 16))),
    ("conflicting-figures", None, rows(
        ("id:conf1", "id:park-xh", "星河高新区", "营业收入", "2020", "CNY", 12000000, 120000000000, True, 2,
         f"1200万元: {S3} (月湾经开区招商综述)", f"1200亿元: {S1} (星河高新区发展报告)"))),
    ("conflicting-figures", {"subjectName": "月湾经开区"}, []),
    ("articles", None, rows(
        ("id:art1", "星河高新区发展报告", "2020-05-01", "虚构日报", "记者甲", "a.txt", 0, 2),
        ("id:art2", "月湾经开区招商综述", "2021-03-15", None, None, "b.txt", 0, 2),
        ("id:art3", "无日期短讯", None, None, None, "b.txt", 1, 1))),
]

# Row counts for queries whose full default answer is too long to list above.
EXPECTED_COUNTS = [("fact-evidence", None, 17), ("facts-first-reported", None, 13)]


def test_every_named_query_has_a_hand_checked_table():
    assert {name for name, _ in queries.list_named()} == {name for name, _, _ in EXPECTED}


def test_at_least_twelve_named_questions_each_with_a_header():
    named = queries.list_named()
    assert len(named) >= 12
    for name, question in named:
        assert "?" in question or "？" in question, name


def test_top_level_queries_folder_is_the_packaged_folder():
    assert (ROOT / "queries").resolve() == queries.QUERY_DIR.resolve()


def test_no_stray_query_files_at_top_level():
    assert sorted(p.stem for p in (ROOT / "queries").glob("*.rq")) == [n for n, _ in queries.list_named()]


@pytest.mark.parametrize("name,params,expected", EXPECTED, ids=[f"{n}-{bool(p)}" for n, p, _ in EXPECTED])
def test_named_query_rows_on_synthetic_graph(name, params, expected):
    result = queries.run(MINI, name, params)
    assert sorted(result.rows, key=repr) == expected


@pytest.mark.parametrize("name,params,count", EXPECTED_COUNTS)
def test_named_query_counts_on_synthetic_graph(name, params, count):
    assert len(queries.run(MINI, name, params)) == count


def test_ordering_is_part_of_the_answer():
    result = queries.run(MINI, "most-mentioned")
    assert [r[3] for r in result.rows] == sorted((r[3] for r in result.rows), reverse=True)
    assert result.rows[0][0] == ID + "park-xh"


#: Named queries whose right answer on the seeds build is empty (the seed articles do not disagree).
EMPTY_ON_SEEDS = {"conflicting-figures"}


@pytest.mark.parametrize("name", [n for n, _ in queries.list_named() if n not in EMPTY_ON_SEEDS])
def test_named_query_answers_on_seeds_build(seeds_build, name):
    result = queries.run(seeds_build.path("ttl"), name)
    assert result.columns
    assert len(result) > 0, f"{name} returned no rows on the seeds build"


@pytest.mark.parametrize("kind", ["path", "store", "triples", "quads-file"])
def test_run_accepts_path_store_and_triples(kind):
    expected = queries.run(MINI, "leading-industries").rows
    if kind == "path":
        source = str(MINI)
    elif kind == "store":
        source = ox.Store()
        source.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    elif kind == "triples":
        source = list(ox.parse(path=str(MINI), format=ox.RdfFormat.TURTLE))
    else:
        source = queries.as_store(list(ox.parse(path=str(MINI), format=ox.RdfFormat.TURTLE)))
    assert queries.run(source, "leading-industries").rows == expected


@pytest.mark.parametrize("query,columns,first", [
    ("ASK { ?s a <https://w3id.org/parkkg/ontology#Park> }", ["ask"], (True,)),
    ("ASK { ?s a <https://w3id.org/parkkg/ontology#Nothing> }", ["ask"], (False,)),
    ("CONSTRUCT { ?s <http://x/l> ?l } WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> \"甲省\"@zh-Hans . BIND(\"x\" AS ?l) }",
     ["subject", "predicate", "object"], (ID + "p-jia", "http://x/l", "x")),
    ("SELECT (COUNT(*) AS ?n) (1.5 AS ?d) (true AS ?b) WHERE { ?s a <https://w3id.org/parkkg/ontology#Park> }",
     ["n", "d", "b"], (3, 1.5, True)),
])
def test_query_forms_and_plain_values(query, columns, first):
    result = queries.run(MINI, query)
    assert result.columns == columns
    assert result.rows[0] == first


@pytest.mark.parametrize("spec,params,error", [
    ("no-such-query", None, QueryError),
    ("SELECT * WHERE { ?s ?p }", None, QueryError),
    ("just some words", None, QueryError),
    ("missing.rq", None, QueryError),
    ("park-observations", {"nope": "x"}, QueryError),
    ("facts-first-reported", {"from": "last year"}, QueryError),
    ("SELECT * WHERE { ?s ?p ?o }", {"from": "2020-01-01"}, QueryError),
])
def test_bad_queries_raise_query_error(spec, params, error):
    with pytest.raises(error) as info:
        queries.run(MINI, spec, params)
    assert "Fix:" in str(info.value)


@pytest.mark.parametrize("source", ["/nonexistent/graph.ttl", str(ROOT / "pyproject.toml")])
def test_bad_graph_paths_raise_input_error(source):
    with pytest.raises(InputError):
        queries.run(source, "articles")


@pytest.mark.parametrize("name,params,needle", [
    ("facts-first-reported", {"from": "2019-01-01"}, 'BIND ("2019-01-01"^^xsd:date AS ?from)'),
    ("park-observations", {"parkName": 'a"b'}, 'BIND ("a\\"b" AS ?parkName)'),
    ("fact-evidence", {"entity": "甲省"}, 'BIND ("甲省" AS ?entity)'),
])
def test_params_are_bound_as_sparql_literals(name, params, needle):
    assert needle in queries.load_named(name, params)


def test_rq_file_is_read(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?l WHERE { ?s <https://w3id.org/parkkg/ontology#adminLevel> \"province\" ; "
                    "<http://www.w3.org/2000/01/rdf-schema#label> ?l }", encoding="utf-8")
    assert queries.run(MINI, str(path)).rows == [("甲省",)]


# ---------------------------------------------------------------- formats and the CLI

def test_formats_round_trip():
    result = queries.run(MINI, "enterprises-per-park")
    parsed_csv = list(csv.reader(io.StringIO(result.to_csv())))
    assert parsed_csv[0] == result.columns and len(parsed_csv) == len(result) + 1
    parsed_tsv = list(csv.reader(io.StringIO(result.to_tsv()), dialect="excel-tab"))
    assert parsed_tsv[1][3] == result.rows[0][3]
    assert json.loads(result.to_json()) == result.records()


def test_table_aligns_wide_characters():
    table = queries.run(MINI, "enterprises-per-park").to_table()
    lines = table.splitlines()
    assert "星辰科技有限公司" in table and "park/park-xh" not in table and "park-xh" in table
    assert lines[-1] == "(2 rows)"
    widths = {queries._width(line) for line in lines[:2]}
    assert len(widths) == 1  # header and rule line up


def test_cli_query_table(capsys):
    assert cli_main(["query", str(MINI), "leading-industries"]) == 0
    out = capsys.readouterr().out
    assert "星河高新区" in out and "光子产业" in out and "(2 rows)" in out


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda out: out.splitlines()[0] == "park,parkLabel,enterprise,enterpriseLabel,mentions"),
    ("tsv", lambda out: out.splitlines()[0].split("\t")[0] == "?park"),
    ("json", lambda out: json.loads(out)["results"]["bindings"][0]["mentions"]["value"] in ("2", "3")),
    ("xml", lambda out: [v.value for v in ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.XML)
                         .variables][0] == "park"),
    ("table", lambda out: "月光集团" in out),
])
def test_cli_query_formats(capsys, fmt, check):
    assert cli_main(["query", str(MINI), "enterprises-per-park", "--format", fmt]) == 0
    assert check(capsys.readouterr().out)


def test_cli_query_params(capsys):
    assert cli_main(["query", str(MINI), "park-observations", "--param", "parkName=月湾经开区", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_cli_list(capsys):
    assert cli_main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name, _ in queries.list_named():
        assert name in out
    assert "--param from=" in out


@pytest.mark.parametrize("argv,code,message", [
    (["query", str(MINI), "no-such-query"], 7, "kg query --list"),
    (["query", str(MINI), "SELECT * WHERE { ?s ?p }"], 7, "syntax error"),
    (["query", "/nonexistent.ttl", "articles"], 2, "graph file not found"),
    (["query", str(MINI)], 7, "needs GRAPH and QUERY"),
    (["query", str(MINI), "articles", "--param", "novalue"], 7, "NAME=VALUE"),
])
def test_cli_errors_are_one_line(capsys, argv, code, message):
    assert cli_main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
