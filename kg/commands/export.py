"""`kg export GRAPH --format graphml|gexf|csv`: the entity graph for Gephi and Cytoscape.

RDF tools read graph.ttl directly; network tools want nodes and weighted edges
with labels and types, which kg.analysis.netstats.export_network writes.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..defaults import EXPORT_FORMATS


@click.command("export")
@click.argument("graph")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="graphml", show_default=True,
              help="graphml and gexf for Gephi/Cytoscape; csv writes nodes.csv and edges.csv.")
@click.option("--out", "out", default=None,
              help="Output folder (created if missing). Default: the folder holding GRAPH.")
def command(graph: str, fmt: str, out: str | None) -> None:
    """Write the entities and contract relations of GRAPH (a graph file or build folder) as FORMAT."""
    from ..analysis.netstats import export_network

    path = Path(graph)
    folder = out if out is not None else (path if path.is_dir() else path.parent)
    for written in export_network(graph, folder, fmt):
        click.echo(f"wrote {written}")
