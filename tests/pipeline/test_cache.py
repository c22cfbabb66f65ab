"""kg.pipeline.cache: a rebuild with --cache after adding pages equals a clean build, and only new pages are mapped."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import kg
from kg.pipeline.cache import FactCache, fingerprint
from kg.pipeline.mapstep import map_page
from kg.errors import OutputError
from kg.ingest import read_page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402


def write(folder: Path, indices) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in indices:
        name, text, _ = make_corpus.page(i)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("first,added,jobs", [(4, 2, 1), (5, 1, 2)])
def test_cached_rebuild_after_adding_pages_is_byte_identical_to_a_clean_build(tmp_path, first, added, jobs):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    write(pages, range(first))
    warm = kg.build([pages], out=tmp_path / "warm", html=False, validate=False, cache=cache, jobs=jobs)
    assert warm.cache_hits == 0
    write(pages, range(first, first + added))
    again = kg.build([pages], out=tmp_path / "again", html=False, validate=False, cache=cache, jobs=jobs)
    clean = kg.build([pages], out=tmp_path / "clean", html=False, validate=False, jobs=jobs)
    assert again.cache_hits == first
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()
    same = [line for line in again.summary().splitlines()[:-1] if not line.startswith("cache: ")]
    assert same == clean.summary().splitlines()[:-1]  # all but seconds and the cache's own line


def test_a_changed_page_is_not_served_from_the_cache(tmp_path):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    write(pages, range(2))
    kg.build([pages], html=False, validate=False, cache=cache)
    victim = sorted(pages.iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("园区", "园区。", 1), encoding="utf-8")
    again = kg.build([pages], out=tmp_path / "a", html=False, validate=False, cache=cache)
    clean = kg.build([pages], out=tmp_path / "c", html=False, validate=False)
    assert again.cache_hits == 1
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "c" / "graph.ttl").read_bytes()


@pytest.mark.parametrize("put_fp,get_fp,hit", [("aaaa", "aaaa", True), ("aaaa", "bbbb", False)])
def test_entries_are_keyed_by_code_fingerprint(tmp_path, put_fp, get_fp, hit):
    write(tmp_path / "p", [0])
    page = read_page(next((tmp_path / "p").iterdir()))
    with FactCache(tmp_path / "cache", fp=put_fp) as c:
        c.put(page, map_page(page))
    with FactCache(tmp_path / "cache", fp=get_fp) as c:
        got = c.get(page)
    assert (got is not None) == hit
    if hit:
        assert got == map_page(page)


def test_fingerprint_is_stable_and_hex():
    assert fingerprint() == fingerprint() and len(fingerprint()) == 16 and int(fingerprint(), 16) >= 0


def test_an_unusable_cache_folder_is_a_user_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="--cache"):
        FactCache(blocker / "cache")


def test_the_fingerprint_covers_every_kg_file_the_map_step_runs(tmp_path):
    """A cached entry is only as fresh as the code that made it: trace one page's map step and check the sources."""
    from kg.pipeline.cache import MAP_SOURCES

    write(tmp_path, [3])  # a traditional-script page: every normalizer runs
    page = read_page(next(tmp_path.iterdir()))
    package = ROOT / "kg"
    ran: set[str] = set()

    def tracer(frame, event, arg):
        if event == "call":
            ran.add(frame.f_code.co_filename)

    map_page(page)  # imports done: only what runs per page is traced
    sys.setprofile(tracer)
    try:
        map_page(page)
    finally:
        sys.setprofile(None)
    ran_kg = {Path(f).resolve().relative_to(package.resolve()) for f in ran
              if Path(f).resolve().is_relative_to(package.resolve())}
    uncovered = sorted(str(rel) for rel in ran_kg if not any(str(rel) == s or str(rel).startswith(s + "/")
                                                              for s in MAP_SOURCES))
    assert ran_kg and not uncovered, f"add these to kg.pipeline.cache.MAP_SOURCES: {uncovered}"


def test_a_fully_cached_rebuild_never_loads_the_extractors(tmp_path):
    """jieba and cn2an take about a second to import: a rebuild with nothing new must not pay it."""
    import subprocess

    write(tmp_path / "pages", range(2))
    code = ("import sys, kg\n"
            f"r = kg.build([{str(tmp_path / 'pages')!r}], html=False, validate=False, cache={str(tmp_path / 'c')!r}, jobs=2)\n"
            "print(r.cache_hits, 'jieba' in sys.modules, 'cn2an' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert first.stdout.split()[:2] == ["0", "True"]  # (cn2an loads only for pages with Chinese numerals)
    assert again.stdout.split() == ["2", "False", "False"]
