"""Time `kg build` on a synthetic corpus against jieba baselines, in one run.

Why ratios: the machine (and its load) changes from run to run, so absolute
times mean little; jieba precise mode (``jieba.lcut``) and ``jieba.posseg``
over the very same page texts, timed in the same run, give a yardstick. The
build runs as a subprocess (``python -m kg build``), so its peak RSS comes from
``os.wait4`` for that process alone. Results are printed and appended to
bench/results.md with machine, date and commit. Nothing here is asserted.

Usage: ``python bench/run.py 1000 10000 [--jobs 1,2] [--cache-check] [--posseg-pages 2000] [--precise-pages 0]``
(``--precise-pages N`` times jieba precise mode on the first N pages and scales, marked ``*``; for 100k pages.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import make_corpus  # noqa: E402
from childbuild import timed_build  # noqa: E402
import reallike  # noqa: E402

#: The tree whose ``kg`` the builds run (``--tree`` switches it, for before/after rows in one run).
TREE = ROOT


def ensure_corpus(n: int, base: Path) -> Path:
    """Pages 0..n-1 in base/pages (extends an existing smaller corpus: pages depend only on their index)."""
    pages = base / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    have = {p.name[:6] for p in pages.iterdir()}
    for i in range(n):
        if f"{i:06d}" not in have:
            name, text, _ = make_corpus.page(i)
            (pages / name).write_text(text, encoding="utf-8")
    return pages


def texts_of(pages: Path, n: int) -> list[str]:
    files = sorted(pages.iterdir())[:n]
    return [f.read_text(encoding="utf-8") for f in files]


def run_build(pages: Path, out: Path, *extra: str) -> dict:
    args = [pages, "--out", out, "--no-validate", "-q", *extra]
    if "--html" in args:
        args.remove("--html")
    else:
        args.append("--no-html")
    return {**timed_build(TREE, args), "out": out / "graph.ttl"}


def triples_in(ttl: Path) -> int:
    from pyoxigraph import RdfFormat, parse

    with ttl.open("rb") as fh:
        return sum(1 for _ in parse(fh, format=RdfFormat.TURTLE))


def time_baselines(texts: list[str], posseg_pages: int, precise_pages: int = 0) -> dict:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    sample = texts[:precise_pages] if precise_pages else texts
    started, cpu = time.perf_counter(), time.process_time()
    for t in sample:
        jieba.lcut(t)
    precise = (time.perf_counter() - started) * len(texts) / max(len(sample), 1)
    precise_cpu = (time.process_time() - cpu) * len(texts) / max(len(sample), 1)
    sample = texts[:posseg_pages] if posseg_pages else texts
    started = time.perf_counter()
    for t in sample:
        jieba.posseg.lcut(t)
    posseg = (time.perf_counter() - started) * len(texts) / max(len(sample), 1)
    return {"precise": precise, "precise_cpu": precise_cpu, "posseg": posseg, "posseg_sampled": len(sample) < len(texts),
            "precise_sampled": bool(precise_pages) and precise_pages < len(texts)}


def floors(texts: list[str]) -> dict:
    """Seconds for OpenCC t2s over the texts, and for the floor: encode, decode, OpenCC, one Aho-Corasick scan."""
    import ahocorasick_rs
    import opencc

    from kg.reference.places import Gazetteer

    t2s = opencc.OpenCC("t2s")
    started = time.perf_counter()
    for t in texts:
        t2s.convert(t)
    cc = time.perf_counter() - started
    automaton = ahocorasick_rs.AhoCorasick(Gazetteer().names)
    started = time.perf_counter()
    for t in texts:
        automaton.find_matches_as_indexes(t2s.convert(t.encode("utf-8").decode("utf-8")))
    return {"opencc": cc, "floor": time.perf_counter() - started}


def startup(built: Path, page: Path) -> dict:
    """Best of three: ``kg query`` on a built graph, and ``kg build`` of one page (no HTML, no SHACL)."""
    def best(*args: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", *args], cwd=TREE, env={**os.environ, "PYTHONPATH": str(TREE)},
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        return min(times)

    with __import__("tempfile").TemporaryDirectory() as tmp:
        return {"query": best("query", str(built), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
                "build1": best("build", str(page), "--out", tmp, "-q", "--no-html", "--no-validate", "-j", "1")}


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def subset(n: int, work: Path) -> Path:
    """A folder with exactly pages 0..n-1 (hard links into the shared corpus)."""
    src = ensure_corpus(n, work / "corpus")
    dst = work / f"pages-{n}"
    if not dst.is_dir() or len(list(dst.iterdir())) != n:
        shutil.rmtree(dst, ignore_errors=True)
        dst.mkdir(parents=True)
        for f in sorted(src.iterdir())[:n]:
            os.link(f, dst / f.name)
    return dst


def bench(n: int, work: Path, jobs: list[int], posseg_pages: int, cache_check: bool, precise_pages: int = 0,
          extras: dict | None = None) -> list[dict]:
    """Rows for one corpus size. ``extras`` (``--real``, ``--html``, ``--before``, ``--floors``) add the
    real-like corpus, a default build with the explorer, the same builds on another tree, and the floors."""
    extras = extras or {}
    if extras.get("real"):
        pages = reallike.make(n, extras["real"], work / f"real-{n}")
    else:
        pages = subset(n, work)
    texts = texts_of(pages, n)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    base = time_baselines(texts, posseg_pages, precise_pages)
    if extras.get("floors"):
        base.update(floors(texts))
    del texts
    rows, first = [], None
    for j in jobs:
        out = work / f"out-{n}-j{j}"
        shutil.rmtree(out, ignore_errors=True)
        print(f"building {n} pages with --jobs {j} (load {os.getloadavg()[0]:.1f})", flush=True)
        r = run_build(pages, out, "--jobs", str(j))
        r["load"] = os.getloadavg()[0]
        same = "" if first is None else ("yes" if r["out"].read_bytes() == first["out"].read_bytes() else "NO")
        first = first or r
        rows.append({"pages": n, "mb": mb, "jobs": j, **r, "precise": base["precise"], "posseg": base["posseg"],
                     "precise_cpu": base["precise_cpu"], "corpus": "real-like" if extras.get("real") else "synthetic",
                     "sampled": base["posseg_sampled"], "precise_sampled": base["precise_sampled"], "identical": same,
                     "speedup": rows[0]["seconds"] / r["seconds"] if rows else 1.0})
    rows[0]["triples"] = triples_in(first["out"])
    rows[0].update({k: base[k] for k in ("opencc", "floor") if k in base})
    if extras.get("html"):
        print(f"building {n} pages with the explorer, --jobs {jobs[0]}", flush=True)
        rows[0]["html"] = run_build(pages, work / f"out-{n}-html", "--jobs", str(jobs[0]), "--html")
    if extras.get("before"):
        global TREE
        mine, TREE = TREE, extras["before"]
        try:
            for row in rows:
                print(f"building {n} pages with --jobs {row['jobs']} on {TREE}", flush=True)
                row["before"] = run_build(pages, work / f"out-{n}-before-j{row['jobs']}", "--jobs", str(row["jobs"]))
                row["before_identical"] = row["before"]["out"].read_bytes() == row["out"].read_bytes()
            if extras.get("html"):
                rows[0]["before_html"] = run_build(pages, work / f"out-{n}-before-html", "--jobs", str(jobs[0]), "--html")
        finally:
            TREE = mine
    if cache_check:
        rows.append(cache_rebuild(n, work, max(jobs), first))
    return rows


def cache_rebuild(n: int, work: Path, jobs: int, clean: dict) -> dict:
    """Clean build with --cache, add 10 pages, rebuild with the cache; compare to a clean build."""
    cache = work / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    corpus = work / f"corpus-cache-{n}"
    shutil.rmtree(corpus, ignore_errors=True)
    pages = corpus / "pages"
    shutil.copytree(subset(n, work), pages)
    warm = run_build(pages, work / "out-cache-warm", "--jobs", str(jobs), "--cache", str(cache))
    for i in range(n, n + 10):
        name, text, _ = make_corpus.page(i)
        (pages / name).write_text(text, encoding="utf-8")
    re = run_build(pages, work / "out-cache-re", "--jobs", str(jobs), "--cache", str(cache))
    fresh = run_build(pages, work / "out-cache-fresh", "--jobs", str(jobs))
    same = re["out"].read_bytes() == fresh["out"].read_bytes()
    print(f"cache: clean build of {n} pages {warm['seconds']:.1f}s; +10 pages rebuilt in {re['seconds']:.1f}s "
          f"({re['seconds'] / fresh['seconds']:.1%} of a clean build's {fresh['seconds']:.1f}s); identical: {same}")
    return {"cache": True, "pages": n + 10, "rebuild": re["seconds"], "fresh": fresh["seconds"], "identical": same}


def table(rows: list[dict]) -> list[str]:
    lines = ["| pages | MB | jobs | build s | docs/s | MB/s | peak RSS MB | triples | build/precise | build/posseg | speedup vs j1 | identical to j1 | load after |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        if r.get("cache"):
            continue
        # ratio = build speed / baseline speed = baseline time / build time
        lines.append(f"| {r['pages']} | {r['mb']:.1f} | {r['jobs']} | {r['seconds']:.1f} | {r['pages'] / r['seconds']:.1f} | "
                     f"{r['mb'] / r['seconds']:.3f} | {r['rss_mb']:.0f} | {r.get('triples', '')} | "
                     f"{r['precise'] / r['seconds']:.2f}{'*' if r['precise_sampled'] else ''} | "
                     f"{r['posseg'] / r['seconds']:.2f}{'*' if r['sampled'] else ''} | "
                     f"{r['speedup']:.2f} | {r['identical']} | {r['load']:.1f} |")
    builds = [r for r in rows if not r.get("cache")]
    for j in sorted({r["jobs"] for r in builds}):
        same = sorted((r for r in builds if r["jobs"] == j), key=lambda r: r["pages"])
        for a, b in zip(same, same[1:]):
            lines.append(f"\nlinearity, --jobs {j}: {b['pages'] // a['pages']}x pages took "
                         f"{b['seconds'] / a['seconds']:.2f}x time ({a['pages']} -> {b['pages']} pages)")
    lines += extra_lines(builds)
    for r in rows:
        if r.get("cache"):
            lines.append(f"\ncache: {r['pages']} pages (10 new) rebuilt in {r['rebuild']:.1f}s = "
                         f"{r['rebuild'] / r['fresh']:.1%} of a clean build ({r['fresh']:.1f}s); byte-identical: {r['identical']}")
    return lines


def _explorer_line(label: str, html: dict, plain: dict) -> str:
    """One line on what the explorer adds to a build: wall and CPU time ratios, peak memory."""
    return (f"\n{label}: default build {html['seconds']:.1f}s = {html['seconds'] / plain['seconds']:.2f}x the --no-html "
            f"build (CPU {html['cpu'] / plain['cpu']:.2f}x); peak RSS {html['rss_mb']:.0f} MB "
            f"(+{html['rss_mb'] - plain['rss_mb']:.0f} MB)")


def extra_lines(builds: list[dict]) -> list[str]:
    """The floors, the explorer's cost and the before/after ratios, one line each."""
    lines = []
    for r in builds:
        what = f"{r['pages']} {r.get('corpus', 'synthetic')} pages"
        if "floor" in r:
            lines.append(f"\nfloors, {what}: OpenCC t2s {r['mb'] / r['opencc']:.1f} MB/s, decode + OpenCC + Aho-Corasick "
                         f"over the place names {r['mb'] / r['floor']:.1f} MB/s; the --jobs 1 build costs "
                         f"{r['seconds'] / r['floor']:.0f}x the floor")
        if "html" in r:
            lines.append(_explorer_line(f"explorer, {what}, --jobs {r['jobs']}", r["html"], r))
            if "before_html" in r and "before" in r:
                lines.append(_explorer_line(f"explorer before, {what}", r["before_html"], r["before"]))
        if "before" in r:
            b = r["before"]
            lines.append(f"\nbefore/after, {what}, --jobs {r['jobs']}: {b['seconds']:.1f}s -> {r['seconds']:.1f}s "
                         f"(after/before {r['seconds'] / b['seconds']:.2f}; build/precise {r['precise'] / b['seconds']:.2f} -> "
                         f"{r['precise'] / r['seconds']:.2f}); CPU {b['cpu']:.1f}s -> {r['cpu']:.1f}s (after/before "
                         f"{r['cpu'] / b['cpu']:.2f}; build/precise in CPU time {r['precise_cpu'] / b['cpu']:.2f} -> "
                         f"{r['precise_cpu'] / r['cpu']:.2f}); identical output: {r['before_identical']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="+", type=int, help="corpus sizes in pages")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time")
    ap.add_argument("--work", type=Path, default=Path("/tmp/parkkg-bench"))
    ap.add_argument("--posseg-pages", type=int, default=20,
                    help="time posseg on this many pages and scale (0: all); posseg takes ≈ 0.5-1 s per synthetic page")
    ap.add_argument("--precise-pages", type=int, default=0, help="time jieba precise on this many pages and scale (0: all)")
    ap.add_argument("--cache-check", action="store_true", help="also time a cached rebuild after adding 10 pages")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    ap.add_argument("--real", type=Path, nargs="?", const=ROOT.parent / "shared" / "dev2", default=None,
                    help="real-like corpus: varied copies of the pages in this folder (default ../shared/dev2)")
    ap.add_argument("--html", action="store_true", help="also time a default build (with the explorer)")
    ap.add_argument("--before", type=Path, default=None, help="also build with the kg of this tree (before/after)")
    ap.add_argument("--floors", action="store_true", help="also time OpenCC and the Aho-Corasick floor")
    ap.add_argument("--startup", action="store_true", help="also time kg query and a one-page build (best of 3)")
    args = ap.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]
    rows = []
    for n in args.sizes:
        rows += bench(n, args.work, jobs, args.posseg_pages, args.cache_check, args.precise_pages,
                      {"real": args.real, "html": args.html, "before": args.before, "floors": args.floors})
    lines = table(rows)
    if args.startup:
        built = next(r["out"] for r in rows if "out" in r)
        page = next(Path(built).parent.parent.glob("*/000000*"), None) or next(ROOT.glob("seeds/*.txt"))
        trees = [("after", ROOT)] + ([("before", args.before)] if args.before else [])
        global TREE
        for name, tree in trees:
            TREE = tree
            t = startup(built, page)
            lines.append(f"\nstart-up ({name}, {tree}): kg query {t['query']:.2f}s, kg build of one page {t['build1']:.2f}s")
        TREE = ROOT
    print("\n".join(lines))
    header = (f"\n## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} · commit {commit()} · {platform.node()} · "
              f"{platform.processor() or platform.machine()} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.1f}\n\n")
    with args.results.open("a", encoding="utf-8") as fh:
        fh.write(header + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
