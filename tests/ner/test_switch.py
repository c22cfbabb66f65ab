"""kg.ner.use / active: the process-wide switch, its early model load, and its place in the cache fingerprint."""

from __future__ import annotations

import pytest

from kg.ner import active, fool, use
from kg.pipeline.cache import fingerprint


@pytest.fixture
def loads(monkeypatch):
    calls = []
    monkeypatch.setattr(fool, "load", lambda: calls.append("load"))
    yield calls
    use(None)


def test_turning_the_tagger_on_loads_it_and_changes_the_fingerprint(loads):
    use(None)
    off = fingerprint()
    use("fool")
    assert active() == "fool" and loads == ["load"]
    assert fingerprint() != off
    use(None)
    assert active() is None and fingerprint() == off


def test_a_missing_model_fails_when_turned_on_and_leaves_it_off(monkeypatch):
    def missing():
        raise fool.ModelMissing()

    monkeypatch.setattr(fool, "load", missing)
    with pytest.raises(fool.ModelMissing):
        use("fool")
    assert active() is None
