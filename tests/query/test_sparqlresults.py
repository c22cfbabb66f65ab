"""kg.query.sparqlresults: the endpoint's collected rows are written by pyoxigraph's W3C writers and read back equal."""

import pyoxigraph as ox
import pytest

from kg.query import sparqlresults as results

IRI = ox.NamedNode("https://example.org/园区/1")
TERMS = [
    IRI,
    ox.BlankNode("b0"),
    ox.Literal("普通文本, with \"quotes\"\tand\nlines"),
    ox.Literal("12.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("高新区", language="zh"),
    ox.Triple(IRI, ox.NamedNode("https://example.org/p"), ox.Literal("o")),
]
ROUND_TRIP = [results.JSON_TYPE, results.XML_TYPE, results.TSV_TYPE]
FORMAT = {results.JSON_TYPE: ox.QueryResultsFormat.JSON, results.XML_TYPE: ox.QueryResultsFormat.XML,
          results.TSV_TYPE: ox.QueryResultsFormat.TSV, results.CSV_TYPE: ox.QueryResultsFormat.CSV}


def _read(body: bytes, ctype: str):
    return ox.parse_query_results(body, FORMAT[ctype])


@pytest.mark.parametrize("ctype", ROUND_TRIP)
@pytest.mark.parametrize("term", TERMS, ids=lambda t: type(t).__name__ + ":" + str(t)[:20])
def test_each_kind_of_term_comes_back_as_it_went_in(ctype, term):
    answer = _read(results.render_solutions(["x", "unbound"], [[term, None]], ctype), ctype)
    assert [v.value for v in answer.variables] == ["x", "unbound"]
    (row,) = list(answer)
    assert row["x"] == term and row["unbound"] is None


@pytest.mark.parametrize(("ctype", "expected"), [
    (results.CSV_TYPE, b"x,y\r\n\"a,\"\"b\",\r\n"),
    (results.TSV_TYPE, b"?x\t?y\n\"a,\\\"b\"\t\n"),
])
def test_csv_and_tsv_cells(ctype, expected):
    assert results.render_solutions(["x", "y"], [[ox.Literal('a,"b'), None]], ctype) == expected


def test_xml_replaces_controls_that_xml_cannot_carry():
    body = results.render_solutions(["x"], [[ox.Literal("a\x01b\uffffc")]], results.XML_TYPE)
    (row,) = list(_read(body, results.XML_TYPE))
    assert row["x"].value == "a\ufffdb\ufffdc"


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("ctype", [results.JSON_TYPE, results.XML_TYPE])
def test_booleans(ctype, value):
    assert bool(_read(results.render_boolean(value, ctype), ctype)) is value


def test_no_rows_keeps_the_header():
    answer = _read(results.render_solutions(["a", "b"], [], results.JSON_TYPE), results.JSON_TYPE)
    assert [v.value for v in answer.variables] == ["a", "b"] and list(answer) == []


def _store_of(terms) -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode("https://example.org/p")
    for i, term in enumerate(terms):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s/{i:05d}"), p, term))
    return store


#: Rows whose text holds what a solution mark looks like (JSON's "[{"/",{", CSV's CRLF, XML's
#: <result>, TSV's newline); many rows, so the writer's output comes in several writes.
TRICKY = [ox.Literal(t) for t in ("a,{b", "[{\"x\"", "<result>", "line\nbreak", "cr\r\nlf", "plain")]
PLAIN = [ox.Literal(f"行 {i} " + "字" * (i % 40)) for i in range(3000)]
LIVE = "SELECT ?s ?o ?none WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s"


@pytest.mark.parametrize("ctype", ROUND_TRIP)
@pytest.mark.parametrize("terms", [TRICKY, TRICKY + PLAIN], ids=["tricky", "many"])
def test_a_live_answer_is_written_by_pyoxigraph_and_reads_back_equal(ctype, terms):
    store = _store_of(terms)
    body = results.write_solutions(store.query(LIVE), ctype, max_rows=2 * len(terms))
    expected = [[s[v] for v in ("s", "o", "none")] for s in store.query(LIVE)]
    assert [[s[v] for v in ("s", "o", "none")] for s in _read(body, ctype)] == expected


@pytest.mark.parametrize("ctype", ROUND_TRIP + [results.CSV_TYPE])
@pytest.mark.parametrize("terms", [PLAIN[:1], PLAIN], ids=["one row", "many"])
def test_a_live_answer_one_row_over_the_limit_is_refused(ctype, terms):
    store = _store_of(terms)
    assert results.write_solutions(store.query(LIVE), ctype, max_rows=len(terms))
    with pytest.raises(results.Refused) as refused:
        results.write_solutions(store.query(LIVE), ctype, max_rows=len(terms) - 1)
    assert refused.value.status == 413


@pytest.mark.parametrize("ctype, exact", [(results.XML_TYPE, True), (results.TSV_TYPE, True),
                                          (results.JSON_TYPE, False), (results.CSV_TYPE, False)])
def test_solution_marks_inside_literals_count_exactly_or_early(ctype, exact):
    """XML and TSV escape what marks a solution; in JSON and CSV a literal may hold it: the limit comes early."""
    store = _store_of(TRICKY)
    if exact:
        assert results.write_solutions(store.query(LIVE), ctype, max_rows=len(TRICKY))
    else:
        with pytest.raises(results.Refused):
            results.write_solutions(store.query(LIVE), ctype, max_rows=len(TRICKY))
