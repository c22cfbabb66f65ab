"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, plus the explorer.

``kg serve out/graph.ttl`` (or ``kg serve out``) lets tools that speak SPARQL
over HTTP (YASGUI, notebooks, curl) query a build without installing a triple
store. It is a stdlib ``ThreadingHTTPServer`` bound to 127.0.0.1; queries run
in worker processes (:mod:`kg.query.queryworker`) over the build's pyoxigraph store
(``OUT/store``) when it matches the graph, else over the graph file:

* ``GET/POST /sparql`` answers SELECT/ASK as SPARQL results JSON, XML, CSV or
  TSV and CONSTRUCT/DESCRIBE as Turtle or N-Triples, by ``Accept`` (406 when
  none fits) or the ``format`` parameter; ``SELECT *`` keeps the query's
  variable order;
* SPARQL Update and ``SERVICE`` are refused with 403, decided by pyoxigraph's
  own parser (:mod:`kg.query.sparqlguard`); ``allow_service=True`` permits SERVICE;
* a query nested too deep is refused before parsing; results over
  ``max_rows`` give 413; a query running longer than ``timeout`` seconds gives
  503 and its worker process is killed, so its core is free at once; at most
  ``max_workers`` queries run at once and further ones get 503 "busy";
* answers are cached (the graph is read-only), up to ``CACHE_BYTES``, except those of
  queries calling NOW(), RAND(), UUID(), STRUUID() or BNODE()
  (:func:`kg.query.sparqlguard.deterministic`);
* request bodies are bounded whatever ``Content-Length`` says and a malformed
  one gets 400; no CORS header unless ``cors`` names an origin;
* ``GET /`` serves ``graph.html`` found next to the graph file, and
  ``GET /graph.details/cNNNN.js`` the chunks of its details (:mod:`kg.export.details`).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import InputError
from .queryworker import Request, WorkerPool, source_for
from .sparqlguard import Refused, check_shape, deterministic
from .sparqlguard import check_query as _check_query
from .sparqlresults import FORMAT_PARAM

RequestRejected = Refused  # the name earlier releases exported
#: Largest request body read (bytes); larger ones get 413 without being read.
MAX_BODY = 1_000_000
#: Bytes of answers kept for repeated queries.
CACHE_BYTES = 64 << 20
#: Seconds a client may take to send its request before the connection is dropped.
REQUEST_TIMEOUT = 30


def check_query(query: str, allow_service: bool = False) -> None:
    """Refuse what must not run (:func:`kg.query.sparqlguard.check_query`); raises :class:`RequestRejected`."""
    _check_query(query, allow_service=allow_service)


