"""Splice a sorted Turtle file: copy unchanged subject blocks, write new ones in between.

Why this works: pyoxigraph's Turtle serializer writes one block per subject
(the subject, then its further lines each starting with a tab) and closes it
before the next; for sorted triples the file is the ``@prefix`` header plus
the blocks in subject order. So with a :class:`kg.storage.spill.SubjectIndex` of
where each block starts, a few subjects can be read back (parsed to
N-Triples lines), and a new file written by copying the unchanged runs (in
the kernel, ``os.copy_file_range``) around newly serialized blocks: the
bytes a full serialization would write. :mod:`kg.pipeline.incremental` uses it for
cached rebuilds; :class:`TurtleGraph` serves the result as a graph.
"""

from __future__ import annotations

import io
import os
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from .spill import FileRange, SubjectIndex, read_spans

_BLOCK_START = re.compile(rb"\n(?!\t)")  # pyoxigraph's Turtle: a subject's further lines start with a tab


def split_blocks(ttl) -> tuple[int, array]:
    """(length of the ``@prefix`` header, byte length of each subject block) of pyoxigraph's Turtle (bytes or mmap)."""
    header = 0
    while ttl[header:header + 8] == b"@prefix ":
        header = ttl.find(b"\n", header) + 1
    starts = array("q", [header])
    starts.extend(m.end() for m in _BLOCK_START.finditer(ttl, header))
    if starts[-1] != len(ttl):
        starts.append(len(ttl))
    return header, array("q", (b - a for a, b in zip(starts, starts[1:]) if b > a))


def read_lines(fd: int, index: SubjectIndex, found: Iterable[tuple[str, int]]) -> dict[str, list[str]]:
    """The N-Triples lines of located subjects (``(key, position)``), parsed back from their Turtle blocks."""
    parts = [data for _, data in read_spans(fd, index, found)]
    if not parts:
        return {}
    return lines_by_subject(os.pread(fd, index.starts[0], 0) + b"".join(parts))  # the @prefix lines first


def lines_by_subject(turtle: bytes) -> dict[str, list[str]]:
    """Turtle blocks (after their @prefix lines) as N-Triples lines ("s p o ."), by subject."""
    found: dict[str, list[str]] = {}
    for q in parse(turtle, RdfFormat.TURTLE):
        text = f"{q.triple} ."
        found.setdefault(text[:text.index("> ") + 1], []).append(text)
    return found


def splice(src, dst, index: SubjectIndex, places: list[tuple[str, int, bool]], ttl: bytes,
           sizes: Iterable[int]) -> tuple[bytes, array, array]:
    """Write ``src`` (indexed by ``index``) to ``dst`` with new blocks: returns the new (blob, lengths, sizes).

    ``places`` are the changed subjects in order, each with its position in
    the old index and whether it is there (replaced) or not (inserted);
    ``ttl`` their serialized blocks after the header, ``sizes`` their lengths.
    Unchanged runs are copied whole, and their index entries as array slices.
    """
    old_lengths, old_sizes = index.lengths(), index.sizes()
    new_lengths, new_sizes, blob = array("q"), array("q"), []
    at = cur = 0
    dst.write(src.read(index.starts[0]))

    def copy_to(i: int) -> None:
        if i > cur:
            copy_range(src, dst, index.starts[cur], index.starts[i] - index.starts[cur])
            blob.append(index.blob[index.offsets[cur]:index.offsets[i]])
            new_lengths.extend(old_lengths[cur:i])
            new_sizes.extend(old_sizes[cur:i])

    for (subject, i, present), size in zip(places, sizes):
        copy_to(i)
        dst.write(ttl[at:at + size])
        at += size
        key = subject.encode() + b"\n"
        blob.append(key)
        new_lengths.append(len(key))
        new_sizes.append(size)
        cur = i + 1 if present else i
    copy_to(len(index))
    dst.flush()
    os.fsync(dst.fileno())
    return b"".join(blob), new_lengths, new_sizes


def copy_range(src, dst, start: int, length: int) -> None:
    """Bytes [start, start + length) of ``src`` appended to ``dst``: in the kernel when it can."""
    dst.flush()
    try:
        while length > 0:
            n = os.copy_file_range(src.fileno(), dst.fileno(), length, start)
            if n <= 0:
                break
            start += n
            length -= n
        if length <= 0:
            return
    except (AttributeError, OSError):
        pass
    src.seek(start)
    while length > 0:
        chunk = src.read(min(length, 1 << 20))
        if not chunk:
            raise OSError("the previous Turtle file is shorter than its index")
        dst.write(chunk)
        length -= len(chunk)


class TurtleGraph:
    """A graph read back from an incremental rebuild's Turtle file: ``BuildResult.triples`` like a SortedGraph.

    The file is opened once, so the view stays valid when a later build
    replaces the state folder's files.
    """

    in_memory = False
    path = None

    def __init__(self, ttl: Path, triples: int, predicates: Counter, index: SubjectIndex) -> None:
        self._fd = os.open(ttl, os.O_RDONLY)
        self._count = triples
        self.predicates = Counter(predicates)
        self.index = index

    def __del__(self) -> None:
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            os.close(fd)

    def __len__(self) -> int:
        return self._count

    def quads(self):
        return parse(io.BufferedReader(FileRange(self._fd), 1 << 20), RdfFormat.TURTLE)

    def __iter__(self):
        return (q.triple for q in self.quads())

    def lines(self) -> Iterator[str]:
        """N-Triples lines in the sorted order of :meth:`kg.storage.spill.SortedGraph.lines`."""
        return (f"{t} .\n" for t in self)

    def to_list(self) -> list:
        return list(self)

    def blocks(self, keys) -> dict[str, list[str]]:
        """The N-Triples lines (without newlines) of the given subjects (``<iri>``) the graph has."""
        return read_lines(self._fd, self.index, self.index.locate(keys))
