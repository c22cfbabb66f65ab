"""Answers kept with the build's store, so a repeated `kg query` does not evaluate again.

Why: on a 20k-page graph (4M triples) pyoxigraph needs 10 s to minutes for a
named query even from the store (opening it takes 0.1 s; the joins and
aggregates are the cost, measured in docs/performance.md), while analysts ask
the same named queries of a build again and again. The graph of a build never
changes, so an answer computed once stays right for as long as the store is
fresh: answers live in the store's generation folder (``OUT/store/answers/``),
which the next build replaces as a whole, so a rebuilt graph can never be
answered from an old file. Keyed by the query text after parameters are bound
and the output format. No store, a stale store, ``--allow-service`` (whose
answer depends on other endpoints) or a query calling NOW(), RAND(), UUID(),
STRUUID() or BNODE() (:func:`kg.query.sparqlguard.deterministic`): no caching.
A folder that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

ANSWERS_DIR = "answers"
#: Bump when the bytes an answer is serialized to change for the same query and format.
ANSWER_VERSION = 1


def answers_folder(store_db: Path | None) -> Path | None:
    """``OUT/store/answers`` for a fresh store folder (``…/store/db``, :func:`kg.query.storefile.fresh_store`)."""
    return store_db.parent / ANSWERS_DIR if store_db is not None else None


def answer_key(sparql: str, fmt: str) -> str:
    return hashlib.sha256(f"{ANSWER_VERSION}\0{fmt}\0{sparql}".encode("utf-8")).hexdigest()


def cached(store_db: Path | None, sparql: str, fmt: str, compute: Callable[[], bytes]) -> bytes:
    """The answer from the answer folder of the fresh store ``store_db``, or ``compute()`` kept there for next time.

    Nothing is kept without a fresh store or for a query whose answer changes between runs.
    """
    from .sparqlguard import deterministic

    folder = answers_folder(store_db)
    if folder is None or not deterministic(sparql):
        return compute()
    path = folder / answer_key(sparql, fmt)
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = compute()
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"  # (no tempfile module: it costs a CLI 80 ms to import)
        tmp.write_bytes(data)
        os.replace(tmp, path)  # whole answers only: a reader never sees half a file
    return data
