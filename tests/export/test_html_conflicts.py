"""The explorer's conflict badge: figures that articles give differently are marked in the details panel."""

from __future__ import annotations

import shutil

import pytest

import kg
from kg.export import html as H

A = "星河高新区年报\n2024-03-01 来源：虚构日报\n\n2023年，星河高新区实现营业收入1200亿元。\n"
# (second article, the badge expected on each figure of 2023: 0 none, 1 conflict, 2 likely unit slip)
SECOND = [
    pytest.param("2023年，星河高新区实现营业收入1350亿元。", 1, id="conflict"),
    pytest.param("2023年，星河高新区实现营业收入1200万元。", 2, id="unit-slip"),
    pytest.param("2023年，星河高新区实现营业收入1200亿元。", 0, id="repeat"),
]


def build(tmp_path, second: str, html: bool = False):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "b.txt").write_text(f"星河高新区快报\n2024-04-02 来源：乙报\n\n{second}\n", encoding="utf-8")
    return kg.build([folder], out=tmp_path / "out", html=html, validate=False)


@pytest.mark.parametrize("second, badge", SECOND)
def test_view_model_marks_conflicting_figures(tmp_path, second, badge):
    result = build(tmp_path, second)
    node = next(n for n in H.view_model(list(result.triples))["nodes"] if n["label"] == "星河高新区")
    assert [o.get("conflict", 0) for o in node["obs"] if o["period"] == "2023"] == [badge] * (2 if badge else 1)


@pytest.mark.browser
def test_badge_shows_in_the_details_panel(tmp_path):
    if shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not on PATH")
    from playwright.sync_api import sync_playwright

    from .test_html_browser import ARGS, CHROMIUM, Explorer

    build(tmp_path, SECOND[1].values[0], html=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ex = Explorer(browser, (tmp_path / "out" / "graph.html").as_uri())
            ex.page.fill("#search", "星河高新区")
            ex.page.locator("#suggest li[data-node]").first.wait_for()
            ex.page.locator("#suggest li[data-node]").first.dispatch_event("mousedown")
            ex.page.wait_for_timeout(350)
            badges = ex.page.locator("#details table.obs .badge").all_text_contents()
            assert badges == ["数值冲突 · 疑似单位错误"] * 2
            ex.clean()
        finally:
            browser.close()
