"""The three renderings of a :class:`kg.analysis.diff.Diff` besides JSON: a text table and two changesets.

Why two changesets: a Talis ChangeSet is RDF (load it, query it, archive it
next to the graph); a SPARQL 1.1 Update applies in one request to any store
(Oxigraph, Virtuoso, Fuseki) that holds the old graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..defaults import RDF_NS as RDF

if TYPE_CHECKING:  # annotations only: kg.analysis.diff imports this module
    from .diff import Diff

CS = "http://purl.org/vocab/changeset/schema#"

#: Output formats of ``kg diff`` (here, not in kg.analysis.diff, so the CLI can list them without loading rdflib).
FORMATS = ("table", "json", "rdf", "sparql")
SIGN = {"added": "+", "removed": "-"}
KINDS = {"entities": "实体 Entities", "relations": "关系 Relations", "observations": "观测值 Observations",
         "conflicts": "数值冲突 Conflicts"}


def table(d: Diff) -> str:
    """A readable text report: the counts, then every entity, relation, observation and conflict changed."""
    out = [f"kg diff {d.old} -> {d.new}"]
    out.append("  ".join(f"{kind}: +{c['added']} -{c['removed']}" for kind, c in d.summary().items()))
    for kind, title in KINDS.items():
        signs = d.sections.get(kind, {})
        if not any(signs.values()):
            continue
        out += ["", title]
        for sign in ("added", "removed"):
            for group, rows in signs[sign].items():
                for row in rows:
                    out.append(f"{SIGN[sign]} {group or '-'}  {_row(kind, row)}")
                    out += [f"      “{ev['sentence'].strip()}” — {ev['article']} {ev['date']}".rstrip()
                            for ev in row.get("evidence", [])]
    if d.renamed:
        out += ["", "改名 Renamed (a merge moved the canonical name; facts above moved with it)"]
        out += [f"~ {r['type']}  {r['oldLabel']} -> {r['newLabel']}" for r in d.renamed]
    for sign in ("added", "removed"):
        if d.other.get(sign):
            out += ["", f"other triples {SIGN[sign]}: " + ", ".join(f"{p} {n}" for p, n in d.other[sign].items())]
    return "\n".join(out) + "\n"


def _row(kind: str, row: dict) -> str:
    if kind == "entities":
        return row["label"] or row["iri"]
    if kind == "relations":
        return f"{row['subjectLabel'] or row['subject']} -> {row['objectLabel'] or row['object']}"
    if kind == "observations":
        figure = row.get("surface") or f"{row.get('value', '')} {row.get('unit', '')}"
        return f"{row['subjectLabel'] or row['subject']} {row.get('period') or ''} {figure}".replace("  ", " ")
    return f"{row['iri']} {row.get('observation', '')}".rstrip()


def _by_subject(lines: list[str]) -> dict[str, list[ox.Triple]]:
    found: dict[str, list[ox.Triple]] = defaultdict(list)
    if lines:
        for t in ox.parse("\n".join(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES):
            found[str(t.subject)].append(t)
    return found


def changeset(d: Diff) -> str:
    """A Talis ChangeSet in N-Triples: one cs:ChangeSet per changed subject, its additions and removals reified."""
    added, removed = _by_subject(d.added), _by_subject(d.removed)
    lines: list[str] = []
    for n, subject in enumerate(sorted(set(added) | set(removed))):
        cs = f"_:cs{n}"
        lines.append(f"{cs} <{RDF}type> <{CS}ChangeSet> .")
        lines.append(f"{cs} <{CS}subjectOfChange> {subject} .")
        lines.append(f'{cs} <{CS}changeReason> "kg diff" .')
        for kind, triples in (("addition", added.get(subject, [])), ("removal", removed.get(subject, []))):
            for i, t in enumerate(triples):
                st = f"{cs}{kind[0]}{i}"
                lines.append(f"{cs} <{CS}{kind}> {st} .")
                lines.append(f"{st} <{RDF}type> <{RDF}Statement> .")
                lines.append(f"{st} <{RDF}subject> {t.subject} .")
                lines.append(f"{st} <{RDF}predicate> {t.predicate} .")
                lines.append(f"{st} <{RDF}object> {t.object} .")
    return "\n".join(lines) + ("\n" if lines else "")


def sparql_update(d: Diff) -> str:
    """A SPARQL 1.1 Update that turns the old graph into the new one."""
    parts = []
    if d.removed:
        parts.append("DELETE DATA {\n" + "\n".join(d.removed) + "\n}")
    if d.added:
        parts.append("INSERT DATA {\n" + "\n".join(d.added) + "\n}")
    return " ;\n".join(parts) + "\n"
