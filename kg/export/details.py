"""The explorer's details on demand: a bounded page and a side folder of chunks (issue 17 item 4).

Why: for a large graph most of ``graph.html`` used to be what the details
panel shows (every node's figures, the articles that mention it, the evidence
sentences of every fact), and the browser parsed all of it before the first
paint. With ``details="side"`` the page keeps the overview (nodes with their
names, edges with the numbers of their evidence rows) and the rest goes to
``graph.details/cNNNN.js`` next to the page, one chunk per
:data:`CHUNK_NODES` nodes, loaded by a ``<script>`` element when a node is
selected, and to ``graph.details/articles.js``, the article list the article
filter needs, loaded when the filter is first used.

Why ``<script>`` chunks and not JSON: ``fetch()`` of a local file is refused
under ``file://``, a script element is not. Each chunk is one call
``kgDetailsChunk(n, {...})`` whose argument is JSON escaped like the page's
own data (:func:`kg.export.html.json_for_script`), so untrusted text stays
data. The page's CSP then allows ``'self'`` scripts besides its two inline
hashes; ``kg serve`` serves the folder at the same relative path.

The folder is published like the store (:mod:`kg.query.storefile`): chunks go
into a new generation folder ``.graph.details-GEN.d`` and the link
``graph.details`` is renamed into place with the build's other outputs, so an
interrupted build keeps the previous page and its chunks together.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..storage.generations import publish_generation

#: Nodes per chunk file: a click loads one chunk, so this bounds what a click costs.
CHUNK_NODES = 40
#: The side folder, relative to graph.html (the page names it in its data).
DETAILS_DIR = "graph.details"
#: The article index in the side folder (every article, for the article filter).
ARTICLES_FILE = "articles.js"
#: What a chunk file is called; kg serve serves only names that match (and the article index).
CHUNK_NAME = re.compile(r"c[0-9]{4,6}\.js|articles\.js")


def chunk_name(n: int) -> str:
    return f"c{n:04d}.js"


def split_details(data: dict, chunk_nodes: int = CHUNK_NODES) -> tuple[dict, list[dict], dict]:
    """The page's data without the details, the details as chunks (node ``i`` is in chunk ``i // chunk_nodes``),
    and the article index.

    The page keeps the nodes' names and the edges with their evidence numbers,
    nothing per article or per evidence row: 20k articles on the page cost
    seconds of first paint in Chromium (issue 17 item 4). A chunk carries its
    nodes' figures and mentioning articles, the full evidence rows they and
    their edges cite, and those rows' and mentions' articles. The article index
    (:data:`ARTICLES_FILE`, loaded when the article filter is first used) has
    every article, each evidence row's article and each article's mentioning nodes.
    """
    nodes, edges, evidence, articles = data["nodes"], data["edges"], data["evidence"], data["articles"]
    chunks = [{"nodes": {}, "evidence": {}, "articles": {}} for _ in range(-(-len(nodes) // chunk_nodes))]
    mentions: list[list[int]] = [[] for _ in articles]
    for i, node in enumerate(nodes):
        chunk = chunks[i // chunk_nodes]
        chunk["nodes"][i] = {"arts": node["arts"], "obs": node["obs"]}
        for a in node["arts"]:
            mentions[a].append(i)
        for o in node["obs"]:
            chunk["evidence"].update((v, evidence[v]) for v in o["ev"])
    for s, _, o, evs in edges:  # the page keeps each edge's evidence numbers; the rows travel with both ends
        for end in {s, o}:
            chunks[end // chunk_nodes]["evidence"].update((v, evidence[v]) for v in evs)
    for n, chunk in enumerate(chunks):
        cited = {row[0] for row in chunk["evidence"].values()}
        cited.update(a for node in chunk["nodes"].values() for a in node["arts"])
        chunk["articles"] = {a: articles[a] for a in sorted(cited) if a >= 0}
    page = dict(data)
    page["nodes"] = [{**node, "arts": [], "obs": []} for node in nodes]
    page["articles"], page["evidence"] = [], []
    page["details"] = {"dir": DETAILS_DIR, "chunk": chunk_nodes, "articles": len(articles)}
    index = {"articles": articles, "evidence": [row[0] for row in evidence], "nodes": mentions}
    return page, chunks, index


def chunk_script(n: int, chunk: dict, dumps) -> bytes:
    """The chunk file: one call of the page's loader with the chunk as an escaped JSON literal."""
    return f"kgDetailsChunk({n},{dumps(chunk)});\n".encode("utf-8")


def articles_script(index: dict, dumps) -> bytes:
    """The article index file: one call of the page's article loader, escaped like a chunk."""
    return f"kgDetailsArticles({dumps(index)});\n".encode("utf-8")


def write_details(out_dir: Path, chunks: list[dict], index: dict, dumps) -> Path:
    """Write the chunks and the article index into a new generation folder and place the ``graph.details``
    link with the build's batch."""
    from .rdf import place_pending

    def fill(gen: Path) -> None:
        for n, chunk in enumerate(chunks):
            (gen / chunk_name(n)).write_bytes(chunk_script(n, chunk, dumps))
        (gen / ARTICLES_FILE).write_bytes(articles_script(index, dumps))

    return publish_generation(out_dir, DETAILS_DIR, fill, place_pending)


def chunk_file(html_path: Path, name: str) -> Path | None:
    """The chunk ``name`` of the page at ``html_path``, for ``kg serve``; None for any other name."""
    if not CHUNK_NAME.fullmatch(name):
        return None
    path = html_path.parent / DETAILS_DIR / name
    return path if path.is_file() else None
