"""The explorer in a real browser: Debian chromium driven by playwright.

Every test records console errors and every request that is not the page
itself; the page must produce neither. The seeds explorer comes from the
session build (``seeds_build``); payload and large-graph pages are built from
synthetic triples or a synthetic page, so nothing here depends on what
extraction finds in the seeds today.
"""

from __future__ import annotations

import json
import shutil
import threading

import opencc
import pytest

from kg.export import html as H

from .test_html import synthetic

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Debian chromium is not on PATH", allow_module_level=True)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAYLOAD = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">'


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Explorer:
    """One loaded explorer page with its console errors and foreign requests."""

    def __init__(self, browser, url: str, also: str | None = None) -> None:
        self.url, self.also = url, also  # also: a URL prefix the page may load from (its side folder)
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._seen)
        self.page.route("**/*", self._route)
        self.page.goto(url)
        self.wait_until("!!(window.kgExplorer && window.kgExplorer.ready)", timeout_ms=30_000)
        self.data = json.loads(self.page.eval_on_selector("#kg-data", "e => e.textContent"))

    def _own(self, url: str) -> bool:
        return url.split("#")[0] == self.url or url.startswith("data:") or bool(self.also and url.startswith(self.also))

    def _seen(self, request) -> None:
        if not self._own(request.url):
            self.foreign.append(request.url)

    def _route(self, route) -> None:
        if self._own(route.request.url):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def wait_until(self, expr: str, timeout_ms: int = 5_000) -> None:
        """Poll ``expr`` from the test side: page.wait_for_function evaluates its predicate
        with eval inside the page, which the explorer's CSP (no 'unsafe-eval') forbids."""
        waited = 0
        while not self.page.evaluate(expr):
            if waited >= timeout_ms:
                raise AssertionError(f"timed out after {timeout_ms} ms waiting for {expr}")
            self.page.wait_for_timeout(50)
            waited += 50

    def visible(self) -> list[str]:
        return self.js("kgExplorer.visibleIris()")

    def index(self, iri: str) -> int:
        return next(i for i, n in enumerate(self.data["nodes"]) if n["iri"] == iri)

    def click_node(self, iri: str, double: bool = False) -> None:
        """Zoom onto the node and click its centre on the canvas, like a user."""
        i = self.index(iri)
        self.js("([i]) => { const n = kgExplorer.net; n.moveTo({position: n.getPositions([i])[i], scale: 2, animation: false}); }", [i])
        self.page.wait_for_timeout(100)
        xy = self.js("([i]) => { const n = kgExplorer.net; return n.canvasToDOM(n.getPositions([i])[i]); }", [i])
        box = self.page.locator("#net").bounding_box()
        x, y = box["x"] + xy["x"], box["y"] + xy["y"]
        if double:
            self.page.mouse.dblclick(x, y)
        else:
            self.page.mouse.click(x, y)
        self.page.wait_for_timeout(350)

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.foreign == [], self.foreign

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_explorer(browser):
    opened: list[Explorer] = []

    def open_(url: str, also: str | None = None) -> Explorer:
        ex = Explorer(browser, url, also)
        opened.append(ex)
        return ex

    yield open_
    for ex in opened:
        ex.close()


