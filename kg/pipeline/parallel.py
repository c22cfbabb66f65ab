"""Run the map step over pages in order: inline, in local processes or on dask.

Why this shape: the reduce step must see documents in input order for the
output to be byte-identical whatever the engine, and memory must not grow
with the corpus. So pages are read lazily, grouped into chunks, and at most a
few chunks per worker are in flight; results are yielded strictly in input
order as soon as the oldest chunk is done. Cached pages skip the workers but
keep their place in the order. ``multiprocessing.Pool.imap`` would give the
order but reads its whole input eagerly, which is exactly what we avoid.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator

from ..forking import quiet_child
from .cache import FactCache
from .mapstep import map_page, map_pages
from ..errors import InputError
from ..model import DocFacts, Page

ENGINES = ("local", "dask")


class _Done:
    """A chunk whose results are already known (inline run or all cache hits)."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


class LocalEngine:
    """Inline for one job; a forked multiprocessing pool for more."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.pool = None
        self.warm = True  # load the extractors here before forking (see map_soon for when not)

    def _start(self) -> None:
        """Fork the pool on the first cache miss: a fully cached rebuild never loads jieba or forks."""
        import multiprocessing as mp

        if self.warm:
            _warm_up()  # forked workers inherit jieba's dictionary and the gazetteer
        self.pool = mp.get_context("fork").Pool(self.jobs, initializer=quiet_child, initargs=(os.getpid(),))

    def submit(self, fn: Callable, arg):
        if self.jobs == 1:
            return _Done(fn(arg))
        if self.pool is None:
            self._start()
        handle = self.pool.apply_async(fn, (arg,))
        return _Async(handle)

    @property
    def workers(self) -> int:
        return self.jobs

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()

    def abort(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


class _Async:
    def __init__(self, handle) -> None:
        self.handle = handle

    def result(self):
        return self.handle.get()


def _warm_up() -> None:
    from .startup import import_jieba

    import_jieba()
    from ..extract.lexicon import tokens

    tokens("园区")


def make_engine(engine: str, jobs: int | None, scheduler: str | None):
    if engine == "local":
        return LocalEngine(jobs or os.cpu_count() or 1)
    if engine == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler)
    raise InputError(f"unknown engine {engine!r}", fix=f"use one of: {', '.join(ENGINES)}")


def _chunks(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    chunk: list[Page] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(looked: list, computed: Iterable, cache: FactCache | None) -> Iterator[tuple[Page, list[DocFacts]]]:
    """``(page, facts)`` for looked-up pages: cached facts, or the next computed ones (stored in the cache)."""
    computed = iter(computed)
    for page, cached in looked:
        if cached is None:
            cached = next(computed)
            if cache is not None:
                cache.put(page, cached)
        yield page, cached


def map_in_order(pages: Iterable[Page], engine, cache: FactCache | None = None, chunk_size: int = 16,
                 in_flight: int | None = None) -> Iterator[tuple[Page, list[DocFacts]]]:
    """Yield ``(page, DocFacts extractions)`` in input order, computing misses on ``engine``."""
    window = in_flight or 2 * getattr(engine, "workers", 1) + 2
    pending: deque = deque()

    def drain_one():
        chunk, misses, handle = pending.popleft()
        return _in_order(chunk, handle.result() if misses else (), cache)

    for chunk in _chunks(pages, chunk_size):
        looked = [(page, cache.get(page) if cache is not None else None) for page in chunk]
        misses = [page for page, cached in looked if cached is None]
        handle = engine.submit(map_pages, misses) if misses else _Done([])
        pending.append((looked, misses, handle))
        while len(pending) >= window:
            yield from drain_one()
    while pending:
        yield from drain_one()


class EarlyWorker:
    """One forked process that loads the extractors at once, then maps the pages it is sent (or none).

    Why: an incremental rebuild learns which pages are new only after
    scanning every input file, and then maps just a few. Loading jieba and the
    extractors (over a second) is the longest part of that; started first, it
    overlaps with the scan and with reading the saved state.
    """

    #: More new pages than this go to the engine's workers instead.
    MAX_PAGES = 64

    def __init__(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_early_main, args=(child, self.conn, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.used = False

    def submit(self, fn: Callable, pages: list[Page]):
        assert fn is map_pages and not self.used
        self.used = True
        self.conn.send(pages)
        return self

    def result(self):
        try:
            status, value = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"the early map process ended (exit code {self.proc.exitcode})") from None
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        if not self.used:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()
        self.conn.close()


def _early_main(conn, parent_end, parent_pid: int) -> None:
    from ..procs import close_quietly

    close_quietly(parent_end)  # else the child holds both ends and never sees EOF when the parent dies
    quiet_child(parent_pid)
    _warm_up()
    pages = conn.recv()
    if pages is None:
        return
    try:
        conn.send(("ok", map_pages(pages)))
    except BaseException as exc:  # noqa: BLE001 - re-raised in the parent, as a pool would
        conn.send(("error", exc))


def map_soon(pages: list[Page], engine, cache: FactCache | None = None,
             early: EarlyWorker | None = None) -> Callable[[], list]:
    """Start the map step of a few pages now; the call returned waits for ``[(page, DocFacts extractions)]``.

    Why: an incremental rebuild (:mod:`kg.pipeline.incremental`) maps a handful of new
    pages and meanwhile reads its saved state. They go to ``early`` (already
    warm) when there are few, else to the engine's workers, which then load
    the extractors themselves, so this process is free to read; a one-job
    engine maps inline, right here.
    """
    looked = [(page, cache.get(page) if cache is not None else None) for page in pages]
    misses = [page for page, cached in looked if cached is None]
    if early is not None and 0 < len(misses) <= early.MAX_PAGES:
        handles = [early.submit(map_pages, misses)]
    else:
        if hasattr(engine, "warm"):
            engine.warm = False
        size = max(1, -(-len(misses) // max(1, getattr(engine, "workers", 1))))
        handles = [engine.submit(map_pages, chunk) for chunk in _chunks(misses, size)]

    def wait() -> list:
        return list(_in_order(looked, (facts for handle in handles for facts in handle.result()), cache))

    return wait


@contextmanager
def progress_bar(total: int, enabled: bool | None, console=None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar (pages, rate, ETA) on stderr; a no-op when disabled.

    ``enabled=None`` means "only when stdout and stderr are terminals", so
    piped or logged builds stay quiet.
    """
    if enabled is None:
        enabled = sys.stdout.isatty() and sys.stderr.isatty()
    if not enabled or total <= 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        task = bar.add_task("build", total=total, rate="")
        started = time.perf_counter()
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=n, rate=f"{rate:,.1f} pages/s")

        yield advance


__all__ = ["ENGINES", "EarlyWorker", "progress_bar", "LocalEngine", "make_engine", "map_in_order", "map_page",
           "map_soon"]
