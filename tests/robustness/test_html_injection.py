"""Injection-proof explorer: payloads in names and sentences never run in graph.html.

A page whose policy titles, article title and sentences carry <script>,
onerror= and javascript: payloads is built with ``kg.build``; the graph.html it
writes is opened in headless Debian Chromium, every node is hovered and
clicked, and ``window.__pwned`` must stay undefined with no dialog opened.
"""

from __future__ import annotations

import shutil

import pytest

import kg

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "</script><script>window.__pwned='close'</script>",
    "\"><svg onload=\"window.__pwned='svg'\">",
    "javascript:window.__pwned='js'",
    "' onmouseover='window.__pwned=1' x='",
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    "${alert('tpl')}{{constructor.constructor('alert(1)')()}}",
]


def _page() -> str:
    lines = [f"星河高新区{PAYLOADS[0]}新闻", "2024-03-05 来源：示例日报"]
    for i, p in enumerate(PAYLOADS):
        lines.append(f"管委会出台《{p}第{i}号措施》。")
        lines.append(f"星河高新区位于江城市，{p}蓝鲸{i}科技有限公司签约{p}项目。")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    (folder / "xss.txt").write_text(_page(), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    kg.build([folder], out=out, html=True)
    return out


def test_payloads_reach_the_graph(built):
    ttl = (built / "graph.ttl").read_text(encoding="utf-8")
    # the test is only meaningful if hostile text is in labels and evidence
    assert "onerror" in ttl and "<script>" in ttl and "javascript:" in ttl


def test_nothing_runs_in_the_explorer(built):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium,
                                     args=["--headless", "--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto((built / "graph.html").as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(1500)
            # hover and click every node the explorer draws, to open tooltips and panels
            points = page.evaluate("""() => {
                const nw = (window.kgExplorer && window.kgExplorer.net) || window.network || null;
                if (!nw || !nw.getPositions) return [];
                const pos = nw.getPositions();
                return Object.values(pos).map(p => nw.canvasToDOM(p));
            }""")
            box = page.locator("canvas").first.bounding_box() if page.locator("canvas").count() else None
            assert points, "no node positions: the explorer no longer exposes window.kgExplorer.net"
            for p in points[:60]:
                if box:
                    x, y = box["x"] + p["x"], box["y"] + p["y"]
                    page.mouse.move(x, y)
                    page.wait_for_timeout(30)
                    page.mouse.click(x, y)
            # type payloads into any search box the explorer offers
            for field in page.locator("input[type=search]:not([readonly]), input[type=text]:not([readonly]), input:not([type]):not([readonly])").all()[:3]:
                for payload in PAYLOADS[:4]:
                    field.fill(payload)
                    field.press("Enter")
                    page.wait_for_timeout(50)
            page.wait_for_timeout(500)
            pwned = page.evaluate("() => window.__pwned")
            attr_hits = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
                [...el.attributes].filter(a => /^on/i.test(a.name) || /javascript:/i.test(a.value))
                    .map(a => el.tagName + ' ' + a.name + '=' + a.value))""")
            body_text = page.evaluate("() => document.documentElement.outerHTML.length")
        finally:
            browser.close()
    assert pwned is None
    assert dialogs == []
    assert attr_hits == []
    assert body_text > 1000  # the explorer rendered at all
