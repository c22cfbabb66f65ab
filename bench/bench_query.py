"""Benchmark: `kg query` wall time including start-up, named queries and SHACL validation.

Run: ``python bench/bench_query.py [GRAPH.ttl]`` (default: builds seeds/ into a
temporary folder first). Start-up is compared with a bare ``python -c pass``
and ``python -c "import kg"`` timed in the same run, so the ratios stay
meaningful on a loaded machine; in-process query times are compared with
loading the graph into pyoxigraph. A script, not a timed test, on purpose.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wall(argv: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 1:
        graph = Path(sys.argv[1])
    else:
        import kg

        out = Path(tempfile.mkdtemp(prefix="bench-query-"))
        kg.build([ROOT / "seeds"], out=out, html=False)
        graph = out / "graph.ttl"
    py = sys.executable
    print(f"graph: {graph} ({graph.stat().st_size / 1e6:.2f} MB), load average {os.getloadavg()[0]:.1f}")

    bare = wall([py, "-c", "pass"])
    import_kg = wall([py, "-c", "import kg"])
    cli = wall([py, "-m", "kg", "query", str(graph), "leading-industries"])
    # The same command with kg/__init__.py skipped (what a lazy `kg` package would cost):
    lazy = wall([py, "-c", "import sys, types; m = types.ModuleType('kg'); m.__path__ = [%r]; sys.modules['kg'] = m; "
                 "from kg.commands.query import command; command.main([%r, 'leading-industries'], "
                 "standalone_mode=False)" % (str(ROOT / "kg"), str(graph))])
    print(f"python -c pass                      {bare * 1000:7.0f} ms  (baseline)")
    print(f"python -c 'import kg'               {import_kg * 1000:7.0f} ms  ×{import_kg / bare:.1f}")
    print(f"kg query GRAPH leading-industries   {cli * 1000:7.0f} ms  ×{cli / bare:.1f}"
          f"  ({'under' if cli < 1 else 'OVER'} the 1 s bar)")
    print(f"  of which import kg                {import_kg / cli:7.0%}")
    print(f"same, kg/__init__ not imported      {lazy * 1000:7.0f} ms  ×{lazy / bare:.1f}"
          f"  ({'under' if lazy < 1 else 'OVER'} the 1 s bar)")

    from kg.query import named as queries
    from kg.query.validate import validate

    t0 = time.perf_counter()
    store = queries.as_store(list(__import__("pyoxigraph").parse(path=str(graph))))
    load = time.perf_counter() - t0
    print(f"load graph into pyoxigraph          {load * 1000:7.1f} ms  (baseline)")
    for name, _ in queries.list_named():
        t0 = time.perf_counter()
        n = len(queries.run(store, name))
        dt = time.perf_counter() - t0
        print(f"  {name:32} {dt * 1000:7.1f} ms  ×{dt / load:.2f}  {n} rows")
    validate(store)  # parse shapes, import pyshacl
    t0 = time.perf_counter()
    report = validate(store)
    dt = time.perf_counter() - t0
    print(f"validate (warm)                     {dt * 1000:7.0f} ms  ×{dt / load:.0f}  conforms={report.conforms}")


if __name__ == "__main__":
    main()
