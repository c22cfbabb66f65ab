"""Assemble: turn resolved entities and per-document facts into RDF triples.

Provenance uses plain RDF reification plus PROV-O, because every triple store
loads it (Virtuoso 7.2 and rapper reject RDF-star): each contract relation is a
direct triple *and* an ``rdf:Statement`` that ``prov:wasDerivedFrom`` one
``kg:Evidence`` per sentence stating it; the evidence carries the article,
offsets into the original file and the sentence in its original script.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import groupby

from pyoxigraph import Literal, NamedNode, Triple
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .iris import IriMaker
from .model import Document, Extraction, Mention
from .normalize.script import to_simplified
from .places import GAZETTEER
from .resolve import EntityTable
from .spill import SORT_BUFFER_CHARS, LineSorter, SortedGraph
from .vocab import KG

LANG = "zh-Hans"


def _n(term: str) -> NamedNode:
    return NamedNode(str(term))


@lru_cache(maxsize=64)
def _datatype(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def _lit(value: object, datatype=None, lang: str | None = None) -> Literal:
    text = _clean(str(value))
    if lang:
        return Literal(text, language=lang)
    if datatype is not None:
        return Literal(text, datatype=_datatype(datatype))
    return Literal(text)


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop characters no RDF syntax can carry (unpaired surrogates, most C0 controls)."""
    if _UNSAFE.search(text) is None:
        return text
    return "".join(ch for ch in text if (ch >= " " or ch in "\n\t") and not ("\ud800" <= ch <= "\udfff") and ch != "\ufffe" and ch != "\uffff")


