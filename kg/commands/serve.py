"""`kg serve GRAPH`: a read-only SPARQL endpoint and the explorer on 127.0.0.1."""

from __future__ import annotations

import click


@click.command("serve")
@click.argument("graph")
@click.option("--port", default=7878, show_default=True, help="TCP port on 127.0.0.1 (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True,
              help="Seconds a query may run before 503; its worker process is then killed.")
@click.option("--max-rows", default=10_000, show_default=True, help="Largest result served; more gives 413.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Queries run at once, each in its own process; more get 503 busy.")
@click.option("--cors", default=None, metavar="ORIGIN",
              help="Send Access-Control-Allow-Origin: ORIGIN (none by default: other web pages cannot read answers).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses fetch other endpoints (refused by default).")
def command(graph, port, timeout, max_rows, workers, cors, allow_service) -> None:
    """Serve GRAPH (a graph file, build folder or -) at http://127.0.0.1:PORT/sparql and graph.html at /."""
    from ..query.serve import serve

    serve(graph, "127.0.0.1", port, timeout=timeout, max_rows=max_rows, max_workers=workers, cors=cors,
          allow_service=allow_service)
