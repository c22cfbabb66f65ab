"""`kg query GRAPH (NAME | FILE.rq | 'SPARQL')`: answer a question over a built graph.

Thin wrapper over :func:`kg.query.queryout.answer_bytes`; GRAPH is a graph file, a
build folder or ``-``; `--list` prints the named queries with the question
each answers and its parameters.
"""

from __future__ import annotations

import click

from ..query.queryout import FORMATS


@click.command("query")
@click.argument("graph", required=False)
@click.argument("query", required=False)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table; W3C SPARQL results json, xml, csv, tsv; ttl or nt for CONSTRUCT/DESCRIBE "
                   "(table prints those as Turtle).")
@click.option("--output", "-o", "output", default=None, metavar="FILE", help="Write the answer to FILE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a named query's parameter, e.g. --param from=2019-01-01.")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses fetch other endpoints (refused by default).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
def command(graph, query, fmt, output, params, allow_service, list_only) -> None:
    """Run a named query, a .rq file or SPARQL text over GRAPH (a graph file, a build folder or -)."""
    from ..errors import OutputError, QueryError
    from ..query.named import named_query, list_named
    from ..query.queryout import answer_bytes

    if list_only:
        for name, question in list_named():
            click.echo(f"{name:24} {question}")
            for p in named_query(name).params:
                click.echo(f"{'':24}   --param {p.name}=…  ({p.type}) {p.description}")
        return
    if not graph or not query:
        raise QueryError("kg query needs GRAPH and QUERY",
                         fix="e.g. `kg query out leading-industries`; `kg query --list` shows the names")
    bound = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param '{item}' is not NAME=VALUE", fix="write e.g. --param from=2019-01-01")
        bound[key.strip()] = value
    data = answer_bytes(graph, query, fmt, bound or None, allow_service=allow_service)
    if output is None:
        click.echo(data.decode("utf-8").rstrip("\n"))
        return
    try:
        with open(output, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write the answer ({exc.strerror})", where=output, fix="pass a writable -o FILE") from None
