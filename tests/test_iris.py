"""kg.iris: stable, ASCII-only IRIs that every store reads as the same node."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.iris import MAX_KEY, IriMaker
from kg.vocab import DEFAULT_BASE

B = DEFAULT_BASE

ENTITY = [
    # (type, canonical name, expected IRI)
    ("Park", "星河高新区", B + "park/%E6%98%9F%E6%B2%B3%E9%AB%98%E6%96%B0%E5%8C%BA"),
    ("Enterprise", "ACME", B + "enterprise/ACME"),
    ("Enterprise", "A B/C", B + "enterprise/A%20B%2FC"),  # '/' is escaped: a name never adds a path segment
    ("Place", "北京市", B + "place/%E5%8C%97%E4%BA%AC%E5%B8%82"),
    ("Project", "  示例项目 ", B + "project/%E7%A4%BA%E4%BE%8B%E9%A1%B9%E7%9B%AE"),  # stripped
    ("Policy", "《示例办法》", B + "policy/%E3%80%8A%E7%A4%BA%E4%BE%8B%E5%8A%9E%E6%B3%95%E3%80%8B"),
    ("Industry", "", B + "industry/_"),
    ("Organization", "50%", B + "organization/50%25"),
    ("Person", "#?", B + "person/%23%3F"),
]


@pytest.mark.parametrize("type_name,name,expected", ENTITY, ids=[f"{t}:{n!r}" for t, n, _ in ENTITY])
def test_entity_iri(type_name: str, name: str, expected: str) -> None:
    assert IriMaker().entity(type_name, name) == expected


def test_nfc_and_nfd_spellings_are_one_node() -> None:
    name = "Café示例"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    assert IriMaker().entity("Enterprise", nfd) == IriMaker().entity("Enterprise", name)


OTHER = [
    # (method, args, expected)
    ("article", ("0123abcd-2",), B + "article/0123abcd-2"),
    ("evidence", ("0123abcd-0", 10, 42), B + "evidence/0123abcd-0/10-42"),
    ("statement", ("s", "p", "o"), None),
    ("observation", ("s", "营收", "2023", 1.0, "CNY"), None),
    ("merge", ("e", "name"), None),
]


@pytest.mark.parametrize("method,args,expected", OTHER, ids=[row[0] for row in OTHER])
def test_other_iris_are_stable(method: str, args: tuple, expected: str | None) -> None:
    first = getattr(IriMaker(), method)(*args)
    assert first == getattr(IriMaker(), method)(*args)
    if expected:
        assert first == expected
    else:
        assert re.fullmatch(re.escape(B + method) + r"/[0-9a-f]{20}", first)


@pytest.mark.parametrize("method,a,b", [
    ("statement", ("s", "p", "o"), ("s", "p", "o2")),
    ("statement", ("ab", "c", "d"), ("a", "bc", "d")),  # parts are separated, not concatenated
    ("observation", ("s", "营收", "2023", 1.0, "CNY"), ("s", "营收", "2022", 1.0, "CNY")),
    ("merge", ("e", "甲"), ("e", "乙")),
])
def test_different_inputs_give_different_iris(method: str, a: tuple, b: tuple) -> None:
    assert getattr(IriMaker(), method)(*a) != getattr(IriMaker(), method)(*b)


BASES = [
    ("https://example.org/kg/", "https://example.org/kg/park/x"),
    ("https://example.org/kg", "https://example.org/kg/park/x"),  # a slash is added
    ("https://example.org/kg#", "https://example.org/kg#park/x"),  # a fragment base is kept
    ("urn:x-test:", "urn:x-test:/park/x"),
]


@pytest.mark.parametrize("base,expected", BASES, ids=[b for b, _ in BASES])
def test_base_is_configurable(base: str, expected: str) -> None:
    maker = IriMaker(base)
    assert maker.entity("Park", "x") == expected
    assert maker.article("d").startswith(maker.base)


LONG = [
    "示" * 200,
    "A" * 500,
    "示例" * 30 + "A" * 10,
]


@pytest.mark.parametrize("name", LONG, ids=["han", "ascii", "mixed"])
def test_long_names_are_cut_and_hashed(name: str) -> None:
    iri = IriMaker().entity("Enterprise", name)
    key = iri.rsplit("/", 1)[1]
    assert len(key) <= MAX_KEY + 13
    assert re.search(r"-[0-9a-f]{12}$", key)
    assert not re.search(r"%[0-9A-F]?-", key), "the cut must not split a percent escape"
    assert IriMaker().entity("Enterprise", name + "X") != iri, "two long names sharing a prefix stay distinct"


def test_names_just_under_the_limit_are_not_hashed() -> None:
    name = "A" * MAX_KEY
    assert IriMaker().entity("Enterprise", name).endswith("/" + name)


def _valid_everywhere(iri: str) -> None:
    assert iri.isascii()
    assert not re.search(r"[\s<>\"{}|\\^`]", iri)
    node = pyoxigraph.NamedNode(iri)
    nt = f"<{iri}> <{iri}> <{iri}> .\n"
    (parsed,) = list(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert parsed.subject == node
    g = rdflib.Graph()
    g.parse(data=nt, format="nt")
    assert {str(t) for t in next(iter(g))} == {iri}


@settings(max_examples=300, deadline=None)
@given(type_name=st.sampled_from(["Park", "Enterprise", "Place"]), name=st.text(max_size=150))
def test_any_name_gives_a_valid_ascii_iri(type_name: str, name: str) -> None:
    iri = IriMaker().entity(type_name, name)
    _valid_everywhere(iri)
    assert iri == IriMaker().entity(type_name, name)


@settings(max_examples=100, deadline=None)
@given(a=st.text(min_size=1, max_size=40), b=st.text(min_size=1, max_size=40))
def test_distinct_short_names_give_distinct_iris(a: str, b: str) -> None:
    na, nb = (unicodedata.normalize("NFC", x).strip() for x in (a, b))
    if na == nb or not na or not nb:
        return
    assert IriMaker().entity("Park", a) != IriMaker().entity("Park", b)
