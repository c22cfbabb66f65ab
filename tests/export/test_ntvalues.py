"""kg.export.ntvalues: term values read from N-Triples lines are exactly pyoxigraph's."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.export.ntvalues import line_values, term_value, unescape

S, P = NamedNode("https://example.org/id/x"), NamedNode("https://example.org/ontology#p")
OBJECTS = [
    NamedNode("https://example.org/id/y"),
    NamedNode("https://example.org/id/%E5%9B%AD?q=1#frag"),
    Literal("测试园区"),
    Literal("测试园区", language="zh"),
    Literal("測試園區", language="zh-Hant"),
    Literal("12", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    Literal('quote " and back\\slash'),
    Literal("lines\nand\rreturns\tand tabs"),
    Literal("ends with a quote\"", language="en"),
    Literal("control \x01\x08\x0c\x1f chars"),
    Literal("\u2028 separators \u2029 and 𝄞 outside the BMP"),
    Literal(""),
    Literal("sp  aces . and \" . inside"),
    BlankNode("b0"),
]


@pytest.mark.parametrize("obj", OBJECTS, ids=range(len(OBJECTS)))
def test_line_values_equal_pyoxigraph_values(obj):
    line = f"{Triple(S, P, obj)} ."  # pyoxigraph's own N-Triples form, as the graph file holds it
    assert list(line_values([line])) == [(S.value, P.value, obj.value)]
    assert term_value(str(obj)) == obj.value


@pytest.mark.parametrize("text, value", [
    (r"a\u0041\U0001D11Eb", "aA𝄞b"),
    (r"\t\b\n\r\f\"\'\\", "\t\b\n\r\f\"'\\"),
    (r"no escapes", "no escapes"),
    (r"\\u0041", "\\u0041"),  # an escaped backslash before u: not a UCHAR
])
def test_unescape(text, value):
    assert unescape(text) == value


def test_escaped_iri_terms_are_decoded():
    assert list(line_values([r"<https://e.org/\u0041> <https://e.org/p> <https://e.org/\u0042> ."])) == [
        ("https://e.org/A", "https://e.org/p", "https://e.org/B")]
