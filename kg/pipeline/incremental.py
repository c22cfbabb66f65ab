"""Incremental reduce: a cached rebuild that only adds pages splices the previous graph instead of rebuilding it.

Why: with ``--cache`` the map step costs nothing for a page already seen, but
the reduce (entity table, sort, statements, 150 MB of Turtle for 10k pages)
was redone in full: about a third of a clean build. Yet everything in the
graph is a union over documents except the entities' first-wins fields, and
Turtle closes each subject's block before the next. So new pages change a
known, small set of subject blocks: those are recomputed and written in place
of the old ones, and the rest of the old file is copied byte for byte.

After a build with a cache whose graph lives in a file, ``CACHE/reduce`` keeps
what the next build needs (:class:`State`): the Turtle file (hard-linked with
the output) and, per subject in order, its ``<iri>`` and the byte length of
its block; the pages and their documents in build order; the entity table
before its global merges, with the document that set each first-wins field
(:meth:`kg.resolve.EntityTable.add_rows` with a rank), and the merges it made; per fact
the smallest document id stating it (whose extractor is kept); the counts of
the summary.

A rebuild is incremental when every old page is still there in the same
order, new pages fall anywhere between them, and the new pages change no
merge of an old name. Otherwise (a page removed, changed or reordered, a
merge moved, other code, base or formats) :func:`rebuild` raises Stale and
the build runs the whole reduce, which saves a new state. Either way the
output is byte-identical to a clean build (tests/test_incremental.py).
"""

from __future__ import annotations

import uuid
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse, serialize

from ..assemble import entity_items, fact_digest, observation_lines, statement_item
from ..assemble.conflicts import rejudged
from ..assemble.render import IRIS, ITEM_SEP, KG_, PROV_, RDF_, RDFS_, SKOS_, Block, line, rebase
from ..export.rdf import PREFIXES
from ..forking import fork, join
from ..resolve import EntityTable
from ..storage.spill import SubjectIndex
from ..storage.splice import read_lines, splice, split_blocks
from . import datacodec
from .cache import page_key
from .state import Stale, State, resolved_merges, save_state

#: An incremental rebuild takes at most this many new pages, or a quarter of the old ones if more.
MIN_NEW_PAGES = 1000
#: Predicates of an entity's own item (kg.assemble.entity_items); its other lines are facts and observations.
ENTITY_PREDICATES = frozenset(f"<{p}>" for p in (
    RDF_.type, RDFS_.label, SKOS_.altLabel, KG_.mentionedIn, KG_.mentionCount, KG_.mergeDecision,
    KG_.adminCode, KG_.adminLevel, KG_.zoneLevel, KG_.yearApproved))
_EXTRACTOR = f"<{KG_.extractor}>"
_HAS_OBSERVATION = f"<{KG_.hasObservation}>"


@dataclass
class Rebuilt:
    """What an incremental rebuild made: the new Turtle file (in the state folder) and the summary's inputs."""

    ttl: Path
    table: EntityTable
    pages: int
    new_pages: int
    documents: int
    encodings: Counter
    triples: int
    predicates: Counter  # facts per relation IRI, and kg:hasObservation triples
    degree: Counter  # entity IRI (placeholder base) -> facts it is an end of
    index: SubjectIndex  # of the new Turtle file


