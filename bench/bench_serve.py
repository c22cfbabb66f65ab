"""`kg query` and `kg serve` per named query: first answer and repeated answer (issue 17 item 5 bars).

Run: ``python bench/bench_serve.py OUT [QUERY ...] [--limit S] [--startup SEEDS_OUT]``
(OUT: a build folder with its store; default: every named query). Prints one table row per
named query: the CLI wall time of a first run (answers kept in ``OUT/store/answers`` are
cleared first, :mod:`kg.query.answercache`) and the median of repeated runs (the kept answer),
then the endpoint's first answer and the median repeated answer over HTTP (its in-memory
cache). A first run longer than ``--limit`` seconds (default 60) is stopped and printed as
"> S". ``--startup`` also times ``kg query SEEDS_OUT entity-counts`` repeated (start-up plus a
kept answer) against ``python -c pass``. Absolute milliseconds plus ``python -c pass`` timed in
the same run, so a loaded machine shows in the baseline. A script, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wall(argv: list[str], limit: float | None = None) -> float | None:
    """Seconds ``argv`` ran, or None when it was stopped at ``limit``."""
    t0 = time.perf_counter()
    try:
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t0


def fetch(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return time.perf_counter() - t0, status


def fmt_s(seconds: float | None, limit: float) -> str:
    if seconds is None:
        return f"> {limit:g} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def startup(seeds_out: Path, bare: float) -> None:
    py = sys.executable
    cli = [py, "-m", "kg", "query", str(seeds_out), "entity-counts", "-f", "csv"]
    wall(cli)  # keeps the answer
    again = statistics.median(wall(cli) for _ in range(5))
    print(f"\n`kg query` start-up (seeds build, answer kept, median of 5): {again * 1000:.0f} ms"
          f" = {again / bare:.1f}x python -c pass")


def main(out: Path, names: list[str], limit: float, seeds_out: Path | None) -> None:
    from kg.query.named import list_named, load_named
    from kg.query.serve import make_server

    names = names or [n for n, _ in list_named()]
    py = sys.executable
    bare = statistics.median(wall([py, "-c", "pass"]) for _ in range(3))
    print(f"python -c pass: {bare * 1000:.0f} ms (baseline); load average {os.getloadavg()[0]:.1f}\n")
    shutil.rmtree(out / "store" / "answers", ignore_errors=True)
    server = make_server(out, timeout=limit, max_rows=10_000_000)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql?"
    print("| named query | CLI first | CLI repeated | serve first | serve repeated |")
    print("|---|---|---|---|---|")
    try:
        for name in names:
            cli = [py, "-m", "kg", "query", str(out), name, "-f", "csv"]
            first = wall(cli, limit)
            again = statistics.median(wall(cli) for _ in range(3)) if first is not None else None
            q = url + urllib.parse.urlencode({"query": load_named(name), "format": "csv"})
            s_first, status = fetch(q)
            if status == 200:
                s_again = statistics.median(fetch(q)[0] for _ in range(5))
                serve_cells = f"{fmt_s(s_first, limit)} | {s_again * 1000:.1f} ms"
            else:
                serve_cells = f"HTTP {status} after {fmt_s(s_first, limit)} | -"
            print(f"| {name} | {fmt_s(first, limit)} | {fmt_s(again, limit) if again else '-'} | {serve_cells} |",
                  flush=True)
    finally:
        server.shutdown()
        server.server_close()
    if seeds_out is not None:
        startup(seeds_out, bare)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--startup", type=Path, default=None, metavar="SEEDS_OUT")
    args = ap.parse_args()
    main(args.out, args.names, args.limit, args.startup)
