"""`kg build --ner fool`: a clean error without the model; with it, the tagger's enterprises in the graph.

Names are invented; the second test skips when the foolnltk package is not
installed beside this Python.
"""

from __future__ import annotations

import pytest

from kg.cli import main
from kg.ner import fool, use

PAGE = "临江高新区动态\n发布日期：2023-05-06\n据悉，蓝汐能源近日完成新一轮融资，并将在临江高新区建设总部。\n"


@pytest.fixture(autouse=True)
def tagger_off_afterwards():
    yield
    use(None)
    fool.load.cache_clear()


def test_without_the_model_the_build_says_how_to_install_it(capsys, write_pages, tmp_path, monkeypatch):
    monkeypatch.setattr(fool, "model_dir", lambda: None)
    fool.load.cache_clear()
    code = main(["build", str(write_pages({"a.txt": PAGE})), "--out", str(tmp_path / "o"), "--ner", "fool", "--no-html"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "foolnltk NER model" in err and "pip install --no-deps foolnltk" in err
    assert not (tmp_path / "o" / "graph.ttl").exists()


@pytest.mark.skipif(not fool.available(), reason="the foolnltk model is not installed (pip install --no-deps foolnltk)")
def test_with_the_model_its_enterprises_reach_the_graph(capsys, write_pages, tmp_path):
    pages = write_pages({"a.txt": PAGE})
    for out, flags in (("plain", []), ("ner", ["--ner", "fool"])):
        assert main(["build", str(pages), "--out", str(tmp_path / out), "--no-html", *flags]) == 0, capsys.readouterr().err
    label = 'rdfs:label "蓝汐能源"@'
    assert label not in (tmp_path / "plain" / "graph.ttl").read_text(encoding="utf-8")
    assert label in (tmp_path / "ner" / "graph.ttl").read_text(encoding="utf-8")
