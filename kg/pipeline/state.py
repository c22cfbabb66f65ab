"""The saved state of the previous build, which the next build's incremental reduce starts from.

Why apart from :mod:`kg.pipeline.incremental`: reading, checking and writing
the state (``CACHE/reduce``: the Turtle file, its subject index, the pages
and documents in order, the entity table before its merges, the summary's
counts) is one concern; splicing new pages into the graph is another.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..ingest import file_signature
from ..model import PageRef
from ..resolve import EntityTable
from ..storage.spill import SubjectIndex
from ..storage.splice import split_blocks
from . import datacodec
from .cache import fingerprint, hash_sources

VERSION = 3  # 3: kg.pipeline.datacodec JSON instead of pickle
STATE_NAME = "state.json"
#: Formats an incremental rebuild can write (the others need the whole graph).
FORMATS = ("ttl",)

class Stale(Exception):
    """The state cannot be used for this build (the message says why): the build runs the whole reduce.

    ``damaged`` marks a state that was unreadable or rejected (not data of this
    parkkg), which the build summary reports whatever the graph's size.
    """

    def __init__(self, message: str, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The map step's fingerprint plus every module of the package: the reduce's code."""
    h = hashlib.sha1(f"v{VERSION};{fingerprint()}".encode())
    hash_sources(h, (".",), "*.py")
    return h.hexdigest()[:16]


class State:
    """The previous build as the next one needs it (files in ``folder``, named in ``state.json``)."""

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
        meta = datacodec.loads((folder / STATE_NAME).read_bytes())
    except FileNotFoundError:
        if (folder / "state.pkl").exists():
            raise Stale("the cache was saved by an older parkkg (pickle, never read: it could run code)",
                        damaged=True) from None
        raise Stale("no earlier build in the cache") from None
    except OSError as exc:
        raise Stale(f"the saved state is unreadable ({exc})", damaged=True) from None
    except datacodec.CorruptData as exc:
        raise Stale(f"the saved state was rejected ({exc})", damaged=True) from None
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


def resolved_merges(table: EntityTable) -> dict[tuple[str, str], tuple[str, str]]:
    """Every merged-away key and the key it ended in (``table`` is finished)."""
    return {src: table.lookup(src).key for src in table.redirect}


def save_state(folder: Path, gen: str, meta: dict, ttl: Path, index: tuple[bytes, array, array]) -> None:
    """Write a state's files under a new generation, then point ``state.json`` at them and drop the old ones.

    The table (``table-GEN.json``, before its global merges) is already written.
    """
    blob, lengths, sizes = index
    files = {"ttl": ttl.name, "table": f"table-{gen}.json", "subjects": f"subjects-{gen}.bin",
             "lengths": f"lengths-{gen}.bin", "sizes": f"sizes-{gen}.bin"}
    for kind, data in (("subjects", blob), ("lengths", lengths.tobytes()), ("sizes", sizes.tobytes())):
        (folder / files[kind]).write_bytes(data)
    info = ttl.stat()
    meta = dict(meta, version=VERSION, code=code_fingerprint(), files=files, ttl_stat=(info.st_size, info.st_mtime_ns))
    tmp = folder / f"state-{gen}.tmp"
    tmp.write_bytes(datacodec.dumps(meta))
    os.replace(tmp, folder / STATE_NAME)
    keep = set(files.values()) | {STATE_NAME}
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
    before_merges: bytes  # the encoded entity table before its global merges
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
    (folder / f"table-{gen}.json").write_bytes(snap.before_merges)
    save_state(folder, gen, meta, kept, (bytes(snap.subjects.blob), snap.subjects.lengths(), sizes))
    return True
