"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, plus the explorer.

``kg serve out/graph.ttl`` lets tools that speak SPARQL over HTTP (YASGUI,
notebooks, curl) query a build without installing a triple store. It is a
stdlib ``ThreadingHTTPServer`` bound to 127.0.0.1, backed by an in-memory
pyoxigraph store that only ever receives ``query()`` calls:

* ``GET/POST /sparql`` answers SELECT/ASK (JSON, CSV, TSV by ``Accept`` or the
  ``format`` parameter) and CONSTRUCT/DESCRIBE (Turtle or N-Triples);
* SPARQL Update (``update=`` or ``application/sparql-update``) and ``SERVICE``
  are refused with 403 and a message;
* results over ``max_rows`` give 413 with a message (add LIMIT), and a query
  running longer than ``timeout`` seconds gives 503. pyoxigraph cannot abort
  a running evaluation, so the worker thread finishes in the background; at
  most ``max_workers`` queries run at once and further ones get 503 "busy";
* ``GET /`` serves ``graph.html`` found next to the graph file.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from ..errors import InputError
from .named import load_store

JSON_TYPE = "application/sparql-results+json"
CSV_TYPE = "text/csv"
TSV_TYPE = "text/tab-separated-values"
TURTLE_TYPE = "text/turtle"
NT_TYPE = "application/n-triples"
_FORMAT_PARAM = {"json": JSON_TYPE, "csv": CSV_TYPE, "tsv": TSV_TYPE, "ttl": TURTLE_TYPE, "turtle": TURTLE_TYPE,
                 "nt": NT_TYPE, "ntriples": NT_TYPE}
