"""Query worker processes for the endpoint: a query past its time limit is killed, not waited for.

Why processes: pyoxigraph cannot abort a running evaluation, so a thread that
runs a cartesian COUNT keeps its core busy until it ends, and every later
query finds the endpoint "busy". A worker process can be killed at the limit;
its core is free at once and a fresh worker takes its place. A crash inside
pyoxigraph (which should not happen past :mod:`kg.query.sparqlguard`) costs one
worker, never the server.

Each worker opens the graph itself: the pyoxigraph store of a build
(``OUT/store/``, read-only, shared by every worker for free) or, without one,
the graph file loaded into memory. Requests and answers cross the pipe as
plain values: (status, content type, body bytes).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from .sparqlguard import Refused


@dataclass(frozen=True)
class Request:
    query: str
    accept: str = ""
    fmt: str | None = None
    max_rows: int = 10_000
    allow_service: bool = False


# ---------------------------------------------------------------- in the worker


def open_source(source: tuple[str, str]):
    """A store for ``("store", folder)`` (read-only) or ``("file", graph path)`` (loaded into memory)."""
    import pyoxigraph as ox

    kind, path = source
    if kind == "store":
        return ox.Store.read_only(path)
    from .named import load_store

    return load_store(path)


def evaluate(store, request: Request) -> tuple[int, str, bytes]:
    """Check, run and render one query; every refusal becomes a status and a message."""
    import pyoxigraph as ox

    from . import sparqlresults as fmt
    from .sparqlguard import check_query

    try:
        check_query(request.query, allow_service=request.allow_service)
        try:
            answer = store.query(request.query)
        except SyntaxError as exc:
            raise Refused(400, f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise Refused(400, f"query failed: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            ctype = fmt.negotiate(request.accept, request.fmt, "boolean")
            return 200, ctype, fmt.render_boolean(bool(answer), ctype)
        graph = isinstance(answer, ox.QueryTriples)
        ctype = fmt.negotiate(request.accept, request.fmt, "graph" if graph else "solutions")
        variables = None if graph else [v.value for v in answer.variables]
        columns = None if graph else fmt.query_order(request.query, variables)
        if not graph and columns == variables and ctype in fmt.EXACT_COUNT:  # pyoxigraph's writer, from the live answer
            return 200, ctype, fmt.write_solutions(answer, ctype, request.max_rows)
        rows = []
        for item in answer:
            rows.append(item if graph else [item[c] for c in columns])
            if len(rows) > request.max_rows:
                raise fmt.too_many_rows(request.max_rows)
        if graph:
            rdf = ox.RdfFormat.TURTLE if ctype == fmt.TURTLE_TYPE else ox.RdfFormat.N_TRIPLES
            return 200, ctype, ox.serialize(rows, format=rdf) or b""
        return 200, ctype, fmt.render_solutions(columns, rows, ctype)
    except Refused as exc:
        return exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode("utf-8")
    except OSError as exc:
        return 500, "text/plain; charset=utf-8", f"query failed while reading the store: {exc}\n".encode()


def _serve(conn, source: tuple[str, str]) -> None:
    """The worker's loop: open the store, say ready, answer requests until the pipe closes."""
    from ..procs import child_setup

    child_setup()
    try:
        from . import sparqlguard, sparqlresults  # noqa: F401 - loaded before "ready", not in a timed query

        store = open_source(source)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which gives up on this source
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(evaluate(store, request))


# ---------------------------------------------------------------- in the server


class _Worker:
    def __init__(self, source: tuple[str, str]) -> None:
        ctx = multiprocessing.get_context("spawn")  # no inherited threads, locks or sockets of the server
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, source), daemon=True, name="kg-query-worker")
        self.process.start()
        child.close()  # only the worker holds its end: EOF reaches the parent when the worker dies
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise Refused(503, "the query worker is still loading the graph; retry in a moment")
        state, detail = self.conn.recv()
        if state != "ready":
            raise Refused(500, f"the query worker cannot open the graph: {detail}")
        self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``max_workers`` worker processes; ``run`` takes an idle one or answers 503 "busy"."""

    def __init__(self, source: tuple[str, str], max_workers: int = 2, load_timeout: float = 600.0) -> None:
        self.source, self.load_timeout = source, load_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max_workers):
            self._idle.put(_Worker(source))

    def run(self, request: Request, timeout: float) -> tuple[int, str, bytes]:
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            raise Refused(503, "the endpoint is busy with other queries; retry in a moment") from None
        try:
            worker.wait_ready(self.load_timeout)
            worker.conn.send(request)
            if not worker.conn.poll(timeout):
                worker.kill()
                worker = _Worker(self.source)
                raise Refused(503, f"the query ran longer than {timeout:g} s, the limit of this endpoint; "
                                   "it was stopped. Simplify it or add LIMIT")
            return worker.conn.recv()
        except (EOFError, OSError):
            worker.kill()
            worker = _Worker(self.source)
            raise Refused(500, "the query worker died on this query; it was restarted") from None
        finally:
            self._release(worker)

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


def source_for(graph_path: Path) -> tuple[str, str]:
    """The store of the build when it is newer than the graph file, else the graph file itself."""
    from .storefile import fresh_store

    store = fresh_store(graph_path)
    return ("store", str(store)) if store is not None else ("file", str(graph_path))
