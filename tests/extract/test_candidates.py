"""The candidate pass: one scan per document, extractors see only the sentences holding their triggers, same output."""

from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from kg.extract import ORGANIZATION_TRIGGERS, PARK_TRIGGERS, PROJECT_TRIGGERS, REGISTRY, SCAN, extract
from kg.extract import companies, parks, projects
from kg.extract.candidates import CandidateScan, narrowed
from kg.ingest import read_page
from kg.model import Page
from kg.pipeline.mapstep import documents_of

pytest.importorskip("ahocorasick_rs")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402


def _doc(text: str):
    page = Page("t.txt", "t.txt", text, "utf-8", hashlib.sha1(text.encode("utf-8")).hexdigest())
    return documents_of(page)[0]


# (sentences of one article, extractor, indexes of the sentences it sees)
KEPT = [
    (["青禾高新区新增企业30家。", "天气晴朗。", "蓝岭科技园开园。"], "parks", {0, 2}),
    (["签约蓝岭智造基地项目。", "天气晴朗。", "总投资5亿元。"], "projects", {0, 2}),
    (["市政府召开会议。", "产业稳步增长。"], "organizations", {0}),
    (["天气晴朗。", "风和日丽。"], "projects", set()),
    (["高新", "区的名字断在两句之间。"], "parks", set()),  # a trigger must lie inside one sentence
]


@pytest.mark.parametrize("sentences, name, expected", KEPT)
def test_scan_keeps_the_sentences_holding_a_trigger(sentences, name, expected):
    doc = _doc("标题\n" + "\n".join(sentences))
    kept = SCAN.sentences_of(doc)[name]
    body = {i for i, s in enumerate(doc.sentences) if doc.text[s.start:s.end] in sentences}
    assert {i for i in kept if i in body} == {min(body) + k for k in expected}


def test_narrowed_keeps_text_and_offsets():
    doc = _doc("标题\n青禾高新区新增企业30家。天气晴朗。")
    view = narrowed(doc, frozenset({1}))
    assert view.text == doc.text and view.sentences == (doc.sentences[1],)
    assert narrowed(doc, None) is doc and narrowed(doc, frozenset(range(len(doc.sentences)))) is doc


def _alternatives(pattern: re.Pattern) -> set[str]:
    """The literal top-level alternatives of a pattern (the ones with regex syntax are left out)."""
    return {alt for alt in pattern.pattern.strip("()").split("|") if re.fullmatch(r"[\u4e00-\u9fff]+", alt)}


@pytest.mark.parametrize("pattern, triggers", [
    (projects._PROJ_HEAD, PROJECT_TRIGGERS),
    (parks._PARK_RE, PARK_TRIGGERS),
    (companies._ORG_HEAD, ORGANIZATION_TRIGGERS),
])
def test_triggers_cover_the_heads_of_their_pattern(pattern, triggers):
    alts = _alternatives(pattern)
    assert alts and all(any(t in alt for t in triggers) for alt in alts)


def test_every_gated_extractor_has_a_scan_entry():
    gated = {ex.name for ex in REGISTRY if ex.triggers}
    assert gated and SCAN.names == gated


@lru_cache(maxsize=1)
def _pages() -> list[str]:
    unseen = sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt"))
    return [read_page(p).text for p in unseen] + [make_corpus.page(i)[1] for i in range(40)]


@pytest.mark.parametrize("index", range(46))
def test_gated_extraction_equals_the_full_run(index):
    """Every extractor on every sentence (scan=None) and with the candidate pass: the same mentions, relations, figures."""
    pages = _pages()
    if index >= len(pages):
        pytest.skip("fewer pages")
    page = Page("p.txt", "p.txt", pages[index], "utf-8", hashlib.sha1(pages[index].encode()).hexdigest())
    for doc in documents_of(page):
        assert extract(doc) == extract(doc, scan=None)


def test_a_scan_without_triggers_finds_nothing():
    empty = CandidateScan({})
    assert empty.automaton is None and empty.sentences_of(_doc("标题\n正文。")) is None
