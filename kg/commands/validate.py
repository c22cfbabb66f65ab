"""`kg validate GRAPH`: check a built graph against the SHACL shapes of the output contract."""

from __future__ import annotations

import click


@click.command("validate")
@click.argument("graph")
@click.option("--shapes", default=None, help="Another SHACL Turtle file (default: the packaged kg/query/shapes.ttl).")
@click.option("--limit", default=20, show_default=True, help="Show up to N example violations.")
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
def command(graph, shapes, limit, as_json) -> None:
    """Validate GRAPH (.ttl/.nt/.nq/.trig/.jsonld); exits 6 when it does not conform."""
    import json

    from ..errors import ValidationFailed
    from ..query.validate import validate

    report = validate(graph, shapes)
    if as_json:
        click.echo(json.dumps({"conforms": report.conforms, "violations": report.violations},
                              ensure_ascii=False, indent=1))
    else:
        click.echo(report.text(limit))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violation(s)", where=graph,
                               fix="see the list above; each line names the shape and the node that breaks it")
