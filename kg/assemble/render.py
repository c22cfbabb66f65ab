"""Render triples as canonical N-Triples *items*: all the lines of one subject, ready to sort.

Why items and not lines: a build of 10k pages has 2.3M triples but only about
300k subjects. Sorting, spilling and merging one entry per subject block
instead of one per triple is several times cheaper, and a block that depends
on one document only (its article and evidence nodes) can be rendered where
the document is extracted: in a worker process, and once per page when the
build cache is on. An item is the subject's N-Triples lines (each ending in
``" ."``), sorted, unique, joined by ``ITEM_SEP`` and closed by a newline.
N-Triples escapes every control character, so ``ITEM_SEP`` never occurs
inside a line, and items of one subject are adjacent in any sort because
every line starts with ``<subject>`` and IRIs cannot contain ``>``.

Items rendered before the base IRI is known (in workers) use ``PLACEHOLDER``
as the base; :func:`rebase` swaps in the real one. ``PLACEHOLDER`` is NUL,
which no IRI or cleaned literal contains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..ingest import rdf_name
from ..iris import IriMaker
from ..vocab import KG

LANG = "zh-Hans"
ITEM_SEP = "\x1e"
PLACEHOLDER = "\x00"


class _Terms:
    """``ns.name`` as a plain ``str``, cached as an attribute (rdflib's namespace lookups are slow)."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        value = str(self._ns[name])
        setattr(self, name, value)
        return value


KG_, RDF_, RDFS_, SKOS_ = _Terms(KG), _Terms(RDF), _Terms(RDFS), _Terms(SKOS)
DCTERMS_, PROV_, XSD_ = _Terms(DCTERMS), _Terms(PROV), _Terms(XSD)


@lru_cache(maxsize=64)
def _datatype(iri: str) -> NamedNode:
    return NamedNode(str(iri))


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop characters no RDF syntax can carry (unpaired surrogates, most C0 controls)."""
    if _UNSAFE.search(text) is None:
        return text
    return "".join(ch for ch in text if (ch >= " " or ch in "\n\t") and not ("\ud800" <= ch <= "\udfff") and ch != "\ufffe" and ch != "\uffff")


def lit(value: object, datatype=None, lang: str | None = None) -> Literal:
    text = clean(str(value))
    if lang:
        return Literal(text, language=lang)
    if datatype is not None:
        return Literal(text, datatype=_datatype(datatype))
    return Literal(text)


@lru_cache(maxsize=1 << 14)
def term(text: str, lang: str | None = None) -> str:
    """``str(lit(text, ...))`` of a string that repeats (indicator, unit, period, extractor): formatted once.

    Values and surfaces (1.5亿元) are nearly unique per figure and stay out of this cache:
    filling it with them only evicted the strings that do repeat."""
    return str(lit(text, lang=lang))


def decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


@lru_cache(maxsize=4096)
def fixed(iri) -> str:
    """N-Triples form of a frequent IRI (predicates, classes), validated once."""
    return str(NamedNode(str(iri)))


class Block:
    """The lines of one subject; minted IRIs need no escaping, literals use pyoxigraph's."""

    __slots__ = ("subject", "lines")

    def __init__(self, subject: str) -> None:
        self.subject = f"<{subject}> "
        self.lines: list[str] = []

    def add(self, p: str, o) -> "Block":
        obj = f"<{o}>" if isinstance(o, str) else str(o)
        self.lines.append(f"{self.subject}{fixed(p)} {obj} .")
        return self

    def add_term(self, p: str, obj: str) -> "Block":
        """A line whose object is already in N-Triples form (see :func:`term`)."""
        self.lines.append(f"{self.subject}{fixed(p)} {obj} .")
        return self

    def add_integer(self, p: str, n: int) -> "Block":
        """``add(p, lit(n, XSD_.integer))`` without building the literal: digits need no escaping."""
        self.lines.append(f'{self.subject}{fixed(p)} "{n:d}"^^<{XSD_.integer}> .')
        return self

    def item(self) -> str:
        return ITEM_SEP.join(sorted(set(self.lines))) + "\n"


def line(s: str, p: str, o: str) -> str:
    """One IRI-to-IRI triple as an item of one line."""
    return f"<{s}> {fixed(p)} <{o}> .\n"


def rebase(item: str, base: str) -> str:
    return item.replace(PLACEHOLDER, base)


def expand(items: Iterable[str]) -> Iterator[str]:
    """Sorted items -> blocks of sorted unique N-Triples lines, one block per subject."""
    group: list[str] = []
    key = None
    for item in items:
        k = item[:item.index("> ") + 1]
        if k != key:
            if group:
                yield _block(group)
            key, group = k, [item]
        else:
            group.append(item)
    if group:
        yield _block(group)


def _block(group: list[str]) -> str:
    if len(group) == 1:
        return group[0].replace(ITEM_SEP, "\n")
    lines = sorted({ln for item in group for ln in item[:-1].split(ITEM_SEP)})
    return "\n".join(lines) + "\n"


IRIS = IriMaker.placeholder(PLACEHOLDER)


def article_item(doc, iris: IriMaker = IRIS) -> str:
    """The article node of a document (file, index, encoding, repairs, title, date, source, reporter)."""
    b = Block(iris.article(doc.doc_id))
    b.add(RDF_.type, str(KG_.Article))
    b.add(KG_.fileName, lit(rdf_name(doc.page.name)))  # undecodable bytes percent-encoded, not dropped
    b.add_integer(KG_.articleIndex, doc.article_index)
    b.add(KG_.encoding, lit(doc.page.encoding))
    b.add_integer(KG_.repairedChars, doc.repaired_chars)
    b.add_integer(KG_.lostChars, doc.lost_chars)
    if doc.title:
        b.add(DCTERMS_.title, lit(doc.title, lang=LANG))
        b.add(RDFS_.label, lit(doc.title, lang=LANG))
    else:
        b.add(RDFS_.label, lit(doc.label, lang=LANG))
    if doc.date:
        b.add(DCTERMS_.date, lit(doc.date, XSD_.date))
    if doc.source:
        b.add(DCTERMS_.source, lit(doc.source))
    if doc.reporter:
        b.add(KG_.reporter, lit(doc.reporter))
    return b.item()


def evidence_item(doc, start: int, end: int, iris: IriMaker = IRIS) -> tuple[str, str]:
    """``(iri, item)`` of the evidence for a span of ``doc.text``: article, offsets and the original sentence."""
    a, b = doc.original_span(start, end)
    iri = iris.evidence(doc.doc_id, a, b)
    block = Block(iri)
    block.add(RDF_.type, str(KG_.Evidence))
    block.add(KG_.inArticle, iris.article(doc.doc_id))
    block.add_integer(KG_.beginIndex, a)
    block.add_integer(KG_.endIndex, b)
    block.add(KG_.sentenceText, lit(doc.page.text[a:b], lang="zh"))
    return iri, block.item()


def entity_iri(mention, iris: IriMaker = IRIS) -> str:
    """The IRI a mention gets if resolution keeps its key; the reduce remaps the few it merges."""
    if iris is IRIS:
        return _placeholder_entity(*mention.key)
    return iris.entity(*mention.key)


@lru_cache(maxsize=1 << 16)
def _placeholder_entity(type_name: str, canonical: str) -> str:
    """``IRIS.entity`` once per key: every fact and observation names its two ends, and the ends repeat."""
    return IRIS.entity(type_name, canonical)


def observation_item(s: str, indicator: str, period: str, value: float, unit: str, approximation: str,
                     surface: str, extractor: str, evidence: str, iris: IriMaker = IRIS) -> str:
    """An observation node; its IRI hashes the figure's identity (subject, indicator, period, value, unit).

    An approximate figure (超81%) is a different claim from an exact one (81%): its
    approximation joins the identity, so one node never carries both surfaces.
    """
    b = Block(iris.observation(s, indicator, period, value, unit, *((approximation,) if approximation else ())))
    b.add(RDF_.type, str(KG_.Observation))
    b.add_term(KG_.indicator, term(indicator, lang=LANG))
    b.add_term(KG_.value, f'"{decimal(value)}"^^<{XSD_.decimal}>')  # digits, sign and point need no escaping
    b.add_term(KG_.unit, term(unit))
    if period:
        b.add_term(KG_.period, term(period))
    if approximation:
        b.add_term(KG_.approximation, term(approximation))
    b.add_term(KG_.surfaceValue, str(lit(surface)))  # nearly unique per figure: not through term's cache
    b.add_term(KG_.extractor, term(extractor))
    b.add(PROV_.wasDerivedFrom, evidence)
    return b.item()


class Rendered(NamedTuple):
    """What one document contributes to the graph, under the placeholder base.

    ``article`` and ``evidence`` are final items. ``facts`` are records
    ``(s, predicate name, o, extractor, evidence IRI)`` and ``observations``
    records ``(s, indicator, period, value, unit, approximation, surface,
    extractor, evidence IRI, item)``, with ends as the IRIs of their own
    mention keys; resolution may remap a few of those ends, so they are
    finished in the reduce. A tuple: it pickles fast.
    """

    doc_id: str
    article: str
    evidence: tuple
    facts: tuple
    observations: tuple


def render_document(ex) -> Rendered:
    """The per-document part of assembly, which needs no other document (runs in the map step)."""
    doc = ex.document
    evidence: dict[tuple[int, int], tuple[str, str]] = {}

    def cite(start: int, end: int) -> str:
        if (start, end) not in evidence:
            evidence[(start, end)] = evidence_item(doc, start, end)
        return evidence[(start, end)][0]

    facts = []
    for rel in ex.relations:
        s, o = entity_iri(rel.subject), entity_iri(rel.object)
        if s != o:
            facts.append((s, rel.predicate, o, rel.extractor, cite(rel.start, rel.end)))
    observations = []
    for obs in ex.observations:
        s = entity_iri(obs.subject)
        record = (s, obs.indicator, obs.period, obs.value, obs.unit, obs.approximation, obs.surface, obs.extractor,
                  cite(obs.start, obs.end))
        observations.append((*record, observation_item(*record)))
    items = tuple(dict.fromkeys(item for _, item in evidence.values()))
    return Rendered(doc.doc_id, article_item(doc), items, tuple(facts), tuple(observations))


def observation_lines(record: tuple, remap: dict[str, str]) -> tuple[str, str]:
    """An observation record's item and its subject's ``kg:hasObservation`` line, remapped if resolution merged it."""
    s, item = record[0], record[9]
    if s in remap:
        s = remap[s]
        item = observation_item(s, *record[1:9])
    return item, line(s, KG_.hasObservation, item[1:item.index(">")])
