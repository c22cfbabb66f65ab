"""rapper (Raptor, a second independent RDF parser) accepts every serialization of a build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import need

MINI = Path(__file__).resolve().parents[2] / "fixtures" / "queries_mini.ttl"

# (build format, rapper input syntax name)
FORMATS = [("ttl", "turtle"), ("nt", "ntriples"), ("nq", "nquads"), ("trig", "trig")]


def rapper_count(path: Path, syntax: str) -> int:
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"rapper rejected {path.name}: {proc.stderr[-2000:]}"
    assert "Error" not in proc.stderr, proc.stderr[-2000:]
    line = [ln for ln in proc.stderr.splitlines() if "returned" in ln][-1]
    return int(line.split("returned")[1].split()[0])


@pytest.mark.parametrize("fmt,syntax", FORMATS)
def test_rapper_accepts_every_output_format(seeds_build, fmt, syntax):
    need("rapper")
    assert rapper_count(seeds_build.path(fmt), syntax) == len(seeds_build.result.triples)


def test_rapper_accepts_the_fixture():
    need("rapper")
    assert rapper_count(MINI, "turtle") > 100


@pytest.mark.parametrize("text", ["<a:b> <a:c> .", "<a:b> <a:c> \"x\"@ .", "<a b> <a:c> <a:d> ."])
def test_rapper_rejects_broken_turtle(tmp_path, text):
    need("rapper")
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 or "Error" in proc.stderr
