"""kg.pipeline.orchestrator end to end: determinism, script normalization, evidence offsets, the summary.

Checks are invariants that hold whatever the extractors find, run on the real
seeds build and on small synthetic pages (one UTF-8 simplified, one Big5
traditional) that mention the same synthetic entities.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS

import kg
from kg.errors import InputError, SkippedInputs
from kg.ingest import read_page
from kg.vocab import CORE_TYPES, DEFAULT_BASE, KG, RELATIONS

ALL_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")  # as built by the seeds_build fixture

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

SIMPLIFIED_PAGE = (
    "星河高新区发布年度报告\n"
    "发布日期：2023-05-06\n"
    "星河高新区位于临江市。2022年，星河高新区实现营业收入120亿元，同比增长12.5%。\n"
    "星河高新区与华芯微电子有限公司签约建设星河芯片项目。\n"
)
TRADITIONAL_PAGE = (
    "星河高新區年度觀察\n"
    "發布日期：2023-06-07\n"
    "華芯微電子有限公司在星河高新區投資建設新工廠。\n"
    "星河高新區重點發展集成電路產業。\n"
)
SENTENCE_END = "。！？；!?;…"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[kg.BuildResult, Path, rdflib.Graph]:
    pages = tmp_path_factory.mktemp("syn-pages")
    (pages / "a.txt").write_bytes(SIMPLIFIED_PAGE.encode("utf-8"))
    (pages / "b.txt").write_bytes(TRADITIONAL_PAGE.encode("big5"))
    out = tmp_path_factory.mktemp("syn-out")
    result = kg.build([pages], out=out, formats=("ttl",), html=False)
    g = rdflib.Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return result, pages, g


# ---------------------------------------------------------------- determinism


@pytest.fixture(scope="module")
def second_build(seeds_build, tmp_path_factory) -> tuple[kg.BuildResult, Path]:
    out = tmp_path_factory.mktemp("seeds-again")
    return kg.build([seeds_build.seeds], out=out, formats=ALL_FORMATS, html=True), out


@pytest.mark.parametrize("fmt", [*ALL_FORMATS, "html"])
def test_building_twice_gives_byte_identical_files(seeds_build, second_build, fmt: str) -> None:
    result, out = second_build
    assert (out / f"graph.{fmt}").read_bytes() == seeds_build.path(fmt).read_bytes()
    assert result.triples == seeds_build.result.triples


def test_input_order_and_file_vs_folder_do_not_change_the_graph(seeds_build, tmp_path) -> None:
    files = sorted(seeds_build.seeds.glob("*.txt"), reverse=True)
    kg.build(files, out=tmp_path, html=False)
    assert (tmp_path / "graph.ttl").read_bytes() == seeds_build.path("ttl").read_bytes()


def test_result_graph_equals_the_written_turtle(seeds_build, seeds_graph) -> None:
    assert set(seeds_build.result.graph()) == set(seeds_graph)


# ---------------------------------------------------------------- script normalization


def test_traditional_and_simplified_spellings_become_one_node(synthetic) -> None:
    _, _, g = synthetic
    labels = {str(o): s for s, o in g.subject_objects(RDFS.label)}
    for simplified, traditional in [("华芯微电子有限公司", "華芯微電子有限公司"), ("星河高新区", "星河高新區")]:
        node = labels[simplified]
        assert traditional not in labels, "the traditional spelling must not be a node of its own"
        alts = {(str(o), (o.language or "").lower()) for o in g.objects(node, SKOS.altLabel)}
        assert (traditional, "zh-hant") in alts
        assert {str(o) for o in g.objects(node, KG.mentionedIn)} == {str(a) for a in g.subjects(RDF.type, KG.Article)}
        reasons = {(str(g.value(m, KG.mergedName)), str(g.value(m, KG.mergeReason)))
                   for m in g.objects(node, KG.mergeDecision)}
        assert (traditional, "script") in reasons


def test_every_entity_label_is_simplified_zh_hans(synthetic, seeds_graph) -> None:
    from kg.normalize.script import to_simplified

    for g in (synthetic[2], seeds_graph):
        for node in set(g.subjects(KG.mentionCount, None)):
            (label,) = g.objects(node, RDFS.label)
            assert label.language.lower() == "zh-hans"
            assert to_simplified(str(label)) == str(label), str(label)


# ---------------------------------------------------------------- evidence offsets


def _evidence_rows(g: rdflib.Graph):
    for ev in g.subjects(RDF.type, KG.Evidence):
        article = g.value(ev, KG.inArticle)
        yield (str(g.value(article, KG.fileName)), int(g.value(ev, KG.beginIndex)), int(g.value(ev, KG.endIndex)),
               str(g.value(ev, KG.sentenceText)))


def _check_offsets(g: rdflib.Graph, folder: Path) -> int:
    texts: dict[str, str] = {}
    n = 0
    for name, begin, end, sentence in _evidence_rows(g):
        if name not in texts:
            texts[name] = read_page(folder / name).text
        text = texts[name]
        assert 0 <= begin < end <= len(text)
        assert text[begin:end] == sentence, f"{name}[{begin}:{end}]"
        n += 1
    return n


def test_seeds_evidence_offsets_slice_the_original_files(seeds_build, seeds_graph) -> None:
    assert _check_offsets(seeds_graph, seeds_build.seeds) > 0


def test_synthetic_evidence_is_a_whole_sentence_of_the_original_file(synthetic) -> None:
    _, pages, g = synthetic
    assert _check_offsets(g, pages) > 0
    big5 = 0
    for name, begin, end, sentence in _evidence_rows(g):
        text = read_page(pages / name).text
        assert begin == 0 or text[begin - 1] in "\n" + SENTENCE_END, f"{sentence!r} starts mid-sentence"
        # a sentence ends in its punctuation; a headline ends with its line
        assert sentence[-1] in SENTENCE_END or text[end:end + 1] in ("", "\n"), f"{sentence!r} ends mid-sentence"
        if name == "b.txt":
            big5 += 1
            assert sentence in TRADITIONAL_PAGE, "evidence quotes the page in its own (traditional) script"
    assert big5 > 0, "the Big5 page yields evidence"


def test_every_fact_is_reified_with_evidence(seeds_graph, synthetic) -> None:
    for g in (seeds_graph, synthetic[2]):
        statements = set(g.subjects(RDF.type, RDF.Statement))
        stated = {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)) for st in statements}
        facts = {(s, p, o) for p in (KG[r] for r in RELATIONS) for s, o in g.subject_objects(p)}
        assert facts == stated
        for st in statements:
            evidence = list(g.objects(st, PROV.wasDerivedFrom))
            assert evidence and all((ev, RDF.type, KG.Evidence) in g for ev in evidence)


# ---------------------------------------------------------------- the result and its summary


def test_summary_lists_every_count(synthetic) -> None:
    result, _, _ = synthetic
    text = result.summary()
    assert re.search(r"^pages: 2 \(big5: 1, utf-8: 1\)$", text, re.M)
    assert re.search(r"^documents \(articles\): 2$", text, re.M)
    assert re.search(r"^entities: " + ", ".join(rf"{t} \d+" for t in CORE_TYPES) + "$", text, re.M)
    assert re.search(r"^relations: " + ", ".join(rf"{p} \d+" for p in RELATIONS) + "$", text, re.M)
    assert re.search(r"^observations: \d+$", text, re.M)
    assert re.search(rf"^triples: {len(result.triples)}$", text, re.M)
    assert re.search(r"^seconds: \d+\.\d\d$", text, re.M)


def test_result_counts_agree_with_the_graph(seeds_build, seeds_graph) -> None:
    r = seeds_build.result
    assert r.documents == len(set(seeds_graph.subjects(RDF.type, KG.Article)))
    assert r.pages == len(list(seeds_build.seeds.glob("*.txt"))) and not r.skipped
    assert sum(r.entities.values()) == len(set(seeds_graph.subjects(KG.mentionCount, None)))
    for t in CORE_TYPES:
        assert r.entities.get(t, 0) == len(set(seeds_graph.subjects(RDF.type, KG[t]))), t
    for p in RELATIONS:
        assert r.relations.get(p, 0) == len(list(seeds_graph.subject_objects(KG[p]))), p
    assert r.observations == len(list(seeds_graph.subject_objects(KG.hasObservation)))
    assert r.seconds > 0
    assert {p.name for p in r.outputs} == {"graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "graph.html"}


def test_duplicate_pages_are_read_once(write_pages) -> None:
    folder = write_pages({"a.txt": SIMPLIFIED_PAGE, "copy.txt": SIMPLIFIED_PAGE,
                          "gbk.txt": SIMPLIFIED_PAGE.encode("gb18030")})
    result = kg.build([folder], html=False)
    assert (result.pages, result.documents) == (1, 1)
    assert [Path(s.path).name for s in result.skipped] == ["copy.txt", "gbk.txt"]


def test_strict_turns_skips_into_an_error(write_pages) -> None:
    folder = write_pages({"a.txt": SIMPLIFIED_PAGE, "empty.txt": ""})
    assert len(kg.build([folder], html=False).skipped) == 1
    with pytest.raises(SkippedInputs) as info:
        kg.build([folder], html=False, strict=True)
    assert "empty.txt" in str(info.value) and info.value.exit_code == 3


@pytest.mark.parametrize("paths", [[], ["/nonexistent/parkkg-input"]], ids=["no-paths", "missing-path"])
def test_bad_paths_are_input_errors(paths) -> None:
    with pytest.raises(InputError):
        kg.build(paths, html=False)


def test_no_out_writes_nothing(write_pages, tmp_path, monkeypatch) -> None:
    folder = write_pages({"a.txt": SIMPLIFIED_PAGE})
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = kg.build([folder], html=False)
    assert result.outputs == [] and result.triples
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_base_option_moves_every_node(write_pages, tmp_path) -> None:
    folder = write_pages({"a.txt": SIMPLIFIED_PAGE})
    result = kg.build([folder], out=tmp_path, base="https://example.org/kg/", html=False)
    subjects = {t.subject.value for t in result.triples}
    assert subjects and all(s.startswith("https://example.org/kg/") for s in subjects)
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)
