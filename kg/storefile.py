"""The build's pyoxigraph store (``OUT/store/``): queries without parsing Turtle again.

Why: parsing ``graph.ttl`` is most of a ``kg query`` on a large graph (73 % of
18 s at 4.4M triples) and every ``kg serve`` start. ``kg build`` therefore
also bulk-loads the graph into an on-disk pyoxigraph store, which opens in
milliseconds and which several query workers can open read-only at once.

The store is used only while it matches the graph: ``store/kg-store.json``
records the size and modification time of the Turtle file it was loaded from
(a rename keeps both), so a graph rewritten by any later build, or by hand,
makes the store stale and the commands read the Turtle file instead.

The store is built in a temp folder inside ``OUT`` and swapped in by renames
under the build's lock; a killed build's leftovers are swept at the next start
(:func:`kg.outlock.remove_stale_temps`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

STORE_DIR = "store"
MARKER = "kg-store.json"
STORE_VERSION = 1


def _signature(path: Path) -> dict:
    st = os.stat(path)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def write_store(ttl: Path, out_dir: Path, published_as: str = "graph.ttl") -> Path:
    """Bulk-load ``ttl`` into ``out_dir/store`` (replacing the old one); the marker names ``published_as``."""
    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", suffix=".tmp", dir=out_dir))
    try:
        store = ox.Store(str(tmp / "db"))
        store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        store.flush()
        del store
        marker = {"version": STORE_VERSION, "graph": published_as, **_signature(ttl)}
        (tmp / MARKER).write_text(json.dumps(marker), encoding="utf-8")
        target = out_dir / STORE_DIR
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", suffix=".tmp", dir=out_dir))
            os.replace(target, old / "x")
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def fresh_store(graph: str | os.PathLike) -> Path | None:
    """The store folder (``…/store/db``) that matches ``graph``, or None when there is none or it is stale."""
    graph = Path(graph)
    folder = graph.parent / STORE_DIR
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        fresh = (marker.get("version") == STORE_VERSION and marker.get("graph") == graph.name
                 and {k: marker.get(k) for k in ("size", "mtime_ns")} == _signature(graph))
    except (OSError, ValueError, AttributeError):
        return None
    return folder / "db" if fresh and (folder / "db").is_dir() else None


def remove_store(out_dir: Path) -> None:
    """Drop a store that no longer matches (e.g. a build with --no-store)."""
    with contextlib.suppress(OSError):
        shutil.rmtree(out_dir / STORE_DIR)
