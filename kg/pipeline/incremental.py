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
merge moved, other code, base or formats) :func:`rebuild` returns None and
the build runs the whole reduce, which saves a new state. Either way the
output is byte-identical to a clean build (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import uuid
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import RdfFormat, parse, serialize

from ..assemble import entity_items, fact_digest, observation_lines, statement_item
from .cache import fingerprint, hash_sources, page_key
from ..export.rdf import PREFIXES
from ..forking import fork, join
from ..ingest import file_signature
from ..model import PageRef
from ..assemble.render import IRIS, ITEM_SEP, KG_, PROV_, RDF_, RDFS_, SKOS_, Block, line, rebase
from ..resolve import EntityTable
from ..storage.spill import SubjectIndex
from ..storage.splice import read_lines, splice, split_blocks

VERSION = 2
#: An incremental rebuild takes at most this many new pages, or a quarter of the old ones if more.
MIN_NEW_PAGES = 1000
#: Formats an incremental rebuild can write (the others need the whole graph).
FORMATS = ("ttl",)
#: Predicates of an entity's own item (kg.assemble.entity_items); its other lines are facts and observations.
ENTITY_PREDICATES = frozenset(f"<{p}>" for p in (
    RDF_.type, RDFS_.label, SKOS_.altLabel, KG_.mentionedIn, KG_.mentionCount, KG_.mergeDecision,
    KG_.adminCode, KG_.adminLevel, KG_.zoneLevel, KG_.yearApproved))
_EXTRACTOR = f"<{KG_.extractor}>"
_HAS_OBSERVATION = f"<{KG_.hasObservation}>"


class Stale(Exception):
    """The state cannot be used for this build (the message says why): the build runs the whole reduce."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The map step's fingerprint plus every module of the package: the reduce's code."""
    h = hashlib.sha1(f"v{VERSION};{fingerprint()}".encode())
    hash_sources(h, (".",), "*.py")
    return h.hexdigest()[:16]


class State:
    """The previous build as the next one needs it (files in ``folder``, named in ``state.pkl``)."""

    def __init__(self, folder: Path, meta: dict) -> None:
        self.folder = folder
        self.meta = meta

    def known(self, path) -> PageRef | None:
        """The page of an input file the previous build read, if the file is unchanged (:func:`kg.pipeline.reduce.pages_of`)."""
        entry = self.meta["stats"].get(str(path))
        if entry is None or file_signature(path) != entry[0]:
            return None
        return PageRef(str(path), os.path.basename(path), entry[2], entry[1])

    def file(self, kind: str) -> Path:
        return self.folder / self.meta["files"][kind]

    def index(self) -> SubjectIndex:
        lengths, sizes = array("q"), array("q")
        try:
            lengths.frombytes(self.file("lengths").read_bytes())
            sizes.frombytes(self.file("sizes").read_bytes())
            blob = self.file("subjects").read_bytes()
        except OSError as exc:
            raise Stale(f"cannot read the saved subject index: {exc}") from exc
        return SubjectIndex.of(blob, lengths, sizes, self.meta["header"])


def load(cache_dir: str | Path, base: str, formats: Iterable[str]) -> State:
    """The state the previous build left in ``cache_dir``; :class:`Stale` says why there is none that fits."""
    if tuple(formats) != FORMATS:
        raise Stale(f"an incremental rebuild writes {', '.join(FORMATS)} only")
    folder = Path(cache_dir) / "reduce"
    try:
        meta = pickle.loads((folder / "state.pkl").read_bytes())
    except FileNotFoundError:
        raise Stale("no earlier build in the cache") from None
    except (OSError, pickle.PickleError, EOFError, AttributeError, TypeError, ValueError) as exc:
        raise Stale(f"the saved state is unreadable ({exc})") from None
    if not isinstance(meta, dict) or meta.get("version") != VERSION or meta.get("code") != code_fingerprint():
        raise Stale("the earlier build in the cache ran other code")
    if meta.get("base") != base:
        raise Stale("the earlier build in the cache used another base IRI")
    state = State(folder, meta)
    try:
        info = state.file("ttl").stat()
    except (OSError, KeyError) as exc:
        raise Stale(f"the saved graph is missing ({exc})") from None
    if (info.st_size, info.st_mtime_ns) != meta.get("ttl_stat"):
        raise Stale("the saved graph was changed since it was written")
    return state


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
    DocFacts)``: the saved table is read meanwhile.
    """
    meta = state.meta
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
    wait = start_map(new_pages)
    try:
        table: EntityTable = pickle.loads(state.file("table").read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError) as exc:
        raise Stale(f"cannot read the saved entity table: {exc}") from exc
    index = state.index()
    mapped = iter(wait())
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
    old_keys = set(table.entities)
    for doc in new_docs:
        table.add_rows(doc.rows, doc.doc_id, rank)
    gen = uuid.uuid4().hex[:12]
    table_saved = _pickle_in_child(table, state.folder / f"table-{gen}.pkl")  # before the merges change it
    table.finish()
    resolved = resolved_merges(table)
    if {s: d for s, d in resolved.items() if s in old_keys} != meta["resolved"]:
        moved = sorted(f"{s[1]}" for s, d in resolved.items() if s in old_keys and meta["resolved"].get(s) != d)
        moved += sorted(s[1] for s in meta["resolved"] if resolved.get(s) is None)
        raise Stale(f"the new pages change how names merge ({', '.join(moved[:3])})")
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


def _pickle_in_child(obj, path: Path) -> Callable[[], None]:
    """Pickle ``obj`` to ``path`` in a forked process; the call returned waits for it.

    Why: the table must be saved as it is before its global merges, which
    this process makes next; the forked copy is that snapshot, and pickling
    it (a quarter of a second for 10k pages) overlaps with the rest.
    """
    child = fork(_write_pickle, obj, path)
    return lambda: join([child], lambda codes: Stale(f"could not save the entity table to {path} (exit code {codes[0]})"))


def _write_pickle(obj, path: Path) -> None:
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


def resolved_merges(table: EntityTable) -> dict[tuple[str, str], tuple[str, str]]:
    """Every merged-away key and the key it ended in (``table`` is finished)."""
    return {src: table.lookup(src).key for src in table.redirect}


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


def save_state(folder: Path, gen: str, meta: dict, ttl: Path, index: tuple[bytes, array, array]) -> None:
    """Write a state's files under a new generation, then point ``state.pkl`` at them and drop the old ones.

    The table (``table-GEN.pkl``, before its global merges) is already written.
    """
    blob, lengths, sizes = index
    files = {"ttl": ttl.name, "table": f"table-{gen}.pkl", "subjects": f"subjects-{gen}.bin",
             "lengths": f"lengths-{gen}.bin", "sizes": f"sizes-{gen}.bin"}
    for kind, data in (("subjects", blob), ("lengths", lengths.tobytes()), ("sizes", sizes.tobytes())):
        (folder / files[kind]).write_bytes(data)
    info = ttl.stat()
    meta = dict(meta, version=VERSION, code=code_fingerprint(), files=files, ttl_stat=(info.st_size, info.st_mtime_ns))
    tmp = folder / f"state-{gen}.tmp"
    tmp.write_bytes(pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, folder / "state.pkl")
    keep = set(files.values()) | {"state.pkl"}
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Snapshot:
    """What a whole reduce leaves for the next build's incremental one (besides its Turtle file)."""

    base: str
    subjects: SubjectIndex  # of the sorted graph, one entry per subject block of the Turtle file
    keys: list[str]  # page keys, in input order
    docs: list[tuple[str, ...]]  # each page's document ids
    stats: dict  # path -> (signature, sha1, encoding) of the files read
    before_merges: bytes  # the pickled entity table before its global merges
    table: EntityTable  # after them
    fact_first: dict
    degree: Counter
    predicates: Counter
    triples: int


def save_full(cache_dir: str | Path, ttl: Path, snap: Snapshot) -> bool:
    """The state after a whole reduce whose Turtle output is ``ttl`` (hard-linked, or copied, into the state)."""
    import mmap
    import shutil

    folder = Path(cache_dir) / "reduce"
    folder.mkdir(parents=True, exist_ok=True)
    gen = uuid.uuid4().hex[:12]
    kept = folder / f"graph-{gen}.ttl"
    try:
        os.link(ttl, kept)
    except OSError:
        shutil.copyfile(ttl, kept)
    with kept.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        header, sizes = split_blocks(data)
    if len(sizes) != len(snap.subjects):
        kept.unlink()
        return False
    meta = {"base": snap.base, "header": header, "pages": snap.keys, "docs": snap.docs, "stats": snap.stats,
            "resolved": resolved_merges(snap.table), "fact_first": snap.fact_first, "degree": snap.degree,
            "predicates": dict(snap.predicates), "triples": snap.triples}
    (folder / f"table-{gen}.pkl").write_bytes(snap.before_merges)
    save_state(folder, gen, meta, kept, (bytes(snap.subjects.blob), snap.subjects.lengths(), sizes))
    return True
