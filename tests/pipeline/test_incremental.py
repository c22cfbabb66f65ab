"""kg.pipeline.incremental: a cached rebuild that only adds pages splices the old graph, and gives a clean build's bytes.

Every scenario builds twice: with the cache (incremental when it can be)
and clean; the Turtle files and the summaries must be the same. The graph is
forced into a file (the path of big builds) by lowering MEMORY_TRIPLES.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

import pytest

import kg
import kg.pipeline.incremental as incremental
import kg.pipeline.state as saved
import kg.pipeline.orchestrator as pipeline
import kg.pipeline.reduce as reduce_step
from kg.assemble import entity_items
from kg.assemble.render import ITEM_SEP, rebase
from kg.resolve import Entity, EntityTable
from kg.storage.spill import SortedGraph
from kg.storage.splice import TurtleGraph

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402

REAL = sorted((ROOT / "tests" / "data" / "unseen").glob("u*.txt"))


@pytest.fixture(autouse=True)
def file_backed(monkeypatch):
    monkeypatch.setattr(reduce_step, "MEMORY_TRIPLES", 300)


def write(folder: Path, name: str, text: str, age: float = 60.0) -> Path:
    """A page whose modification time is ``age`` seconds ago (older than the racy window)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))
    return path


def synthetic(i: int) -> tuple[str, str]:
    name, text, _ = make_corpus.page(i)
    return name, text


def build(pages: Path, out: Path, cache: Path | None = None, jobs: int = 1, **kw):
    return kg.build([pages], out=out, cache=cache, html=False, validate=False, jobs=jobs, **kw)


def summary(result) -> str:
    return "\n".join(ln for ln in result.summary().splitlines() if not ln.startswith(("reduce:", "seconds:", "cache:")))


def assert_same_as_clean(result, pages: Path, tmp_path: Path) -> None:
    clean = build(pages, tmp_path / "clean")
    assert (result.outputs[0]).read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()
    assert summary(result) == summary(clean)


def incremental_used(result) -> bool:
    return isinstance(result.triples, TurtleGraph)


# (pages first built, pages added later with a name prefix that sets their place in the input order)
SCENARIOS = [
    pytest.param(range(0, 12), [(12, "9"), (13, "9")], id="appended"),
    pytest.param(range(0, 12), [(12, "000003a_"), (13, "000000_")], id="inserted-before-and-between"),
    pytest.param(range(0, 12), [], id="nothing-new"),
    pytest.param(range(20, 30), [(i, f"{i % 7:06d}z") for i in range(30, 42)], id="more-new-than-old"),
]


@pytest.mark.parametrize("jobs", [1, 2])  # 2: the new pages go to the early worker (kg.pipeline.parallel.EarlyWorker)
@pytest.mark.parametrize("first, added", SCENARIOS)
def test_incremental_rebuild_gives_the_clean_build_bytes(tmp_path, first, added, jobs):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in first:
        write(pages, *synthetic(i))
    build(pages, tmp_path / "warm", cache, jobs)
    assert (cache / "reduce" / "state.json").is_file()
    for i, prefix in added:
        name, text = synthetic(i)
        write(pages, prefix + name, text)
    again = build(pages, tmp_path / "again", cache, jobs)
    assert incremental_used(again)
    assert again.pages == len(first) + len(added)
    assert again.reduce_note == f"incremental ({len(added)} new of {again.pages} pages)"
    assert again.cache_hits == len(first)  # the old pages: not mapped, not even looked up
    assert_same_as_clean(again, pages, tmp_path)


def test_rounds_of_real_pages_in_random_places_match_clean_builds(tmp_path):
    """Real articles (merges, traditional script, observations) added a few at a time anywhere in the order."""
    rng = random.Random(7)
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    items = [synthetic(i) for i in range(50, 60)] + [(p.name, p.read_text(encoding="utf-8")) for p in REAL]
    rng.shuffle(items)
    for name, text in items[:6]:
        write(pages, f"{rng.randrange(100):03d}_{name}", text)
    build(pages, tmp_path / "o", cache)
    rest, used = items[6:], 0
    while rest:
        batch, rest = rest[:3], rest[3:]
        for name, text in batch:
            write(pages, f"{rng.randrange(100):03d}_{name}", text)
        again = build(pages, tmp_path / "o", cache)
        used += incremental_used(again)
        assert_same_as_clean(again, pages, tmp_path)
    assert used >= 3


