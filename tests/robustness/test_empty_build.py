"""Row 1: a build whose inputs give no page never replaces good outputs.

Each case first builds a good page into ``out/``, then builds the bad input into
the same folder: the exit code is 8 (``EmptyBuild``), the message says why, and
``graph.ttl``/``graph.html`` are byte-identical afterwards. ``--allow-empty``
writes the empty graph on request. Folder walks list every entry they pass over.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import EmptyBuild

from .conftest import GOOD_LABEL, GOOD_PAGE


def _empty_file(root: Path) -> Path:
    (root / "empty.txt").write_bytes(b"")
    return root / "empty.txt"


def _unreadable_folder(root: Path) -> Path:
    folder = root / "junk"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01binary")
    (folder / "b.txt").write_bytes(b"   \n")
    return folder


def _empty_folder(root: Path) -> Path:
    (root / "nothing").mkdir()
    return root / "nothing"


EMPTY = [("empty-file", _empty_file, "empty or whitespace-only"),
         ("unreadable-folder", _unreadable_folder, "binary file"),
         ("empty-folder", _empty_folder, "no page")]


@pytest.fixture
def good_out(tmp_path: Path, run_cli) -> Path:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", tmp_path / "good.txt", "--out", out, "-q", "--no-validate").code == 0
    return out


@pytest.mark.parametrize("case,make,words", EMPTY, ids=[c[0] for c in EMPTY])
def test_empty_inputs_keep_previous_outputs(tmp_path, good_out, run_cli, case, make, words):
    before = {p.name: p.read_bytes() for p in good_out.glob("graph.*")}
    assert before["graph.ttl"] and GOOD_LABEL.split("@")[0] in before["graph.ttl"].decode()
    run = run_cli("build", make(tmp_path), "--out", good_out, "--no-validate")
    assert run.code == EmptyBuild.exit_code == 8
    assert "gave no page" in run.err and words in run.err and "Traceback" not in run.err
    assert {p.name: p.read_bytes() for p in good_out.glob("graph.*")} == before


def test_allow_empty_writes_the_empty_graph(tmp_path, good_out, run_cli):
    run = run_cli("build", _empty_file(tmp_path), "--out", good_out, "--allow-empty", "-q", "--no-validate")
    assert run.code == 0
    assert GOOD_LABEL.split("@")[0] not in (good_out / "graph.ttl").read_text(encoding="utf-8")


def test_html_pages_in_folders_are_read(tmp_path, run_cli):
    folder = tmp_path / "site"
    folder.mkdir()
    body = "".join(f"<p>{line}</p>\n" for line in GOOD_PAGE.splitlines())
    (folder / "page.html").write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    (folder / "other.htm").write_text(f"<html><body><div>{body}</div></body></html>".replace("星河", "银湖"),
                                      encoding="utf-8")
    run = run_cli("build", folder, "--out", tmp_path / "out", "--strict", "--no-validate")
    assert run.code == 0, run.err
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert '"星河高新区"@zh' in ttl.replace("zh-Hans", "zh").replace("zh-hans", "zh")
    assert "pages: 2" in run.out


def test_walk_lists_every_entry_it_passes_over(tmp_path, run_cli):
    folder = tmp_path / "crawl"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "linked").symlink_to(folder / "sub")
    run = run_cli("build", folder, "--out", tmp_path / "out", "--no-validate")
    assert run.code == 0, run.err
    for name, words in [("report.pdf", "not a page (suffix .pdf"), (".hidden.txt", "hidden"),
                        ("linked", "symlinked folder")]:
        assert any(name in line and words in line for line in run.out.splitlines()), (name, run.out)
    assert run_cli("build", folder, "--out", tmp_path / "out2", "--strict", "--no-validate").code == 3
