"""First paint of built explorer pages in Debian chromium: ``python bench/first_paint.py OUT/graph.html ...``.

Prints, per page, its size and the median of three loads of
``kgExplorer.firstPaint`` (ms from navigation start to the first canvas draw
after the bounded stabilization), the figure issue 17 bounds at 3 s for a
20k-page build. The first page named acts as the baseline for the ratios.
A script, not a timed test.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def first_paint(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgExplorer && window.kgExplorer.ready", timeout=120_000)
    ms = page.evaluate("kgExplorer.firstPaint")
    page.close()
    return ms


def main(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        base = None
        for name in paths:
            path = Path(name)
            ms = statistics.median(first_paint(browser, path) for _ in range(3))
            base = base or ms
            print(f"{path}: {path.stat().st_size / 1e6:.2f} MB, first paint {ms:.0f} ms ({ms / base:.2f}x the first page)")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
