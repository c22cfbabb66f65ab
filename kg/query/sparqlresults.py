"""SPARQL results as the W3C formats, and content negotiation, for the endpoint and its workers.

One module, so that the endpoint's query workers (:mod:`kg.query.queryworker`) and
its tests agree on every media type. A live answer goes straight into
pyoxigraph's own writer (:func:`write_solutions`), which is stopped at the row
limit; only ``SELECT *``, whose columns the writer would put in name order, is
collected first and written back through a TSV round trip
(:func:`render_solutions`). Each format is checked in the tests by reading it
back with pyoxigraph's own results parser.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .sparqlguard import Refused

JSON_TYPE = "application/sparql-results+json"
XML_TYPE = "application/sparql-results+xml"
CSV_TYPE = "text/csv"
TSV_TYPE = "text/tab-separated-values"
TURTLE_TYPE = "text/turtle"
NT_TYPE = "application/n-triples"
FORMAT_PARAM = {"json": JSON_TYPE, "xml": XML_TYPE, "csv": CSV_TYPE, "tsv": TSV_TYPE, "ttl": TURTLE_TYPE,
                "turtle": TURTLE_TYPE, "nt": NT_TYPE, "ntriples": NT_TYPE}
#: Media types per result kind, the default first; aliases map to the type sent back.
OFFERS = {"solutions": (JSON_TYPE, XML_TYPE, CSV_TYPE, TSV_TYPE), "boolean": (JSON_TYPE, XML_TYPE),
          "graph": (TURTLE_TYPE, NT_TYPE)}
_ALIASES = {"application/json": JSON_TYPE, "application/xml": XML_TYPE, "text/xml": XML_TYPE,
            "application/x-turtle": TURTLE_TYPE, "text/plain": NT_TYPE}


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """(q, order, media range) of an Accept header, best first."""
    ranges = []
    for i, part in enumerate(p for p in accept.split(",") if p.strip()):
        media, *params = (x.strip() for x in part.split(";"))
        q = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media.lower()))
    return sorted(ranges)


def negotiate(accept: str, fmt: str | None, kind: str) -> str:
    """The media type to answer with; :class:`Refused` 400 for an unknown ``format``, 406 for no match."""
    offers = OFFERS[kind]
    if fmt:
        ctype = FORMAT_PARAM.get(fmt.lower())
        if ctype is None:
            raise Refused(400, f"unknown format '{fmt}': use json, xml, csv or tsv (ttl or nt for CONSTRUCT)")
        if ctype not in offers:
            raise Refused(406, f"format '{fmt}' does not fit a {kind} result; use one of "
                               + ", ".join(k for k, v in FORMAT_PARAM.items() if v in offers))
        return ctype
    if not accept.strip():
        return offers[0]
    for _q, _i, media in _accepted(accept):
        media = _ALIASES.get(media, media)
        if media in offers:
            return media
        if media in ("*/*", "application/*") or (media.endswith("/*") and
                                                 any(o.startswith(media[:-1]) for o in offers)):
            return next((o for o in offers if media == "*/*" or o.startswith(media[:-1])), offers[0])
    raise Refused(406, f"none of the accepted types ({accept.strip()[:200]}) fits a {kind} result; "
                       "accept one of " + ", ".join(offers))


#: pyoxigraph's writer for each results media type.
_RESULT_FORMAT = {JSON_TYPE: ox.QueryResultsFormat.JSON, XML_TYPE: ox.QueryResultsFormat.XML,
                  CSV_TYPE: ox.QueryResultsFormat.CSV, TSV_TYPE: ox.QueryResultsFormat.TSV}


#: What opens one solution in the output of pyoxigraph's writers: XML ``<result>`` and TSV line ends
#: occur nowhere else (``<`` and newlines in terms are escaped); in JSON ``[{``/``,{`` and in CSV CRLF may
#: also occur inside a literal, which can only make the count high, never low.
_SOLUTION_MARKS = {JSON_TYPE: (b"[{", b",{"), XML_TYPE: (b"<result>",), CSV_TYPE: (b"\r\n",), TSV_TYPE: (b"\n",)}
#: The header line CSV and TSV count as a line end before any solution.
_HEADER_MARKS = {CSV_TYPE: 1, TSV_TYPE: 1}
#: The types whose count is exact, so a live answer may go straight to the writer without an early 413.
EXACT_COUNT = frozenset({XML_TYPE, TSV_TYPE})


def too_many_rows(max_rows: int) -> Refused:
    return Refused(413, f"the result has more than {max_rows} rows, the limit of this endpoint; "
                        "add LIMIT/OFFSET or narrow the query")


class _Counted:
    """A write target for a results writer: keeps the bytes, counts solutions, stops the writer past ``limit``."""

    def __init__(self, ctype: str, limit: int) -> None:
        self.marks, self.max_rows, self.parts = _SOLUTION_MARKS[ctype], limit, []
        self.limit = limit + _HEADER_MARKS.get(ctype, 0)
        self.keep = max(len(m) for m in self.marks) - 1  # a mark split between two writes is counted once
        self.tail, self.count = b"", 0

    def write(self, data) -> int:
        data = bytes(data)
        window = self.tail + data
        self.count += sum(window.count(m) for m in self.marks)
        if self.count > self.limit:
            raise too_many_rows(self.max_rows)
        self.tail = window[len(window) - self.keep:] if self.keep else b""
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def write_solutions(answer: ox.QuerySolutions, ctype: str, max_rows: int) -> bytes:
    """A live SELECT answer in pyoxigraph's own W3C results writer; :class:`Refused` 413 past ``max_rows``.

    The writer streams into :class:`_Counted`, which stops it as soon as the rows written exceed
    the limit, so an oversized answer costs neither its whole evaluation nor its whole text.
    """
    sink = _Counted(ctype, max_rows)
    answer.serialize(sink, format=_RESULT_FORMAT[ctype])
    out = b"".join(sink.parts)
    return _XML_ILLEGAL.sub("\ufffd".encode(), out) if ctype == XML_TYPE else out


def render_solutions(columns: list[str], rows: list[list], ctype: str) -> bytes:
    """Serialize solutions (pyoxigraph terms or None) with pyoxigraph's own W3C results writers.

    Only for ``SELECT *`` (:func:`query_order`): pyoxigraph's writer puts its columns in name
    order, so the endpoint collects the rows in the query's order and, as pyoxigraph writes only
    a live result, the collected rows go back
    into pyoxigraph as SPARQL TSV, whose cells are the terms' N-Triples syntax
    (``str(term)``, escapes included), and pyoxigraph writes JSON, XML, CSV or TSV.
    """
    lines = ["\t".join("?" + c for c in columns)]
    lines += ["\t".join(_cell(t) for t in row) for row in rows]
    solutions = ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), ox.QueryResultsFormat.TSV)
    out = solutions.serialize(format=_RESULT_FORMAT[ctype]) or b""
    return _XML_ILLEGAL.sub("\ufffd".encode(), out) if ctype == XML_TYPE else out


def _cell(term) -> str:
    """A TSV cell: the N-Triples form of a term, a triple term as ``<<( s p o )>>``, nothing when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return "<<( " + " ".join(_cell(t) for t in (term.subject, term.predicate, term.object)) + " )>>"
    return str(term)


#: XML 1.0 cannot carry most C0 controls (pyoxigraph writes them as they are); they become U+FFFD rather
#: than a document no parser reads. Matched on UTF-8 bytes, where these never occur inside another character.
_XML_ILLEGAL = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def render_boolean(value: bool, ctype: str) -> bytes:
    """An ASK answer in pyoxigraph's JSON or XML results writer."""
    answer = ox.parse_query_results(b"true" if value else b"false", ox.QueryResultsFormat.TSV)
    return answer.serialize(format=_RESULT_FORMAT[ctype]) or b""


_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)


def query_order(query: str, columns: list[str]) -> list[str]:
    """``SELECT *`` columns in the order the query first names them (pyoxigraph sorts them by name)."""
    if not _SELECT_STAR.search(query):
        return columns
    first = {}
    for m in re.finditer(r"[?$]([A-Za-z0-9_\u00b7-\uffff]+)", query):
        first.setdefault(m.group(1), m.start())
    return sorted(columns, key=lambda c: (first.get(c, len(query)), columns.index(c)))
