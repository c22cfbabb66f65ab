"""`kg build --ner`: auto by default (fool when installed, else rules only); a clean error for
``--ner fool`` without the model; with it, the tagger's enterprises in the graph.

Names are invented; the second test skips when the foolnltk package is not
installed beside this Python.
"""

from __future__ import annotations

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.ner import fool, modelfiles, resolve, use

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


@pytest.mark.skipif(not modelfiles.available(), reason="the foolnltk model is not installed (pip install --no-deps foolnltk)")
def test_with_the_model_its_enterprises_reach_the_graph(capsys, write_pages, tmp_path):
    pages = write_pages({"a.txt": PAGE})
    for out, flags in (("plain", ["--ner", "none"]), ("ner", ["--ner", "fool"])):
        assert main(["build", str(pages), "--out", str(tmp_path / out), "--no-html", *flags]) == 0, capsys.readouterr().err
    label = 'rdfs:label "蓝汐能源"@'
    assert label not in (tmp_path / "plain" / "graph.ttl").read_text(encoding="utf-8")
    assert label in (tmp_path / "ner" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize(("choice", "installed", "expected"), [
    ("auto", True, "fool"),
    ("auto", False, None),
    ("fool", True, "fool"),
    ("fool", False, "fool"),  # asked for by name: use() then fails with the install hint
    ("none", True, None),
    (None, True, None),
])
def test_a_choice_resolves_to_the_tagger_it_means(monkeypatch, tmp_path, choice, installed, expected):
    monkeypatch.setattr(modelfiles, "model_dir", lambda: tmp_path if installed else None)
    assert resolve(choice) == expected


def test_the_default_build_without_the_model_is_rules_only_and_says_so(capsys, write_pages, tmp_path, monkeypatch):
    monkeypatch.setattr(modelfiles, "model_dir", lambda: None)
    assert main(["build", str(write_pages({"a.txt": PAGE})), "--out", str(tmp_path / "o"), "--no-html"]) == 0
    assert "enterprise tagger: none (rules only)" in capsys.readouterr().out


@pytest.mark.skipif(not modelfiles.available(), reason="the foolnltk model is not installed (pip install --no-deps foolnltk)")
def test_the_default_build_uses_the_installed_model(capsys, write_pages, tmp_path):
    pages = write_pages({"a.txt": PAGE})
    assert main(["build", str(pages), "--out", str(tmp_path / "auto"), "--no-html"]) == 0
    assert "enterprise tagger: fool" in capsys.readouterr().out
    assert main(["build", str(pages), "--out", str(tmp_path / "fool"), "--no-html", "--ner", "fool"]) == 0
    assert (tmp_path / "auto" / "graph.ttl").read_bytes() == (tmp_path / "fool" / "graph.ttl").read_bytes()
