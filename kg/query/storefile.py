"""The build's pyoxigraph store (``OUT/store/``): queries without parsing Turtle again.

Why: parsing ``graph.ttl`` is most of a ``kg query`` on a large graph (73 % of
18 s at 4.4M triples) and every ``kg serve`` start. ``kg build`` therefore
also bulk-loads the graph into an on-disk pyoxigraph store, which opens in
milliseconds and which several query workers can open read-only at once.

The store is used only while it matches the graph: ``store/kg-store.json``
records the size and modification time of the Turtle file it was loaded from
(a rename keeps both), so a graph rewritten by any later build, or by hand,
makes the store stale and the commands read the Turtle file instead.

The store is built in a new generation folder inside ``OUT`` and published
with the build's other outputs, all at once (see :func:`write_store`); a
killed build's leftovers are swept at the next build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..storage.generations import publish_generation, remove_published

STORE_DIR = "store"
MARKER = "kg-store.json"
STORE_VERSION = 1


def _signature(path: Path) -> dict:
    st = os.stat(path)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def write_store(ttl: Path, out_dir: Path, published_as: str = "graph.ttl", ntriples: bytes | Path | None = None) -> Path:
    """Bulk-load ``ttl`` into a new store generation; ``OUT/store`` points at it once the build's batch commits.

    ``OUT/store`` is a relative symlink to ``OUT/.store-GEN.d``: the link is
    replaced by one rename together with the other outputs
    (:func:`kg.export.rdf.atomic_batch`), so an interrupted build keeps the
    previous store as it keeps the previous graph. Generations no link names
    are removed by :func:`kg.storage.generations.sweep_generations` after the commit. ``ntriples`` (bytes or a
    file) is the same graph as N-Triples, which loads without parsing the
    Turtle again (the build's sorted graph).
    """
    import pyoxigraph as ox

    from ..export.rdf import place_pending

    def fill(gen: Path) -> None:
        store = ox.Store(str(gen / "db"))
        if ntriples is None:
            store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        elif isinstance(ntriples, Path):  # lenient: lines the assembler wrote from validated terms
            store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        elif ntriples:
            store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        store.flush()
        # The bulk loader leaves many overlapping files per index; a query then probes each of them
        # on every lookup. One compaction makes index lookups 3-5x faster at 4M triples, for about
        # 4 % of a 20k-page build (docs/performance.md, issue 17).
        store.optimize()
        del store
        marker = {"version": STORE_VERSION, "graph": published_as, **_signature(ttl)}
        (gen / MARKER).write_text(json.dumps(marker), encoding="utf-8")

    return publish_generation(out_dir, STORE_DIR, fill, place_pending)


def publish_store(out_dir: Path, outputs: list[Path], wanted: bool, ntriples: bytes | Path | None = None) -> None:
    """The store of the build's Turtle output (still pending in its batch), or no store at all.

    ``ntriples``: the same graph as N-Triples (bytes or file), loaded instead of the Turtle file.
    """
    from ..export.rdf import pending_file

    ttl = out_dir / "graph.ttl"
    if wanted and ttl in outputs:
        write_store(pending_file(ttl), out_dir, ntriples=ntriples)
    else:
        remove_store(out_dir)  # it would describe an earlier graph


def fresh_store(graph: str | os.PathLike) -> Path | None:
    """The store folder (``…/store/db``) that matches ``graph``, or None when there is none or it is stale.

    Callers resolve it once per command (:func:`kg.query.queryout.answer_bytes`) and pass the
    answer on, to the answer cache and to the store they open.
    """
    graph = Path(graph)
    try:
        sig = _signature(graph)
    except OSError:
        return None
    folder = graph.parent / STORE_DIR
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        fresh = (marker.get("version") == STORE_VERSION and marker.get("graph") == graph.name
                 and {k: marker.get(k) for k in ("size", "mtime_ns")} == sig)
    except (OSError, ValueError, AttributeError):
        fresh = False
    return folder / "db" if fresh and (folder / "db").is_dir() else None


def remove_store(out_dir: Path) -> None:
    """Drop a store that no longer matches (e.g. a build with --no-store)."""
    remove_published(out_dir, STORE_DIR)
