"""The explorer's details on demand (kg.export.details): what the page keeps, what the chunks carry, the side folder."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request

import pytest

from kg.export import details as Dt
from kg.export import html as H
from kg.export.rdf import atomic_batch
from kg.storage.generations import sweep_generations

from .test_html import SMALL, synthetic


def _graph(parks: int = 6, spokes: int = 5):
    ents = [(f"p{p}", "Park", f"第{p}号测试园", [f"測試園{p}"]) for p in range(parks)]
    facts, obs = [], []
    for p in range(parks):
        for s in range(spokes):
            ents.append((f"e{p}-{s}", "Enterprise", f"园{p}企{s}公司", []))
            facts.append((f"e{p}-{s}", "locatedIn", f"p{p}", f"园{p}企{s}公司位于第{p}号测试园。"))
        obs.append((f"p{p}", "地区生产总值", str(1000 + p), "CNY", "2023"))
    return synthetic(ents, facts, obs)


@pytest.mark.parametrize("chunk_nodes", [1, 4, 1000])
def test_chunks_carry_exactly_what_the_page_leaves_out(chunk_nodes):
    full = H.view_model(_graph())
    page, chunks, index = Dt.split_details(full, chunk_nodes)
    assert len(chunks) == -(-len(full["nodes"]) // chunk_nodes)
    for i, node in enumerate(full["nodes"]):
        part = chunks[i // chunk_nodes]
        assert part["nodes"][i] == {"arts": node["arts"], "obs": node["obs"]}
        assert page["nodes"][i] == {**node, "arts": [], "obs": []}
        cited = {v for o in node["obs"] for v in o["ev"]}
        cited |= {v for s, _, o, evs in full["edges"] if i in (s, o) for v in evs}
        assert {v: full["evidence"][v] for v in cited}.items() <= part["evidence"].items()
        arts = set(node["arts"]) | {full["evidence"][v][0] for v in cited}
        assert {a: full["articles"][a] for a in arts}.items() <= part["articles"].items()
        assert all(i in index["nodes"][a] for a in node["arts"])
    assert page["edges"] == full["edges"]
    assert page["evidence"] == page["articles"] == [] and page["details"]["articles"] == len(full["articles"])
    assert index["articles"] == full["articles"] and index["evidence"] == [row[0] for row in full["evidence"]]
    assert sum(map(len, index["nodes"])) == sum(len(n["arts"]) for n in full["nodes"])
    text = json.dumps(page, ensure_ascii=False)
    assert not any(row[3] in text for row in full["evidence"]) and not any(a["title"] in text for a in full["articles"])


def test_chunk_script_is_one_inert_call():
    data = {"nodes": {0: {"arts": [], "obs": [{"ind": "</script><img src=x>\u2028"}]}}, "evidence": {}}
    code = Dt.chunk_script(3, data, H.json_for_script).decode()
    assert code.startswith("kgDetailsChunk(3,") and code.endswith(");\n")
    assert "<" not in code and "\u2028" not in code
    assert json.loads(code[len("kgDetailsChunk(3,"):-3]) == json.loads(json.dumps(data))


def test_side_page_writes_a_linked_generation_and_sweeps_old_ones(tmp_path):
    page = H.write_html(_graph(), tmp_path / "graph.html", side=True)
    first = os.readlink(tmp_path / Dt.DETAILS_DIR)
    with atomic_batch():
        H.write_html(_graph(), page, side=True)
        assert os.readlink(tmp_path / Dt.DETAILS_DIR) == first  # published with the batch, not before
    second = os.readlink(tmp_path / Dt.DETAILS_DIR)
    assert second != first and (tmp_path / first).is_dir()
    sweep_generations(tmp_path, Dt.DETAILS_DIR)
    assert not (tmp_path / first).exists() and (tmp_path / second / Dt.chunk_name(0)).is_file()
    assert "'self'" in page.read_text(encoding="utf-8").split("script-src", 1)[1].split(";", 1)[0]


def test_an_interrupted_batch_leaves_no_generation(tmp_path):
    with pytest.raises(KeyboardInterrupt), atomic_batch():
        H.write_html(_graph(), tmp_path / "graph.html", side=True)
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_inline_page_drops_the_side_folder_and_allows_no_self_script(tmp_path):
    H.write_html(_graph(), tmp_path / "graph.html", side=True)
    page = H.write_html(SMALL, tmp_path / "graph.html")
    assert sorted(os.listdir(tmp_path)) == ["graph.html"]
    assert "'self'" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, found", [(Dt.chunk_name(0), True), (Dt.chunk_name(999), False), ("c0000.json", False),
                                         (Dt.ARTICLES_FILE, True), ("articles.json", False), ("xarticles.js", False),
                                         ("..%2Fgraph.html", False), ("../graph.html", False), ("x/c0000.js", False)])
def test_chunk_file_serves_only_chunk_names(tmp_path, name, found):
    page = H.write_html(_graph(), tmp_path / "graph.html", side=True)
    assert (Dt.chunk_file(page, name) is not None) is found


def test_serve_answers_chunks_and_refuses_other_paths(tmp_path):
    from pyoxigraph import RdfFormat, serialize

    from kg.query.serve import make_server

    triples = _graph()
    H.write_html(triples, tmp_path / "graph.html", side=True)
    serialize(triples, output=str(tmp_path / "graph.ttl"), format=RdfFormat.TURTLE)
    server = make_server(tmp_path / "graph.ttl")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(url + "graph.details/" + Dt.chunk_name(0)) as r:
            assert r.headers["Content-Type"].startswith("text/javascript")
            assert r.read() == (tmp_path / Dt.DETAILS_DIR / Dt.chunk_name(0)).read_bytes()
        for bad in ("graph.details/c9999.js", "graph.details/..%2Fgraph.ttl", "graph.ttl/x", "graph.details/"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url + bad)
            assert err.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_page_written_apart_is_the_same_and_placed_with_the_batch(tmp_path):
    from kg.errors import OutputError
    from kg.export.streaming import write_html_apart

    H.write_html(_graph(), tmp_path / "a" / "graph.html", side=True)
    with atomic_batch():
        page = write_html_apart(lambda: H.term_values(_graph()), tmp_path / "b" / "graph.html", side=True)
        assert not page.exists() and not (tmp_path / "b" / Dt.DETAILS_DIR).exists()  # pending until the batch commits
    assert page.read_bytes() == (tmp_path / "a" / "graph.html").read_bytes()
    for name in sorted(os.listdir(tmp_path / "a" / Dt.DETAILS_DIR)):
        assert (tmp_path / "b" / Dt.DETAILS_DIR / name).read_bytes() == (tmp_path / "a" / Dt.DETAILS_DIR / name).read_bytes()

    def broken():
        raise ValueError("the subset could not be read")

    with pytest.raises(OutputError, match="explorer"), atomic_batch():
        write_html_apart(broken, tmp_path / "c" / "graph.html", side=True)
    assert not (tmp_path / "c").exists() or os.listdir(tmp_path / "c") == []
