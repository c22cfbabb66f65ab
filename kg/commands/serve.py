"""`kg serve GRAPH`: a read-only SPARQL endpoint and the explorer on 127.0.0.1."""

from __future__ import annotations

import click


@click.command("serve")
@click.argument("graph")
@click.option("--port", default=7878, show_default=True, help="TCP port on 127.0.0.1 (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run before 503.")
@click.option("--max-rows", default=10_000, show_default=True, help="Largest result served; more gives 413.")
def command(graph, port, timeout, max_rows) -> None:
    """Serve GRAPH at http://127.0.0.1:PORT/sparql (SPARQL 1.1 Protocol) and graph.html at /."""
    from ..query.serve import serve

    serve(graph, "127.0.0.1", port, timeout=timeout, max_rows=max_rows)
