"""Bounded-memory building blocks for the reduce: external sort, sorted graph, object spill.

Why: a build of 100k pages has tens of millions of triples; a Python set of
them (then a sorted list, then the serialized bytes) needs several times the
2 GB a build may use. So the assembler writes every triple as one canonical
N-Triples line (``str()`` of each term, which is also the old sort key) into a
:class:`LineSorter`: lines are buffered up to a character budget, sorted,
de-duplicated and spilled to an anonymous temporary file (a *run*); at the end
the runs are merged with :func:`heapq.merge` and duplicates dropped.

Sorting the line ``"S P O ."`` gives exactly the order of the tuple
``(str(S), str(P), str(O))``: subjects and predicates are IRIs closed by ``>``
(which no IRI contains), so no subject or predicate is a proper prefix of
another, and an object that is a prefix of another object (``"a"`` of
``"a"@zh``) is followed by ``" ."`` whose space sorts before every character
a term can continue with (``@``, ``^``, ``-``, letters).

The merged lines end up in a :class:`SortedGraph`: a plain list when small
(every existing caller keeps working on ``list[Triple]``), otherwise one
N-Triples file that can be read many times, each time parsed by pyoxigraph
as a stream. :class:`ObjectSpill` keeps the per-document facts between the two
passes of the reduce on disk instead of in memory.
"""

from __future__ import annotations

import contextvars
import heapq
import io
import os
import pickle
import tempfile
import weakref
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, parse

#: Characters buffered by a LineSorter before a run is spilled (≈ 2.5 bytes of RAM each with overheads).
SORT_BUFFER_CHARS = 24_000_000


#: The current build's temp folder (``OUT/.kg-tmp``, set by kg.pipeline.outlock.temp_inside): sort runs and
#: spills go there, so the next build sweeps them even after a SIGKILL.
BUILD_TMP: contextvars.ContextVar[str | None] = contextvars.ContextVar("kg_build_tmp", default=None)


def build_tmpdir() -> str | None:
    """The current build's temp folder (``OUT/.kg-tmp``), or None outside a build with an output folder."""
    return BUILD_TMP.get()


def _temp_text(tmpdir: str | None):
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=tmpdir, prefix="kg-sort-")


class LineSorter:
    """External merge sort of text lines with de-duplication; each line ends with its ``"\\n"``.

    Runs are anonymous temporary files (deleted by the OS even if the build is
    killed); ``tmpdir`` None means the system temp folder (``TMPDIR``).
    """

    def __init__(self, budget_chars: int = SORT_BUFFER_CHARS, tmpdir: str | None = None) -> None:
        self.budget = max(1, budget_chars)
        self.tmpdir = tmpdir
        self.buf: list[str] = []
        self.chars = 0
        self.runs: list = []
        self.added = 0

    def add(self, line: str) -> None:
        self.buf.append(line)
        self.chars += len(line)
        self.added += 1
        if self.chars >= self.budget:
            self._spill()

    def _spill(self) -> None:
        lines = sorted(set(self.buf))
        self.buf, self.chars = [], 0
        fh = _temp_text(self.tmpdir)
        fh.writelines(lines)
        fh.seek(0)
        self.runs.append(fh)

    def merged(self) -> Iterator[str]:
        """The sorted unique lines; consumes the sorter."""
        mem = sorted(set(self.buf))
        self.buf, self.chars = [], 0
        runs, self.runs = self.runs, []
        if not runs:
            yield from mem
            return
        try:
            last = None
            for line in heapq.merge(*runs, mem):
                if line != last:
                    yield line
                    last = line
        finally:
            for fh in runs:
                fh.close()

    def close(self) -> None:
        for fh in self.runs:
            fh.close()
        self.runs, self.buf = [], []


