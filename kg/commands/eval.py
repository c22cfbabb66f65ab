"""`kg eval GOLD.jsonl`: score a graph (or a fresh build) against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.argument("gold")
@click.option("--graph", "graph", default=None, help="A built graph file to score (default: OUT/graph.ttl).")
@click.option("--out", "out", default="out", show_default=True, help="Build output folder holding graph.ttl.")
@click.option("--build", "build_from", multiple=True, help="Build these inputs into --out first.")
@click.option("--doc", "docs", multiple=True, help="Score only these gold documents (file names).")
@click.option("--errors", default=0, show_default=True, help="List up to N misses and false positives per kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def command(gold, graph, out, build_from, docs, errors, as_json) -> None:
    """Print precision, recall and F1 per type, per predicate and for observations."""
    from ..analysis.evaluate import evaluate, format_report

    if build_from:
        from ..pipeline.orchestrator import build
        from ..ner import DEFAULT as NER_DEFAULT

        build(list(build_from), out, html=False, ner=NER_DEFAULT)  # what kg build makes by default
    path = Path(graph) if graph else Path(out) / "graph.ttl"
    if not path.is_file():
        from ..errors import InputError

        raise InputError(f"no graph at {path}", fix="run `kg build ... --out DIR` first, or pass --graph FILE or --build PATH")
    report = evaluate(path, gold, set(docs) if docs else None)
    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else format_report(report, errors))
