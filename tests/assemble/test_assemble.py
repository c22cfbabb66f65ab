"""kg.assemble: labels, alt labels, reified statements and evidence that quotes the page.

The input is a hand-made Document whose text is the simplified form of a
traditional-script page with a header line, so offsets in the document and in
the page differ and evidence must be mapped back through ``Document.origin``.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.assemble import Assembler
from kg.assemble.render import decimal as _decimal, lit as _lit
from kg.export import serialize_graph
from kg.iris import IriMaker
from kg.model import Document, Extraction, Mention, ObservationMention, Page, RelationMention
from kg.normalize.script import to_simplified
from kg.pipeline.mapstep import facts_of
from kg.pipeline.reduce import reduce_document
from kg.resolve import EntityTable
from kg.vocab import KG

from buildkit import assemble

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest probes module globals

HEADER = "頁首導航\n"
S1 = "星河高新區位於北京市。"
S2 = "星河高新區實現營收12億元，華芯微電子有限公司簽約。"
RAW = HEADER + S1 + S2
BODY = to_simplified(S1 + S2)
assert len(BODY) == len(S1 + S2)


def span(needle: str, occurrence: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence + 1):
        pos = BODY.index(needle, pos + 1)
    return pos, pos + len(needle)


def mention(type_: str, name: str, occurrence: int = 0, **kw) -> Mention:
    a, b = span(name, occurrence)
    return Mention(type_, name, a, b, "test", **kw)


def sentence_of(m: Mention) -> tuple[int, int]:
    start = BODY.rfind("。", 0, m.start) + 1
    return start, BODY.index("。", m.end) + 1


@pytest.fixture(scope="module")
def doc() -> Document:
    page = Page(path="syn.txt", name="syn.txt", text=RAW, encoding="big5", sha1="ab" * 20)
    origin = tuple(range(len(HEADER), len(RAW) + 1))
    return Document(page=page, article_index=0, text=BODY, origin=origin, title="星河观察", date="2023-05-06",
                    source="示例日报", reporter="甲乙")


@pytest.fixture(scope="module")
def extraction(doc: Document) -> Extraction:
    park1 = mention("Park", "星河高新区", 0, subtype="HighTechZone")
    park2 = mention("Park", "星河高新区", 1, subtype="HighTechZone")
    city = mention("Place", "北京市")
    ent = mention("Enterprise", "华芯微电子有限公司")
    rels = (
        RelationMention("locatedIn", park1, city, *sentence_of(park1), "rel-test"),
        RelationMention("locatedIn", park1, park1, *sentence_of(park1), "rel-test"),  # self loop: dropped
        RelationMention("locatedIn", ent, park2, *sentence_of(ent), "rel-test"),
    )
    obs = (ObservationMention(park2, "营收", 1.2e9, "CNY", "2022", "12亿元", *span("营收12亿元"), "obs-test",
                              approximation="约"),)
    return Extraction(doc, (park1, city, park2, ent), rels, obs)


@pytest.fixture(scope="module")
def graph(extraction: Extraction) -> rdflib.Graph:
    triples, _ = assemble([extraction])
    g = rdflib.Graph()
    g.parse(data=serialize_graph(triples, "nt").decode(), format="nt")
    return g


IRI = IriMaker()
PARK = URIRef(IRI.entity("Park", "星河高新区"))
PLACE = URIRef(IRI.entity("Place", "北京市"))
ENT = URIRef(IRI.entity("Enterprise", "华芯微电子有限公司"))


def langs(g: rdflib.Graph, s, p) -> list[tuple[str, str]]:
    return sorted((str(o), (o.language or "").lower()) for o in g.objects(s, p))


LABELS = [
    # (entity, types, rdfs:label, skos:altLabel)
    (PARK, {KG.Park, KG.HighTechZone}, [("星河高新区", "zh-hans")], [("星河高新區", "zh-hant")]),
    (PLACE, {KG.Place}, [("北京市", "zh-hans")], []),
    (ENT, {KG.Enterprise}, [("华芯微电子有限公司", "zh-hans")], [("華芯微電子有限公司", "zh-hant")]),
]


@pytest.mark.parametrize("iri,types,label,alt", LABELS, ids=["park", "place", "enterprise"])
def test_entity_types_label_and_alt_labels(graph, iri, types, label, alt) -> None:
    assert set(graph.objects(iri, RDF.type)) == {URIRef(t) for t in types}
    assert langs(graph, iri, RDFS.label) == label
    assert langs(graph, iri, SKOS.altLabel) == alt


def test_every_entity_has_exactly_one_zh_hans_label(graph) -> None:
    for s in set(graph.subjects(KG.mentionCount, None)):
        assert [(o.language or "").lower() for o in graph.objects(s, RDFS.label)] == ["zh-hans"], s


def test_mentions_and_merge_decisions(graph, doc) -> None:
    assert graph.value(PARK, KG.mentionCount) == Literal(2, datatype=XSD.integer)
    assert set(graph.objects(PARK, KG.mentionedIn)) == {URIRef(IRI.article(doc.doc_id))}
    (md,) = graph.objects(PARK, KG.mergeDecision)
    assert (md, RDF.type, KG.MergeDecision) in graph
    assert (str(graph.value(md, KG.mergedName)), str(graph.value(md, KG.mergeReason))) == ("星河高新區", "script")


def test_place_carries_admin_code_and_level(graph) -> None:
    assert (str(graph.value(PLACE, KG.adminCode)), str(graph.value(PLACE, KG.adminLevel))) == ("110000000000", "province")


def test_article_metadata(graph, doc) -> None:
    art = URIRef(IRI.article(doc.doc_id))
    expected = {
        KG.fileName: Literal("syn.txt"), KG.articleIndex: Literal(0, datatype=XSD.integer),
        KG.encoding: Literal("big5"), DCT.date: Literal("2023-05-06", datatype=XSD.date),
        DCT.source: Literal("示例日报"), KG.reporter: Literal("甲乙"),
        DCT.title: Literal("星河观察", lang="zh-hans"), RDFS.label: Literal("星河观察", lang="zh-hans"),
    }
    assert (art, RDF.type, KG.Article) in graph
    for p, o in expected.items():
        assert list(graph.objects(art, p)) == [o], p


FACTS = [
    # (subject, predicate, object, sentence in the page's own script)
    (PARK, KG.locatedIn, PLACE, S1),
    (ENT, KG.locatedIn, PARK, S2),
]


@pytest.mark.parametrize("s,p,o,sentence", FACTS, ids=["park-in-place", "enterprise-in-park"])
def test_fact_is_direct_and_reified_with_evidence_slicing_the_page(graph, doc, s, p, o, sentence) -> None:
    assert (s, p, o) in graph
    (st,) = [st for st in graph.subjects(RDF.type, RDF.Statement)
             if (st, RDF.subject, s) in graph and (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph]
    assert str(graph.value(st, KG.extractor)) == "rel-test"
    (ev,) = graph.objects(st, PROV.wasDerivedFrom)
    assert (ev, RDF.type, KG.Evidence) in graph
    assert graph.value(ev, KG.inArticle) == URIRef(IRI.article(doc.doc_id))
    begin, end = int(graph.value(ev, KG.beginIndex)), int(graph.value(ev, KG.endIndex))
    assert RAW[begin:end] == sentence
    assert str(graph.value(ev, KG.sentenceText)) == sentence


def test_self_loops_are_dropped(graph) -> None:
    assert (PARK, KG.locatedIn, PARK) not in graph


def test_statement_count_equals_contract_fact_count(graph) -> None:
    facts = sum(1 for p in (KG.locatedIn, KG.leadsIndustry, KG.signedProject, KG.developsIndustry,
                            KG.issuedPolicy, KG.partOf) for _ in graph.triples((None, p, None)))
    assert facts == len(set(graph.subjects(RDF.type, RDF.Statement))) == 2


def test_observation(graph) -> None:
    (obs,) = graph.objects(PARK, KG.hasObservation)
    assert (obs, RDF.type, KG.Observation) in graph
    assert graph.value(obs, KG.value) == Literal("1200000000", datatype=XSD.decimal)
    assert [str(graph.value(obs, p)) for p in (KG.unit, KG.period, KG.surfaceValue, KG.approximation, KG.extractor)] \
        == ["CNY", "2022", "12亿元", "约", "obs-test"]
    ev = graph.value(obs, PROV.wasDerivedFrom)
    begin, end = int(graph.value(ev, KG.beginIndex)), int(graph.value(ev, KG.endIndex))
    assert RAW[begin:end] == "營收12億元"


def test_one_fact_from_two_sentences_has_two_evidences(doc) -> None:
    park1, park2 = mention("Park", "星河高新区", 0), mention("Park", "星河高新区", 1)
    city = mention("Place", "北京市")
    rels = (RelationMention("locatedIn", park1, city, *sentence_of(park1), "a"),
            RelationMention("locatedIn", park2, city, *sentence_of(park2), "b"))
    triples, _ = assemble([Extraction(doc, (park1, city, park2), rels)])
    g = rdflib.Graph()
    g.parse(data=serialize_graph(triples, "nt").decode(), format="nt")
    (st,) = g.subjects(RDF.type, RDF.Statement)
    assert len(set(g.objects(st, PROV.wasDerivedFrom))) == 2
    assert str(g.value(st, KG.extractor)) == "a", "the first extractor that stated the fact is kept"


def test_zone_attributes_are_typed() -> None:
    table = EntityTable()
    table.add(Mention("Park", "星河高新区", 0, 5, "t"), "d", "星河高新区", {"zoneLevel": "national", "yearApproved": "1991"})
    table.finish()
    asm = Assembler(IriMaker())
    asm.finish(table)
    got = {(t.predicate.value, t.object.value, t.object.datatype.value) for t in asm.triples()
           if t.predicate.value in (str(KG.zoneLevel), str(KG.yearApproved))}
    assert got == {(str(KG.zoneLevel), "national", str(XSD.string)), (str(KG.yearApproved), "1991", str(XSD.gYear))}


def test_triples_are_sorted_and_deterministic(extraction) -> None:
    first, _ = assemble([extraction])
    second, _ = assemble([extraction])
    assert first == second
    keys = [(str(t.subject), str(t.predicate), str(t.object)) for t in first]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_base_iri_is_applied_everywhere(extraction) -> None:
    triples, _ = assemble([extraction], base="https://example.org/x/")
    subjects = {t.subject.value for t in triples}
    assert subjects and all(s.startswith("https://example.org/x/") for s in subjects)


DECIMALS = [(1.2e9, "1200000000"), (0.125, "0.125"), (12.5, "12.5"), (-0.0, "0"), (0.0, "0"), (3.0, "3"),
            (1 / 3, "0.333333"), (-2.5, "-2.5")]


@pytest.mark.parametrize("value,text", DECIMALS, ids=[t for _, t in DECIMALS])
def test_decimal_lexical_form(value: float, text: str) -> None:
    assert _decimal(value) == text


CLEAN = [("a\x00b", "ab"), ("a\tb\nc", "a\tb\nc"), ("x\ud800y", "xy"), ("\ufffe\uffff", "")]


@pytest.mark.parametrize("raw,clean", CLEAN, ids=["nul", "tab-newline", "surrogate", "nonchars"])
def test_literals_drop_characters_rdf_cannot_carry(doc, raw: str, clean: str) -> None:
    assert _lit(raw).value == clean


def _page_doc(sha: str, text: str) -> Document:
    page = Page(path=f"{sha}.txt", name=f"{sha}.txt", text=text, encoding="utf-8", sha1=sha * 20)
    return Document(page=page, article_index=0, text=text, origin=tuple(range(len(text) + 1)))


def _m(doc: Document, type_: str, name: str) -> Mention:
    a = doc.text.index(name)
    return Mention(type_, name, a, a + len(name), "test")


def test_ends_that_resolution_merges_are_remapped_in_facts_and_observations() -> None:
    """Documents are assembled before resolution is complete; merged ends are fixed in finish()."""
    d1 = _page_doc("aa", "华芯微电子有限公司签约星河项目，营收12亿元。")
    d2 = _page_doc("bb", "华芯微电子签约星河项目，营收12亿元。华芯微电子与华芯微电子有限公司合作。")
    full, short = _m(d1, "Enterprise", "华芯微电子有限公司"), _m(d2, "Enterprise", "华芯微电子")
    p1, p2 = _m(d1, "Project", "星河项目"), _m(d2, "Project", "星河项目")
    at = d2.text.rindex("华芯微电子有限公司")
    both = Mention("Enterprise", "华芯微电子有限公司", at, at + 9, "test")
    ex1 = Extraction(d1, (full, p1), (RelationMention("signedProject", full, p1, 0, 14, "first"),),
                     (ObservationMention(full, "营业收入", 1.2e9, "CNY", "", "12亿元", 15, 21, "obs"),))
    ex2 = Extraction(d2, (short, p2, both), (RelationMention("signedProject", short, p2, 0, 12, "second"),
                                              RelationMention("signedProject", short, both, 19, len(d2.text), "self")),
                     (ObservationMention(short, "营业收入", 1.2e9, "CNY", "", "12亿元", 13, 19, "obs"),))
    for order in ([ex1, ex2], [ex2, ex1]):
        triples, table = assemble(order)
        g = rdflib.Graph()
        g.parse(data=serialize_graph(triples, "nt").decode(), format="nt")
        company = URIRef(IriMaker().entity("Enterprise", "华芯微电子有限公司"))
        assert table.lookup(short.key).canonical == "华芯微电子有限公司"
        assert not list(g.triples((URIRef(IriMaker().entity("Enterprise", "华芯微电子")), None, None)))
        (st,) = g.subjects(RDF.type, RDF.Statement)  # the two statements became one; the self loop is gone
        assert g.value(st, RDF.subject) == company
        assert len(set(g.objects(st, PROV.wasDerivedFrom))) == 2
        assert str(g.value(st, KG.extractor)) == "first", "the document with the smaller id wins, in any order"
        (obs,) = set(g.objects(company, KG.hasObservation))  # one figure, stated twice, on the merged company
        assert len(set(g.objects(obs, PROV.wasDerivedFrom))) == 2


def test_minted_hashes_do_not_depend_on_the_base(extraction) -> None:
    a, _ = assemble([extraction])
    b, _ = assemble([extraction], base="https://example.org/x/")
    local = lambda ts, base: sorted(t.subject.value.removeprefix(base) for t in ts)  # noqa: E731
    assert local(a, IriMaker().base) == local(b, "https://example.org/x/")


@pytest.mark.parametrize("buffer_chars", [50, 10**7], ids=["spilled-runs", "in-memory"])
def test_statements_made_in_a_forked_process_are_the_same(extraction, buffer_chars) -> None:
    def run(jobs: int):
        table = EntityTable()
        asm = Assembler(IriMaker(), buffer_chars=buffer_chars)
        try:
            reduce_document(table, asm, facts_of(extraction))
            table.finish()
            asm.finish(table, jobs)
            return asm.triples(), dict(asm.fact_counts)
        finally:
            asm.close()

    one, two = run(1), run(2)
    assert one == two and one[1], "same triples and the same fact counts"


@pytest.mark.parametrize("a,b,same", [
    (("", "81%"), ("", "81%"), True),  # one figure from two articles: one node
    (("超", "超81%"), ("", "81%"), False),  # an approximate claim is another node: never two surfaces on one
    (("超", "超81%"), ("超", "超81%"), True),
])
def test_observation_identity_includes_its_approximation(a, b, same) -> None:
    from kg.assemble.render import observation_item

    def iri(approx: str, surface: str) -> str:
        item = observation_item("<s>", "占比", "2022", 81.0, "percent", approx, surface, "figures", "<ev>")
        return item[1:item.index(">")]

    assert (iri(*a) == iri(*b)) is same
