"""`kg report GRAPH PARK [--out FILE.html]` / `kg report GRAPH --all --out DIR`: offline pages about parks.

Thin: the pages come from :func:`kg.report` and :func:`kg.report_all`.
"""

from __future__ import annotations

import click

from ..errors import InputError


@click.command("report")
@click.argument("graph")
@click.argument("park", required=False)
@click.option("--out", "out", default=None, metavar="PATH",
              help="The HTML file to write (one park; default PARK.html), or the folder (--all).")
@click.option("--all", "all_parks", is_flag=True, help="Write one page per park and an index.html into --out.")
def command(graph: str, park: str | None, out: str | None, all_parks: bool) -> None:
    """One self-contained offline HTML page about PARK (label or alias, 简体 or 繁體) from GRAPH (file or build folder)."""
    from ..analysis.reporting import file_name, report, report_all

    if all_parks:
        if park or not out:
            raise InputError("--all writes every park into a folder: give --out DIR and no PARK",
                             fix="kg report GRAPH --all --out reports/")
        written = report_all(graph, out)
        click.echo(f"wrote {len(written) - 1} park pages and {written[-1]}")
        return
    if not park:
        raise InputError("name the park to report on", fix="kg report GRAPH PARK [--out FILE.html], or --all --out DIR")
    target = out or file_name(park, set())
    report(graph, park, out=target)
    click.echo(f"wrote {target}")
