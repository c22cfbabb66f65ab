"""`kg diff OLD NEW [--format table|json|rdf|sparql]`: what changed between two builds.

Thin: the diff comes from :func:`kg.diff` and renders itself.
"""

from __future__ import annotations

import click

from ..analysis.diff_output import FORMATS


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table or json to read; rdf (a Talis ChangeSet) or sparql (an Update) to apply to OLD.")
@click.option("--out", "out", default=None, metavar="FILE", help="Write to FILE instead of standard output.")
def command(old: str, new: str, fmt: str, out: str | None) -> None:
    """Entities, relations, observations and conflicts added and removed from OLD to NEW (graph files or build folders)."""
    from pathlib import Path

    from ..analysis.diff import diff
    from ..export.rdf import atomic_write_bytes

    text = diff(old, new).format(fmt)
    if out:
        atomic_write_bytes(Path(out), text.encode("utf-8"))
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)
