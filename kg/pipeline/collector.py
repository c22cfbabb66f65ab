"""Python's cycle collector during a build: fewer, larger young-generation passes.

Why: a build allocates millions of short-lived containers (matches, tuples,
lists of mentions) while it holds a few large long-lived ones (the gazetteer,
the word-tag table, the entity table). With the default young threshold of 700
the collector ran some 300 times per 1,500 pages, ≈ 0.9 ms each, and each
oldest-generation pass walked every object imported at start-up: 0.45 s
CPU, 1.5 % of a rules-only build (docs/performance.md, session cpu20). Freezing
what start-up made and raising the young threshold cut that to ≈ 0.08 s; the
peak memory did not move (garbage without cycles is freed by reference counts
whatever the threshold). Nothing here changes what a build computes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations (net) between young-generation passes during a build (Python's default: 700).
YOUNG_THRESHOLD = 20_000


_lock = threading.Lock()
_active = 0  # builds running in this process; the first one in sets, the last one out restores
_before: tuple[int, int, int] = (700, 10, 10)
_froze = False  # whether the first build in froze (not when the caller had frozen objects of its own)


@contextmanager
def fewer_collections(young: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Freeze the objects alive now (start-up's) and collect the young generation less often, until the end.

    The previous thresholds are restored and the frozen objects returned to the
    collector afterwards, so a library caller's process is as before (with builds
    in several threads, when the last one ends). Forked workers inherit both
    (freezing before a fork also keeps the collector from touching, and so
    copying, the parent's pages).
    """
    global _active, _before, _froze
    with _lock:
        if _active == 0:
            _before = gc.get_threshold()
            _froze = gc.get_freeze_count() == 0  # a caller's own freeze is left to the caller
            if _froze:
                gc.freeze()
            gc.set_threshold(max(young, _before[0]), *_before[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.set_threshold(*_before)
                if _froze:
                    gc.unfreeze()
