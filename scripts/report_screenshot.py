"""Regenerate docs/img/report.png: the `kg report` page of the most-mentioned park of the seeds build.

Run: ``python scripts/report_screenshot.py [OUT.png]``. Builds seeds/ into a
temporary folder, writes the report of the park with the most mentions (the
data decides which, so the script never names one), opens it from file:// in
Debian chromium (headless, requests other than file: and data: aborted) and
saves a 1200x1500 screenshot of the top of the page. A CJK font must be
installed for readable labels (``fonts-wqy-microhei`` or ``fonts-noto-cjk``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    import kg
    from kg.queries import as_store
    from kg.reporting.data import parks
    from playwright.sync_api import sync_playwright

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "report.png"
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("report_screenshot: Debian chromium is not on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        kg.build([ROOT / "seeds"], out=tmp, html=False)
        top = parks(as_store(Path(tmp) / "graph.ttl"))[0]
        page_path = Path(tmp) / "report.html"
        kg.report(Path(tmp) / "graph.ttl", top.label, out=page_path)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 1500}, device_scale_factor=1)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            page.eval_on_selector("details", "d => { d.open = true; }")  # show one evidence block
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