@pytest.mark.parametrize("change, why", [
    ("remove", "is gone or moved in the order"),
    ("remove-last", "1 page(s) of the previous build are gone"),
    ("edit", "is gone or moved in the order"),
    ("reorder-paths", "is gone or moved in the order"),
    ("other-base", "another base IRI"),
    ("other-formats", "writes ttl only"),
    ("tampered-state", "the saved graph was changed since it was written"),
])
def test_anything_but_new_pages_runs_the_whole_reduce_and_still_matches(tmp_path, change, why):
    pages, extra, cache = tmp_path / "pages", tmp_path / "extra", tmp_path / "cache"
    for i in range(10):
        write(pages, *synthetic(i))
    for i in range(10, 13):
        write(extra, *synthetic(i))
    kg.build([pages, extra], out=tmp_path / "warm", cache=cache, html=False, validate=False, jobs=1)
    paths, kw = [pages, extra], {}
    if change == "remove":
        sorted(pages.iterdir())[4].unlink()
    elif change == "remove-last":
        sorted(extra.iterdir())[-1].unlink()
    elif change == "edit":
        victim = sorted(pages.iterdir())[2]
        write(pages, victim.name, victim.read_text(encoding="utf-8") + "\n星河高新区新闻。")
    elif change == "reorder-paths":
        paths = [extra, pages]
    elif change == "other-base":
        kw["base"] = "https://example.org/kg/"
    elif change == "other-formats":
        kw["formats"] = ("ttl", "nt")
    elif change == "tampered-state":
        state = saved.load(cache, kg.vocab.DEFAULT_BASE, ("ttl",))
        with state.file("ttl").open("r+b") as fh:  # in place: same inode, as an editor might
            fh.seek(0, os.SEEK_END)
            fh.write(b"\n")
    again = kg.build(paths, out=tmp_path / "again", cache=cache, html=False, validate=False, jobs=1, **kw)
    clean = kg.build(paths, out=tmp_path / "clean", html=False, validate=False, jobs=1, **kw)
    assert isinstance(again.triples, SortedGraph)
    assert again.reduce_note.startswith("whole (") and why in again.reduce_note, again.reduce_note
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()
    assert summary(again) == summary(clean)
    # and the whole reduce left a state the next build can use
    write(pages, "zz_" + synthetic(40)[0], synthetic(40)[1])
    third = kg.build(paths, out=tmp_path / "third", cache=cache, html=False, validate=False, jobs=1, **kw)
    assert incremental_used(third) == (change != "other-formats")


def test_a_new_name_that_moves_an_old_merge_runs_the_whole_reduce(tmp_path, monkeypatch):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(8):
        write(pages, *synthetic(i))
    build(pages, tmp_path / "warm", cache)
    state = saved.load(cache, kg.vocab.DEFAULT_BASE, ("ttl",))
    # pretend the old build had merged a name differently: the new table cannot agree with it
    state.meta["resolved"] = {**state.meta["resolved"], ("Enterprise", "不存在的名字"): ("Enterprise", "别的名字")}
    monkeypatch.setattr(saved, "load", lambda *a: state)
    write(pages, "zz_" + synthetic(9)[0], synthetic(9)[1])
    again = build(pages, tmp_path / "again", cache)
    assert isinstance(again.triples, SortedGraph)
    assert "change how names merge (不存在的名字)" in again.reduce_note
    assert_same_as_clean(again, pages, tmp_path)


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(8):
        write(pages, *synthetic(i))
    build(pages, tmp_path / "warm", cache)
    write(pages, "zz_" + synthetic(9)[0], synthetic(9)[1])
    read = []
    real_read = reduce_step.read_page
    monkeypatch.setattr(reduce_step, "read_page", lambda path: read.append(Path(path).name) or real_read(path))
    again = build(pages, tmp_path / "again", cache)
    assert incremental_used(again)
    assert read == ["zz_" + synthetic(9)[0]]
    # a page touched just now is read again next time, whatever its signature says
    fresh = write(pages, "zz_" + synthetic(10)[0], synthetic(10)[1], age=0)
    build(pages, tmp_path / "third", cache)
    read.clear()
    build(pages, tmp_path / "fourth", cache)
    assert read == [fresh.name]


def test_the_result_reads_back_as_the_clean_triples(tmp_path):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(6):
        write(pages, *synthetic(i))
    build(pages, tmp_path / "warm", cache)
    write(pages, "zz_" + synthetic(7)[0], synthetic(7)[1])
    again = build(pages, tmp_path / "again", cache)
    clean = build(pages, tmp_path / "clean")
    assert incremental_used(again)
    assert list(again.triples.lines()) == list(clean.triples.lines())
    assert len(again.triples) == len(clean.triples)
    write(pages, "zz_" + synthetic(8)[0], synthetic(8)[1])
    build(pages, tmp_path / "third", cache)  # replaces the state's files: the first result still reads
    assert len(again.triples.to_list()) == len(clean.triples)


# ---- the table's order-independence, the unit the splice relies on