_UPDATE_WORDS = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*((BASE\s*<[^>]*>)|(PREFIX\s+[^\s:]*:\s*<[^>]*>)|(#[^\n]*))\s*", re.IGNORECASE)


class RequestRejected(Exception):
    """A request the endpoint refuses: carries the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _strip_noise(query: str) -> str:
    """The query without comments, string literals and IRIs, so keyword checks see only syntax."""
    query = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', query)
    query = re.sub(r"<[^<>\"{}|^`\\\s]*>", "<>", query)
    return re.sub(r"#[^\n]*", "", query)


def check_query(query: str) -> None:
    """Refuse SPARQL Update and SERVICE before anything runs."""
    body = _strip_noise(query)
    rest = body
    while True:
        m = _PROLOGUE.match(rest)
        if not m or not m.group(0):
            break
        rest = rest[m.end():]
    if _UPDATE_WORDS.match(rest):
        raise RequestRejected(403, "this endpoint is read-only: SPARQL Update is not allowed")
    if re.search(r"\bSERVICE\b", body, re.IGNORECASE):
        raise RequestRejected(403, "SERVICE (federated query) is not allowed on this endpoint")


def _negotiate(accept: str, fmt: str | None, graph_result: bool) -> str:
    if fmt:
        ctype = _FORMAT_PARAM.get(fmt.lower())
        if ctype is None:
            raise RequestRejected(400, f"unknown format '{fmt}': use json, csv or tsv (ttl or nt for CONSTRUCT)")
        return ctype
    accepted = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    options = (TURTLE_TYPE, NT_TYPE) if graph_result else (JSON_TYPE, "application/json", CSV_TYPE, TSV_TYPE)
    for a in accepted:
        if a in options:
            return JSON_TYPE if a == "application/json" else a
    return TURTLE_TYPE if graph_result else JSON_TYPE


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _csv_cell(term) -> str:
    if term is None:
        return ""
    text = ("_:" + term.value) if isinstance(term, ox.BlankNode) else term.value
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_cell(term) -> str:
    return "" if term is None else str(term).replace("\t", "\\t").replace("\n", "\\n")


def render_solutions(columns: list[str], rows: list[list], ctype: str) -> bytes:
    """Serialize solutions (pyoxigraph terms or None) as SPARQL results JSON, CSV or TSV."""
    if ctype == JSON_TYPE:
        bindings = [{c: _json_term(t) for c, t in zip(columns, row) if t is not None} for row in rows]
        doc = {"head": {"vars": columns}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if ctype == CSV_TYPE:
        lines = [",".join(columns)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join("?" + c for c in columns)] + ["\t".join(_tsv_cell(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


class _DaemonPool:
    """Runs each query on a daemon thread and hands back a Future.

    pyoxigraph cannot abort a running query, so a query past its time limit keeps its
    thread until it finishes. ThreadPoolExecutor joins its threads at interpreter exit,
    which would keep the process alive for as long as such a query runs; daemon threads
    do not. The number of concurrent queries is bounded by Endpoint.slots.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._count = 0

    def submit(self, fn, *args) -> Future:
        future: Future = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                future.set_exception(exc)

        self._count += 1
        threading.Thread(target=run, name=f"{self.name}_{self._count}", daemon=True).start()
        return future


class Endpoint:
    """The query side of the server: one store, limits, and a bounded pool of workers."""

    def __init__(self, graph_path: str | Path, *, timeout: float = 10.0, max_rows: int = 10_000,
                 max_workers: int = 2) -> None:
        self.graph_path = Path(graph_path)
        self.store = load_store(self.graph_path)
        self.timeout, self.max_rows = timeout, max_rows
        self.pool = _DaemonPool("sparql")
        self.slots = threading.BoundedSemaphore(max_workers)

    def _evaluate(self, query: str, accept: str, fmt: str | None, cancel: threading.Event) -> tuple[str, bytes]:
        try:
            answer = self.store.query(query)
        except SyntaxError as exc:
            raise RequestRejected(400, f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise RequestRejected(400, f"query failed: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            ctype = _negotiate(accept, fmt, False)
            value = bool(answer)
            if ctype == JSON_TYPE:
                return ctype, json.dumps({"head": {}, "boolean": value}).encode()
            return ctype, (("true" if value else "false") + "\n").encode()
        graph_result = isinstance(answer, ox.QueryTriples)
        ctype = _negotiate(accept, fmt, graph_result)
        # pyoxigraph result objects must be dropped on the thread that made them, so only
        # plain terms leave this loop and `answer` is released here, even on errors.
        columns = None if graph_result else [v.value for v in answer.variables]
        rows, error = [], None
        try:
            for item in answer:
                if cancel.is_set():
                    error = RequestRejected(503, "cancelled")
                    break
                rows.append(item if graph_result else [item[c] for c in columns])
                if len(rows) > self.max_rows:
                    error = RequestRejected(413, f"the result has more than {self.max_rows} rows, the limit of "
                                                 "this endpoint; add LIMIT/OFFSET or narrow the query")
                    break
        finally:
            answer = item = None  # noqa: F841
        if error is not None:
            raise error
        if graph_result:
            fmt_ = ox.RdfFormat.TURTLE if ctype == TURTLE_TYPE else ox.RdfFormat.N_TRIPLES
            return ctype, ox.serialize(rows, format=fmt_) or b""
        return ctype, render_solutions(columns, rows, ctype)

    def answer(self, query: str, accept: str = "", fmt: str | None = None) -> tuple[int, str, bytes]:
        """(status, content type, body) for one query; limits and refusals become statuses."""
        try:
            check_query(query)
            if fmt and fmt.lower() not in _FORMAT_PARAM:  # checked before any pyoxigraph object exists
                raise RequestRejected(400, f"unknown format '{fmt}': use json, csv or tsv (ttl or nt for CONSTRUCT)")
            if not self.slots.acquire(blocking=False):
                raise RequestRejected(503, "the endpoint is busy with other queries; retry in a moment")
            cancel = threading.Event()
            future = self.pool.submit(self._evaluate, query, accept, fmt, cancel)
            future.add_done_callback(lambda _f: self.slots.release())
            try:
                ctype, body = future.result(timeout=self.timeout)
            except FutureTimeout:
                cancel.set()
                raise RequestRejected(503, f"the query ran longer than {self.timeout:g} s, the limit of this "
                                           "endpoint; simplify it or add LIMIT") from None
            return 200, ctype, body
        except RequestRejected as exc:
            return exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server_version = "parkkg-sparql/0.1"
    endpoint: Endpoint
    html_path: Path | None
    quiet: bool = True

    def log_message(self, fmt, *args):  # noqa: D401 - stdlib hook
        if not self.quiet:
            sys.stderr.write("kg serve: " + (fmt % args) + "\n")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        if "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
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
        if url.path != "/sparql":
            return self._text(404, "not found: the SPARQL endpoint is /sparql and the explorer is /")
        if "update" in params:
            return self._text(403, "this endpoint is read-only: SPARQL Update is not allowed")
        if "query" not in params:
            return self._text(400, "missing 'query' parameter: GET /sparql?query=SELECT...")
        self._run(params["query"][0], params.get("format", [None])[0])

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._text(404, "not found: POST queries to /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1_000_000:
            return self._text(413, "request body too large (limit 1 MB)")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
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

    def _run(self, query: str, fmt: str | None) -> None:
        status, ctype, body = self.endpoint.answer(query, self.headers.get("Accept", ""), fmt)
        self._send(status, ctype, body)


def make_server(graph_path: str | Path, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 10.0,
                max_rows: int = 10_000, max_workers: int = 2, html_path: str | Path | None = None,
                quiet: bool = True) -> ThreadingHTTPServer:
    """A ready, not yet running server; ``port=0`` picks a free port (see ``server.server_address``)."""
    graph_path = Path(graph_path)
    if not graph_path.is_file():
        raise InputError("graph file not found", where=str(graph_path), fix="build one first: kg build seeds --out out")
    endpoint = Endpoint(graph_path, timeout=timeout, max_rows=max_rows, max_workers=max_workers)
    html = Path(html_path) if html_path else graph_path.with_name("graph.html")
    handler = type("Handler", (_Handler,), {"endpoint": endpoint, "html_path": html, "quiet": quiet})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}", fix="pick another --port") from None
    server.daemon_threads = True
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
