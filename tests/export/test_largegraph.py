"""kg.export.streaming and the large-build path of kg.pipeline.orchestrator.build, forced on a small corpus.

The size limits (graph in memory, sort buffer, SHACL, explorer) are lowered
so that eight synthetic pages take every branch a 100k-page build takes:
spilled sort runs, a file-backed graph, streamed writers, SHACL skipped and
the bounded explorer. The files must be the bytes of the ordinary build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import kg
import kg.export.streaming as largegraph
import kg.pipeline.orchestrator as pipeline
import kg.pipeline.reduce as reduce_step
import kg.storage.spill as spill
from kg.export.streaming import explorer_subset
from kg.storage.spill import SortedGraph
from kg.vocab import CORE_TYPES, DEFAULT_BASE, KG, RELATIONS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402

FORMATS = ["ttl", "nt", "nq", "trig"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    pages = tmp_path_factory.mktemp("corpus")
    for i in range(8):
        name, text, _ = make_corpus.page(i)
        (pages / name).write_text(text, encoding="utf-8")
    return pages


@pytest.fixture(scope="module")
def ordinary(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ordinary")
    result = kg.build([corpus], out=out, formats=FORMATS, html=False, validate=False, jobs=1)
    assert isinstance(result.triples, list)
    return out, result


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(reduce_step, "MEMORY_TRIPLES", 50)
    monkeypatch.setattr(pipeline, "SHACL_MAX_TRIPLES", 100)
    monkeypatch.setattr(pipeline, "HTML_MAX_TRIPLES", 100)
    monkeypatch.setattr(pipeline, "HTML_ENTITIES", 12)
    monkeypatch.setattr(spill, "SORT_BUFFER_CHARS", 20_000)
    monkeypatch.setattr(largegraph, "WRITER_BYTES", 1000)  # --jobs 2 writes in two processes even here


@pytest.mark.parametrize("jobs", [1, 2])
def test_large_path_writes_the_same_bytes(corpus, ordinary, small_limits, tmp_path, jobs):
    out, reference = ordinary
    result = kg.build([corpus], out=tmp_path, formats=FORMATS, html=True, validate=True, jobs=jobs)
    assert isinstance(result.triples, SortedGraph) and not result.triples.in_memory
    for fmt in FORMATS:
        assert (tmp_path / f"graph.{fmt}").read_bytes() == (out / f"graph.{fmt}").read_bytes(), fmt
    assert len(result.triples) == len(reference.triples)
    assert list(result.triples) == reference.triples
    assert (result.relations, result.observations, result.entities) == \
           (reference.relations, reference.observations, reference.entities)
    assert (tmp_path / "graph.html").stat().st_size > 0


def test_shacl_is_skipped_above_the_limit_and_says_so(corpus, small_limits, tmp_path):
    result = kg.build([corpus], out=None, html=False, validate=True, jobs=1, strict=True)
    assert result.violations is None and result.validation is None
    line = next(x for x in result.summary().splitlines() if x.startswith("SHACL"))
    assert "skipped" in line and str(len(result.triples)) in line and "kg validate" in line


def test_shacl_runs_below_the_limit(corpus, tmp_path):
    result = kg.build([corpus], out=None, html=False, validate=True, jobs=1)
    assert result.violations is not None and result.validation_note == ""


@pytest.mark.parametrize("max_entities", [1, 5, 40])
def test_explorer_subset_is_bounded_closed_and_deterministic(ordinary, max_entities):
    _, reference = ordinary
    graph = SortedGraph(iter(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in reference.triples)), 0)
    sub = list(explorer_subset(graph, DEFAULT_BASE, max_entities))
    assert sub == list(explorer_subset(graph, DEFAULT_BASE, max_entities))
    assert sub == sorted(sub, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    assert set(sub) <= set(reference.triples)
    core = {str(KG[t]) for t in CORE_TYPES}
    typed = {t.subject.value for t in sub if t.predicate.value.endswith("#type") and t.object.value in core}
    assert 0 < len(typed) <= max_entities
    rels = {str(KG[r]) for r in RELATIONS}
    stmt = {t.subject.value: t.object.value for t in sub if t.predicate.value.endswith("#subject")}
    stmt_obj = {t.subject.value: t.object.value for t in sub if t.predicate.value.endswith("#object")}
    assert all(stmt[st] in typed and stmt_obj[st] in typed for st in stmt)
    # every evidence node kept cites an article that is kept
    kept = {t.subject.value for t in sub}
    cited = {t.object.value for t in sub if t.predicate.value == str(KG.inArticle)}
    assert cited <= kept
    # entities chosen by degree: no left-out entity has more relations than a chosen one
    degree = {}
    for t in reference.triples:
        if t.predicate.value in rels:
            for e in (t.subject.value, t.object.value):
                degree[e] = degree.get(e, 0) + 1
    if len(typed) == max_entities:
        all_typed = {t.subject.value for t in reference.triples
                     if t.predicate.value.endswith("#type") and t.object.value in core}
        assert min(degree.get(e, 0) for e in typed) >= max(degree.get(e, 0) for e in all_typed - typed)


def _sorted_nt(tmp_path: Path) -> Path:
    """Subjects that are prefixes of each other, one to many triples each, a literal with a newline escape."""
    lines = set()
    for i, name in enumerate(["a", "a-b", "a/b", "ab", "b", "c%20d", "z"]):
        for j in range(1 + i * 3):
            lines.add(f"<{DEFAULT_BASE}x/{name}> <{KG.mentionCount}> \"{j}\\n行\" .\n")
            lines.add(f"<{DEFAULT_BASE}x/{name}> <{KG.mentionedIn}> <{DEFAULT_BASE}article/{j}> .\n")
    path = tmp_path / "sorted.nt"
    path.write_text("".join(sorted(lines)), encoding="utf-8")
    return path


@pytest.mark.parametrize("parts", [1, 2, 3, 7, 40])
@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_parallel_writer_gives_the_bytes_of_one_serializer(tmp_path, parts, fmt):
    import io

    from pyoxigraph import RdfFormat, parse, serialize

    from kg.export.rdf import FORMATS, PREFIXES
    from kg.export.streaming import _write_parallel, subject_ranges

    path = _sorted_nt(tmp_path)
    ranges = subject_ranges(path, parts)
    assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    data = path.read_bytes()
    subjects = [{ln.split(b"> ")[0] for ln in data[a:b].splitlines()} for a, b in ranges]
    assert all(not (x & y) for i, x in enumerate(subjects) for y in subjects[i + 1:]), "a subject was cut in two"
    prefixes = PREFIXES if fmt == "ttl" else None
    expected = serialize(parse(data, RdfFormat.N_TRIPLES), format=FORMATS[fmt], prefixes=prefixes)
    out = io.BytesIO()
    _write_parallel(path, out, FORMATS[fmt], prefixes, parts)
    assert out.getvalue() == expected


def reference_subset(triples, max_entities: int, cap: int | None = None) -> list:
    """The explorer's subset by its definition, over all triples at once (the oracle for the indexed reads)."""
    from collections import Counter, defaultdict

    rels, core = {str(KG[r]) for r in RELATIONS}, {str(KG[t]) for t in CORE_TYPES}
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    by_subject, degree, entities = defaultdict(list), Counter(), set()
    for t in triples:
        by_subject[t.subject.value].append(t)
        if t.predicate.value in rels:
            degree.update([t.subject.value, t.object.value])
        elif t.predicate.value == rdf + "type" and t.object.value in core:
            entities.add(t.subject.value)
    chosen = set(sorted(entities, key=lambda e: (-degree[e], e))[:max_entities])

    def objects(subjects, predicate):
        return {t.object.value for s in subjects for t in by_subject[s] if t.predicate.value == predicate}

    statements = {s for s, ts in by_subject.items()
                  if {t.predicate.value: t.object.value for t in ts}.get(rdf + "subject") in chosen
                  and {t.predicate.value: t.object.value for t in ts}.get(rdf + "object") in chosen}
    observations = objects(chosen, str(KG.hasObservation))
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    dropped = set()  # evidence links past the cap, per fact, in N-Triples order
    for s in statements | observations:
        links = sorted((t for t in by_subject[s] if t.predicate.value == derived), key=str)
        dropped.update(links[cap:] if cap is not None else [])
    evidence = {t.object.value for s in statements | observations for t in by_subject[s]
                if t.predicate.value == derived and t not in dropped}
    articles = objects(evidence, str(KG.inArticle))
    from kg.export.html import VIEW_PREDICATES

    kept = [t for s in chosen | statements | observations | evidence | articles for t in by_subject[s] if t not in dropped
            and (t.predicate.value != str(KG.mentionedIn) or t.object.value in articles)  # mentions of carried articles
            and t.predicate.value in VIEW_PREDICATES]
    return sorted(kept, key=lambda t: f"{t.subject} {t.predicate} {t.object} .")


