"""Small reduce helpers for tests, built from the production pieces (they ship in no kg module).

Why here: tests check resolution and assembly on hand-made extractions,
without files or workers; production always goes through
:func:`kg.pipeline.orchestrator.build`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.assemble import Assembler
from kg.ingest import iter_files
from kg.iris import IriMaker
from kg.model import Extraction
from kg.pipeline.mapstep import facts_of
from kg.pipeline.reduce import pages_of, reduce_document
from kg.resolve import EntityTable
from kg.vocab import DEFAULT_BASE


def iter_pages(paths: Iterable[str | Path], skipped: list) -> Iterable:
    """The pages of files and folders, each content once."""
    return pages_of(iter_files(paths), skipped)


def assemble(extractions: Iterable[Extraction], base: str = DEFAULT_BASE):
    """The reduce of a few extractions: (sorted triples, entity table)."""
    table = EntityTable()
    asm = Assembler(IriMaker(base))
    try:
        for ex in extractions:
            reduce_document(table, asm, facts_of(ex))
        table.finish()
        asm.finish(table, 1)
        return asm.graph().to_list(), table
    finally:
        asm.close()


def build_table(extractions: Iterable[Extraction]) -> EntityTable:
    """The entity table of a few extractions, merges done."""
    table = EntityTable()
    for ex in extractions:
        facts = facts_of(ex)
        table.add_rows(facts.rows, facts.doc_id)
    table.finish()
    return table
