"""Benchmark: `kg query` wall time including start-up, named queries and SHACL validation.

Run: ``python bench/bench_query.py [GRAPH.ttl]`` (default: builds seeds/ into a
temporary folder first). Start-up is compared with a bare ``python -c pass``
and ``python -c "import kg"`` timed in the same run, so the ratios stay
meaningful on a loaded machine; in-process query times are compared with
loading the graph into pyoxigraph. A script, not a timed test, on purpose.

``python bench/bench_query.py --first-run OUT [--before TREE] [--limit S] [NAME ...]`` prints the
issue 17 bar's table instead: per named query, the wall time of a *first* ``kg query OUT NAME -f tsv``
from the CLI (start-up included; the answers kept in ``OUT/store/answers`` are removed before
every run, :mod:`kg.query.answercache`) and its row count, and with ``--before`` the same for
another source tree (e.g. an export of the previous commit) run right before it, so both columns
share the machine's load. A run past ``--limit`` seconds (default 60) is stopped: "> S".
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


def first_run(out: Path, tree: Path, name: str, limit: float) -> tuple[float | None, int]:
    """(seconds or None past ``limit``, rows) of ``kg query OUT NAME`` from ``tree`` with no kept answer."""
    import shutil

    shutil.rmtree(out / "store" / "answers", ignore_errors=True)
    argv = [sys.executable, "-m", "kg", "query", str(out), name, "-f", "tsv"]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    t0 = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=tree, env=env, check=True, capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, 0
    return time.perf_counter() - t0, done.stdout.count(b"\n") - 1


def first_run_table(out: Path, names: list[str], before: Path | None, limit: float) -> None:
    """The per-query first-run table (markdown) of the issue 17 bar: < 1 s from the CLI."""
    from kg.query.named import list_named

    names = names or [n for n, _ in list_named()]
    bare = wall([sys.executable, "-c", "pass"], 3)
    print(f"build: {out}; python -c pass {bare * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}\n")
    cell = lambda s: f"> {limit:g} s" if s is None else f"{s:.2f} s"  # noqa: E731
    print("| named query | rows | first run | under 1 s |" + (" before | rows before |" if before else ""))
    print("|---|---:|---:|---|" + ("---:|---:|" if before else ""))
    under = 0
    for name in names:
        old = first_run(out, before, name, limit) if before else None
        seconds, rows = first_run(out, ROOT, name, limit)
        under += seconds is not None and seconds < 1
        row = f"| {name} | {rows} | {cell(seconds)} | {'yes' if seconds is not None and seconds < 1 else 'no'} |"
        print(row + (f" {cell(old[0])} | {old[1]} |" if old else ""), flush=True)
    print(f"\n{under} of {len(names)} named queries answer a first run in < 1 s")


def main() -> None:
    if "--first-run" in sys.argv:
        import argparse

        ap = argparse.ArgumentParser()
        ap.add_argument("--first-run", type=Path, required=True, metavar="OUT")
        ap.add_argument("--before", type=Path, default=None, metavar="TREE")
        ap.add_argument("--limit", type=float, default=60.0)
        ap.add_argument("names", nargs="*")
        args = ap.parse_args()
        return first_run_table(args.first_run, args.names, args.before, args.limit)
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
