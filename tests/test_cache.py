"""kg.cache: a rebuild with --cache after adding pages equals a clean build, and only new pages are mapped."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import kg
from kg.cache import FactCache, fingerprint
from kg.engines.facts import map_page
from kg.errors import OutputError
from kg.ingest import read_page

ROOT = Path(__file__).resolve().parents[1]
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
    assert again.summary().splitlines()[:-1] == clean.summary().splitlines()[:-1]  # all but seconds


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
        assert [ex.mentions for ex in got] == [ex.mentions for ex in map_page(page)]


def test_fingerprint_is_stable_and_hex():
    assert fingerprint() == fingerprint() and len(fingerprint()) == 16 and int(fingerprint(), 16) >= 0


def test_an_unusable_cache_folder_is_a_user_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="--cache"):
        FactCache(blocker / "cache")