class _Terms:
    """``ns.name`` as a plain ``str``, cached as an attribute (rdflib's namespace lookups are slow)."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        value = str(self._ns[name])
        setattr(self, name, value)
        return value


_KG, _RDF, _RDFS, _SKOS = _Terms(KG), _Terms(RDF), _Terms(RDFS), _Terms(SKOS)
_DCTERMS, _PROV, _XSD = _Terms(DCTERMS), _Terms(PROV), _Terms(XSD)

_RDF_TYPE, _LABEL, _ALT = _n(RDF.type), _n(RDFS.label), _n(SKOS.altLabel)
_DERIVED = _n(PROV.wasDerivedFrom)


@lru_cache(maxsize=4096)
def _fixed(iri) -> str:
    """N-Triples form of a frequent IRI (predicates, classes), validated once."""
    return str(NamedNode(str(iri)))


@lru_cache(maxsize=256)
def _kg(name: str) -> str:
    return str(KG[name])


class Assembler:
    """Collects triples for a whole build as N-Triples lines in an external sort.

    Memory stays bounded by the sort buffer (see :mod:`kg.spill`), however
    many documents are added; ``graph()`` returns the sorted unique triples,
    ``triples()`` the same as a list. Facts (contract relations) are also
    streamed, as records ``s, p, o, doc_id, seq, extractor, evidence`` sorted
    so that each fact's records are adjacent and its first record is the one
    from the smallest document id: the extractor kept is the one of the first
    document (in ``doc_id`` order) that stated it, whatever order documents
    arrive in.
    """

    def __init__(self, iris: IriMaker, buffer_chars: int = SORT_BUFFER_CHARS, tmpdir: str | None = None) -> None:
        self.iris = iris
        NamedNode(iris.base + "x")  # the only outside part of minted IRIs; the rest is percent-encoded or hex
        self.tmpdir = tmpdir
        self.out = LineSorter(buffer_chars, tmpdir)
        self._facts = LineSorter(max(1, buffer_chars // 4), tmpdir)
        self._seq = 0
        self._entity_iris: dict[tuple[str, str], str] = {}
        self.fact_counts: Counter = Counter()  # predicate IRI -> distinct facts

    # ---- helpers
    def _add(self, s: str, p: str, o) -> None:
        """One triple as a line: IRIs minted by IriMaker need no escaping, literals use pyoxigraph's."""
        obj = f"<{o}>" if isinstance(o, str) else str(o)
        self.out.add(f"<{s}> {_fixed(p)} {obj} .\n")

    def entity_iri(self, table: EntityTable, mention: Mention) -> str | None:
        ent = table.lookup(mention.key)
        if not ent:
            return None
        key = (ent.type, ent.canonical)
        iri = self._entity_iris.get(key)
        if iri is None:
            iri = self._entity_iris[key] = NamedNode(self.iris.entity(ent.type, ent.canonical)).value
        return iri

    def evidence(self, doc: Document, start: int, end: int) -> str:
        a, b = doc.original_span(start, end)
        iri = self.iris.evidence(doc.doc_id, a, b)
        self._add(iri, _RDF.type, str(_KG.Evidence))
        self._add(iri, _KG.inArticle, self.iris.article(doc.doc_id))
        self._add(iri, _KG.beginIndex, _lit(a, _XSD.integer))
        self._add(iri, _KG.endIndex, _lit(b, _XSD.integer))
        self._add(iri, _KG.sentenceText, _lit(doc.page.text[a:b], lang="zh"))
        return iri

    # ---- stages
    def add_article(self, doc: Document) -> None:
        iri = self.iris.article(doc.doc_id)
        self._add(iri, _RDF.type, str(_KG.Article))
        self._add(iri, _KG.fileName, _lit(doc.page.name))
        self._add(iri, _KG.articleIndex, _lit(doc.article_index, _XSD.integer))
        self._add(iri, _KG.encoding, _lit(doc.page.encoding))
        self._add(iri, _KG.repairedChars, _lit(doc.repaired_chars, _XSD.integer))
        self._add(iri, _KG.lostChars, _lit(doc.lost_chars, _XSD.integer))
        if doc.title:
            self._add(iri, _DCTERMS.title, _lit(doc.title, lang=LANG))
            self._add(iri, _RDFS.label, _lit(doc.title, lang=LANG))
        else:
            self._add(iri, _RDFS.label, _lit(doc.label, lang=LANG))
        if doc.date:
            self._add(iri, _DCTERMS.date, _lit(doc.date, _XSD.date))
        if doc.source:
            self._add(iri, _DCTERMS.source, _lit(doc.source))
        if doc.reporter:
            self._add(iri, _KG.reporter, _lit(doc.reporter))

    def add_entities(self, table: EntityTable) -> None:
        for ent in table.entities.values():
            iri = self.iris.entity(ent.type, ent.canonical)
            self._add(iri, _RDF.type, str(KG[ent.type]))
            if ent.subtype:
                self._add(iri, _RDF.type, str(KG[ent.subtype]))
            self._add(iri, _RDFS.label, _lit(ent.canonical, lang=LANG))
            for alt in sorted(ent.surfaces):
                if alt != ent.canonical:
                    lang = LANG if to_simplified(alt) == alt else "zh-Hant"
                    self._add(iri, _SKOS.altLabel, _lit(alt, lang=lang))
            for doc_id in sorted(ent.articles):
                self._add(iri, _KG.mentionedIn, self.iris.article(doc_id))
            self._add(iri, _KG.mentionCount, _lit(ent.mentions, _XSD.integer))
            for name, reason in sorted(ent.merges.items()):
                m = self.iris.merge(iri, name)
                self._add(iri, _KG.mergeDecision, m)
                self._add(m, _RDF.type, str(_KG.MergeDecision))
                self._add(m, _KG.mergedName, _lit(name))
                self._add(m, _KG.mergeReason, _lit(reason))
            if ent.type == "Place":
                info = GAZETTEER.by_name(ent.canonical)
                if info:
                    self._add(iri, _KG.adminCode, _lit(info.code))
                    self._add(iri, _KG.adminLevel, _lit(info.level))
            for k, v in sorted(ent.attrs.items()):
                if k == "zoneLevel":
                    self._add(iri, _KG.zoneLevel, _lit(v))
                elif k == "yearApproved" and v.isdigit():
                    self._add(iri, _KG.yearApproved, _lit(v, _XSD.gYear))

    def add_fact(self, s: str, predicate: str, o: str, evidence: str | None, extractor: str, doc_id: str = "") -> None:
        self._seq += 1
        self._facts.add(f"{s}\t{_kg(predicate)}\t{o}\t{doc_id}\t{self._seq:012d}\t{extractor}\t{evidence or ''}\n")

    def add_extraction(self, table: EntityTable, ex: Extraction) -> None:
        doc = ex.document
        self.add_article(doc)
        for rel in ex.relations:
            s, o = self.entity_iri(table, rel.subject), self.entity_iri(table, rel.object)
            if not s or not o or s == o:
                continue
            ev = self.evidence(doc, rel.start, rel.end)
            self.add_fact(s, rel.predicate, o, ev, rel.extractor, doc.doc_id)
        for obs in ex.observations:
            s = self.entity_iri(table, obs.subject)
            if not s:
                continue
            iri = self.iris.observation(s, obs.indicator, obs.period, obs.value, obs.unit)
            ev = self.evidence(doc, obs.start, obs.end)
            self._add(s, _KG.hasObservation, iri)
            self._add(iri, _RDF.type, str(_KG.Observation))
            self._add(iri, _KG.indicator, _lit(obs.indicator, lang=LANG))
            self._add(iri, _KG.value, _lit(_decimal(obs.value), _XSD.decimal))
            self._add(iri, _KG.unit, _lit(obs.unit))
            if obs.period:
                self._add(iri, _KG.period, _lit(obs.period))
            if obs.approximation:
                self._add(iri, _KG.approximation, _lit(obs.approximation))
            self._add(iri, _KG.surfaceValue, _lit(obs.surface))
            self._add(iri, _KG.extractor, _lit(obs.extractor))
            self._add(iri, _DERIVED.value, ev)

    def finish(self) -> None:
        for _, group in groupby(self._facts.merged(), key=_fact_key):
            records = [line[:-1].split("\t") for line in group]
            s, p, o, _, _, extractor, _ = records[0]
            self.fact_counts[p] += 1
            self._add(s, p, o)
            st = self.iris.statement(s, p, o)
            self._add(st, _RDF.type, str(_RDF.Statement))
            self._add(st, _RDF.subject, s)
            self._add(st, _RDF.predicate, p)
            self._add(st, _RDF.object, o)
            self._add(st, _KG.extractor, _lit(extractor))
            for ev in sorted({r[6] for r in records if r[6]}):
                self._add(st, _PROV.wasDerivedFrom, ev)

    def graph(self, memory_limit: int = 10**12) -> SortedGraph:
        """The sorted unique triples (call after ``finish``); consumes the sorter."""
        graph = SortedGraph(self.out.merged(), memory_limit, self.tmpdir, count=(_kg("hasObservation"),))
        graph.predicates.update(self.fact_counts)
        return graph

    def triples(self) -> list[Triple]:
        return self.graph().to_list()

    def close(self) -> None:
        self.out.close()
        self._facts.close()


def _fact_key(line: str) -> str:
    s, p, o, _ = line.split("\t", 3)
    return f"{s}\t{p}\t{o}"


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