@pytest.mark.parametrize("cap", [None, 1, 2])
@pytest.mark.parametrize("max_entities", [1, 3, 12, 400])
def test_explorer_subset_reads_exactly_the_defined_subgraph(ordinary, max_entities, cap):
    _, reference = ordinary
    graph = SortedGraph(iter(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in reference.triples)), 0)
    expected = reference_subset(reference.triples, max_entities, cap)
    assert list(explorer_subset(graph, DEFAULT_BASE, max_entities, evidence_per_fact=cap)) == expected
    if cap == 1 and max_entities >= 12:  # the cap bites here: some fact has more evidence than it allows
        assert len(expected) < len(reference_subset(reference.triples, max_entities))


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_draining_parse_gives_the_sorted_triples_and_empties_the_lines(ordinary, batch):
    from kg.export.streaming import _parse_draining
    from kg.storage.spill import parse_lines

    _, reference = ordinary
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in reference.triples[:50]]
    drained = sorted(lines, reverse=True)
    assert list(_parse_draining(drained, batch)) == parse_lines(ln + "\n" for ln in sorted(lines))
    assert drained == []


@pytest.mark.parametrize("max_entities, cap", [(3, None), (12, 1), (400, 2)])
def test_explorer_rows_are_the_subset_values_and_make_the_same_page(ordinary, max_entities, cap, tmp_path):
    from kg.export.html import term_values, write_html, write_html_rows
    from kg.export.streaming import explorer_rows

    _, reference = ordinary
    graph = SortedGraph(iter(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in reference.triples)), 0)
    subset = list(explorer_subset(graph, DEFAULT_BASE, max_entities, evidence_per_fact=cap))
    rows = list(explorer_rows(graph, DEFAULT_BASE, max_entities, evidence_per_fact=cap))
    assert sorted(rows) == sorted(term_values(subset))
    write_html(subset, tmp_path / "a" / "graph.html", side=True)
    write_html_rows(reversed(rows), tmp_path / "b" / "graph.html", side=True)  # any order: the same page
    for name in ["graph.html", *(f"graph.details/{n}" for n in sorted(os.listdir(tmp_path / "a" / "graph.details")))]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
