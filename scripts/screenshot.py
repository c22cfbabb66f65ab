"""Regenerate docs/img/explorer.png: the seeds explorer with the best-connected park selected.

Run: ``python scripts/screenshot.py [OUT.png]``. Builds seeds/ into a temporary
folder, opens graph.html from file:// in Debian chromium (headless, no network),
chooses the park with the most relations through the search box, and saves a
1400x860 screenshot. Which park that is follows from the data, so the script
never names one. A CJK font must be installed for readable labels
(``apt-get install fonts-wqy-microhei`` or ``fonts-noto-cjk``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    import kg
    from playwright.sync_api import sync_playwright

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "explorer.png"
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("screenshot: Debian chromium is not on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        kg.build([ROOT / "seeds"], out=tmp)
        page_path = Path(tmp) / "graph.html"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(page_path.as_uri())
            page.wait_for_function("window.kgExplorer && window.kgExplorer.ready", timeout=60_000)
            data = json.loads(page.eval_on_selector("#kg-data", "e => e.textContent"))
            park = data["types"].index(next(t for t in data["types"] if t["key"] == "Park"))
            best = max((n for n in data["nodes"] if n["type"] == park), key=lambda n: (n["deg"], n["iri"]))
            page.fill("#search", best["label"])
            page.wait_for_timeout(300)
            page.keyboard.press("Enter")  # an exact match ranks first
            page.wait_for_timeout(1000)
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
