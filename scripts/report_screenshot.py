"""Regenerate docs/img/report.png: the `kg report` page of the most-mentioned park of the seeds build.

Run: ``python scripts/report_screenshot.py [OUT.png]``. Builds seeds/ into a
temporary folder, writes the report of the park with the most mentions (the
data decides which, so the script never names one), opens it from file:// in
Debian chromium (headless, requests other than file: and data: aborted) and
saves a 1200x1100 screenshot of its indicators section (time series,
charts, evidence), the part no other view of the graph shows. A CJK font must be
installed for readable labels (``fonts-wqy-microhei`` or ``fonts-noto-cjk``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from screenshot import ARGS, ROOT  # the explorer's screenshot script: same browser flags, repo on sys.path


def main() -> None:
    import kg
    from kg.query.named import as_store
    from kg.analysis.reporting.data import parks
    from playwright.sync_api import sync_playwright

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "report.png"
    if (chromium := shutil.which("chromium")) is None:
        sys.exit("report_screenshot: Debian chromium is not on PATH (apt-get install chromium)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        kg.build([ROOT / "seeds"], out=tmp, html=False)
        top = parks(as_store(Path(tmp) / "graph.ttl"))[0]
        page_path = Path(tmp) / "report.html"
        kg.report(Path(tmp) / "graph.ttl", top.label, out=page_path)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 1100}, device_scale_factor=1)
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
                page.goto(page_path.as_uri())
                page.wait_for_load_state("load")
                page.eval_on_selector("#figures ~ .series details", "d => { d.open = true; }")  # one evidence block
                page.eval_on_selector("#figures", "h => h.scrollIntoView()")
                page.screenshot(path=str(target))
            finally:
                browser.close()
    print(f"wrote {target} (the report of {top.label})")


if __name__ == "__main__":
    main()