class AnswerCache:
    """Answers by (query, Accept, format), least recently used out first, bounded in bytes."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._items: OrderedDict[tuple, tuple[int, str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[int, str, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, item: tuple[int, str, bytes]) -> None:
        cost = len(item[2]) + sum(len(str(k)) for k in key)
        if cost > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = item
            self.size += cost
            while self.size > self.max_bytes:
                old_key, old = self._items.popitem(last=False)
                self.size -= len(old[2]) + sum(len(str(k)) for k in old_key)


class Endpoint:
    """The query side of the server: worker processes, limits and the answer cache."""

    #: Statuses that depend only on the query and the graph, so they can be cached.
    CACHED = (200, 400, 403, 406, 413)

    def __init__(self, graph_path: str | Path, *, timeout: float = 10.0, max_rows: int = 10_000,
                 max_workers: int = 2, allow_service: bool = False) -> None:
        self.graph_path = Path(graph_path)
        self.source = source_for(self.graph_path)
        self.timeout, self.max_rows, self.allow_service = timeout, max_rows, allow_service
        self.max_workers = max_workers
        self.pool = WorkerPool(self.source, max_workers)
        self.cache = AnswerCache()

    def answer(self, query: str, accept: str = "", fmt: str | None = None) -> tuple[int, str, bytes]:
        """(status, content type, body) for one query; limits and refusals become statuses."""
        key = (query, accept, fmt)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        try:
            check_shape(query)  # before the text reaches any parser
            if fmt and fmt.lower() not in FORMAT_PARAM:
                raise Refused(400, f"unknown format '{fmt}': use json, xml, csv or tsv (ttl or nt for CONSTRUCT)")
            answer = self.pool.run(Request(query, accept, fmt, self.max_rows, self.allow_service), self.timeout)
        except Refused as exc:
            answer = exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode("utf-8")
        if answer[0] in self.CACHED and deterministic(query):
            self.cache.put(key, answer)
        return answer

    def close(self) -> None:
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server_version = "parkkg-sparql/0.1"
    endpoint: Endpoint
    html_path: Path | None
    quiet: bool = True
    cors: str | None = None
    timeout = REQUEST_TIMEOUT  # a client that stalls mid-request loses its connection, not a thread forever

    def log_message(self, fmt, *args):  # noqa: D401 - stdlib hook
        if not self.quiet:
            sys.stderr.write("kg serve: " + (fmt % args) + "\n")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        if "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", self.cors)
            self.send_header("Vary", "Origin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if url.path in ("/", "/index.html", "/graph.html"):
            if self.html_path is None or not self.html_path.is_file():
                return self._text(404, "no graph.html next to the graph file; build with `kg build` (without --no-html)")
            return self._send(200, "text/html; charset=utf-8", self.html_path.read_bytes())
        if url.path.startswith("/graph.") and url.path.count("/") == 2 and self.html_path is not None:
            return self._chunk(url.path)
        if url.path != "/sparql":
            return self._text(404, "not found: the SPARQL endpoint is /sparql and the explorer is /")
        if "update" in params:
            return self._text(403, "this endpoint is read-only: SPARQL Update is not allowed")
        if "query" not in params:
            return self._text(400, "missing 'query' parameter: GET /sparql?query=SELECT...")
        self._run(params["query"][0], params.get("format", [None])[0])

    do_HEAD = do_GET

    def _chunk(self, path: str) -> None:
        """A chunk of the explorer's details (``/graph.details/cNNNN.js``, :mod:`kg.export.details`)."""
        from ..export.details import DETAILS_DIR, chunk_file

        folder, name = path[1:].split("/")
        chunk = chunk_file(self.html_path, name) if folder == DETAILS_DIR else None
        if chunk is None:
            return self._text(404, f"no such explorer chunk: {path}")
        return self._send(200, "text/javascript; charset=utf-8", chunk.read_bytes())

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._text(404, "not found: POST queries to /sparql")
        body = self._body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if ctype == "application/sparql-update":
            return self._text(403, "this endpoint is read-only: SPARQL Update is not allowed")
        if ctype == "application/sparql-query":
            query = body
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                return self._text(403, "this endpoint is read-only: SPARQL Update is not allowed")
            if "query" not in form:
                return self._text(400, "missing 'query' form field")
            query = form["query"][0]
            params.update({k: v for k, v in form.items() if k == "format"})
        else:
            return self._text(415, "POST a query as application/sparql-query or an application/x-www-form-urlencoded form")
        self._run(query, params.get("format", [None])[0])

    def _body(self) -> str | None:
        """The request body, at most MAX_BODY bytes; None when refused (the answer is sent)."""
        raw = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._text(411, "send the body with a Content-Length, not chunked")
            return None
        if raw is None or not raw.strip().isdigit() or len(self.headers.get_all("Content-Length")) > 1:
            self.close_connection = True
            self._text(400, "malformed or missing Content-Length: it must be one decimal number of bytes")
            return None
        length = int(raw)
        if length > MAX_BODY:
            self.close_connection = True
            self._text(413, f"request body too large (limit {MAX_BODY:,} bytes)")
            return None
        return self.rfile.read(length).decode("utf-8", errors="replace")

    def _run(self, query: str, fmt: str | None) -> None:
        status, ctype, body = self.endpoint.answer(query, self.headers.get("Accept", ""), fmt)
        self._send(status, ctype, body)


class _Server(ThreadingHTTPServer):
    """Threads for connections; a listen backlog for bursts far above the query workers' count."""

    request_queue_size = 128
    daemon_threads = True

    def server_close(self) -> None:
        super().server_close()
        endpoint = getattr(self, "endpoint", None)
        if endpoint is not None:
            endpoint.close()


def make_server(graph_path: str | Path, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 10.0,
                max_rows: int = 10_000, max_workers: int = 2, html_path: str | Path | None = None,
                quiet: bool = True, cors: str | None = None, allow_service: bool = False) -> ThreadingHTTPServer:
    """A ready, not yet running server; ``port=0`` picks a free port (see ``server.server_address``).

    ``graph_path`` is a graph file, a build folder or ``-`` (:func:`kg.query.graphsource.graph_file`).
    """
    from .graphsource import graph_file

    graph_path = graph_file(graph_path)
    html = Path(html_path) if html_path else graph_path.with_name("graph.html")
    try:
        server = _Server((host, port), _Handler, bind_and_activate=False)
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        server.socket.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}", fix="pick another --port") from None
    endpoint = Endpoint(graph_path, timeout=timeout, max_rows=max_rows, max_workers=max_workers,
                        allow_service=allow_service)
    server.RequestHandlerClass = type("Handler", (_Handler,), {"endpoint": endpoint, "html_path": html,
                                                              "quiet": quiet, "cors": cors})
    server.endpoint = endpoint  # type: ignore[attr-defined]
    return server


def serve(graph_path: str | Path, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Run the endpoint until interrupted, printing where it listens."""
    server = make_server(graph_path, host, port, quiet=options.pop("quiet", False), **options)
    h, p = server.server_address[:2]
    print(f"kg serve: SPARQL endpoint http://{h}:{p}/sparql, explorer http://{h}:{p}/ (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    started = time.monotonic()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        print(f"kg serve: stopped after {time.monotonic() - started:.0f} s", file=sys.stderr)