def rebuild(state: State, pages: Iterable, start_map: Callable[[list], Callable[[], list]], stats: dict) -> Rebuilt:
    """Add the new pages of ``pages`` to the previous build; raise :class:`Stale` (saying why) when it cannot.

    ``pages`` come from :func:`kg.pipeline.reduce.pages_of` with ``known=state.known``
    and ``stats`` (the signatures of the files it read, kept for the next
    build); ``start_map(pages)`` starts the map step of the new pages (cached
    or not) and returns a call that waits for their ``(page, list of
    DocFacts)``: the saved table is read meanwhile. The phases: place the
    pages, read the table, add the new documents, check the merges, collect
    the changed subject blocks, splice them into a new Turtle file, save.
    """
    meta = state.meta
    order, new_pages, encodings = _place_pages(meta, pages)
    wait = start_map(new_pages)
    table = _read_table(state)
    index = state.index()
    new_docs, keys, docs, rank = _in_build_order(meta, order, iter(wait()))
    old_keys = set(table.entities)
    for doc in new_docs:
        table.add_rows(doc.rows, doc.doc_id, rank)
    gen = uuid.uuid4().hex[:12]
    table_saved = _save_in_child(table, state.folder / f"table-{gen}.json")  # before the merges change it
    table.finish()
    resolved = resolved_merges(table)
    _check_merges(meta, resolved, old_keys)
    changes = _Changes(meta["base"])
    fact_first = dict(meta["fact_first"])
    predicates = Counter(meta["predicates"])
    degree = Counter(meta["degree"])
    for doc in new_docs:
        changes.put(doc.rendered.article)
        for item in doc.rendered.evidence:
            changes.put(item)
    _add_entities(changes, table, new_docs, resolved, old_keys)
    remap = {IRIS.entity(*s): IRIS.entity(*d) for s, d in resolved.items()}
    _add_facts(changes, new_docs, remap, fact_first, predicates, degree)
    _add_observations(changes, new_docs, remap)
    _add_conflicts(changes, state, index, new_docs, remap)
    ttl = state.folder / f"graph-{gen}.ttl"
    index, triples, observations = _splice(state, index, changes, ttl)
    triples += meta["triples"]
    predicates[_HAS_OBSERVATION[1:-1]] += observations
    table_saved()
    save_state(state.folder, gen, dict(meta, pages=keys, docs=docs, resolved=resolved, fact_first=fact_first,
                                       predicates=dict(predicates), triples=triples, stats={**meta["stats"], **stats},
                                       degree=degree), ttl, index)
    turtle_index = SubjectIndex.of(*index, meta["header"])
    return Rebuilt(ttl, table, len(order), len(new_pages), len(rank), encodings, triples, predicates, degree,
                   turtle_index)


