"""`kg query GRAPH (NAME | FILE.rq | 'SPARQL')`: answer a question over a built graph.

Thin wrapper over :func:`kg.query.named.run`; `--list` prints the named queries
with the question each answers and its parameters.
"""

from __future__ import annotations

import click


@click.command("query")
@click.argument("graph", required=False)
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a named query's parameter, e.g. --param from=2019-01-01.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
def command(graph, query, fmt, params, list_only) -> None:
    """Run a named query, a .rq file or SPARQL text over GRAPH (a .ttl/.nt/.nq/.trig/.jsonld file)."""
    from ..errors import QueryError
    from ..query.named import named_query, list_named, run

    if list_only:
        for name, question in list_named():
            click.echo(f"{name:24} {question}")
            for p in named_query(name).params:
                click.echo(f"{'':24}   --param {p.name}=…  ({p.type}) {p.description}")
        return
    if not graph or not query:
        raise QueryError("kg query needs GRAPH and QUERY",
                         fix="e.g. `kg query out/graph.ttl leading-industries`; `kg query --list` shows the names")
    bound = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param '{item}' is not NAME=VALUE", fix="write e.g. --param from=2019-01-01")
        bound[key.strip()] = value
    click.echo(run(graph, query, bound or None).format(fmt).rstrip("\n"))
