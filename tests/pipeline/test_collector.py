"""kg.pipeline.collector: a build's collector settings apply inside and are undone after, even on errors."""

from __future__ import annotations

import gc
from contextlib import nullcontext

import pytest

from kg.pipeline.collector import YOUNG_THRESHOLD, fewer_collections


class Boom(Exception):
    pass


@pytest.mark.parametrize("fails", [False, True], ids=["returns", "raises"])
def test_settings_inside_and_restored_after(fails):
    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    kept = [object()]  # something alive when the build starts: frozen inside
    with pytest.raises(Boom) if fails else nullcontext():
        with fewer_collections():
            assert gc.get_threshold()[0] == max(YOUNG_THRESHOLD, before[0])
            assert gc.get_threshold()[1:] == before[1:]
            assert gc.get_freeze_count() > frozen_before
            if fails:
                raise Boom
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before
    assert kept


def test_a_callers_own_freeze_is_left_to_it():
    """A caller that froze objects itself keeps them frozen after the build (no unfreeze of theirs)."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with fewer_collections():
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_freeze_count() > frozen // 2  # still frozen (a few may have died meanwhile)
    finally:
        gc.unfreeze()


def test_a_build_runs_with_the_raised_threshold(tmp_path, monkeypatch):
    """The orchestrator's reduce runs inside the settings (seen from inside the reduce)."""
    from kg.pipeline import orchestrator

    before = gc.get_threshold()
    seen = []
    real = orchestrator._reduce

    def spy(run, progress):
        seen.append(gc.get_threshold()[0])
        return real(run, progress)

    monkeypatch.setattr(orchestrator, "_reduce", spy)
    page = tmp_path / "in" / "p.txt"
    page.parent.mkdir()
    page.write_text("示例园区新闻标题\n\n示例高新区今年实现产值10亿元，同比增长5%。\n", encoding="utf-8")
    orchestrator.build([page.parent], tmp_path / "out", html=False, validate=False, store=False, jobs=1, ner="none")
    assert seen and seen[0] >= YOUNG_THRESHOLD
    assert gc.get_threshold() == before


def test_nested_builds_restore_when_the_last_one_ends():
    """Two builds at once (threads of one process): the first one out must not restore under the second."""
    before = gc.get_threshold()
    outer = fewer_collections()
    outer.__enter__()
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
    assert gc.get_threshold()[0] >= YOUNG_THRESHOLD  # the outer build still runs
    outer.__exit__(None, None, None)
    assert gc.get_threshold() == before
