"""Write the offline explorer: one self-contained HTML file over the built graph.

Why it looks like this:

* Offline and CDN-free. pyvis's templates fetch Bootstrap or vis-network from a
  CDN, so only the vis-network build that ships *inside* the pyvis package is
  used, inlined with our own script and stylesheet from ``kg/assets``. The page
  carries a strict CSP (``default-src 'none'``), so even a bug cannot make it
  fetch anything.
* Untrusted text. Labels and sentences are web text. They travel as JSON in a
  ``<script type="application/json">`` element with ``< > &`` and U+2028/2029
  escaped, and the page only ever writes them with ``textContent``.
* What it shows comes from :mod:`kg.export.viewmodel` (names re-exported
  here). Layout is seeded and physics is switched off after a bounded
  stabilization, so the picture is the same on every load.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from pyoxigraph import Triple

from ..storage.generations import remove_published
from .rdf import atomic_write_bytes
from .viewmodel import (
    COLORS, FULL_VIEW_LIMIT, INITIAL_BUDGET, REL_ZH, SUBTYPE_ZH, TYPE_ZH, VIEW_PREDICATES, char_map, fold,
    initial_view, rows_view_model, term_values, view_model,
)

#: The explorer's names, its view model's included (kg.export.viewmodel), importable from here.
__all__ = ["COLORS", "FULL_VIEW_LIMIT", "INITIAL_BUDGET", "REL_ZH", "SUBTYPE_ZH", "TYPE_ZH", "VIEW_PREDICATES",
           "char_map", "collector_paused", "fold", "initial_view", "json_for_script", "render_html", "render_page",
           "rows_view_model", "script_hash", "term_values", "view_model", "write_html", "write_html_rows"]


# ---------------------------------------------------------------- page
def json_for_script(data: object) -> str:
    """JSON safe inside any <script> element: no tag, comment or entity openers, no JS line breaks."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _inline_script(code: str) -> str:
    """Make third-party code safe to inline: a literal '</script' would end the element."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _own_asset(name: str) -> str:
    return resources.files("kg").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")


def script_hash(code: str) -> str:
    """The CSP source that allows exactly this inline script ('sha256-…'), so no 'unsafe-inline' is needed.

    An injected <script> (were escaping ever to fail) then does not run: its hash is not listed.
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(triples: Sequence[Triple]) -> str:
    """The whole explorer page as one string, every detail inline."""
    return render_page(view_model(triples))


def render_page(data: dict) -> str:
    """The page around ``data`` (a view model, or the overview part of one: :mod:`kg.export.details`).

    With side chunks the CSP also allows ``'self'`` scripts: the chunk files
    next to the page (under ``file://``, ``'self'`` is the page's folder tree;
    served, its origin). Inline scripts still need their listed hash.
    """
    scripts = {"__VIS_JS__": _inline_script(_vis_asset("vis-network.min.js")),
               "__KG_JS__": _inline_script(_own_asset("details.js") + "\n" + _own_asset("explorer.js"))}
    hashes = [script_hash(code) for code in scripts.values()] + (["'self'"] if data.get("details") else [])
    parts = {
        "__SCRIPT_HASHES__": " ".join(hashes),
        "__VIS_CSS__": _vis_asset("vis-network.css").replace("</style", "<\\/style"),
        "__KG_CSS__": _own_asset("explorer.css"),
        **scripts,
        "__DATA__": json_for_script(data),
    }
    page = _own_asset("explorer.html")
    out, rest = [], page
    # Replace placeholders in one left-to-right pass so inserted text is never re-scanned.
    while True:
        hits = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        pos, key = min(hits)
        out.append(rest[:pos])
        out.append(parts[key])
        rest = rest[pos + len(key):]
    return "".join(out)


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while the view model is built and written.

    Why: at 20k pages the view model makes a few hundred thousand dicts and
    lists, none in a cycle, and each full collection walks all of them again:
    collections took half of building the model, and more of encoding it
    when they resumed in between (issue 17 item 4).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def write_html(triples: Iterable[Triple], path: Path, side: bool = False) -> Path:
    """Write the page; with ``side`` its details go to chunk files next to it (:mod:`kg.export.details`)."""
    return write_html_rows(term_values(triples), path, side)


def write_html_rows(rows: Iterable[tuple[str, str, str]], path: Path, side: bool = False) -> Path:
    """:func:`write_html` of ``(subject, predicate, object)`` values (:func:`rows_view_model`)."""
    from . import details

    path = Path(path)
    with collector_paused():
        data = rows_view_model(rows)
        if side:
            data, chunks, index = details.split_details(data)
            details.write_details(path.parent, chunks, index, json_for_script)
        else:
            remove_published(path.parent, details.DETAILS_DIR)
        atomic_write_bytes(path, render_page(data).encode("utf-8"))
    return path
