"""Rows 4 and 12: builds clean up after themselves on every signal, and leave no stale outputs.

* SIGKILL of an incremental ``--cache -j 2`` build: its children die with it, the
  caller's stdout pipe reaches EOF, and the next build into the same folder runs
  (it used to exit 5, the lock held by an orphaned early worker).
* Temp files of a build live in ``OUT/.kg-tmp`` (never ``TMPDIR``) and whatever a
  killed build left there, or in ``OUT``, is swept by the next build.
* A build that writes fewer formats removes the stale ones and says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from kg.pipeline import reduce as pipeline

from .conftest import GOOD_PAGE, variant

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _pages(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        (folder / f"p{i:03}.txt").write_text(variant(i), encoding="utf-8")
    return folder


def test_sigkill_of_an_incremental_parallel_build_leaves_no_orphan(tmp_path):
    pages, out, cache = _pages(tmp_path / "pages", 6), tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "kg", "build", str(pages), "--out", str(out), "--cache", str(cache), "-j", "2",
            "--no-html", "--no-validate", "--no-store", "-q"]
    subprocess.run(argv, check=True, env=env, timeout=300)
    _pages(pages, 2, start=50)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline and not children and proc.poll() is None:
        children = _children(proc.pid)
        time.sleep(0.02)
    if not children:
        proc.wait(timeout=300)
        pytest.skip("the build ended before it forked a child (machine too fast to catch it)")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(2.0)
    orphans = [c for c in children if _alive(c)]
    for c in orphans:
        os.kill(c, signal.SIGKILL)  # do not leave them to the rest of the suite
    assert not orphans, f"children outlived the killed build: {orphans}"
    assert proc.stdout.read() == b""  # EOF: nobody holds the caller's pipe any more
    again = subprocess.run(argv, env=env, timeout=300, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_temp_files_live_in_out_and_are_swept(tmp_path, monkeypatch):
    pages, out = _pages(tmp_path / "pages", 2), tmp_path / "out"
    (out / ".kg-tmp" / "kg-statements-dead").mkdir(parents=True)
    (out / ".kg-tmp" / "kg-statements-dead" / "items").write_bytes(b"x" * 100_000)
    (out / ".graph.ttl.ab12cd34.tmp").write_bytes(b"half a graph")
    (out / ".store.ab12cd34.tmp").mkdir()
    seen = []
    real = pipeline.Assembler

    def spy(*args, **kwargs):
        asm = real(*args, **kwargs)
        seen.append(asm.tmpdir)
        return asm

    monkeypatch.setattr(pipeline, "Assembler", spy)
    kg.build([pages], out=out, html=False, validate=False)
    assert seen == [str(out / ".kg-tmp")]
    assert not (out / ".kg-tmp" / "kg-statements-dead").exists()
    assert not (out / ".graph.ttl.ab12cd34.tmp").exists() and not (out / ".store.ab12cd34.tmp").exists()


def test_fewer_formats_remove_the_stale_ones(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", tmp_path / "a.txt", "--out", out, "--format", "ttl,nt,jsonld", "-q").code == 0
    assert (out / "graph.nt").is_file() and (out / "graph.jsonld").is_file()
    run = run_cli("build", tmp_path / "a.txt", "--out", out, "--format", "ttl")
    assert run.code == 0
    assert not (out / "graph.nt").exists() and not (out / "graph.jsonld").exists()
    assert f"removed {out / 'graph.nt'}" in run.out and f"removed {out / 'graph.jsonld'}" in run.out


@pytest.mark.parametrize("how", ["sigterm-parent", "ctrl-c-group"])
def test_signals_during_a_parallel_build_end_it_promptly_and_quietly(tmp_path, how):
    pages, out = _pages(tmp_path / "pages", 40), tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "kg", "build", str(pages), "--out", str(out), "-j", "2", "--no-html",
            "--no-validate", "-q"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_children(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the build ended before its pool started")
    children = _children(proc.pid)
    if how == "sigterm-parent":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the parent kept waiting on its pool after the signal")
    assert proc.returncode == 130, err.decode()[-500:]
    assert err.decode().count("Traceback") == 0, err.decode()[-1500:]
    time.sleep(1.0)
    assert not [c for c in children if _alive(c)]
