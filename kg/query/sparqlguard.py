"""What a SPARQL query may do, decided by pyoxigraph's own parser before anything runs.

Why not regexes over the text: a regex has to guess where comments, strings
and IRIs start and end, and one wrong guess (``\"\"\"`` inside a ``#`` comment)
hides a ``SERVICE`` clause from the check while pyoxigraph still runs it, an
SSRF from the endpoint. So the check asks the parser itself:

* **Nesting** is bounded *before* parsing: pyoxigraph's recursive-descent
  parser overflows the stack (a segfault, not an exception) on a few thousand
  nested brackets or unary operators. :func:`nesting_depth` counts them
  over the raw text, strings and comments included, which can only overcount.
* **SERVICE**: every case-insensitive ``service`` in the text is replaced by
  ``servicx`` (same length). Where it was the keyword, the variant is a
  syntax error, because a bare word is valid nowhere in SPARQL; where it was
  part of a string, IRI, comment, prefixed name or variable, the variant
  parses exactly as the original does. So the original runs only when the
  variant parses, and no spelling can smuggle a SERVICE through. pyoxigraph
  does not expand ``\\u`` escapes outside tokens, so an escaped keyword is a
  syntax error by itself.
* **Update** never runs: :meth:`pyoxigraph.Store.query` parses queries only.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

#: Deepest nesting of brackets and unary operators accepted; pyoxigraph's parser crashes near 5,000.
MAX_DEPTH = 200
#: Longest query text accepted (characters).
MAX_QUERY_CHARS = 1_000_000

_SERVICE = re.compile("service", re.IGNORECASE)
_UPDATE_WORDS = re.compile(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+)")
_UNARY_RUN = re.compile(r"(?:[!^+\-]\s*){%d,}" % (MAX_DEPTH + 1))


class Refused(Exception):
    """A query that must not run: ``status`` is the HTTP status (400 malformed, 403 forbidden, 413 too big)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def nesting_depth(query: str) -> int:
    """The deepest bracket nesting of the raw text (an upper bound of what the parser recurses into)."""
    depth = deepest = 0
    for ch in query:
        if ch in "({[":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in ")}]" and depth:
            depth -= 1
    return deepest


def check_shape(query: str) -> None:
    """Refuse texts the parser could crash on: too long, too deeply nested, long runs of unary operators."""
    if len(query) > MAX_QUERY_CHARS:
        raise Refused(413, f"the query has {len(query):,} characters, more than {MAX_QUERY_CHARS:,}")
    depth = nesting_depth(query)
    if depth > MAX_DEPTH:
        raise Refused(400, f"the query nests brackets {depth} deep, more than {MAX_DEPTH}; flatten it")
    if "<<" in query and query.count("<<") > MAX_DEPTH:
        raise Refused(400, f"the query has more than {MAX_DEPTH} quoted triples '<<'; flatten it")
    if _UNARY_RUN.search(query):
        raise Refused(400, f"the query has a run of more than {MAX_DEPTH} unary operators (! ^ + -)")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _at_service(variant: str, error: str, starts: list[int]) -> bool:
    """Whether the parser's first error lies on a replaced word or the token right after it."""
    m = _POSITION.search(error)
    if m is None:
        return True  # no position: assume the worst
    where = (int(m.group(1)), int(m.group(2)))
    for start in starts:
        end = start + len("service")
        follow = re.compile(r"\s*(?:silent\s*)?\S?", re.IGNORECASE).match(variant, end).end()
        if _line_col(variant, start) <= where <= _line_col(variant, max(follow, end)):
            return True
    return False


def check_service(query: str) -> None:
    """Refuse a query whose parse has a SERVICE clause (see the module docstring for why this is exact)."""
    starts = [m.start() for m in _SERVICE.finditer(query)]
    if not starts:
        return
    variant = _SERVICE.sub("servicx", query)
    try:
        ox.Store().query(variant)  # parsed, evaluated at most over an empty store: no SERVICE is left
    except SyntaxError as exc:
        if _at_service(variant, str(exc), starts):
            raise Refused(403, "SERVICE (federated query) is not allowed: it would make this process fetch "
                               "other URLs; run the query without it, or pass --allow-service") from None
        raise Refused(400, f"SPARQL syntax error: {exc}") from None
    except OSError:
        pass  # evaluation over the empty store failed; the real run will say why


_PROLOGUE = re.compile(r"\s*(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>|#[^\n]*)\s*", re.IGNORECASE)


def _looks_like_update(query: str) -> bool:
    """For a clearer message only: pyoxigraph's ``query()`` cannot run an update whatever this says."""
    pos = 0
    while (m := _PROLOGUE.match(query, pos)) and m.end() > pos:
        pos = m.end()
    return bool(_UPDATE_WORDS.match(query, pos))


#: Functions whose value changes from one evaluation to the next (SPARQL 1.1, 17.4); STRUUID before UUID.
_VOLATILE = re.compile("struuid|uuid|now|rand|bnode", re.IGNORECASE)


def deterministic(query: str) -> bool:
    """Whether the answer depends on the graph alone: no NOW(), RAND(), UUID(), STRUUID() or BNODE() call.

    Why: answers are kept for repeated queries (:mod:`kg.query.answercache`, ``kg serve``); these
    functions answer differently at every evaluation, so such answers must not be kept. Decided
    by the parser as for SERVICE (:func:`check_service`): every case-insensitive occurrence of the
    names gets its last letter replaced by ``x`` (``nox``, ``ranx``…). Where it was the function,
    the variant is a bare word and no longer parses; in a string, IRI, comment, prefixed name or
    variable it parses as before. A variant that does not parse, for whatever reason, means "keep
    nothing", which only costs the speed-up.
    """
    if not _VOLATILE.search(query):
        return True
    variant = _VOLATILE.sub(lambda m: m.group(0)[:-1] + "x", query)
    try:
        ox.Store().query(variant)  # parsed, evaluated at most over an empty store
    except SyntaxError:
        return False
    except OSError:
        pass  # evaluation over the empty store failed; the parse succeeded
    return True


def check_query(query: str, *, allow_service: bool = False) -> None:
    """Raise :class:`Refused` unless ``query`` is safe to hand to pyoxigraph."""
    check_shape(query)
    if _looks_like_update(query):
        raise Refused(403, "this is read-only: SPARQL Update is not allowed")
    if not allow_service:
        check_service(query)
