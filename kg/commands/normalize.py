"""`kg normalize FILE`: show what the extractor sees, and what was dropped."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError


@click.command("normalize")
@click.argument("path")
def command(path: str) -> None:
    """Print the cleaned article(s) of FILE with their metadata and offsets."""
    from ..pipeline.describe import describe

    if not Path(path).is_file():
        raise InputError(f"not a file: {path}", fix="pass one page file, e.g. seeds/000_xxx.txt")
    click.echo(describe(path))