def _place_pages(meta: dict, pages: Iterable) -> tuple[list[int | None], list, Counter]:
    """Each page's place in the previous build (None: new); :class:`Stale` when an old page is gone or moved."""
    position = {key: i for i, key in enumerate(meta["pages"])}
    limit = max(MIN_NEW_PAGES, len(position) // 4)
    order: list[int | None] = []
    new_pages: list = []
    encodings: Counter = Counter()
    for page in pages:
        encodings[page.encoding] += 1
        i = position.get(page_key(page))
        if i is None:
            new_pages.append(page)
            order.append(None)
            if len(new_pages) > limit:
                raise Stale(f"more than {limit} new pages")
        elif i != len(order) - len(new_pages):
            expected = meta["pages"][len(order) - len(new_pages)].split(":", 1)[1]
            raise Stale(f"a page of the previous build ({expected}) is gone or moved in the order")
        else:
            order.append(i)
    if len(order) - len(new_pages) != len(position):
        raise Stale(f"{len(position) - (len(order) - len(new_pages))} page(s) of the previous build are gone")
    return order, new_pages, encodings


def _read_table(state: State) -> EntityTable:
    """The saved entity table, as it was before its global merges."""
    try:
        table = datacodec.loads(state.file("table").read_bytes())
        if not isinstance(table, EntityTable):
            raise datacodec.CorruptData("not an entity table")
    except (OSError, datacodec.CorruptData) as exc:
        raise Stale(f"cannot read the saved entity table: {exc}", damaged=True) from exc
    return table


def _in_build_order(meta: dict, order: list[int | None], mapped):
    """The new documents, and every page's key, document ids and each document's rank, in build order."""
    rank: dict[str, int] = {}
    new_docs = []
    keys: list[str] = []
    docs: list[tuple[str, ...]] = []
    for i in order:
        if i is None:
            page, facts = next(mapped)
            new_docs.extend(facts)
            keys.append(page_key(page))
            docs.append(tuple(f.doc_id for f in facts))
        else:
            keys.append(meta["pages"][i])
            docs.append(meta["docs"][i])
        for doc_id in docs[-1]:
            rank[doc_id] = len(rank)
    return new_docs, keys, docs, rank


def _check_merges(meta: dict, resolved: dict, old_keys: set) -> None:
    """:class:`Stale` when the new pages change how an old name merges (its blocks would all change)."""
    if {s: d for s, d in resolved.items() if s in old_keys} != meta["resolved"]:
        moved = sorted(f"{s[1]}" for s, d in resolved.items() if s in old_keys and meta["resolved"].get(s) != d)
        moved += sorted(s[1] for s in meta["resolved"] if resolved.get(s) is None)
        raise Stale(f"the new pages change how names merge ({', '.join(moved[:3])})")


def _save_in_child(obj, path: Path) -> Callable[[], None]:
    """Write ``obj`` (:mod:`kg.pipeline.datacodec`) to ``path`` in a forked process; the call returned waits for it.

    Why: the table must be saved as it is before its global merges, which
    this process makes next; the forked copy is that snapshot, and encoding
    it overlaps with the rest.
    """
    child = fork(_write_data, obj, path)
    return lambda: join([child], lambda codes: Stale(f"could not save the entity table to {path} (exit code {codes[0]})"))


def _write_data(obj, path: Path) -> None:
    path.write_bytes(datacodec.dumps(obj))


class _Changes:
    """New lines per subject, and what to keep of the subject's old block."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.by_subject: dict[str, list] = {}  # "<iri>" -> [mode, set of lines]

    def put(self, item: str, mode: str = "union") -> None:
        """``mode``: "union" keeps the old lines, "entity" the old fact and observation lines,
        "reextract" all old lines but the extractor, "replace" none."""
        item = rebase(item, self.base)
        subject = item[:item.index("> ") + 1]
        change = self.by_subject.get(subject)
        if change is None:
            change = self.by_subject[subject] = [mode, set()]
        elif mode != "union":
            change[0] = mode
        change[1].update(item[:-1].split(ITEM_SEP))


def _add_entities(changes: _Changes, table: EntityTable, new_docs, resolved, old_keys) -> None:
    """Every entity a new document mentions, or a new name merged into, is rendered again."""
    finals = {d for s, d in resolved.items() if s not in old_keys}
    for doc in new_docs:
        for row in doc.rows:
            finals.add(table.lookup((row[0], row[1])).key)
    for key in sorted(finals):
        items = entity_items(table.entities[key])
        for decision in items[:-1]:
            changes.put(decision, "replace")
        changes.put(items[-1], "entity")


def _add_facts(changes: _Changes, new_docs, remap, fact_first: dict, predicates: Counter, degree: Counter) -> None:
    """New facts: a direct triple and a statement; known facts: more evidence, maybe an earlier extractor."""
    first: dict[tuple[str, str, str], tuple[str, int, str]] = {}
    evidence: dict[tuple[str, str, str], set[str]] = {}
    seq = 0
    for doc in new_docs:
        for s, predicate, o, extractor, ev in doc.rendered.facts:
            seq += 1
            s, o = remap.get(s, s), remap.get(o, o)
            if s == o:
                continue
            key = (s, getattr(KG_, predicate), o)
            if key not in first or (doc.doc_id, seq) < first[key][:2]:
                first[key] = (doc.doc_id, seq, extractor)
            evidence.setdefault(key, set())
            if ev:
                evidence[key].add(ev)
    for key in sorted(first):
        s, p, o = key
        name = fact_digest(s, p, o)
        doc_id, _, extractor = first[key]
        known = fact_first.get(name)
        if known is None:
            predicates[p] += 1
            degree[s] += 1
            degree[o] += 1
            changes.put(line(s, p, o))
            changes.put(statement_item(s, p, o, extractor, evidence[key]))
        elif doc_id < known:
            changes.put(statement_item(s, p, o, extractor, evidence[key]), "reextract")
        elif evidence[key]:
            b = Block(IRIS.statement(s, p, o))
            for ev in evidence[key]:
                b.add(PROV_.wasDerivedFrom, ev)
            changes.put(b.item())
        if known is None or doc_id < known:
            fact_first[name] = doc_id


def _add_observations(changes: _Changes, new_docs, remap) -> None:
    for doc in new_docs:
        for record in doc.rendered.observations:
            for item in observation_lines(record, remap):
                changes.put(item)


def _add_conflicts(changes: _Changes, state: State, index: SubjectIndex, new_docs, remap) -> None:
    """Conflict groups a new figure joins, judged again with their earlier members (:func:`kg.assemble.conflicts.rejudged`)."""
    records = [record for doc in new_docs for record in doc.rendered.observations]
    for item in rejudged(records, remap, state.meta["base"], lambda subjects: _old_blocks(state, index, subjects)):
        changes.put(item, "replace")


def _old_blocks(state: State, index: SubjectIndex, subjects: Iterable[str]) -> dict[str, list[str]]:
    """The previous graph's N-Triples lines of the given ``<iri>`` subjects that it has."""
    found, lo = [], 0
    for subject in sorted(set(subjects)):
        key = subject.encode()
        i = index.find(key, lo)
        if i < len(index) and index[i] == key:
            found.append((subject, i))
        lo = i
    if not found:
        return {}
    with state.file("ttl").open("rb") as src:
        return read_lines(src.fileno(), index, found)


def _predicate(nt_line: str) -> str:
    return nt_line.split(" ", 2)[1]


def _splice(state: State, index: SubjectIndex, changes: _Changes, out: Path) -> tuple[tuple[bytes, array, array], int, int]:
    """Write the new Turtle file: old blocks copied, changed ones serialized; returns (index, Δtriples, Δobservations)."""
    touched = sorted(changes.by_subject)
    places = []  # (subject, position in the old index, present there)
    lo = 0
    for subject in touched:
        key = subject.encode()
        i = index.find(key, lo)
        places.append((subject, i, i < len(index) and index[i] == key))
        lo = i
    with state.file("ttl").open("rb") as src:
        return _write_changes(src, index, changes, places, out)


def _write_changes(src, index: SubjectIndex, changes: _Changes, places: list, out: Path):
    """The body of :func:`_splice`, with the previous Turtle file open as ``src``."""
    touched = [subject for subject, _, _ in places]
    old = read_lines(src.fileno(), index, [(s, i) for s, i, present in places if present])
    blocks: list[str] = []
    d_triples = d_obs = 0
    for subject in touched:
        mode, lines = changes.by_subject[subject]
        before = old.get(subject, [])
        if mode == "union":
            lines |= set(before)
        elif mode == "entity":
            lines |= {ln for ln in before if _predicate(ln) not in ENTITY_PREDICATES}
        elif mode == "reextract":
            lines |= {ln for ln in before if _predicate(ln) != _EXTRACTOR}
        block = sorted(lines)
        d_triples += len(block) - len(before)
        d_obs += sum(_predicate(ln) == _HAS_OBSERVATION for ln in block) - sum(
            _predicate(ln) == _HAS_OBSERVATION for ln in before)
        blocks.append("\n".join(block) + "\n")
    data = "".join(blocks).encode("utf-8")
    ttl = serialize(parse(data, RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    header, sizes = split_blocks(ttl)
    if len(sizes) != len(touched):
        raise Stale(f"{len(sizes)} Turtle blocks for {len(touched)} subjects")
    with open(out, "wb") as dst:
        new_index = splice(src, dst, index, places, ttl[header:], sizes)
    return new_index, d_triples, d_obs


