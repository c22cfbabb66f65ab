"""Real triple stores for the store tests: a throw-away Virtuoso, and answer normalisation.

Virtuoso runs as ``virtuoso-t +foreground`` on free 127.0.0.1 ports with its
database in a temporary folder, loads a Turtle file with ``ld_dir`` +
``rdf_loader_run`` through ``isql-vt``, and is queried over HTTP ``/sparql``
like any client would. Tests skip (with the reason) only when the Debian
binaries are not on PATH; .ci/run installs them.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "unsignedInt", "unsignedLong")}

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 8
CheckpointInterval   = 0
CaseMode             = 2
DirsAllowed          = ., {data}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2
VADInstallDir        = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {db}/vsp
MaxClientConnections = 8
ServerThreads        = 8
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows         = 1000000
MaxQueryExecutionTime    = 120
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not on PATH (apt-get install virtuoso-opensource raptor2-utils; "
                    ".ci/run does this)")


@dataclass
class Virtuoso:
    """A running Virtuoso holding one named graph per loaded Turtle file."""

    http_port: int
    sql_port: int
    db: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, sql: str) -> str:
        proc = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql-vt failed: {proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def select(self, query: str, graph: str) -> tuple[list[str], list[tuple]]:
        """Run a SELECT over HTTP with ``graph`` as the default graph; columns and plain rows."""
        params = urllib.parse.urlencode({"query": query, "default-graph-uri": graph})
        req = urllib.request.Request(self.endpoint, data=params.encode("ascii"), method="POST",
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:
                doc = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"Virtuoso rejected the query ({exc.code}): {exc.read().decode('utf-8', 'replace')}")
        columns = doc["head"]["vars"]
        rows = [tuple(json_plain(b.get(c)) for c in columns) for b in doc["results"]["bindings"]]
        return columns, rows


def plain(kind: str, value: str, datatype: str | None) -> object:
    """The same plain value kg.query.named.to_python gives, from a (kind, lexical, datatype) term."""
    if kind == "bnode":
        return "_:bnode"  # labels differ across stores; compare only that it is a blank node
    if kind == "uri" or datatype is None:
        return value
    try:
        if datatype in INTEGER_TYPES:
            return int(value)
        if datatype == XSD + "decimal":
            d = Decimal(value)
            return int(d) if d == d.to_integral_value() else float(d)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
    except (ValueError, InvalidOperation):
        return value
    return value


def json_plain(binding: dict | None) -> object:
    if binding is None:
        return None
    kind = "uri" if binding["type"] == "uri" else "bnode" if binding["type"] == "bnode" else "literal"
    return plain(kind, binding["value"], binding.get("datatype"))


def rdflib_rows(graph, query: str) -> tuple[list[str], list[tuple]]:
    import rdflib

    result = graph.query(query)
    columns = [str(v) for v in result.vars]

    def conv(term):
        if term is None:
            return None
        if isinstance(term, rdflib.URIRef):
            return plain("uri", str(term), None)
        if isinstance(term, rdflib.BNode):
            return plain("bnode", str(term), None)
        return plain("literal", str(term), str(term.datatype) if term.datatype else None)

    return columns, [tuple(conv(row[i]) for i in range(len(columns))) for row in result]


def canonical(rows) -> list[tuple]:
    """Rows as a sorted multiset; store-specific order and float noise removed."""
    def norm(v):
        return round(v, 6) if isinstance(v, float) else v
    return sorted((tuple(norm(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="session")
def virtuoso_factory(tmp_path_factory) -> Iterator:
    """``start({graph_iri: turtle_path})`` runs a Virtuoso with those graphs; stopped at session end."""
    need("virtuoso-t", "isql-vt")
    started: list[subprocess.Popen] = []

    def start(graphs: dict[str, Path]) -> Virtuoso:
        db = tmp_path_factory.mktemp("virtuoso-db")
        data = tmp_path_factory.mktemp("virtuoso-data")
        v = Virtuoso(http_port=free_port(), sql_port=free_port(), db=db)
        (db / "vsp").mkdir()
        ini = db / "virtuoso.ini"
        ini.write_text(INI.format(db=db, data=data, sql_port=v.sql_port, http_port=v.http_port), encoding="utf-8")
        log = open(db / "stdout.log", "wb")
        proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=db,
                                stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError("virtuoso-t exited: " + (db / "stdout.log").read_text(errors="replace")[-2000:])
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{v.http_port}/sparql?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("virtuoso-t did not answer within 120 s")
                time.sleep(0.5)
        loads = []
        for i, (iri, turtle) in enumerate(graphs.items()):
            shutil.copy(turtle, data / f"g{i}.ttl")
            loads.append(f"ld_dir('{data}', 'g{i}.ttl', '{iri}');")
        v.isql(" ".join(loads) + " rdf_loader_run(); checkpoint;")
        failed = v.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in failed:
            raise RuntimeError("Virtuoso failed to load a file: " + failed)
        return v

    yield start
    for proc in started:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
