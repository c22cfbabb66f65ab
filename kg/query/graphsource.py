"""Where a command reads its graph from: a graph file, a build folder, or ``-`` (standard input).

Why one function: ``kg stats`` and ``kg export`` took a build folder while
``kg query`` and ``kg validate`` did not, and none read a pipe. Every command
that reads a graph now goes through :func:`graph_file`, so they all accept the
same three spellings.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import InputError

#: Graph files a build folder may hold, in the order they are preferred.
BUILD_FILES = ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld")


def graph_file(spec: str | os.PathLike) -> Path:
    """The graph file ``spec`` names: itself, the graph of a build folder, or stdin saved to a temp file."""
    if str(spec) == "-":
        return _from_stdin()
    path = Path(spec)
    if path.is_dir():
        for name in BUILD_FILES:
            if (path / name).is_file():
                return path / name
        raise InputError("the folder holds no graph file (" + ", ".join(BUILD_FILES) + ")", where=str(path),
                         fix=f"build one first: kg build PAGES --out {path}")
    if not path.is_file():
        raise InputError("graph file not found", where=str(path),
                         fix="build one first: kg build seeds --out out, then pass out (or out/graph.ttl)")
    return path


_STDIN: dict[str, Path] = {}


def _from_stdin() -> Path:
    """Standard input in a temp file (read once per process); Turtle, N-Triples or JSON-LD by its first byte."""
    if "path" in _STDIN:
        return _STDIN["path"]
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise InputError("standard input is empty", where="-", fix="pipe a graph in, e.g. `cat out/graph.ttl | kg query - …`")
    suffix = ".jsonld" if data.lstrip()[:1] in (b"{", b"[") else ".ttl"
    folder = Path(tempfile.mkdtemp(prefix="kg-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / f"stdin{suffix}"
    path.write_bytes(data)
    _STDIN["path"] = path
    return path
