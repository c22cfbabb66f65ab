"""Rows 8 and 10: the cache holds data, not code, and one build uses it at a time.

* A planted pickle (``reduce/state.pkl``, which unpickling would run) is never
  read: the build goes on cold and says why; no marker file appears.
* Damaged or foreign cache files and entries are rejected with a message, and
  the build's output equals a cold build's, byte for byte.
* A second build on a busy cache fails at once with a clear message (exit 5),
  never a ``sqlite3.OperationalError`` traceback.
* A cached rebuild says how many pages it reused and mapped.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from kg.pipeline import datacodec
from kg.pipeline.cache import FactCache, fingerprint
from kg.errors import OutputError

from .conftest import GOOD_PAGE, variant


class _Planted:
    """Unpickling this creates the marker file: proof that the cache ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.txt").write_text(variant(i) if i else GOOD_PAGE, encoding="utf-8")
    return folder


def _build(run_cli, corpus, out, cache, *extra):
    return run_cli("build", corpus, "--out", out, "--cache", cache, "--no-validate", "--no-html", "-j", "1", *extra)


def _damage_state(cache: Path, marker: Path) -> None:
    (cache / "reduce").mkdir(parents=True, exist_ok=True)
    for name in ("state.pkl", "state.json"):
        (cache / "reduce" / name).unlink(missing_ok=True)
    (cache / "reduce" / "state.pkl").write_bytes(pickle.dumps(_Planted(str(marker))))


def _foreign_state(cache: Path, marker: Path) -> None:
    (cache / "reduce").mkdir(parents=True, exist_ok=True)
    (cache / "reduce" / "state.json").write_bytes(b'{"format": "parkkg-data", "version": 1, "data": ["o", "os:system"]}')


def _damage_facts(cache: Path, marker: Path) -> None:
    path = cache / f"facts-{fingerprint()}.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE facts SET data = ?", (pickle.dumps(_Planted(str(marker))),))


def _garbage_facts_file(cache: Path, marker: Path) -> None:
    path = cache / f"facts-{fingerprint()}.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)


# (case, how the cache is damaged, words of the message)
DAMAGE = [("planted-pickle-state", _damage_state, "older parkkg (pickle"),
          ("foreign-json-state", _foreign_state, "rejected"),
          ("pickled-fact-entries", _damage_facts, "damaged cache entries"),
          ("garbage-fact-file", _garbage_facts_file, "was damaged")]


@pytest.mark.parametrize("case,damage,words", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damaged_cache_is_rejected_and_the_build_goes_on_cold(tmp_path, corpus, run_cli, case, damage, words):
    cache, marker = tmp_path / "cache", tmp_path / "RAN-CODE"
    cold = tmp_path / "cold"
    assert run_cli("build", corpus, "--out", cold, "--no-validate", "--no-html", "-j", "1", "-q").code == 0
    assert _build(run_cli, corpus, tmp_path / "o1", cache, "-q").code == 0
    damage(cache, marker)
    run = _build(run_cli, corpus, tmp_path / "o2", cache)
    assert run.code == 0, run.err
    assert not marker.exists(), "the cache ran code"
    assert words in run.out, run.out
    assert (tmp_path / "o2" / "graph.ttl").read_bytes() == (cold / "graph.ttl").read_bytes()


def test_codec_refuses_unknown_types():
    with pytest.raises(datacodec.CorruptData):
        datacodec.loads(b'{"format": "parkkg-data", "version": 1, "data": ["o", "Popen", "args", "x"]}')
    with pytest.raises(datacodec.CorruptData):
        datacodec.loads(pickle.dumps({"a": 1}))
    with pytest.raises(datacodec.CorruptData):
        datacodec.loads(b'{"format": "parkkg-data", "version": 99, "data": 1}')


def test_a_busy_cache_gives_a_clear_message(tmp_path, corpus, run_cli):
    cache = tmp_path / "cache"
    holder = FactCache(cache)  # another build holds the cache
    try:
        run = _build(run_cli, corpus, tmp_path / "out", cache)
    finally:
        holder.close()
    assert run.code == OutputError.exit_code
    assert "another build is using this cache" in run.err and f"process {os.getpid()}" in run.err
    assert "Traceback" not in run.err and "OperationalError" not in run.err
    assert _build(run_cli, corpus, tmp_path / "out", cache, "-q").code == 0  # free again


def test_cached_builds_report_pages_reused_and_mapped(tmp_path, corpus, run_cli):
    cache = tmp_path / "cache"
    first = _build(run_cli, corpus, tmp_path / "o1", cache)
    assert "cache: 0 page(s) reused, 3 mapped" in first.out
    (corpus / "new.txt").write_text(variant(9), encoding="utf-8")
    again = _build(run_cli, corpus, tmp_path / "o2", cache)
    assert "cache: 3 page(s) reused, 1 mapped" in again.out, again.out
