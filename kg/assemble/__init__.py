"""Assemble: turn resolved entities and per-document facts into RDF triples.

Provenance uses plain RDF reification plus PROV-O, because every triple store
loads it (Virtuoso 7.2 and rapper reject RDF-star): each contract relation is a
direct triple *and* an ``rdf:Statement`` that ``prov:wasDerivedFrom`` one
``kg:Evidence`` per sentence stating it; the evidence carries the article,
offsets into the original file and the sentence in its original script.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from itertools import groupby

from pyoxigraph import NamedNode, Triple

from ..errors import StageError
from ..forking import fork, join, stop
from ..iris import IriMaker
from ..model import DocFacts
from ..normalize.script import to_simplified
from ..reference.places import GAZETTEER
from .conflicts import ConflictFinder
from .render import (IRIS, KG_ as _KG, LANG, PROV_ as _PROV, RDF_ as _RDF, RDFS_ as _RDFS, SKOS_ as _SKOS,
                     XSD_ as _XSD, Block, Rendered, expand, lit as _lit, line, observation_lines, rebase)
from ..resolve import EntityTable
from ..storage.spill import SORT_BUFFER_CHARS, LineSorter, ObjectSpill, SortedGraph

class Assembler:
    """Collects a whole build's triples as subject items (:mod:`kg.assemble.render`) in an external sort.

    Documents are added as they are extracted (``add_facts`` or, from the
    map step, ``add_rendered``), before resolution has seen the whole corpus:
    their article and evidence items are final, and their facts and
    observations name each end by the IRI of its own mention key. ``finish``
    then adds the entities and remaps the few ends that resolution merged.
    Minted IRIs are built under :data:`kg.assemble.render.PLACEHOLDER`, so their
    hashes do not depend on the base, and rebased as items enter the sort.

    Memory stays bounded by the sort buffers (see :mod:`kg.storage.spill`). Facts
    (contract relations) are records ``s, p, o, doc_id, seq, extractor,
    evidence`` sorted so that each fact's records are adjacent and its first
    record is the one from the smallest document id: the extractor kept is the
    one of the first document (in ``doc_id`` order) that stated it, whatever
    order documents arrive in.
    """

    def __init__(self, iris: IriMaker, buffer_chars: int = SORT_BUFFER_CHARS, tmpdir: str | None = None,
                 remember_facts: bool = False) -> None:
        self.base = iris.base
        self.remember_facts = remember_facts  # fill ``fact_first`` (only kg.pipeline.incremental's saved state reads it)
        NamedNode(self.base + "x")  # the only outside part of minted IRIs; the rest is percent-encoded or hex
        if tmpdir is None:
            from ..storage.spill import build_tmpdir

            tmpdir = build_tmpdir()  # OUT/.kg-tmp during a build: swept by the next one even after SIGKILL
        self.tmpdir = tmpdir
        self.out = LineSorter(buffer_chars, tmpdir)
        self._facts = LineSorter(max(1, buffer_chars // 4), tmpdir)
        self._observations = ObjectSpill(tmpdir)
        self._seq = 0
        self.fact_counts: Counter = Counter()  # predicate IRI -> distinct facts
        self.fact_first: dict[bytes, str] = {}  # fact_digest -> the smallest doc id stating it (kg.pipeline.incremental)
        self.degree: Counter = Counter()  # entity IRI (placeholder base) -> facts it is an end of (the explorer)
        self._extra: list = []  # sorted item files made by other processes (the statements)
        self._cleanup: list[str] = []
        self._children: list = []

    def _add(self, item: str) -> None:
        self.out.add(rebase(item, self.base))

    # ---- per document, in any order, before resolution is complete
    def add_facts(self, facts: DocFacts) -> None:
        self.add_rendered(facts.rendered)

    def add_rendered(self, r: Rendered) -> None:
        self._add(r.article)
        for item in r.evidence:
            self._add(item)
        for s, predicate, o, extractor, evidence in r.facts:
            self._seq += 1
            p = getattr(_KG, predicate)
            self._facts.add(f"{s}\t{p}\t{o}\t{r.doc_id}\t{self._seq:012d}\t{extractor}\t{evidence}\n")
        if r.observations:
            self._observations.append(r.observations)  # one pickle per document: loading is per call

    # ---- after every document
    def finish(self, table: EntityTable, jobs: int = 1) -> None:
        """Entities, then facts and observations with merged ends remapped (``table`` is finished).

        With ``jobs > 1`` the statements are made in a forked process while
        this one adds the entities and observations (:meth:`_fork_statements`).
        """
        remap = {IRIS.entity(*src): IRIS.entity(*ent.key) for src in table.redirect
                 if (ent := table.lookup(src)) is not None}
        if jobs > 1:
            statements = self._fork_statements(remap)
        else:
            self.fact_counts.update(self._add_statements(remap, self.out))
        self._add_entities(table)
        conflicts = ConflictFinder(self.out.budget, self.tmpdir)
        try:
            for record in (obs for doc_obs in self._observations for obs in doc_obs):
                item, has = observation_lines(record, remap)
                self._add(item)
                self._add(has)
                conflicts.add(record, remap.get(record[0], record[0]), item[1:item.index(">")])
            for item in conflicts.items():
                self._add(item)
        finally:
            conflicts.close()
        if jobs > 1:
            self._join_statements(*statements)

    def _add_statements(self, remap: dict[str, str], sink: LineSorter) -> Counter:
        """One direct triple and one rdf:Statement per fact; returns distinct facts per predicate."""
        counts: Counter = Counter()
        base = self.base
        for _, group in groupby(self._remapped_facts(remap), key=_fact_key):
            records = [ln[:-1].split("\t") for ln in group]
            s, p, o, _, _, extractor, _ = records[0]
            counts[p] += 1
            self.degree[s] += 1
            self.degree[o] += 1
            sink.add(rebase(line(s, p, o), base))
            if self.remember_facts:
                self.fact_first[fact_digest(s, p, o)] = records[0][3]
            sink.add(rebase(statement_item(s, p, o, extractor, {r[6] for r in records if r[6]}), base))
        return counts

    def _fork_statements(self, remap: dict[str, str]):
        """Start the statements in a forked child; it leaves its sorted items and counts in files.

        Why fork: the facts are already sorted in temp files this process
        holds, and the child inherits them (and the remap) without copying;
        the parent never reads the fact sorter again.
        """
        folder = tempfile.mkdtemp(prefix="kg-statements-", dir=self.tmpdir)
        self._cleanup.append(folder)
        child = fork(self._statements_child, remap, folder)
        self._children.append(child)
        return child, folder

    def _statements_child(self, remap: dict[str, str], folder: str) -> None:
        sink = LineSorter(self.out.budget, folder)
        counts = self._add_statements(remap, sink)
        with open(os.path.join(folder, "items.tmp"), "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(sink.merged())
        with open(os.path.join(folder, "counts.tmp"), "wb") as fh:
            pickle.dump((dict(counts), self.fact_first, self.degree), fh)
        os.replace(os.path.join(folder, "items.tmp"), os.path.join(folder, "items"))
        os.replace(os.path.join(folder, "counts.tmp"), os.path.join(folder, "counts"))

    def _join_statements(self, child, folder: str) -> None:
        join([child], lambda codes: StageError("assemble", "statements (all documents)",
                                               RuntimeError(f"the statements process ended with exit code {codes[0]}")))
        with open(os.path.join(folder, "counts"), "rb") as fh:
            counts, first, degree = pickle.load(fh)
        self.fact_counts.update(counts)
        self.fact_first.update(first)
        self.degree.update(degree)
        self._extra.append(open(os.path.join(folder, "items"), encoding="utf-8", newline="\n"))  # noqa: SIM115

    def _remapped_facts(self, remap: dict[str, str]) -> Iterator[str]:
        """The sorted fact records with merged ends replaced (a record whose ends became one is dropped)."""
        merged = self._facts.merged()
        if not remap:
            yield from merged
            return
        moved = LineSorter(self._facts.budget, self.tmpdir)  # can be many: a popular short name merged away
        try:
            with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=self.tmpdir,
                                        prefix="kg-facts-") as kept:
                for ln in merged:
                    s, p, o, rest = ln.split("\t", 3)
                    if s in remap or o in remap:
                        s, o = remap.get(s, s), remap.get(o, o)
                        if s != o:
                            moved.add(f"{s}\t{p}\t{o}\t{rest}")
                    else:
                        kept.write(ln)
                kept.seek(0)
                yield from heapq.merge(kept, moved.merged())
        finally:
            moved.close()

    def _add_entities(self, table: EntityTable) -> None:
        for ent in table.entities.values():
            for item in entity_items(ent):
                self._add(item)

    def graph(self, memory_limit: int = 10**12, index: bool = True) -> SortedGraph:
        """The sorted unique triples (call after ``finish``); consumes the sorter; ``index``: keep a subject index."""
        items = heapq.merge(self.out.merged(), *self._extra) if self._extra else self.out.merged()
        graph = SortedGraph(expand(items), memory_limit, self.tmpdir, count=(_KG.hasObservation,), index=index)
        graph.predicates.update(self.fact_counts)
        return graph

    def triples(self) -> list[Triple]:
        return self.graph().to_list()

    def close(self) -> None:
        self.out.close()
        self._facts.close()
        self._observations.close()
        for fh in self._extra:
            fh.close()
        stop(self._children)  # interrupted before the join
        for folder in self._cleanup:
            shutil.rmtree(folder, ignore_errors=True)


def entity_items(ent) -> list[str]:
    """An entity's item and its merge decisions' items (placeholder base)."""
    iri = IRIS.entity(ent.type, ent.canonical)
    items = []
    b = Block(iri)
    b.add(_RDF.type, getattr(_KG, ent.type))
    if ent.subtype:
        b.add(_RDF.type, getattr(_KG, ent.subtype))
    b.add(_RDFS.label, _lit(ent.canonical, lang=LANG))
    for alt in sorted(ent.surfaces):
        if alt != ent.canonical:
            lang = LANG if to_simplified(alt) == alt else "zh-Hant"
            b.add(_SKOS.altLabel, _lit(alt, lang=lang))
    for doc_id in sorted(ent.articles):
        b.add(_KG.mentionedIn, IRIS.article(doc_id))
    b.add(_KG.mentionCount, _lit(ent.mentions, _XSD.integer))
    for name, reason in sorted(ent.merges.items()):
        m = IRIS.merge(iri, name)
        b.add(_KG.mergeDecision, m)
        decision = Block(m).add(_RDF.type, str(_KG.MergeDecision))
        decision.add(_KG.mergedName, _lit(name)).add(_KG.mergeReason, _lit(reason))
        items.append(decision.item())
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
        elif k == "stockCode":
            b.add(_KG.stockCode, _lit(v))
        elif k == "referenceId":
            b.add(_KG.referenceId, _lit(v))
        elif k == "seatProvince":
            b.add(_KG.seatProvince, _lit(v, lang=LANG))
        elif k == "seatCity":
            b.add(_KG.seatCity, _lit(v, lang=LANG))
        elif k == "legalName" and v != ent.canonical and v not in ent.surfaces:
            b.add(_SKOS.altLabel, _lit(v, lang=LANG))
    items.append(b.item())
    return items


def fact_digest(s: str, p: str, o: str) -> bytes:
    """A short stable key for a fact (its ends and predicate as IRIs); 12 bytes keep 10M facts collision-free."""
    return hashlib.blake2b(f"{s}\t{p}\t{o}".encode(), digest_size=12).digest()


def statement_item(s: str, p: str, o: str, extractor: str, evidence) -> str:
    """The ``rdf:Statement`` of a fact: its ends, the extractor kept and one ``prov:wasDerivedFrom`` per evidence."""
    b = Block(IRIS.statement(s, p, o))
    b.add(_RDF.type, str(_RDF.Statement))
    b.add(_RDF.subject, s).add(_RDF.predicate, p).add(_RDF.object, o)
    b.add(_KG.extractor, _lit(extractor))
    for ev in evidence:
        b.add(_PROV.wasDerivedFrom, ev)
    return b.item()


def _fact_key(line: str) -> str:
    s, p, o, _ = line.split("\t", 3)
    return f"{s}\t{p}\t{o}"
