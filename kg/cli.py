"""Thin command line: parse options, call one library function, map errors.

Each command calls the library; a KgError becomes a one-line message on
stderr and the error's exit code, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KgError
from .defaults import DEFAULT_BASE
from .ner import CHOICES as NER_CHOICES
from .ner import DEFAULT as NER_DEFAULT


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parkkg")
def cli() -> None:
    """parkkg: build a knowledge graph of development zones from Chinese news."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", default="out", show_default=True, help="Output folder.")
@click.option("--format", "formats", default="ttl", show_default=True,
              help="Comma-separated RDF formats: ttl,nt,nq,trig,jsonld.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for entities.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--strict", is_flag=True, help="Fail when any input is skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (no progress bar either).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Local worker processes for the per-document stages [default: all cores].")
@click.option("--cache", "cache", default=None, metavar="DIR",
              help="Keep per-page extraction results in DIR; rebuilds only redo new or changed pages.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document stages run.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the built graph.")
@click.option("--gazetteer", "gazetteers", multiple=True, metavar="FILE.csv",
              help="Names to find and link: a stock listing (ts_code,short_name,full_name,...) or a "
                   "type,name,aliases,id CSV of your own. Repeatable.")
@click.option("--ner", type=click.Choice(NER_CHOICES), default=NER_DEFAULT, show_default=True,
              help="Also find enterprises with a learned tagger: fool (needs pip install --no-deps foolnltk, "
                   "and numpy); auto uses fool when it is installed; none is rules only (about 1.5x faster).")
@click.option("--no-store", is_flag=True,
              help="Do not write OUT/store (the pyoxigraph store kg query and kg serve open instead of graph.ttl).")
@click.option("--allow-empty", is_flag=True,
              help="Write an empty graph when the inputs give no page (default: exit 8, outputs kept).")
def build(paths, out, formats, base, no_html, strict, quiet, jobs, cache, engine, scheduler, no_validate,
          gazetteers, ner, no_store, allow_empty) -> None:
    """Build OUT/graph.ttl and OUT/graph.html from files or folders of pages."""
    from .pipeline.orchestrator import build as run_build

    fmts = [f.strip() for f in formats.split(",") if f.strip()]
    result = run_build(paths, out, formats=fmts, html=not no_html, base=base, strict=strict, jobs=jobs,
                       cache=cache, engine=engine, scheduler=scheduler, progress=False if quiet else None,
                       validate=not no_validate, gazetteers=gazetteers, ner=ner, allow_empty=allow_empty,
                       store=not no_store)
    if not quiet:
        click.echo(result.summary())
        for path in result.outputs:
            click.echo(f"wrote {path}")
        if not no_store and any(p.name == "graph.ttl" for p in result.outputs):
            click.echo(f"wrote {Path(out) / 'store'}/ (for kg query and kg serve)")
        for path in result.removed:
            click.echo(f"removed {path} (a format this build did not write; it described an earlier graph)")


#: Commands that live in their own modules under kg/commands/, registered in this order.
#: Each module defines ``command`` (a click.Command) and keeps its logic in the library.
COMMAND_MODULES: tuple[str, ...] = ("normalize", "eval", "query", "validate", "serve", "export", "stats", "report",
                                     "diff")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"kg.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kg.commands.{name}":
                continue  # not installed in this build
            raise
        cli.add_command(module.command)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("kg: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
