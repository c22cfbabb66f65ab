"""Benchmark: the explorer with a synthetic 5,000-entity graph, in Debian chromium.

Run: ``python bench/bench_explorer.py [NODES] [RUNS]`` (defaults 5000 and 3).
It generates the triples itself (parks with enterprises, industries, projects,
places, policies and organizations around them, every relation reified with an
evidence sentence, observations on parks), writes the page, and measures in
the browser:

* first paint - ``performance.now()`` (ms since navigation start) at the first
  canvas draw after the bounded stabilization, i.e. when the graph is visible
  and the page answers clicks;
* search - time to fold a query, scan every label/alias and render the
  suggestion list (a traditional-script query, so the character map is used);
* type filter - time to hide one entity type (legend toggle) up to the next frame;
* choose - time to reveal a hidden entity with its neighbours, highlight it and
  fill the details panel.

A small graph (that the page shows in full) runs in the same process as the
baseline and the script prints ratios against it, so the numbers stay
comparable on a busy or slow machine. This is a script, not a timed test.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402
from pyoxigraph import Literal, NamedNode, Triple  # noqa: E402

from kg.export.html import write_html  # noqa: E402
from kg.vocab import ONTOLOGY_IRI as KG  # noqa: E402

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LABEL, ALT = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"
DCT, PROV, XSD = "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#", "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/parkkg/id/"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: (type, relation, direction) of the entities hung around each park; parks are 1 in 12 entities.
SPOKES = [("Enterprise", "locatedIn", "in"), ("Industry", "leadsIndustry", "out"), ("Project", "signedProject", "out"),
          ("Industry", "developsIndustry", "out"), ("Policy", "issuedPolicy", "out"), ("Place", "locatedIn", "out"),
          ("Organization", "partOf", "in"), ("Enterprise", "locatedIn", "in"), ("Project", "signedProject", "out"),
          ("Person", None, None), ("Enterprise", "locatedIn", "in")]
DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(n))


def synthetic_graph(nodes: int) -> tuple[list[Triple], list[str]]:
    """Triples for about ``nodes`` entities, and some traditional-script queries for them."""
    s2t = opencc.OpenCC("s2t")
    out: list[Triple] = []

    def t(s, p, o):
        out.append(Triple(NamedNode(s), NamedNode(p), o if isinstance(o, Literal) else NamedNode(o)))

    def lit(v, lang=None, dt=None):
        return Literal(str(v), language=lang) if lang else Literal(str(v), datatype=NamedNode(XSD + dt)) if dt else Literal(str(v))

    parks = max(1, -(-nodes // (len(SPOKES) + 1)))
    articles = max(1, parks // 10)
    for a in range(articles):
        art = f"{ID}article/bench-{a}"
        t(art, RDF + "type", KG + "Article")
        t(art, DCT + "title", lit(f"第{_cn(a)}篇测试报道", "zh-Hans"))
        t(art, DCT + "date", lit(f"2024-{a % 12 + 1:02d}-01", dt="date"))
        t(art, DCT + "source", lit("基准测试来源"))
    made = 0
    for p in range(parks):
        if made >= nodes:
            break
        park = f"{ID}park/bench-{p}"
        name = f"测试{_cn(p)}号高新区"
        art = f"{ID}article/bench-{p % articles}"
        t(park, RDF + "type", KG + "Park")
        t(park, LABEL, lit(name, "zh-Hans"))
        t(park, ALT, lit(s2t.convert(name), "zh-Hant"))
        t(park, KG + "mentionedIn", art)
        obs = f"{ID}observation/bench-{p}"
        t(park, KG + "hasObservation", obs)
        for pred, val in (("indicator", lit("地区生产总值", "zh-Hans")), ("value", lit(1_000_000 * (p + 1), dt="decimal")),
                          ("unit", lit("CNY")), ("period", lit("2023")), ("surfaceValue", lit(f"{p + 1}百万元"))):
            t(obs, KG + pred, val)
        t(obs, RDF + "type", KG + "Observation")
        made += 1
        for k, (typ, rel, direction) in enumerate(SPOKES):
            if made >= nodes:
                break
            ent = f"{ID}{typ.lower()}/bench-{p}-{k}"
            label = f"{name}{typ}{_cn(k)}"
            t(ent, RDF + "type", KG + typ)
            t(ent, LABEL, lit(label, "zh-Hans"))
            t(ent, KG + "mentionedIn", art)
            made += 1
            if rel is None:
                continue
            s, o = (ent, park) if direction == "in" else (park, ent)
            if k == 1 and p + 1 < parks:  # tie neighbouring parks together
                t(f"{ID}park/bench-{p + 1}", KG + rel, ent)
            sentence = f"据报道，{label}与{name}的关系已经确认。"
            ev, st = f"{ID}evidence/bench-{p}-{k}", f"{ID}statement/bench-{p}-{k}"
            t(s, KG + rel, o)
            for pred, val in ((RDF + "type", RDF + "Statement"), (RDF + "subject", s), (RDF + "predicate", KG + rel),
                              (RDF + "object", o), (PROV + "wasDerivedFrom", ev)):
                t(st, pred, val)
            for pred, val in ((RDF + "type", KG + "Evidence"), (KG + "inArticle", art), (KG + "beginIndex", lit(0, dt="integer")),
                              (KG + "endIndex", lit(len(sentence), dt="integer")), (KG + "sentenceText", lit(sentence, "zh"))):
                t(ev, pred, val)
    queries = [s2t.convert(f"测试{_cn(p)}号高新区") for p in (parks - 1, parks // 2, 0)]
    return sorted(out, key=lambda x: (str(x.subject), str(x.predicate), str(x.object))), queries


SEARCH_JS = """([q]) => {
  const box = document.getElementById('search');
  box.value = q;
  const t0 = performance.now();
  box.dispatchEvent(new Event('input'));
  const n = document.querySelectorAll('#suggest li[data-node]').length;
  return [performance.now() - t0, n];
}"""
TOGGLE_JS = """() => new Promise((done) => {
  const b = document.querySelector('#legend button[data-type="Enterprise"]');
  const t0 = performance.now();
  b.click();
  requestAnimationFrame(() => { const t1 = performance.now(); b.click(); done(t1 - t0); });
})"""
CHOOSE_JS = """([iri]) => new Promise((done) => {
  const t0 = performance.now();
  kgExplorer.choose(iri);
  requestAnimationFrame(() => done([performance.now() - t0, kgExplorer.shownCount()]));
})"""


def measure(browser, path: Path, queries: list[str], hidden_iri: str) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgExplorer && window.kgExplorer.ready", timeout=60_000)
    first_paint = page.evaluate("kgExplorer.firstPaint")
    timings = page.evaluate("kgExplorer.timings")
    searches = [page.evaluate(SEARCH_JS, [q]) for q in queries * 3]
    assert all(n > 0 for _, n in searches), "a search found nothing"
    toggle_ms = statistics.median(page.evaluate(TOGGLE_JS) for _ in range(3))
    choose_ms, shown = page.evaluate(CHOOSE_JS, [hidden_iri])
    page.close()
    assert not errors, errors
    return {"paint": first_paint, "stabilize": timings["stabilized"] - timings["network"],
            "search": statistics.median(ms for ms, _ in searches), "toggle": toggle_ms, "choose": choose_ms, "shown": shown}


def run(browser, nodes: int, runs: int, folder: Path) -> dict:
    triples, queries = synthetic_graph(nodes)
    t0 = time.perf_counter()
    path = write_html(triples, folder / f"explorer-{nodes}.html")
    render = time.perf_counter() - t0
    entities = sum(1 for x in triples if x.predicate.value == RDF + "type" and x.object.value[len(KG):] in
                   {"Park", "Enterprise", "Industry", "Policy", "Project", "Place", "Person", "Organization"})
    hidden = f"{ID}park/bench-{nodes // (len(SPOKES) + 1) // 2}"  # a mid-ranked park: not in the first view
    results = [measure(browser, path, queries, hidden) for _ in range(runs)]
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    med.update(entities=entities, render=render * 1000, size=path.stat().st_size / 1e6)
    return med


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("bench_explorer: Debian chromium is not on PATH (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        run(browser, 60, 1, Path(tmp))  # warm up chromium and the Python caches
        base = run(browser, 240, runs, Path(tmp))
        big = run(browser, nodes, runs, Path(tmp))
        browser.close()
    print(f"explorer benchmark, median of {runs} loads each (Debian chromium, headless)")
    print(f"{'':24}{'baseline':>12}{'large':>12}{'ratio':>8}")
    rows = [("entities", "entities", "{:.0f}"), ("page size (MB)", "size", "{:.2f}"), ("render_html (ms)", "render", "{:.0f}"),
            ("first paint (ms)", "paint", "{:.0f}"), ("  stabilization (ms)", "stabilize", "{:.0f}"),
            ("search (ms)", "search", "{:.2f}"), ("type filter (ms)", "toggle", "{:.1f}"), ("choose hidden (ms)", "choose", "{:.1f}"), ("nodes drawn after", "shown", "{:.0f}")]
    for name, key, fmt in rows:
        ratio = big[key] / base[key] if base[key] else float("nan")
        print(f"{name:24}{fmt.format(base[key]):>12}{fmt.format(big[key]):>12}{ratio:>7.2f}x")
    verdict = "OK" if big["paint"] < 3000 else "SLOW"
    print(f"first paint with {big['entities']:.0f} entities: {big['paint'] / 1000:.2f} s ({verdict}: target < 3 s)")


if __name__ == "__main__":
    main()
