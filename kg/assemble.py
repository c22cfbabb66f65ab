"""Assemble: turn resolved entities and per-document facts into RDF triples.

Provenance uses plain RDF reification plus PROV-O, because every triple store
loads it (Virtuoso 7.2 and rapper reject RDF-star): each contract relation is a
direct triple *and* an ``rdf:Statement`` that ``prov:wasDerivedFrom`` one
``kg:Evidence`` per sentence stating it; the evidence carries the article,
offsets into the original file and the sentence in its original script.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import groupby

from pyoxigraph import NamedNode, Triple

from .iris import IriMaker
from .model import Document, Extraction, Mention
from .normalize.script import to_simplified
from .places import GAZETTEER
from .render import (DCTERMS_ as _DCTERMS, KG_ as _KG, LANG, PLACEHOLDER, PROV_ as _PROV, RDF_ as _RDF,
                     RDFS_ as _RDFS, SKOS_ as _SKOS, XSD_ as _XSD, Block, article_item, decimal as _decimal,
                     evidence_item, expand, fixed as _fixed, lit as _lit, clean as _clean, line, rebase)
from .resolve import EntityTable
from .spill import SORT_BUFFER_CHARS, LineSorter, SortedGraph
from .vocab import KG

__all__ = ["Assembler", "LANG", "_clean", "_decimal", "_DCTERMS"]


@lru_cache(maxsize=256)
def _kg(name: str) -> str:
    return str(KG[name])


class Assembler:
    """Collects a whole build's triples as subject items (:mod:`kg.render`) in an external sort.

    Memory stays bounded by the sort buffer (see :mod:`kg.spill`), however
    many documents are added; ``graph()`` returns the sorted unique triples,
    ``triples()`` the same as a list. Article and evidence items come ready
    made from the map step when the document is slim (:mod:`kg.engines.facts`)
    and are rendered here otherwise. Facts (contract relations) are also
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
        self.observation_links = 0

    def _rebased(self, item: str) -> str:
        return rebase(item, self.iris.base)

    def entity_iri(self, table: EntityTable, mention: Mention) -> str | None:
        ent = table.lookup(mention.key)
        if not ent:
            return None
        key = (ent.type, ent.canonical)
        iri = self._entity_iris.get(key)
        if iri is None:
            iri = self._entity_iris[key] = NamedNode(self.iris.entity(ent.type, ent.canonical)).value
        return iri

    def _evidence(self, doc: Document, start: int, end: int, seen: dict[tuple[int, int], str]) -> str:
        """The evidence IRI for a span; its item is added once per span (the sort drops repeats)."""
        iri = seen.get((start, end))
        if iri is not None:
            return iri
        ready = getattr(doc, "evidence_items", None)
        if ready is not None:
            iri, item = ready[(start, end)]
            iri, item = self._rebased(iri), self._rebased(item)
        else:
            iri, item = evidence_item(doc, start, end, self.iris)
        self.out.add(item)
        seen[(start, end)] = iri
        return iri

    # ---- stages
    def add_article(self, doc: Document) -> None:
        ready = getattr(doc, "article_item", None)
        self.out.add(self._rebased(ready) if ready is not None else article_item(doc, self.iris))

    def add_entities(self, table: EntityTable) -> None:
        for ent in table.entities.values():
            iri = self.iris.entity(ent.type, ent.canonical)
            b = Block(iri)
            b.add(_RDF.type, _kg(ent.type))
            if ent.subtype:
                b.add(_RDF.type, _kg(ent.subtype))
            b.add(_RDFS.label, _lit(ent.canonical, lang=LANG))
            for alt in sorted(ent.surfaces):
                if alt != ent.canonical:
                    lang = LANG if to_simplified(alt) == alt else "zh-Hant"
                    b.add(_SKOS.altLabel, _lit(alt, lang=lang))
            for doc_id in sorted(ent.articles):
                b.add(_KG.mentionedIn, self.iris.article(doc_id))
            b.add(_KG.mentionCount, _lit(ent.mentions, _XSD.integer))
            for name, reason in sorted(ent.merges.items()):
                m = self.iris.merge(iri, name)
                b.add(_KG.mergeDecision, m)
                decision = Block(m).add(_RDF.type, str(_KG.MergeDecision))
                decision.add(_KG.mergedName, _lit(name)).add(_KG.mergeReason, _lit(reason))
                self.out.add(decision.item())
            if ent.type == "Place":
                info = GAZETTEER.by_name(ent.canonical)
                if info:
                    b.add(_KG.adminCode, _lit(info.code))
                    b.add(_KG.adminLevel, _lit(info.level))
            for k, v in sorted(ent.attrs.items()):
                if k == "zoneLevel":
                    b.add(_KG.zoneLevel, _lit(v))
                elif k == "yearApproved" and v.isdigit():
                    b.add(_KG.yearApproved, _lit(v, _XSD.gYear))
            self.out.add(b.item())

    def add_fact(self, s: str, predicate: str, o: str, evidence: str | None, extractor: str, doc_id: str = "") -> None:
        self._seq += 1
        self._facts.add(f"{s}\t{_kg(predicate)}\t{o}\t{doc_id}\t{self._seq:012d}\t{extractor}\t{evidence or ''}\n")

    def add_extraction(self, table: EntityTable, ex: Extraction) -> None:
        doc = ex.document
        self.add_article(doc)
        seen: dict[tuple[int, int], str] = {}
        for rel in ex.relations:
            s, o = self.entity_iri(table, rel.subject), self.entity_iri(table, rel.object)
            if not s or not o or s == o:
                continue
            ev = self._evidence(doc, rel.start, rel.end, seen)
            self.add_fact(s, rel.predicate, o, ev, rel.extractor, doc.doc_id)
        for obs in ex.observations:
            s = self.entity_iri(table, obs.subject)
            if not s:
                continue
            iri = self.iris.observation(s, obs.indicator, obs.period, obs.value, obs.unit)
            ev = self._evidence(doc, obs.start, obs.end, seen)
            self.out.add(line(s, _KG.hasObservation, iri))
            b = Block(iri)
            b.add(_RDF.type, str(_KG.Observation))
            b.add(_KG.indicator, _lit(obs.indicator, lang=LANG))
            b.add(_KG.value, _lit(_decimal(obs.value), _XSD.decimal))
            b.add(_KG.unit, _lit(obs.unit))
            if obs.period:
                b.add(_KG.period, _lit(obs.period))
            if obs.approximation:
                b.add(_KG.approximation, _lit(obs.approximation))
            b.add(_KG.surfaceValue, _lit(obs.surface))
            b.add(_KG.extractor, _lit(obs.extractor))
            b.add(_PROV.wasDerivedFrom, ev)
            self.out.add(b.item())

    def finish(self) -> None:
        for _, group in groupby(self._facts.merged(), key=_fact_key):
            records = [ln[:-1].split("\t") for ln in group]
            s, p, o, _, _, extractor, _ = records[0]
            self.fact_counts[p] += 1
            self.out.add(line(s, p, o))
            st = self.iris.statement(s, p, o)
            b = Block(st)
            b.add(_RDF.type, str(_RDF.Statement))
            b.add(_RDF.subject, s).add(_RDF.predicate, p).add(_RDF.object, o)
            b.add(_KG.extractor, _lit(extractor))
            for ev in {r[6] for r in records if r[6]}:
                b.add(_PROV.wasDerivedFrom, ev)
            self.out.add(b.item())

    def graph(self, memory_limit: int = 10**12) -> SortedGraph:
        """The sorted unique triples (call after ``finish``); consumes the sorter."""
        graph = SortedGraph(expand(self.out.merged()), memory_limit, self.tmpdir, count=(_kg("hasObservation"),))
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
