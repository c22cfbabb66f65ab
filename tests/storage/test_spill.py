"""kg.storage.spill: the external sort must give exactly ``sorted(set(...))`` and the old triple order.

The old assembler sorted a set of pyoxigraph Triples by ``(str(s), str(p),
str(o))``; the streaming one sorts N-Triples lines. The tables below hold
terms built to break a naive line sort (objects that are prefixes of other
objects, language tags that extend each other, escapes, control characters,
astral characters), and the sort buffers are tiny so every case spills runs.
"""

from __future__ import annotations

import itertools
import random

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from kg.storage.spill import LineSorter, ObjectSpill, SortedGraph, parse_lines

XSD = "http://www.w3.org/2001/XMLSchema#"
S = [NamedNode(f"https://example.org/id/{x}") for x in ("a", "a/b", "a-b", "ab", "a%20b", "b")]
P = [NamedNode(f"https://example.org/p/{x}") for x in ("p", "p2", "pa")]
O = [*S,
     Literal("x"), Literal("x y"), Literal("x", language="zh"), Literal("x", language="zh-hant"),
     Literal("x", language="zh-hans"), Literal("1", datatype=NamedNode(XSD + "integer")),
     Literal("1", datatype=NamedNode(XSD + "decimal")), Literal("10", datatype=NamedNode(XSD + "integer")),
     Literal("星河\n高新区\t\"引号\"\\"), Literal("星河"), Literal("星河高新区"), Literal("𠀀"), Literal("")]

ALL = [Triple(s, p, o) for s, p, o in itertools.product(S, P, O)]


@pytest.mark.parametrize("budget,seed", [(1, 0), (50, 1), (400, 2), (10**9, 3)])
def test_line_sort_equals_the_old_triple_order(budget, seed):
    rng = random.Random(seed)
    stream = ALL + rng.sample(ALL, len(ALL) // 2)  # duplicates, also across runs
    rng.shuffle(stream)
    sorter = LineSorter(budget)
    for t in stream:
        sorter.add(f"{t.subject} {t.predicate} {t.object} .\n")
    assert budget > 10**6 or sorter.runs, "small budgets must spill runs"
    got = parse_lines(sorter.merged())
    assert got == sorted(set(ALL), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


@pytest.mark.parametrize("lines,budget", [
    ([], 1),
    (["b", "a", "b", "c", "a"], 1),
    (["b", "a", "b", "c", "a"], 3),
    ([f"{i % 7:03d}" for i in range(100)], 10),
    (["é", "e", "z", "文", "𠀀", "ｚ"], 2),
])
def test_line_sorter_is_sorted_set(lines, budget):
    sorter = LineSorter(budget)
    for line in lines:
        sorter.add(line + "\n")
    assert list(sorter.merged()) == sorted(set(line + "\n" for line in lines))


@pytest.mark.parametrize("limit", [0, 5, 10**6])
def test_sorted_graph_in_memory_and_on_disk_agree(limit):
    lines = sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in ALL})
    graph = SortedGraph(iter(lines), limit, count=(P[1].value,))
    assert graph.in_memory == (len(lines) <= limit)
    assert len(graph) == len(lines)
    assert list(graph.lines()) == lines
    assert list(graph) == list(graph) == parse_lines(lines)  # re-iterable
    assert graph.predicates == {P[1].value: len(S) * len(O)}


@pytest.mark.parametrize("objs", [[], [1], [{"a": (1, 2)}, "文本", None, list(range(1000))]])
def test_object_spill_round_trips_in_order(objs):
    spill = ObjectSpill()
    for o in objs:
        spill.append(o)
    assert list(spill) == objs
    assert list(spill) == objs  # a second read gives the same
    spill.close()


@pytest.mark.parametrize("index", [True, False])
@pytest.mark.parametrize("memory_limit", [0, 10**6])
def test_blocks_reads_the_lines_of_the_asked_subjects(index, memory_limit):
    lines = sorted(f"<http://x/{s}> <http://p/{p}> \"{s}{p}\" .\n" for s in ("a", "ab", "b", "c/d") for p in range(3))
    graph = SortedGraph(iter(lines), memory_limit, index=index)
    assert (graph.index is not None) == index
    got = graph.blocks(["<http://x/ab>", "<http://x/c/d>", "<http://x/zz>"])
    assert got == {s: [ln[:-1] for ln in lines if ln.startswith(s + " ")] for s in ("<http://x/ab>", "<http://x/c/d>")}


@pytest.mark.parametrize("start,end,buffer", [(0, None, 3), (2, 7, 2), (5, 5, 4), (4, None, 1 << 20), (8, 20, 3)])
def test_file_range_reads_exactly_its_bytes(tmp_path, start, end, buffer):
    import io

    from kg.storage.spill import FileRange

    data = b"0123456789abc"
    path = tmp_path / "f"
    path.write_bytes(data)
    with open(path, "rb") as fh, io.BufferedReader(FileRange(fh.fileno(), start, end), buffer) as src:
        assert src.read() == data[start:end]


@pytest.mark.parametrize("start", [0, 1, 5, 17, 40])
def test_index_find_is_bisect_left_from_any_start(start):
    import bisect

    from kg.storage.spill import SubjectIndex

    keys = sorted({f"<https://e.org/{n * 7 % 101:03d}>".encode() for n in range(40)})
    index = SubjectIndex()
    for key in keys:
        index.add(key, 10)
    probes = keys + [b"<", b"<https://e.org/0005>", b"<https://e.org/999>", b"<https://e.org/050>x"]
    for probe in probes:  # at or after ``start``: where bisect puts it, or ``start`` if that is further on
        assert index.find(probe, start) == max(start, bisect.bisect_left(keys, probe))
