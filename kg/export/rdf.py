"""Serialize the graph with pyoxigraph, canonically and atomically.

Triples arrive sorted, so the same input always gives byte-identical files.
pyoxigraph writes 200k triples in a fraction of a second where rdflib's Turtle
writer takes tens of seconds. Files are written to a temporary name and
renamed into place, so an interrupted build never leaves half a file; inside
:func:`atomic_batch` (opened by every build) the renames wait until the whole
build succeeded, so ``graph.ttl`` and ``graph.html`` never come from two
different builds.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple, serialize

from ..defaults import DCT_NS, PROV_NS, PROV_WAS_DERIVED_FROM, RDFS_NS, RDF_NS, SKOS_NS, XSD_NS
from ..errors import OutputError
from ..vocab import ONTOLOGY_IRI

PREFIXES = {
    "kg": ONTOLOGY_IRI,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "dct": DCT_NS,
    "prov": PROV_NS,
}

FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}


class _Batch:
    """Temp files written during a build, renamed into place together at the end."""

    def __init__(self) -> None:
        self.pending: dict[Path, str] = {}  # final path -> temp path

    def discard(self) -> None:
        for tmp in self.pending.values():
            if os.path.islink(tmp):  # a pending link owns the new folder it names (kg.query.storefile)
                shutil.rmtree(os.path.join(os.path.dirname(tmp), os.readlink(tmp)), ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self.pending.clear()

    def commit(self) -> None:
        # Hold SIGINT/SIGTERM back for the few renames so an interrupt cannot
        # leave a mix of old and new files; a pending signal fires right after.
        blocked = {signal.SIGINT, signal.SIGTERM}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            dirs = set()
            for path, tmp in sorted(self.pending.items()):
                os.replace(tmp, path)
                dirs.add(path.parent)
            self.pending.clear()
            for d in sorted(dirs):
                _fsync_dir(d)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


_BATCH: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("kg_atomic_batch", default=None)


@contextlib.contextmanager
def atomic_batch() -> Iterator[_Batch]:
    """Defer the renames of :func:`atomic_write_bytes` until the block succeeds.

    On any exception (including KeyboardInterrupt) every temp file is removed
    and the previous outputs stay as they were. Batches nest: an inner batch
    hands its files to the outer one.
    """
    outer = _BATCH.get()
    batch = _Batch()
    token = _BATCH.set(batch)
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise
    finally:
        _BATCH.reset(token)
    if outer is not None:
        outer.pending.update(batch.pending)
        return
    try:
        batch.commit()
    except OSError as exc:
        batch.discard()
        raise OutputError(f"cannot move outputs into place ({exc.strerror})", where=str(exc.filename or ""),
                          fix="check free space and permissions of the --out folder") from None
    except BaseException:
        batch.discard()
        raise


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_stream(path: Path, write: Callable) -> None:
    """Write via a temp file in the same folder and a rename; ``write(fh)`` streams the content.

    Inside :func:`atomic_batch` the rename is deferred to the end of the batch.
    Errors of the file system become :class:`OutputError` naming the path.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write the output file ({exc.strerror})", where=str(path),
                          fix="choose a writable --out folder with free space") from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        _place(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the output file ({exc.strerror})", where=str(path),
                              fix="check free space and permissions of the --out folder") from None
        raise



def atomic_link(src: Path, path: Path) -> None:
    """:func:`atomic_write_stream` for content already in a finished file: a hard link, or a copy across devices.

    Why: an incremental rebuild (:mod:`kg.pipeline.incremental`) writes the graph once,
    into its state folder, and publishes the same bytes as the output.
    """
    def write(fh) -> None:
        with open(src, "rb") as s:
            shutil.copyfileobj(s, fh, 1 << 20)

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)
        os.link(src, tmp)
    except OSError:
        atomic_write_stream(path, write)  # another file system: copy
        return
    _place(tmp, path)


def pending_file(path: Path) -> Path:
    """Where the content of an output written in the current batch is until the batch commits."""
    batch = _BATCH.get()
    return Path(batch.pending.get(Path(path), path)) if batch is not None else Path(path)


def pending_outputs() -> dict[Path, str]:
    """The current batch's outputs not placed yet (path -> temp file); empty without a batch."""
    batch = _BATCH.get()
    return dict(batch.pending) if batch is not None else {}


def place_pending(tmp: str, path: Path) -> None:
    """Rename ``tmp`` (a finished file or symlink) to ``path`` with the current batch, or now without one."""
    _place(tmp, Path(path))


def _place(tmp: str, path: Path) -> None:
    batch = _BATCH.get()
    if batch is not None:
        previous = batch.pending.pop(path, None)
        if previous:
            os.unlink(previous)
        batch.pending[path] = tmp
    else:
        os.replace(tmp, path)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """:func:`atomic_write_stream` for content already in memory."""
    atomic_write_stream(path, lambda fh: fh.write(data))

def to_quads(triples: Sequence[Triple], base: str) -> list[Quad]:
    """Put each article's evidence and statements in the article's named graph.

    Facts about entities (labels, types, contract relations) stay in the
    default graph; provenance nodes go to the graph of the article they cite.
    """
    ev_graph: dict[str, NamedNode] = {}
    in_article = ONTOLOGY_IRI + "inArticle"
    for t in triples:
        if t.predicate.value == in_article:
            ev_graph[t.subject.value] = t.object  # type: ignore[assignment]
    stmt_graph: dict[str, NamedNode] = {}
    for t in triples:
        if t.predicate.value == PROV_WAS_DERIVED_FROM and t.object.value in ev_graph:
            stmt_graph.setdefault(t.subject.value, ev_graph[t.object.value])
    quads = []
    for t in triples:
        g = ev_graph.get(t.subject.value) or stmt_graph.get(t.subject.value)
        quads.append(Quad(t.subject, t.predicate, t.object, g if g is not None else DefaultGraph()))
    return quads


def serialize_graph(triples: Sequence[Triple], fmt: str = "ttl", base: str = "") -> bytes:
    if fmt not in FORMATS:
        raise OutputError(f"unknown RDF format {fmt!r}", where="--format",
                          fix=f"use a comma-separated list of {','.join(FORMATS)}")
    rdf_format = FORMATS[fmt]
    if fmt in ("nq", "trig"):
        data = serialize(to_quads(triples, base), format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    elif fmt == "ttl":
        data = serialize(triples, format=rdf_format, prefixes=PREFIXES)
    else:
        data = serialize(triples, format=rdf_format)
    return data or b""


def write_graph(triples: Sequence[Triple], out_dir: Path, formats: Sequence[str] = ("ttl",), base: str = "") -> list[Path]:
    for fmt in formats:
        if fmt not in FORMATS:
            serialize_graph((), fmt)  # raises OutputError before anything is written
    written = []
    for fmt in formats:
        path = out_dir / f"graph.{fmt}"
        atomic_write_bytes(path, serialize_graph(triples, fmt, base))
        written.append(path)
    return written
