"""Resolve: merge mentions from all documents into one node per real thing.

Extractors already propose a canonical name for each mention (simplified
script, place prefix + short park form, official place name). Here names are
merged across documents, and a short enterprise name folds into a fuller one
when the only difference is a legal suffix or a place prefix. Every merge is
kept with its reason so the graph can say why two names became one.
"""

from __future__ import annotations

from functools import lru_cache

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Extraction, Mention
from ..reference.gazetteer import entity_attrs
from ..reference.zones import zone_attrs

LEGAL_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|集团股份有限公司|有限公司|股份公司|公司)$")


@dataclass
class Entity:
    type: str
    canonical: str
    subtype: str = ""
    surfaces: set[str] = field(default_factory=set)  # names as written (original script too)
    articles: set[str] = field(default_factory=set)
    mentions: int = 0
    merges: dict[str, str] = field(default_factory=dict)  # merged name -> reason
    attrs: dict[str, str] = field(default_factory=dict)
    # which document set each first-wins field: "" the subtype, "n"+name a merge reason, "a"+key an attr
    origin: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.canonical)


class EntityTable:
    """Accumulates entities document by document; `finish()` applies global merges."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Entity] = {}
        self.redirect: dict[tuple[str, str], tuple[str, str]] = {}

    def add(self, mention: Mention, doc_id: str, original: str, attrs: dict[str, str] | None = None) -> Entity:
        """One mention (``original``: its text in the page's script); the same as a one-mention row."""
        self.add_rows((_frozen(_fold(None, mention, original, attrs)),), doc_id)
        return self.entities[mention.key]

    def add_rows(self, rows: tuple[tuple, ...], doc_id: str, rank: dict[str, int] | None = None) -> None:
        """A document's :func:`mention_rows`: the same table as adding each mention with :meth:`add`.

        Documents come in input order, so the first value of a first-wins
        field (subtype, a name's merge reason, a zone attribute) is kept, and
        the document that set it is noted in ``Entity.origin``. With ``rank``
        (doc id -> position in the input order) the document may come before
        some already added (an incremental rebuild, :mod:`kg.pipeline.incremental`): a
        first-wins field then takes its value when the document that set it
        comes later, and the table ends up as if every document had been added
        in ``rank`` order.
        """
        mine = rank[doc_id] if rank is not None else None
        entities = self.entities
        for type_, canonical, subtype, count, names, attrs in rows:
            key = (type_, canonical)
            ent = entities.get(key)
            if ent is None:
                ent = entities[key] = Entity(type_, canonical)
            origin = ent.origin
            if subtype and (not ent.subtype or (mine is not None and rank[origin[""]] > mine)):
                ent.subtype = subtype
                origin[""] = doc_id
            ent.mentions += count
            ent.articles.add(doc_id)
            for name, reason in names:
                ent.surfaces.add(name)
                if name not in ent.merges or (mine is not None and rank[origin["n" + name]] > mine):
                    ent.merges[name] = reason
                    origin["n" + name] = doc_id
            for k, v in attrs:
                if k not in ent.attrs or (mine is not None and rank[origin["a" + k]] > mine):
                    ent.attrs[k] = v
                    origin["a" + k] = doc_id

    def finish(self) -> None:
        """Fold short enterprise names into fuller ones (legal suffix, place prefix)."""
        enterprises = sorted((k for k in self.entities if k[0] == "Enterprise"), key=lambda k: (len(k[1]), k[1]))
        by_core: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in enterprises:
            core = LEGAL_SUFFIX.sub("", key[1])
            if core != key[1]:
                by_core[core].append(key)
        for key in enterprises:
            if key not in self.entities:
                continue
            fuller = by_core.get(key[1])
            if fuller:
                target = sorted(fuller, key=lambda k: (len(k[1]), k[1]))[0]
                if target != key:
                    self._merge(key, target, "legal-suffix")
        # a group written with and without its home place (甲市X集团 / X集团), when unambiguous
        from ..reference.places import GAZETTEER

        names = {k[1]: k for k in self.entities if k[0] == "Enterprise"}
        by_suffix: dict[str, list[tuple[str, tuple[str, str]]]] = defaultdict(list)
        for n, k in names.items():  # every proper suffix of 3+ characters that is a name, in insertion order
            for i in range(1, len(n) - 2):
                if n[i:] in names:
                    by_suffix[n[i:]].append((n, k))
        for short, key in sorted(names.items()):
            if len(short) < 3 or key not in self.entities:
                continue
            longer = [k for n, k in by_suffix.get(short, ())
                      if GAZETTEER.candidates(n[: -len(short)]) and k in self.entities]
            if len(longer) == 1:
                self._merge(key, longer[0], "place-prefix")
        # a county the gazetteer still lists as 县 but an article writes as 区/市 (renamed divisions)
        for key in sorted(k for k in self.entities if k[0] == "Place" and k[1].endswith("县")):
            for suffix in ("区", "市"):
                written = ("Place", key[1][:-1] + suffix)
                if written in self.entities and key in self.entities:
                    self._merge(key, written, "renamed-division")
        for key, ent in self.entities.items():
            if key[0] == "Park":
                ent.surfaces.discard(ent.canonical)

    def _merge(self, src: tuple[str, str], dst: tuple[str, str], reason: str) -> None:
        a, b = self.entities.pop(src), self.entities[dst]
        b.surfaces |= a.surfaces | {a.canonical}
        b.articles |= a.articles
        b.mentions += a.mentions
        b.merges[a.canonical] = reason
        for name, why in a.merges.items():
            b.merges.setdefault(name, why)
        for k, v in a.attrs.items():
            b.attrs.setdefault(k, v)
        self.redirect[src] = dst

    def lookup(self, key: tuple[str, str]) -> Entity | None:
        seen = 0
        while key in self.redirect and seen < 10:
            key = self.redirect[key]
            seen += 1
        return self.entities.get(key)


@lru_cache(maxsize=1 << 16)
def _reason(name: str, canonical: str, original: str) -> str:
    """Why ``name`` is another name of ``canonical`` (cached: pages repeat names; OpenCC per call is dear)."""
    from ..normalize.script import to_simplified

    if name == original and to_simplified(name) == canonical:
        return "script"
    if LEGAL_SUFFIX.sub("", name) == LEGAL_SUFFIX.sub("", canonical):
        return "legal-suffix"
    if len(name) > len(canonical):
        return "full-name"
    return "short-form"


def mention_rows(ex: Extraction) -> tuple[tuple, ...]:
    """One document's entity-table input, one row per key, in first-mention order.

    Why rows: the table is filled in the single reduce process, once per
    mention; a row folds a document's mentions of one key (count, first
    subtype, names with their merge reasons, zone attributes) in the map step,
    with the same first-wins order, so the table ends up exactly as if every
    mention had been added. Row: ``(type, canonical, subtype, count, names, attrs)``
    with ``names`` a tuple of ``(name, reason)``.
    """
    doc = ex.document
    rows: dict[tuple[str, str], list] = {}
    for m in ex.mentions:
        attrs = None if m.refers else _attrs(m)
        rows[m.key] = _fold(rows.get(m.key), m, doc.original_text(m.start, m.end), attrs)
    # ends that relations imply without a mention of their own (the X市 of X高新区)
    seen = {m.key for m in ex.mentions}
    for rel in ex.relations:
        for end in (rel.subject, rel.object):
            if end.key not in seen:
                seen.add(end.key)
                rows[end.key] = _fold(rows.get(end.key), end, "", None)
    return tuple(_frozen(row) for row in rows.values())


def _attrs(m: Mention) -> dict[str, str]:
    """A mention's node attributes: national zone lists for parks, the user's gazetteers for every type."""
    attrs = zone_attrs(m.canonical, m.text) if m.type == "Park" else {}
    return {**attrs, **entity_attrs(m.type, m.canonical, m.text)}


def _fold(row: list | None, m: Mention, original: str, attrs: dict[str, str] | None) -> list:
    """Add one mention to a row ``[type, canonical, subtype, count, {name: reason}, {attr: value}]``; first wins."""
    key = m.key
    if row is None:
        row = [key[0], key[1], "", 0, {}, {}]
    if m.subtype and not row[2]:
        row[2] = m.subtype
    row[3] += 1
    if not m.refers:
        for name in (m.text, original):
            if name and name != key[1] and name not in row[4]:
                row[4][name] = "declared-alias" if m.extractor == "declared-alias" else _reason(name, key[1], original)
    for k, v in (attrs or {}).items():
        row[5].setdefault(k, v)
    return row


def _frozen(row: list) -> tuple:
    t, c, sub, n, names, attrs = row
    return (t, c, sub, n, tuple(names.items()), tuple(attrs.items()))
