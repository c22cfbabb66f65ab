"""SPARQL results as the W3C formats, and content negotiation, for the endpoint and its workers.

One module, so that the endpoint's query workers (:mod:`kg.query.queryworker`) and
its tests agree on every media type. Solutions are rendered from plain
pyoxigraph terms collected up to the row limit; each format is checked in the
tests by reading it back with pyoxigraph's own results parser.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape, quoteattr

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
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return ("<triple>" + "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                                     for k in ("subject", "predicate", "object")) + "</triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(_xml_text(term.value))}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(_xml_text(term.value))}</literal>"
    return f"<literal>{escape(_xml_text(term.value))}</literal>"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """XML 1.0 cannot carry most C0 controls; they become U+FFFD rather than a document no parser reads."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def _csv_cell(term) -> str:
    if term is None:
        return ""
    text = ("_:" + term.value) if isinstance(term, ox.BlankNode) else (
        str(term) if isinstance(term, ox.Triple) else term.value)
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_cell(term) -> str:
    return "" if term is None else str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render_solutions(columns: list[str], rows: list[list], ctype: str) -> bytes:
    """Serialize solutions (pyoxigraph terms or None) as SPARQL results JSON, XML, CSV or TSV."""
    if ctype == JSON_TYPE:
        bindings = [{c: _json_term(t) for c, t in zip(columns, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if ctype == XML_TYPE:
        head = "".join(f"<variable name={quoteattr(c)}/>" for c in columns)
        results = "".join("<result>" + "".join(f"<binding name={quoteattr(c)}>{_xml_term(t)}</binding>"
                                                for c, t in zip(columns, row) if t is not None) + "</result>"
                          for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{results}</results></sparql>\n").encode("utf-8")
    if ctype == CSV_TYPE:
        lines = [",".join(columns)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join("?" + c for c in columns)] + ["\t".join(_tsv_cell(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_boolean(value: bool, ctype: str) -> bytes:
    if ctype == XML_TYPE:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)


def query_order(query: str, columns: list[str]) -> list[str]:
    """``SELECT *`` columns in the order the query first names them (pyoxigraph sorts them by name)."""
    if not _SELECT_STAR.search(query):
        return columns
    first = {}
    for m in re.finditer(r"[?$]([A-Za-z0-9_\u00b7-\uffff]+)", query):
        first.setdefault(m.group(1), m.start())
    return sorted(columns, key=lambda c: (first.get(c, len(query)), columns.index(c)))
