"""``kg report`` (package kg.analysis.reporting, so that ``kg.report`` stays the function): one offline HTML page per park.

Library first: :func:`report` returns one park's page (and writes it when
``out`` is given); :func:`report_all` writes a page per park and an index.
A park is named by its label or any alias, in simplified or traditional
script; an unknown name fails with the closest names the graph has.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from ...errors import InputError
from ...export.html import fold
from ...export.rdf import atomic_write_bytes
from ...normalize.script import to_simplified
from ...query.named import as_store
from .data import Park, parks, profile
from .page import index_page, render

__all__ = ["find_park", "graph_path", "report", "report_all"]

GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld")


def graph_path(path: str | os.PathLike) -> Path:
    """A graph file, or the graph file inside a build folder (``kg build --out``)."""
    p = Path(path)
    if p.is_dir():
        for name in GRAPH_FILES:
            if (p / name).is_file():
                return p / name
        raise InputError("the folder holds no graph file", where=str(p),
                         fix=f"pass a build folder with one of {', '.join(GRAPH_FILES)}, or the graph file itself")
    return p


def _key(name: str) -> str:
    return fold(to_simplified(name))


def find_park(candidates: list[Park], name: str) -> Park:
    """The park named ``name`` (label or alias, either script); else an error listing the closest names."""
    wanted = _key(name)
    names: dict[str, Park] = {}
    for park in candidates:  # most mentioned first: it wins a name two parks share
        for n in (park.label, *park.aliases):
            names.setdefault(_key(n), park)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.4)
    close += [k for k in names if wanted and (wanted in k or k in wanted) and k not in close]
    labels = list(dict.fromkeys(names[k].label for k in close))[:5]
    hint = f"closest: {', '.join(labels)}" if labels else "the graph has no park with a similar name"
    raise InputError(f"no park named '{name}' in the graph ({hint})",
                     fix="pass the label or an alias of a park in the graph; `kg query GRAPH most-mentioned` lists them")


def report(graph, park: str, out: str | os.PathLike | None = None) -> str:
    """The HTML page about ``park`` in ``graph`` (a graph file, build folder or store); written to ``out`` if given."""
    store = as_store(graph_path(graph)) if isinstance(graph, (str, os.PathLike)) else as_store(graph)
    html = render(profile(store, find_park(parks(store), park)))
    if out is not None:
        atomic_write_bytes(Path(out), html.encode("utf-8"))
    return html


def report_all(graph, out_dir: str | os.PathLike) -> list[Path]:
    """One page per park in ``out_dir`` plus ``index.html`` (listed last); returns the files written."""
    store = as_store(graph_path(graph)) if isinstance(graph, (str, os.PathLike)) else as_store(graph)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written, entries, taken = [], [], set()
    for park in parks(store):
        prof = profile(store, park)
        name = file_name(park.label, taken)
        atomic_write_bytes(folder / name, render(prof).encode("utf-8"))
        written.append(folder / name)
        entries.append((name, park.label, park.mentions, len(prof.figures)))
    atomic_write_bytes(folder / "index.html", index_page(entries).encode("utf-8"))
    return [*written, folder / "index.html"]


_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|#%&\s]+')


def file_name(label: str, taken: set[str]) -> str:
    """A file name from a park label, safe on every file system and unique in ``taken`` (which it extends)."""
    stem = _UNSAFE.sub("_", label).strip("._")[:80] or "park"
    stem = f"{stem}-park" if stem.lower() == "index" else stem
    name, n = f"{stem}.html", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.html"
    taken.add(name.lower())
    return name
