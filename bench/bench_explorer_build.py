"""Benchmark: what the explorer adds to a build, and how fast its page paints (issue 17 item 4).

Run: ``python bench/bench_explorer_build.py CORPUS [--jobs N] [--out DIR]``.
It builds CORPUS twice in child processes, one after the other in the same
run, ``kg build --no-html`` (the baseline) and ``kg build`` (explorer
included), both ``--no-validate -q``, and reports per build the wall time, the
CPU time (user + system, children included) and the peak resident memory
(``ru_maxrss`` from ``wait4``: the largest single process of the build), then
the explorer's share: CPU as a ratio to the baseline and peak memory as MB
over it, the figures issue 17 bounds at 10 % and 300 MB for 20k pages.
Finally it loads the page in Debian chromium three times and prints the median
first paint (``kgExplorer.firstPaint``, bound: < 3 s at 20k pages), with the
page's and side folder's sizes. Start it with ``nice`` on a shared machine.
A benchmark script, not a timed test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from childbuild import timed_build  # noqa: E402
from first_paint import ARGS, first_paint  # noqa: E402


def build(corpus: Path, out: Path, jobs: int, *extra: str) -> dict:
    """One ``kg build`` in a child process: wall seconds, CPU seconds and peak RSS (MB) from wait4."""
    shutil.rmtree(out, ignore_errors=True)
    return timed_build(ROOT, [corpus, "--out", out, "--no-validate", "-q", "-j", jobs, *extra])


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.is_dir() else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-explorer-build"))
    args = ap.parse_args()
    base = build(args.corpus, args.out / "nohtml", args.jobs, "--no-html")
    html = build(args.corpus, args.out / "html", args.jobs)
    print(f"explorer build benchmark: {args.corpus}, --jobs {args.jobs}")
    print(f"{'':14}{'--no-html':>12}{'default':>12}{'explorer adds':>16}")
    print(f"{'wall (s)':14}{base['seconds']:>12.1f}{html['seconds']:>12.1f}{html['seconds'] / base['seconds'] - 1:>15.1%}")
    print(f"{'CPU (s)':14}{base['cpu']:>12.1f}{html['cpu']:>12.1f}{html['cpu'] / base['cpu'] - 1:>15.1%}  (bar <= 10 %)")
    print(f"{'peak RSS (MB)':14}{base['rss_mb']:>12.0f}{html['rss_mb']:>12.0f}{html['rss_mb'] - base['rss_mb']:>13.0f} MB  (bar <= 300 MB)")
    page = args.out / "html" / "graph.html"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        ms = statistics.median(first_paint(browser, page) for _ in range(3))
        browser.close()
    print(f"graph.html {page.stat().st_size / 1e6:.2f} MB, side folder {folder_mb(page.with_name('graph.details')):.1f} MB, "
          f"first paint {ms:.0f} ms (median of 3, bar < 3000 ms)")


if __name__ == "__main__":
    main()