class SubjectIndex:
    """Sorted subjects (``<iri>``) and the byte span of each one's block in a file, for reading a few blocks.

    Why a blob and two arrays: a 100k-page build has about 3M subjects; as
    Python strings they would take 400 MB. ``offsets[i]`` is where subject
    ``i`` starts in ``blob`` (subjects end with a newline), ``starts[i]``
    where its block starts in the file; both have one entry more than there
    are subjects.
    """

    def __init__(self, blob: bytes | bytearray | None = None, offsets: array | None = None,
                 starts: array | None = None, header: int = 0) -> None:
        self.blob = blob if blob is not None else bytearray()
        self.offsets = offsets if offsets is not None else array("q", [0])
        self.starts = starts if starts is not None else array("q", [header])
        self._lengths: array | None = None  # kept by ``of`` (derivable, but a rebuild copies them as slices)
        self._sizes: array | None = None

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.offsets[i]:self.offsets[i + 1] - 1]

    def add(self, key: bytes, size: int) -> None:
        """The next block, ``size`` bytes, of subject ``key`` (a second block of the last subject extends it)."""
        n = len(self.offsets) - 1
        if n and self.blob[self.offsets[n - 1]:self.offsets[n] - 1] == key:
            self.starts[n] += size
            return
        self.blob += key + b"\n"
        self.offsets.append(len(self.blob))
        self.starts.append(self.starts[n] + size)

    def lengths(self) -> array:
        """Bytes of each subject in ``blob``, its newline included (what splicing copies in runs)."""
        return self._lengths if self._lengths is not None else array(
            "q", (b - a for a, b in zip(self.offsets, self.offsets[1:])))

    def sizes(self) -> array:
        """Bytes of each subject's block."""
        return self._sizes if self._sizes is not None else array(
            "q", (b - a for a, b in zip(self.starts, self.starts[1:])))

    @classmethod
    def of(cls, blob: bytes, lengths: array, sizes: array, header: int) -> "SubjectIndex":
        """From per-subject lengths (as saved), keeping them for :meth:`lengths` and :meth:`sizes`."""
        index = cls(blob, array("q", accumulate(lengths, initial=0)), array("q", accumulate(sizes, initial=header)))
        index._lengths, index._sizes = lengths, sizes
        return index

    def find(self, key: bytes, lo: int = 0) -> int:
        """The position of ``key`` at or after ``lo``, or where it would go (bisect left).

        Why it gallops from ``lo`` first: :meth:`locate` asks for sorted keys,
        usually close together (the explorer asks for 100k evidence subjects),
        so a few steps find the range that a search from ``lo`` to the end
        would take twenty to narrow down.
        """
        n = len(self)
        hi, step = lo, 1
        while hi < n and self[hi] < key:
            lo, hi, step = hi + 1, hi + step, step * 2
        hi = min(hi, n)
        while lo < hi:
            mid = (lo + hi) // 2
            if self[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def locate(self, keys: Iterable[str]) -> Iterator[tuple[str, int]]:
        """``(key, position)`` of the given subjects that are here, in sorted order."""
        lo = 0
        for key in sorted(keys):
            raw = key.encode("utf-8")
            lo = self.find(raw, lo)
            if lo < len(self) and self[lo] == raw:
                yield key, lo


def read_spans(fd: int, index: SubjectIndex, found: Iterable[tuple[str, int]]) -> Iterator[tuple[str, bytes]]:
    """``(key, block bytes)`` of located subjects (``SubjectIndex.locate``), read from an open file (``os.pread``)."""
    for key, i in found:
        yield key, os.pread(fd, index.starts[i + 1] - index.starts[i], index.starts[i])


class FileRange(io.RawIOBase):
    """Bytes ``[start, end)`` of an open file descriptor (``end`` None: to its end), as a readable stream.

    Why ``os.pread``: each reader keeps its own position, so several can read
    one descriptor (the splice, the explorer and the writers all read the
    graph file) without seeking it; the descriptor stays the caller's.
    """

    def __init__(self, fd: int, start: int = 0, end: int | None = None) -> None:
        self.fd, self.at, self.end = fd, start, end

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        want = len(buf) if self.end is None else min(len(buf), self.end - self.at)
        if want <= 0:
            return 0
        data = os.pread(self.fd, want, self.at)
        buf[:len(data)] = data
        self.at += len(data)
        return len(data)


class SortedGraph:
    """Sorted, unique triples as N-Triples lines: in memory, or in one file read as a stream.

    Built from *blocks*: strings of one or more whole lines, already in order
    (one block per subject from the assembler, or one line each). Iterating
    yields ``pyoxigraph.Triple`` (re-iterable); ``lines()`` yields the raw
    lines; ``predicates`` counts triples per predicate IRI.
    """

    def __init__(self, blocks: Iterable[str], memory_limit: int, tmpdir: str | None = None,
                 count: tuple[str, ...] = (), index: bool = True) -> None:
        self.predicates: Counter = Counter()
        # where each subject's lines are in the file, for ``blocks``: 300 MB at 100k pages, so only when asked
        self.index: SubjectIndex | None = SubjectIndex() if index else None
        self._blocks: list[str] | None = []
        self._list: list[Triple] | None = None  # in memory: parsed once, for the result, the writers and the explorer
        self._bytes: bytes | None = None  # in memory: joined and encoded once, for the writers and the store
        self.path: Path | None = None
        self._count = 0
        watch = [(iri, f" <{iri}> ") for iri in count]
        it = iter(blocks)
        out = None
        while True:
            chunk = list(islice(it, 2048))
            if not chunk:
                break
            text = "".join(chunk)
            if self.index is not None:
                for b in chunk:
                    self.index.add(b[:b.index("> ") + 1].encode("utf-8"), len(b.encode("utf-8")))
            self._count += text.count("\n")
            for iri, needle in watch:
                self.predicates[iri] += text.count(needle)
            if out is None:
                self._blocks.append(text)
                if self._count > memory_limit:
                    self._dir = tempfile.TemporaryDirectory(prefix="kg-graph-", dir=tmpdir)
                    weakref.finalize(self, self._dir.cleanup)
                    self.path = Path(self._dir.name) / "sorted.nt"
                    out = self.path.open("w", encoding="utf-8", newline="\n")
                    out.writelines(self._blocks)
                    self._blocks = None
            else:
                out.write(text)
        if out is not None:
            out.close()

    @property
    def in_memory(self) -> bool:
        return self._blocks is not None

    def __len__(self) -> int:
        return self._count

    def lines(self) -> Iterator[str]:
        """The N-Triples lines, each ending with ``" .\\n"``."""
        if self._blocks is not None:
            for block in self._blocks:
                parts = block.split("\n")
                for part in parts[:-1]:
                    yield part + "\n"
            return
        with self.path.open(encoding="utf-8", newline="\n") as fh:
            yield from fh

    def __iter__(self) -> Iterator[Triple]:
        return _triples(self.quads())

    def to_list(self) -> list[Triple]:
        """The triples as a list; an in-memory graph parses its lines once and hands every caller that list."""
        if not self.in_memory:
            return list(self)
        if self._list is None:  # a comprehension, not the generator: one Python step less per triple
            self._list = [q.triple for q in self.quads()]
        return self._list

    def blocks(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """The lines (without newlines) of the given subjects (``<iri>``) that the graph has."""
        wanted = set(keys)
        if self._blocks is not None or self.index is None:  # a scan: small graphs, or no index kept
            found: dict[str, list[str]] = {}
            for line in self.lines():
                key = line[:line.index("> ") + 1]
                if key in wanted:
                    found.setdefault(key, []).append(line[:-1])
            return found
        with open(self.path, "rb") as fh:
            return {key: data.decode("utf-8").split("\n")[:-1]
                    for key, data in read_spans(fh.fileno(), self.index, self.index.locate(wanted))}

    def quads(self):
        """The triples as parsed (default-graph quads), without a Python step per triple: for serializers.

        lenient: the lines were written by the assembler from validated terms; IRIs are not validated again.
        """
        data = self.ntriples()
        if isinstance(data, Path):
            return parse(path=str(data), format=RdfFormat.N_TRIPLES, lenient=True)
        return parse(data, RdfFormat.N_TRIPLES, lenient=True) if data else iter(())

    def ntriples(self) -> bytes | Path:
        """The whole graph as N-Triples: the bytes of an in-memory graph, else the sorted file (for bulk loads)."""
        if self._blocks is not None:
            if self._bytes is None:  # the writers, the store and the parse for the result each ask
                self._bytes = "".join(self._blocks).encode("utf-8")
            return self._bytes
        return self.path


def _triples(items) -> Iterator[Triple]:
    for q in items:
        yield q if isinstance(q, Triple) else q.triple


def parse_lines(lines: Iterable[str]) -> list[Triple]:
    """Triples of a few N-Triples lines (ending in newlines) (for small subsets, e.g. the explorer's)."""
    data = "".join(lines).encode("utf-8")
    return list(_triples(parse(data, RdfFormat.N_TRIPLES))) if data else []


class ObjectSpill:
    """Append picklable objects to an anonymous temp file, then read them back in order."""

    def __init__(self, tmpdir: str | None = None) -> None:
        self.fh = tempfile.TemporaryFile("w+b", buffering=1 << 20, dir=tmpdir, prefix="kg-spill-")
        self.count = 0

    def append(self, obj) -> None:
        pickle.dump(obj, self.fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator:
        self.fh.flush()
        self.fh.seek(0)
        for _ in range(self.count):
            yield pickle.load(self.fh)
        self.fh.seek(0, io.SEEK_END)

    def close(self) -> None:
        self.fh.close()
