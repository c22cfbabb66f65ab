"""kg.storage.splice: a spliced Turtle file is the file a full serialization of the changed graph writes."""

from __future__ import annotations

import random
from array import array
from itertools import accumulate

import pytest
from pyoxigraph import RdfFormat, parse, serialize

from kg.export.rdf import PREFIXES
from kg.storage.spill import SubjectIndex
from kg.storage.splice import TurtleGraph, lines_by_subject, read_lines, splice, split_blocks

KG = "https://w3id.org/parkkg/ontology#"
BASE = "https://example.org/id/"


def subject_lines(n: int, rng: random.Random) -> dict[str, list[str]]:
    """Subjects (some prefixes of others) with literal, IRI, typed and multi-line-text objects."""
    graph = {}
    for i in range(n):
        s = f"<{BASE}{rng.choice(['a', 'ab', 'article', 'b/c'])}/{i}>"
        lines = {f'{s} <{KG}label> "名 {i}\\n第二行 \\"引\\""@zh-hans .', f"{s} <{KG}count> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> ."}
        for j in range(rng.randrange(0, 4)):
            lines.add(f"{s} <{KG}mentionedIn> <{BASE}article/{rng.randrange(50)}> .")
        graph[s] = sorted(lines)
    return graph


def turtle(graph: dict[str, list[str]]) -> bytes:
    nt = "".join(ln + "\n" for s in sorted(graph) for ln in graph[s]).encode()
    return serialize(parse(nt, RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def index_of(graph: dict[str, list[str]], ttl: bytes) -> SubjectIndex:
    header, sizes = split_blocks(ttl)
    assert len(sizes) == len(graph)
    index = SubjectIndex(starts=array("q", [header]))
    for s, size in zip(sorted(graph), sizes):
        index.add(s.encode(), size)
    return index


@pytest.mark.parametrize("seed", range(8))
def test_splice_writes_the_full_serialization_of_the_changed_graph(seed, tmp_path):
    rng = random.Random(seed)
    graph = subject_lines(rng.randrange(1, 40), rng)
    old = turtle(graph)
    index = index_of(graph, old)
    changed = dict(graph)
    touched = set(rng.sample(sorted(graph), rng.randrange(0, len(graph) + 1)))  # replaced
    for s in touched:
        changed[s] = sorted(set(graph[s]) | {f"{s} <{KG}extra> \"{rng.random()}\" ."})
    for i in range(rng.randrange(0, 6)):  # inserted anywhere, first and last included
        s = f"<{BASE}{rng.choice(['', 'a/', 'zz/', 'article/'])}new{i}>"
        changed[s] = [f'{s} <{KG}label> "新 {i}"@zh-hans .']
        touched.add(s)
    keys = sorted(touched)
    places, lo = [], 0
    for s in keys:
        i = index.find(s.encode(), lo)
        places.append((s, i, i < len(index) and index[i] == s.encode()))
        lo = i
    new = turtle({s: changed[s] for s in keys})
    header, sizes = split_blocks(new)
    (tmp_path / "old.ttl").write_bytes(old)
    with open(tmp_path / "old.ttl", "rb") as src, open(tmp_path / "new.ttl", "wb") as dst:
        blob, lengths, new_sizes = splice(src, dst, index, places, new[header:], sizes)
    assert (tmp_path / "new.ttl").read_bytes() == turtle(changed)
    assert blob.decode().split("\n")[:-1] == sorted(changed)
    assert list(new_sizes) == list(split_blocks(turtle(changed))[1])
    assert list(lengths) == [len(s) + 1 for s in sorted(changed)]


def test_blocks_read_back_as_their_n_triples_lines(tmp_path):
    graph = subject_lines(30, random.Random(3))
    ttl = turtle(graph)
    path = tmp_path / "g.ttl"
    path.write_bytes(ttl)
    index = index_of(graph, ttl)
    wanted = sorted(graph)[::4] + [f"<{BASE}missing>"]
    with path.open("rb") as fh:
        assert read_lines(fh.fileno(), index, index.locate(wanted)) == {s: graph[s] for s in sorted(graph)[::4]}
    assert lines_by_subject(ttl) == graph
    view = TurtleGraph(path, sum(map(len, graph.values())), {}, index)
    assert view.blocks(wanted) == {s: graph[s] for s in sorted(graph)[::4]}
    assert list(view.lines()) == [ln + "\n" for s in sorted(graph) for ln in graph[s]]
    assert len(view) == len(view.to_list())


def test_index_sizes_accumulate_to_the_file():
    graph = subject_lines(12, random.Random(5))
    ttl = turtle(graph)
    header, sizes = split_blocks(ttl)
    assert list(accumulate(sizes, initial=header))[-1] == len(ttl)