@pytest.fixture(scope="module")
def served(seeds_build):
    """The seeds explorer as `kg serve` serves it: graph.html at /."""
    from kg.query.serve import make_server

    server = make_server(seeds_build.path("ttl"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def seeds_url(seeds_build) -> str:
    return seeds_build.path("html").resolve().as_uri()


# ---------------------------------------------------------------- loading
@pytest.mark.parametrize("where", ["file", "http"])
def test_loads_without_errors_or_requests(open_explorer, seeds_url, served, where):
    ex = open_explorer(seeds_url if where == "file" else served)
    assert ex.js("kgExplorer.shownCount()") > 0
    assert len(ex.visible()) == ex.js("kgExplorer.shownCount()")
    assert ex.page.locator("#legend button").count() == 8
    ex.clean()


def test_layout_is_the_same_on_every_load(open_explorer, seeds_url):
    first = open_explorer(seeds_url).js("kgExplorer.positions()")
    second = open_explorer(seeds_url).js("kgExplorer.positions()")
    assert first and first == second


# ---------------------------------------------------------------- search
def _traditional_target(data: dict) -> tuple[str, str]:
    """A node whose label has a different traditional form, best-connected first."""
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for node in sorted(data["nodes"], key=lambda n: (-n["deg"], n["iri"])):
        trad = s2t.convert(node["label"])
        if trad != node["label"] and t2s.convert(trad) == node["label"]:
            return node["label"], trad
    pytest.fail("no label in the seeds graph has a traditional form")


def test_search_by_traditional_form_finds_simplified_node(open_explorer, seeds_url):
    ex = open_explorer(seeds_url)
    label, trad = _traditional_target(ex.data)
    ex.page.fill("#search", trad)
    options = ex.page.locator("#suggest li[data-node] .lab")
    options.first.wait_for()
    assert label in options.all_text_contents()
    ex.page.locator("#suggest li[data-node]", has=ex.page.locator(".lab", has_text=label)).first.dispatch_event("mousedown")
    ex.page.wait_for_timeout(350)
    assert ex.page.text_content("#details h2") == label
    chosen = next(n for n in ex.data["nodes"] if n["label"] == label)
    assert chosen["iri"] in ex.visible()
    assert ex.js("kgExplorer.net.getSelectedNodes()") == [ex.index(chosen["iri"])]
    assert ex.page.input_value("#iri-box") == chosen["iri"]
    # the neighbourhood keeps its colours, everything else is greyed out
    i = ex.index(chosen["iri"])
    near = {i} | {e[2] if e[0] == i else e[0] for e in ex.data["edges"] if i in (e[0], e[2])}
    faded = ex.js("kgExplorer.net.body.data.nodes.get().filter(n => n.color.background === '#e3e5e8').map(n => n.id)")
    assert faded and not near & set(faded)
    assert set(faded) | near >= {ex.index(iri) for iri in ex.visible()}
    ex.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ex.page.click("#details .iri button")
    ex.wait_until("document.querySelector('#details .iri button').textContent !== '复制'")
    assert ex.page.text_content("#details .iri button") == "已复制"
    assert ex.js("navigator.clipboard.readText()") == chosen["iri"]
    ex.clean()


def test_empty_graph_loads(open_explorer, tmp_path):
    ex = open_explorer(H.write_html([], tmp_path / "graph.html").resolve().as_uri())
    assert ex.visible() == [] and ex.page.is_visible("#notice")
    ex.page.fill("#search", "高新区")
    assert ex.page.text_content("#suggest") == "没有找到"
    ex.clean()


def test_search_keyboard_and_no_match(open_explorer, seeds_url):
    ex = open_explorer(seeds_url)
    ex.page.fill("#search", "ＺＺＱ无此实体")
    assert ex.page.text_content("#suggest") == "没有找到"
    label, _ = _traditional_target(ex.data)
    ex.page.fill("#search", label)
    ex.page.keyboard.press("ArrowDown")
    ex.page.keyboard.press("Enter")
    ex.page.wait_for_timeout(300)
    assert ex.page.text_content("#details h2") == label  # an exact match ranks first
    ex.clean()


# ---------------------------------------------------------------- details
def test_click_shows_details_with_evidence(open_explorer, seeds_url):
    ex = open_explorer(seeds_url)
    shown = set(ex.visible())
    evidenced = [(sum(1 for e in ex.data["edges"] if i in (e[0], e[2]) and e[3]), n["deg"], n["iri"])
                 for i, n in enumerate(ex.data["nodes"]) if n["iri"] in shown]
    _, _, iri = max(evidenced)
    node = ex.data["nodes"][ex.index(iri)]
    ex.click_node(iri)
    assert ex.page.is_visible("#details")
    assert ex.page.text_content("#details h2") == node["label"]
    quotes = ex.page.locator("#details .ev blockquote").all_text_contents()
    sentences = {e[3] for e in ex.data["evidence"]}
    assert quotes and all(q in sentences for q in quotes)
    assert ex.page.locator("#details .ev blockquote mark").count() >= 1
    titles = {a["title"] for a in ex.data["articles"]}
    assert any(src.split(" · ")[0] in titles for src in ex.page.locator("#details .ev .src").all_text_contents())
    if node["obs"]:
        assert ex.page.locator("#details table.obs tr").count() == len(node["obs"]) + 1
    ex.page.click("#details .close")
    assert not ex.page.is_visible("#details")
    ex.clean()


# ---------------------------------------------------------------- filters
def test_type_legend_hides_and_shows_nodes(open_explorer, seeds_url):
    ex = open_explorer(seeds_url)
    before = ex.visible()
    types = [t["key"] for t in ex.data["types"]]
    by_iri = {n["iri"]: types[n["type"]] for n in ex.data["nodes"]}
    key = max(types, key=lambda t: sum(by_iri[i] == t for i in before))
    button = ex.page.locator(f'#legend button[data-type="{key}"]')
    button.click()
    hidden = ex.visible()
    assert button.get_attribute("aria-pressed") == "false"
    assert hidden and not any(by_iri[i] == key for i in hidden)
    assert set(hidden) == {i for i in before if by_iri[i] != key}
    button.click()
    assert ex.visible() == before
    ex.clean()


def test_relation_and_article_filters(open_explorer, seeds_url):
    ex = open_explorer(seeds_url)
    edges_before, nodes_before = ex.js("kgExplorer.visibleEdges()"), ex.visible()
    rel_counts = {r["key"]: sum(1 for e in ex.data["edges"] if e[1] == k) for k, r in enumerate(ex.data["rels"])}
    rel = max(rel_counts, key=rel_counts.get)
    box = ex.page.locator(f'#relfilter input[data-rel="{rel}"]')
    box.uncheck()
    assert ex.js("kgExplorer.visibleEdges()") < edges_before
    box.check()
    assert ex.js("kgExplorer.visibleEdges()") == edges_before
    art = max(range(len(ex.data["articles"])), key=lambda a: sum(a in n["arts"] for n in ex.data["nodes"]))
    ex.page.select_option("#article", str(art))
    in_article = {n["iri"] for n in ex.data["nodes"] if art in n["arts"]}
    in_article |= {ex.data["nodes"][e[k]]["iri"] for e in ex.data["edges"] for k in (0, 2)
                   if any(ex.data["evidence"][v][0] == art for v in e[3])}
    shown = set(ex.visible())
    assert shown and shown <= in_article
    # the details panel then quotes that article only
    ex.js("([iri]) => kgExplorer.choose(iri)", [max(shown, key=lambda iri: ex.data["nodes"][ex.index(iri)]["deg"])])
    ex.page.wait_for_timeout(300)
    title = ex.data["articles"][art]["title"]
    sources = ex.page.locator("#details .ev .src").all_text_contents()
    assert sources and all(src.startswith(title + " · ") or src == title for src in sources)
    ex.page.click("#details .close")
    ex.page.select_option("#article", "-1")
    assert set(ex.visible()) >= set(nodes_before)
    ex.clean()


# ---------------------------------------------------------------- untrusted text
def test_payload_in_labels_and_evidence_stays_inert(open_explorer, tmp_path):
    triples = synthetic(
        entities=[("p1", "Park", PAYLOAD + "高新区", [PAYLOAD + "高新區"]), ("c1", "Place", "某市" + PAYLOAD, []),
                  ("i1", "Industry", "</script><script>window.__pwned=1</script>", [])],
        facts=[("p1", "locatedIn", "c1", PAYLOAD + "高新区位于某市。"), ("p1", "leadsIndustry", "i1", "主导产业" + PAYLOAD)],
        observations=[("p1", PAYLOAD, "5", "percent", PAYLOAD)], article_title=PAYLOAD + "标题")
    path = H.write_html(triples, tmp_path / "graph.html")
    ex = open_explorer(path.resolve().as_uri())
    ex.page.fill("#search", "高新區")
    ex.page.locator("#suggest li[data-node]").first.dispatch_event("mousedown")
    ex.page.wait_for_timeout(300)
    assert ex.page.text_content("#details h2") == PAYLOAD + "高新区"
    assert PAYLOAD + "高新区位于某市。" in ex.page.locator("#details .ev blockquote").all_text_contents()
    assert PAYLOAD in ex.page.text_content("#details table.obs")
    ex.page.select_option("#article", "0")
    assert ex.js("document.querySelectorAll('img, iframe, object').length") == 0
    assert ex.js("document.scripts.length") == 3
    assert ex.js("window.__pwned") is None
    ex.clean()


def test_payload_from_a_page_through_the_pipeline_stays_inert(open_explorer, write_pages, tmp_path):
    import kg

    pages = write_pages({"x.txt": f"{PAYLOAD}测试网 2024-03-01\n\n「{PAYLOAD}高新区」位于浙江省杭州市。\n"
                                  f"2023年，{PAYLOAD}高新区实现地区生产总值120亿元，同比增长8.5%。\n"})
    kg.build([pages], out=tmp_path / "out")
    ex = open_explorer((tmp_path / "out" / "graph.html").resolve().as_uri())
    sentences = [e[3] for e in ex.data["evidence"] if PAYLOAD in e[3]]
    assert sentences, "the synthetic page should yield evidence that carries the payload"
    holder = next(n for i, n in enumerate(ex.data["nodes"])
                  if any(i in (e[0], e[2]) and any(PAYLOAD in ex.data["evidence"][v][3] for v in e[3]) for e in ex.data["edges"])
                  or any(PAYLOAD in ex.data["evidence"][v][3] for o in n["obs"] for v in o["ev"]))
    ex.js("([iri]) => kgExplorer.choose(iri)", [holder["iri"]])
    ex.page.wait_for_timeout(300)
    quotes = ex.page.locator("#details .ev blockquote").all_text_contents()
    assert any(PAYLOAD in q for q in quotes)
    assert ex.js("document.querySelectorAll('img').length") == 0 and ex.js("window.__pwned") is None
    ex.clean()


# ---------------------------------------------------------------- size
def _large(parks: int, spokes: int):
    ents, facts = [], []
    for p in range(parks):
        ents.append((f"p{p}", "Park", f"第{p}号测试园", []))
        for s in range(spokes + p % 5):
            ents.append((f"e{p}-{s}", "Enterprise", f"园{p}企{s}公司", []))
            facts.append((f"e{p}-{s}", "locatedIn", f"p{p}", f"园{p}企{s}公司位于第{p}号测试园。"))
        facts.append((f"e{p}-0", "partOf", f"p{(p + parks // 2) % parks}", f"园{p}企0公司隶属第{(p + parks // 2) % parks}号测试园。"))
    return synthetic(ents, facts)


def test_large_graph_starts_from_hubs_and_expands(open_explorer, tmp_path):
    path = H.write_html(_large(120, 8), tmp_path / "graph.html")
    ex = open_explorer(path.resolve().as_uri())
    total, shown = len(ex.data["nodes"]), ex.js("kgExplorer.shownCount()")
    assert total > H.FULL_VIEW_LIMIT and shown <= H.INITIAL_BUDGET
    notice = ex.page.text_content("#notice")
    assert ex.page.is_visible("#notice") and f"{shown} / {total}" in notice and str(total - shown) in notice
    hidden_park = next(n for n in ex.data["nodes"] if n["iri"] not in set(ex.visible()) and n["label"].endswith("测试园"))
    ex.page.fill("#search", hidden_park["label"])
    ex.page.keyboard.press("Enter")
    ex.page.wait_for_timeout(300)
    visible = set(ex.visible())
    assert hidden_park["iri"] in visible
    assert ex.page.text_content("#details h2") == hidden_park["label"]
    after_search = ex.js("kgExplorer.shownCount()")
    assert after_search > shown
    # a double click on a node whose neighbours are still hidden reveals them
    nodes = ex.data["nodes"]
    pairs = [(e[0], e[2]) for e in ex.data["edges"] if nodes[e[0]]["iri"] in visible and nodes[e[2]]["iri"] not in visible]
    # double-click a node that is on top at its own centre (a hub's neighbours may be drawn over it)
    i, j = next(((a, b) for a, b in pairs if ex.js(
        "([i]) => { const n = kgExplorer.net; n.moveTo({position: n.getPositions([i])[i], scale: 2, animation: false});"
        " return n.getNodeAt(n.canvasToDOM(n.getPositions([i])[i])) === i; }", [a])), pairs[0])
    ex.click_node(nodes[i]["iri"], double=True)
    for _ in range(50):  # the expansion lands after the double-click's event handling; allow for a loaded machine
        if nodes[j]["iri"] in ex.visible():
            break
        ex.page.wait_for_timeout(100)
    assert nodes[j]["iri"] in ex.visible()
    assert ex.js("kgExplorer.shownCount()") > after_search
    ex.clean()


# ---------------------------------------------------------------- details on demand
@pytest.fixture
def side_page(tmp_path):
    """A large synthetic page written with its details in chunk files next to it, and its triples."""
    triples = _large(120, 8)
    return H.write_html(triples, tmp_path / "graph.html", side=True), triples


@pytest.fixture
def side_served(side_page):
    """The same page as `kg serve` serves it."""
    from pyoxigraph import serialize, RdfFormat

    from kg.query.serve import make_server

    path, triples = side_page
    serialize(triples, output=str(path.with_name("graph.ttl")), format=RdfFormat.TURTLE)
    server = make_server(path.with_name("graph.ttl"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _details_of(ex: Explorer, i: int) -> list[str]:
    """Wait until the panel shows node ``i`` with its evidence; return the quoted sentences."""
    label = ex.data["nodes"][i]["label"]
    ex.wait_until(f"document.querySelector('#details h2') && document.querySelector('#details h2').textContent === "
                  f"{json.dumps(label)} && document.querySelectorAll('#details .ev blockquote').length > 0")
    return ex.page.locator("#details .ev blockquote").all_text_contents()


@pytest.mark.parametrize("where", ["file", "http"])
def test_details_of_an_entity_outside_the_overview_load_from_the_side_folder(open_explorer, side_page, side_served,
                                                                               where):
    path, triples = side_page
    sentences = {t.object.value for t in triples if t.predicate.value.endswith("sentenceText")}
    url = path.resolve().as_uri() if where == "file" else side_served
    ex = open_explorer(url, also=url.rsplit("/", 1)[0] + "/graph.details/")
    # the page itself carries no sentence and no article: those are in the side folder
    assert ex.data["evidence"] == ex.data["articles"] == [] and ex.data["details"]["articles"] > 0
    html = path.read_text(encoding="utf-8")
    assert sentences and not any(s in html for s in sentences)
    assert ex.js("kgExplorer.chunksLoaded()") == []
    chunk = ex.data["details"]["chunk"]
    visible = set(ex.visible())
    hidden = next(i for i, n in enumerate(ex.data["nodes"]) if n["iri"] not in visible and n["label"].endswith("测试园"))
    ex.page.fill("#search", ex.data["nodes"][hidden]["label"])
    ex.page.keyboard.press("Enter")
    quotes = _details_of(ex, hidden)
    assert quotes and set(quotes) <= sentences
    assert ex.js("kgExplorer.chunksLoaded()") == [hidden // chunk]
    # a click on a related entity kept in another chunk loads that chunk too
    links = ex.page.locator("#details button.link[data-node]")
    other = next(int(n) for n in links.evaluate_all("bs => bs.map(b => b.dataset.node)") if int(n) // chunk != hidden // chunk)
    ex.page.click(f"#details button.link[data-node='{other}']")
    assert set(_details_of(ex, other)) <= sentences
    assert ex.js("kgExplorer.chunksLoaded()") == sorted({hidden // chunk, other // chunk})
    ex.clean()


def test_a_missing_side_folder_is_said_not_thrown(open_explorer, side_page):
    path, _ = side_page
    (path.parent / "graph.details").unlink()
    ex = open_explorer(path.resolve().as_uri(), also=path.parent.resolve().as_uri() + "/graph.details/")
    ex.js("([iri]) => kgExplorer.choose(iri)", [ex.data["nodes"][0]["iri"]])
    ex.wait_until("document.querySelector('#details') && document.querySelector('#details').textContent.includes('无法加载')")
    assert ex.js("kgExplorer.chunksLoaded()") == []
    assert all("graph.details" in e or "ERR_FILE_NOT_FOUND" in e for e in ex.errors)


def test_article_filter_of_a_side_page_loads_the_article_index(open_explorer, side_page):
    path, triples = side_page
    full = H.view_model(triples)
    ex = open_explorer(path.resolve().as_uri(), also=path.parent.resolve().as_uri() + "/graph.details/")
    assert ex.page.locator("#article option").count() == 1  # "all articles" only, until the filter is used
    ex.page.focus("#article")
    ex.wait_until(f"document.querySelectorAll('#article option').length === {len(full['articles']) + 1}")
    art = max(range(len(full["articles"])), key=lambda a: sum(a in n["arts"] for n in full["nodes"]))
    ex.page.select_option("#article", str(art))
    in_article = {n["iri"] for n in full["nodes"] if art in n["arts"]}
    in_article |= {full["nodes"][e[k]]["iri"] for e in full["edges"] for k in (0, 2)
                   if any(full["evidence"][v][0] == art for v in e[3])}
    shown = set(ex.visible())
    assert shown and shown <= in_article
    assert ex.js("kgExplorer.chunksLoaded()") == []  # the filter needs the article index only
    ex.clean()
