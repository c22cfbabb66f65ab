"""`kg serve` and `kg query` on a built graph: first answer, repeated answer (issue 17 item 5 bars).

Run: ``python bench/bench_serve.py OUT [QUERY ...]`` (OUT: a build folder with its store; default query
``leading-industries``). Prints, per named query, the CLI wall time of a first and of repeated runs
(answers are kept in ``OUT/store/answers``, :mod:`kg.query.answercache`; the first run here clears
them) and the endpoint's first and median repeated answer over HTTP (its in-memory cache), against
``python -c pass`` timed in the same run. A script, not a timed test.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wall(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(out: Path, names: list[str]) -> None:
    from kg.query.named import load_named
    from kg.query.serve import make_server

    py = sys.executable
    bare = statistics.median(wall([py, "-c", "pass"]) for _ in range(3))
    print(f"python -c pass: {bare * 1000:.0f} ms (baseline)")
    shutil.rmtree(out / "store" / "answers", ignore_errors=True)
    server = make_server(out, timeout=3600)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql?"
    try:
        for name in names:
            cli = [py, "-m", "kg", "query", str(out), name, "-f", "csv"]
            first = wall(cli)
            again = statistics.median(wall(cli) for _ in range(5))
            print(f"kg query {name}: first {first:.2f} s, repeated {again * 1000:.0f} ms (x{again / bare:.1f} python -c pass)"
                  f" ({'under' if again < 1 else 'OVER'} the 1 s bar)")
            q = url + urllib.parse.urlencode({"query": load_named(name), "format": "csv"})
            times = []
            for _ in range(6):
                t0 = time.perf_counter()
                with urllib.request.urlopen(q) as r:
                    r.read()
                times.append(time.perf_counter() - t0)
            rep = statistics.median(times[1:])
            print(f"kg serve {name}: first {times[0]:.2f} s, repeated {rep * 1000:.1f} ms"
                  f" ({'under' if rep < 0.05 else 'OVER'} the 50 ms bar)")
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or ["leading-industries"])
