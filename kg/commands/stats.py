"""`kg stats GRAPH`: what is in a built graph, and how much of it is backed by evidence.

A quick check after a build (or in CI) that counts, hubs and provenance look
right, without writing SPARQL; --json feeds dashboards and scripts.
"""

from __future__ import annotations

import click


@click.command("stats")
@click.argument("graph")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="How many entities to list by degree and by mentions.")
def command(graph: str, as_json: bool, top: int) -> None:
    """Counts per type and predicate, top entities, provenance coverage of GRAPH (file or build folder)."""
    from ..analysis.netstats import graph_stats

    stats = graph_stats(graph, top=top)
    click.echo(stats.to_json() if as_json else stats.to_text())