ROWS = [  # (doc, rows): (type, canonical, subtype, count, names, attrs)
    ("d1", (("Park", "云岭高新区", "", 1, (("雲嶺高新區", "script"),), ()),)),
    ("d2", (("Park", "云岭高新区", "HighTechZone", 2, (("云岭高新技术产业开发区", "full-name"),), (("zoneLevel", "省级"),)),)),
    ("d3", (("Park", "云岭高新区", "EconomicZone", 1, (("雲嶺高新區", "short-form"),), (("zoneLevel", "国家级"),)),
            ("Enterprise", "星河科技", "", 1, (), ()))),
    ("d4", (("Enterprise", "星河科技", "", 3, (("星河科技公司", "legal-suffix"),), ()),)),
]


def snapshot(table: EntityTable) -> dict:
    return {k: (e.subtype, e.mentions, sorted(e.articles), sorted(e.surfaces), sorted(e.merges.items()),
                sorted(e.attrs.items())) for k, e in table.entities.items()}


@pytest.mark.parametrize("seed", range(6))
def test_inserted_rows_give_the_table_of_rows_added_in_order(seed):
    in_order = EntityTable()
    for doc, rows in ROWS:
        in_order.add_rows(rows, doc)
    shuffled = ROWS[:]
    random.Random(seed).shuffle(shuffled)
    rank = {doc: i for i, (doc, _) in enumerate(ROWS)}
    table = EntityTable()
    for doc, rows in shuffled:
        table.add_rows(rows, doc, rank)
    assert snapshot(table) == snapshot(in_order)


def test_entity_predicates_cover_every_line_an_entity_item_has():
    ent = Entity("Park", "云岭高新区", "HighTechZone", {"云岭高新技术产业开发区", "雲嶺高新區"}, {"a1", "a2"}, 3,
                 {"云岭开发区": "short-form"}, {"zoneLevel": "国家级", "yearApproved": "2010"})
    place = Entity("Place", "昆明市", "", set(), {"a1"}, 1)
    for e in (ent, place):
        item = rebase(entity_items(e)[-1], "http://x/")
        predicates = {ln.split(" ", 2)[1] for ln in item[:-1].split(ITEM_SEP)}
        assert predicates <= incremental.ENTITY_PREDICATES, predicates - incremental.ENTITY_PREDICATES


def test_the_explorer_of_an_incremental_rebuild_is_the_clean_builds(tmp_path, monkeypatch):
    """The explorer of a large graph reads chosen blocks back from the spliced Turtle file: same page."""
    monkeypatch.setattr(pipeline, "HTML_MAX_TRIPLES", 300)
    monkeypatch.setattr(pipeline, "HTML_ENTITIES", 12)
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(10):
        write(pages, *synthetic(i))
    kg.build([pages], out=tmp_path / "warm", cache=cache, validate=False, jobs=1)
    write(pages, "000000_" + synthetic(20)[0], synthetic(20)[1])
    again = kg.build([pages], out=tmp_path / "again", cache=cache, validate=False, jobs=1)
    kg.build([pages], out=tmp_path / "clean", validate=False, jobs=1)
    assert incremental_used(again)
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name


def test_a_page_read_only_in_part_is_read_again_and_still_reported(tmp_path):
    """A page cut at the size cap has no saved signature: the notice must come back in every build."""
    from kg.ingest import MAX_PAGE_CHARS

    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(8):
        write(pages, *synthetic(i))
    name, text = synthetic(9)
    write(pages, "big_" + name, text * (MAX_PAGE_CHARS // len(text) + 2))
    first = build(pages, tmp_path / "warm", cache)
    write(pages, "zz_" + synthetic(10)[0], synthetic(10)[1])
    again = build(pages, tmp_path / "again", cache)
    assert incremental_used(again)
    cut = [s for s in again.skipped if s.path.endswith("big_" + name)]
    assert cut and [str(s) for s in cut] == [str(s) for s in first.skipped if s.path.endswith("big_" + name)]


def test_a_state_that_cannot_be_saved_or_read_costs_only_the_head_start(tmp_path, monkeypatch):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    for i in range(8):
        write(pages, *synthetic(i))

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(cache / "reduce"))

    with monkeypatch.context() as m:
        m.setattr(saved, "save_full", full_disk)
        first = build(pages, tmp_path / "warm", cache)
    assert "was not saved (No space left on device" in first.reduce_note
    assert_same_as_clean(first, pages, tmp_path)
    build(pages, tmp_path / "warm", cache)  # saves a state
    write(pages, "zz_" + synthetic(9)[0], synthetic(9)[1])
    monkeypatch.setattr(incremental, "splice", full_disk)
    again = build(pages, tmp_path / "again", cache)
    assert again.reduce_note.startswith("whole (the incremental rebuild could not use")
    assert_same_as_clean(again, pages, tmp_path)
