"""Nothing lost or half-written: interrupted, failed and concurrent builds keep the previous output.

The signal tests run a real build in a subprocess, pause it at a chosen point
(while extracting, while writing a temp file, just before the renames), send
SIGTERM, and check the previous graph is byte-identical and still parses.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import rdflib

from kg.errors import OutputError
from kg.export import rdf
from kg.pipeline.outlock import LOCK_NAME, locked_output, remove_stale_temps

from .conftest import GOOD_PAGE, variant

ROOT = Path(__file__).resolve().parents[2]

# Runs `kg build` with one function wrapped so that it prints READY and sleeps the first time it is called.
HARNESS = textwrap.dedent("""
    import importlib, sys, time
    module_name, attr = sys.argv[1].rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, attr)
    state = {"paused": False}
    def paused(*args, **kwargs):
        if not state["paused"]:
            state["paused"] = True
            print("READY", flush=True)
            time.sleep(60)
        return real(*args, **kwargs)
    setattr(module, attr, paused)
    from kg.cli import main
    sys.exit(main(sys.argv[2:]))
""")

# (phase, function paused in the child)
PAUSE_POINTS = [
    ("extract", "kg.pipeline.mapstep.documents_of"),  # the map step: the first call map_pages makes for each page
    ("temp-file-write", "os.fsync"),
    ("before-renames", "kg.export.rdf._Batch.commit"),
]


def _corpus(tmp_path: Path, n: int = 3) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"p{i}.txt").write_text(variant(i), encoding="utf-8")
    return folder


def _start_paused(target: str, argv: list[str]) -> subprocess.Popen:
    if target == "kg.export.rdf._Batch.commit":  # a method: wrap it on the class
        code = HARNESS.replace('module_name, attr = sys.argv[1].rsplit(".", 1)',
                               'module_name, attr = "kg.export.rdf", "_Batch"')
        code = code.replace("real = getattr(module, attr)", "real = module._Batch.commit")
        code = code.replace("setattr(module, attr, paused)", "module._Batch.commit = paused")
    else:
        code = HARNESS
    proc = subprocess.Popen([sys.executable, "-c", code, target, *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    assert ready and proc.stdout.readline().strip() == "READY", proc.stderr.read() if proc.poll() is not None else ""
    return proc


def _snapshot(out: Path) -> dict[str, object]:
    """Every entry of ``out`` but the lock: file bytes, link targets, and folders by name (the live store's
    generation folder, named by the ``store`` link, stands for its database)."""
    snap: dict[str, object] = {}
    for p in out.iterdir():
        if p.name in (LOCK_NAME, ".kg-tmp"):  # the lock, and the temp folder of a build still running
            continue
        snap[p.name] = ("->", os.readlink(p)) if p.is_symlink() else p.read_bytes() if p.is_file() else "folder"
    return snap


def _previous_build(tmp_path: Path, run_cli) -> tuple[Path, dict[str, object]]:
    out = tmp_path / "out"
    first = tmp_path / "first"
    first.mkdir()
    (first / "one.txt").write_text(GOOD_PAGE, encoding="utf-8")
    assert run_cli("build", first, "--out", out).code == 0
    return out, _snapshot(out)


@pytest.mark.parametrize("phase,target", PAUSE_POINTS, ids=[p[0] for p in PAUSE_POINTS])
def test_sigterm_mid_build_keeps_previous_output(phase, target, tmp_path, run_cli):
    out, before = _previous_build(tmp_path, run_cli)
    corpus = _corpus(tmp_path)
    # --jobs 1: the patched pause point must run in this process, not in a forked worker
    # that would hold the pipes open while it sleeps (worker shutdown is covered by test_parallel)
    proc = _start_paused(target, ["build", str(corpus), "--out", str(out), "--format", "ttl,nt", "--jobs", "1"])
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    after = _snapshot(out)
    assert after == before  # same files, same bytes, no temp files, no graph.nt from the dead build
    rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    # the lock died with the process: the next build goes through
    assert run_cli("build", corpus, "--out", out, "--no-html").code == 0


def test_second_build_into_the_same_out_is_refused(tmp_path, run_cli):
    out, before = _previous_build(tmp_path, run_cli)
    corpus = _corpus(tmp_path)
    proc = _start_paused("kg.pipeline.mapstep.documents_of", ["build", str(corpus), "--out", str(out), "--jobs", "1"])
    try:
        run = run_cli("build", corpus, "--out", out)
        assert run.code == 5
        assert "another build is writing to this output folder" in run.err
        assert f"(held by process {proc.pid})" in run.err and "Traceback" not in run.err
        assert _snapshot(out) == before
    finally:
        proc.kill()
        proc.wait()


def test_lock_is_per_folder_and_released_on_exit(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    with locked_output(a):
        with locked_output(b):  # another folder: no conflict
            pass
        with pytest.raises(OutputError, match="another build"):
            with locked_output(a):
                pass
    with locked_output(a):  # released
        pass


def test_failed_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rdf.os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left on device"):
        rdf.atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError, OutputError], ids=lambda e: e.__name__)
def test_batch_renames_nothing_when_the_block_fails(error, tmp_path):
    (tmp_path / "graph.ttl").write_bytes(b"old ttl")
    with pytest.raises(error):
        with rdf.atomic_batch():
            rdf.atomic_write_bytes(tmp_path / "graph.ttl", b"new ttl")
            rdf.atomic_write_bytes(tmp_path / "graph.html", b"new html")
            assert (tmp_path / "graph.ttl").read_bytes() == b"old ttl"  # nothing renamed yet
            raise error("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
    assert (tmp_path / "graph.ttl").read_bytes() == b"old ttl"


def test_batch_renames_everything_together_on_success(tmp_path):
    with rdf.atomic_batch():
        with rdf.atomic_batch():  # nested batches hand their files to the outer one
            rdf.atomic_write_bytes(tmp_path / "graph.ttl", b"one")
        rdf.atomic_write_bytes(tmp_path / "graph.ttl", b"two")  # rewritten: the last write wins
        rdf.atomic_write_bytes(tmp_path / "graph.html", b"page")
        assert list(tmp_path.iterdir()) and not (tmp_path / "graph.ttl").exists()
    assert (tmp_path / "graph.ttl").read_bytes() == b"two"
    assert (tmp_path / "graph.html").read_bytes() == b"page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]
    assert oct((tmp_path / "graph.ttl").stat().st_mode & 0o777) == "0o644"


def test_temp_files_of_a_killed_build_are_removed_under_the_lock(tmp_path):
    (tmp_path / ".graph.ttl.ab_c1234.tmp").write_bytes(b"half")
    (tmp_path / ".notes.txt").write_bytes(b"someone else's")
    (tmp_path / "graph.ttl").write_bytes(b"ok")
    assert [p.name for p in remove_stale_temps(tmp_path)] == [".graph.ttl.ab_c1234.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.txt", "graph.ttl"]


def test_unwritable_out_is_an_output_error(tmp_path, run_cli, monkeypatch):
    corpus = _corpus(tmp_path, 1)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(rdf.tempfile, "mkstemp", refuse)
    run = run_cli("build", corpus, "--out", tmp_path / "out")
    assert run.code == 5 and "cannot write the output file (Permission denied)" in run.err
    assert "Traceback" not in run.err


def test_ctrl_c_with_worker_processes_is_one_clean_message(tmp_path, run_cli):
    """Ctrl-C reaches the whole process group of a --jobs 2 build: one message, old output kept, no process left.

    (That workers ignore SIGINT themselves is checked in tests/pipeline/test_parallel.py.)
    """
    out, before = _previous_build(tmp_path, run_cli)
    corpus = _corpus(tmp_path, 6)
    argv = ["build", str(corpus), "--out", str(out), "--jobs", "2"]
    # paused in the parent, after the pool has started and sent back its first results
    proc = subprocess.Popen([sys.executable, "-c", HARNESS, "kg.pipeline.reduce.reduce_document", *argv], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    assert ready and proc.stdout.readline().strip() == "READY"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert _snapshot(out) == before
    with pytest.raises(ProcessLookupError):  # no worker outlived the build
        os.killpg(proc.pid, 0)
