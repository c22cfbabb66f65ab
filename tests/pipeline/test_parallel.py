"""kg.pipeline.parallel and kg.pipeline.mapstep: ordered map on real worker processes, slim facts, progress.

Every engine must give the bytes the unsliced, single-process reduce gives
(``kg.pipeline.orchestrator.assemble`` over full extractions), on synthetic pages from
bench/make_corpus.py (generated names, simplified/traditional, pinyin debris,
furniture).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal

from kg.assemble.render import evidence_item, render_document
from kg.resolve import mention_rows
from kg.reference.zones import zone_attrs

import kg
from kg.model import DocFacts
from kg.pipeline.mapstep import facts_of, map_page
from kg.errors import InputError
from kg.export import serialize_graph
from kg.ingest import read_page
from kg.pipeline.parallel import LocalEngine, make_engine, map_in_order, progress_bar
from kg.pipeline.mapstep import process_page

from buildkit import assemble, iter_pages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402

N_PAGES = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    pages = tmp_path_factory.mktemp("corpus")
    for i in range(N_PAGES):
        name, text, _ = make_corpus.page(i)
        (pages / name).write_text(text, encoding="utf-8")
    return pages


@pytest.fixture(scope="module")
def legacy_ttl(corpus) -> bytes:
    """The reduce over full (unslimmed) extractions, page by page in one process."""
    extractions = [ex for page in iter_pages([corpus], []) for ex in process_page(page)]
    triples, _ = assemble(extractions)
    return serialize_graph(triples, "ttl")


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_build_is_byte_identical_to_the_unsliced_reduce(corpus, legacy_ttl, tmp_path, jobs):
    result = kg.build([corpus], out=tmp_path, html=False, validate=False, jobs=jobs)
    assert (tmp_path / "graph.ttl").read_bytes() == legacy_ttl
    assert result.pages == N_PAGES


@pytest.mark.parametrize("jobs,chunk,window", [(1, 1, 1), (2, 1, 2), (2, 3, 1), (2, 16, 6)])
def test_map_in_order_keeps_input_order(corpus, jobs, chunk, window):
    pages = list(iter_pages([corpus], []))
    engine = LocalEngine(jobs)
    try:
        got = [(page.name, [doc.doc_id for doc in facts])
               for page, facts in map_in_order(iter(pages), engine, chunk_size=chunk, in_flight=window)]
    finally:
        engine.close()
    assert [name for name, _ in got] == [p.name for p in pages]
    assert all(ids and all(i.startswith(p.sha1[:16]) for i in ids) for (_, ids), p in zip(got, pages))


def test_doc_facts_carry_only_what_the_reduce_reads(corpus):
    page = next(iter_pages([corpus], []))
    full = process_page(page)
    for ex, small in zip(full, map_page(page)):
        doc, sdoc = ex.document, small
        assert isinstance(sdoc, DocFacts) and not hasattr(sdoc, "mentions") and not hasattr(sdoc, "relations")
        assert not hasattr(sdoc, "text") and not hasattr(sdoc, "page") and not hasattr(sdoc, "label")  # the reduce reads no label
        assert pickle.loads(pickle.dumps(small)) == small  # travels to workers, dask and the cache
        assert sdoc.doc_id == doc.doc_id
        assert sdoc.rows == mention_rows(ex)  # the entity-table input, folded per key
        assert sdoc.rendered == render_document(ex)  # its part of the graph comes rendered
        for r in ex.relations:  # and the evidence quotes the original sentence
            iri, item = evidence_item(doc, r.start, r.end)
            assert item in sdoc.rendered.evidence
            assert str(Literal(doc.page.text[slice(*doc.original_span(r.start, r.end))], language="zh")) in item
        assert facts_of(ex) == small


def test_rows_fill_the_table_exactly_as_mentions_do(corpus):
    from kg.resolve import EntityTable

    one_by_one, by_rows = EntityTable(), EntityTable()
    for page in iter_pages([corpus], []):
        for ex in process_page(page):
            for m in ex.mentions:
                attrs = zone_attrs(m.canonical, m.text) if m.type == "Park" and not m.refers else None
                one_by_one.add(m, ex.document.doc_id, ex.document.original_text(m.start, m.end), attrs)
            seen = {m.key for m in ex.mentions}
            for rel in ex.relations:
                for end in (rel.subject, rel.object):
                    if end.key not in seen:
                        seen.add(end.key)
                        one_by_one.add(end, ex.document.doc_id, "")
            by_rows.add_rows(mention_rows(ex), ex.document.doc_id)
    assert list(by_rows.entities) == list(one_by_one.entities)  # same keys, same insertion order
    assert by_rows.entities == one_by_one.entities


@pytest.mark.parametrize("engine,scheduler,message", [
    ("spark", None, "unknown engine"),
    ("dask", None, "needs --scheduler"),
])
def test_bad_engine_choices_are_user_errors(engine, scheduler, message):
    with pytest.raises(InputError, match=message):
        make_engine(engine, 1, scheduler)


@pytest.mark.parametrize("enabled,shown", [(False, False), (None, False), (True, True)])
def test_progress_shows_rate_only_when_asked_or_on_a_terminal(enabled, shown):
    import io

    from rich.console import Console

    sink = io.StringIO()
    console = Console(file=sink, force_terminal=True, width=120)
    # enabled=None asks "are stdout and stderr terminals?"; under pytest they are not
    with progress_bar(3, enabled, console=console) as advance:
        for _ in range(3):
            advance(1)
    assert ("pages/s" in sink.getvalue()) == shown


def test_cli_build_with_jobs_is_quiet_off_a_terminal(corpus, legacy_ttl, tmp_path, capsys):
    from kg.cli import main

    assert main(["build", str(corpus), "--out", str(tmp_path), "--no-html", "--no-validate", "--jobs", "2",
                 "--ner", "none"]) == 0  # legacy_ttl is the library default: rules only
    out = capsys.readouterr()
    assert "pages/s" not in out.out + out.err
    assert (tmp_path / "graph.ttl").read_bytes() == legacy_ttl


def _worker_signals(_) -> tuple:
    import signal

    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def test_pool_workers_leave_ctrl_c_to_the_parent():
    """Ctrl-C goes to the whole process group; a worker that raised KeyboardInterrupt would print a traceback."""
    import signal

    from kg.pipeline.parallel import LocalEngine

    engine = LocalEngine(2)
    try:
        assert engine.submit(_worker_signals, None).result() == (signal.SIG_IGN, signal.SIG_DFL)
    finally:
        engine.close()


def test_the_early_worker_maps_as_the_map_step_does(corpus):
    from kg.pipeline.mapstep import map_pages
    from kg.pipeline.parallel import EarlyWorker

    pages = list(iter_pages([corpus], []))[:3]
    early = EarlyWorker()
    try:
        got = early.submit(map_pages, pages).result()
    finally:
        early.close()
    assert got == map_pages(pages)
    assert early.proc.exitcode == 0
    unused = EarlyWorker()
    unused.close()  # told there is nothing to map: it ends
    assert unused.proc.exitcode == 0


def test_the_early_worker_raises_the_map_steps_error(corpus, monkeypatch):
    from kg.pipeline.mapstep import map_pages
    from kg.errors import StageError
    from kg.pipeline.parallel import EarlyWorker

    page = next(iter_pages([corpus], []))
    import kg.pipeline.mapstep

    monkeypatch.setattr(kg.pipeline.mapstep, "segment", lambda *a: (_ for _ in ()).throw(ValueError("boom")))
    early = EarlyWorker()  # forked after the patch: it has the broken segmenter
    try:
        with pytest.raises(StageError, match="segment"):
            early.submit(map_pages, [page]).result()
    finally:
        early.close()
