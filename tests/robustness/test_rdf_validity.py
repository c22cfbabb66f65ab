"""Valid RDF from any text: hostile names and sentences round-trip through every format.

Property tests put generated text (quotes, backslashes, newlines, <>{} and
controls, emoji, bidi marks, private-use characters, very long strings) into
entity names, aliases, merge notes, article metadata, evidence and figures,
serialize with :func:`kg.export.rdf.serialize_graph`, and re-parse with rdflib
and pyoxigraph: the parsed triples must equal the ones we wrote, and every IRI
must be a valid ASCII IRI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg.pipeline.mapstep import facts_of
from kg.assemble import Assembler
from kg.export.rdf import serialize_graph
from kg.iris import IriMaker
from kg.model import Document, Extraction, Mention, ObservationMention, Page, RelationMention, Sentence
from kg.resolve import EntityTable

from .conftest import GOOD_PAGE

NASTY = ['"', "'", '\\', '\\"', '"""', "\n", "\r\n", "\t", "<", ">", "{", "}", "|", "^", "`", "\x00", "\x01", "\x1b",
         "\x7f", "\x85", "\u2028", "\u2029", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\ue000", "\U000f0000",
         "😀", "👩\u200d💻", "\ufffd", "\ufffe", "%", "%2F", "%zz", "#", "?", "/", "@zh", "^^", "_:b0", "<http://x>",
         " ", "\u3000", "高新区", "ｱ", "Ⅻ", "\u0301"]

# Any Unicode scalar value except surrogates, biased towards the characters above.
NASTY_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=8)),
                      min_size=1, max_size=12).map("".join)
LONG_TEXT = st.tuples(NASTY_TEXT, st.integers(50, 400)).map(lambda t: t[0] * t[1])
TEXT = st.one_of(NASTY_TEXT, NASTY_TEXT, LONG_TEXT)

# An IRI as RFC 3987 allows it, restricted to ASCII as our contract demands.
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")
FORMATS = [("ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
           ("nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
           ("jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD)]


def _key_ox(t: pyoxigraph.Triple) -> tuple:
    o = t.object
    if isinstance(o, pyoxigraph.Literal):
        return (t.subject.value, t.predicate.value, "L", o.value, (o.language or "").lower(),
                "" if o.language else o.datatype.value)
    return (t.subject.value, t.predicate.value, "I", o.value, "", "")


def _key_rdflib(s, p, o) -> tuple:
    if isinstance(o, rdflib.Literal):
        return (str(s), str(p), "L", str(o), (o.language or "").lower(),
                "" if o.language else str(o.datatype or "http://www.w3.org/2001/XMLSchema#string"))
    return (str(s), str(p), "I", str(o), "", "")


def assert_round_trips(triples: list[pyoxigraph.Triple]) -> None:
    expected = {_key_ox(t) for t in triples}
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, pyoxigraph.NamedNode):
                assert IRI.fullmatch(term.value), term.value
    for fmt, rdflib_name, ox_format in FORMATS:
        data = serialize_graph(triples, fmt)
        ox = {_key_ox(t) for t in pyoxigraph.parse(data, format=ox_format)}
        assert ox == expected, f"pyoxigraph re-reads {fmt} differently"
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format=rdflib_name)
        assert {_key_rdflib(*t) for t in g} == expected, f"rdflib re-reads {fmt} differently"


def _doc(text: str, title: str, meta: str) -> Document:
    page = Page(path="gen.txt", name=meta[:40] or "gen.txt", text=text, encoding="utf-8", sha1="0" * 40)
    return Document(page=page, article_index=0, text=text, origin=tuple(range(len(text) + 1)), title=title,
                    date="2024-01-02", source=meta, reporter=meta,
                    sentences=(Sentence(0, 0, len(text), 0),))


@settings(max_examples=50)
@given(name=TEXT, alias=TEXT, other=TEXT, sentence=TEXT, title=TEXT, meta=TEXT, indicator=TEXT, surface=TEXT)
def test_assembled_graph_from_any_text_round_trips(name, alias, other, sentence, title, meta, indicator, surface):
    table = EntityTable()
    doc = _doc(sentence, title, meta)
    a = Mention("Park", alias, 0, len(sentence), "gen", canonical=name, subtype="HighTechZone")
    b = Mention("Organization", other, 0, len(sentence), "gen", canonical=other)
    c = Mention("Place", name, 0, len(sentence), "gen", canonical=name)
    for m in (a, b, c):
        table.add(m, doc.doc_id, alias, {"zoneLevel": meta})
    table.finish()
    ex = Extraction(doc, (a, b, c),
                    (RelationMention("issuedPolicy", a, b, 0, len(sentence), "gen"),
                     RelationMention("locatedIn", a, c, 0, len(sentence), "gen")),
                    (ObservationMention(a, indicator, 1.5e8, "CNY", meta, surface, 0, len(sentence), "gen", "约"),))
    asm = Assembler(IriMaker())
    asm.add_facts(facts_of(ex))
    asm.finish(table)
    triples = asm.triples()
    assert triples
    assert_round_trips(triples)


@settings(max_examples=50)
@given(type_name=st.sampled_from(kg.vocab.CORE_TYPES), name=TEXT, doc_id=TEXT)
def test_every_iri_is_ascii_and_valid(type_name, name, doc_id):
    iris = IriMaker("https://example.org/id/")
    made = [iris.entity(type_name, name), iris.statement(name, name, name), iris.observation(name, 1.0),
            iris.merge(name, name)]
    for iri in made:
        assert iri.isascii() and IRI.fullmatch(iri), iri
        assert len(iri) < 300
        pyoxigraph.NamedNode(iri)
    assert iris.entity(type_name, name) == iris.entity(type_name, name)


# Slots in an otherwise ordinary page where generated text lands: title, policy title, sentences.
PAGE_SLOTS = st.tuples(TEXT, TEXT, TEXT).map(
    lambda t: (f"{t[0][:30]}星河高新区新闻\n2024-03-05 来源：{t[1][:20]}\n"
               f"星河高新区位于江城市，{t[2]}。\n管委会出台《{t[0][:40]}措施》。\n{t[1]}星河高新区主导产业为新材料。\n"))


@settings(max_examples=15)
@given(page=PAGE_SLOTS)
def test_built_graph_from_a_generated_page_round_trips(page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    (folder / "gen.txt").write_text(page, encoding="utf-8", errors="surrogatepass")
    out = tmp_path_factory.mktemp("out")
    result = kg.build([folder, _good(tmp_path_factory)], out=out, formats=("ttl", "nt", "jsonld"), html=False)
    assert_round_trips(result.triples)
    for fmt, rdflib_name, _ in FORMATS:
        rdflib.Graph().parse(out / f"graph.{fmt}", format=rdflib_name)


def _good(factory) -> Path:
    folder = factory.mktemp("good")
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("base", ["https://example.org/id/", "urn:example:", "http://example.org/kg#"])
def test_configurable_bases_give_valid_graphs(base, tmp_path):
    (tmp_path / "p.txt").write_text(GOOD_PAGE, encoding="utf-8")
    result = kg.build([tmp_path / "p.txt"], out=None, base=base, html=False)
    subjects = {t.subject.value for t in result.triples}
    assert subjects and all(s.startswith(base) for s in subjects)
    assert_round_trips(result.triples)
