"""Graph statistics (`kg stats`) and network exports for Gephi and Cytoscape (`kg export`).

Both work on the same entity view as :mod:`kg.analysis.frames` (typed entities, the six
contract relations weighted by their evidence), so the numbers the CLI prints are
the numbers a notebook computes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .frames import KG_NS, _index, curie, to_networkx
from ..defaults import EXPORT_FORMATS
from ..errors import InputError, OutputError
from ..export.rdf import atomic_write_bytes
from ..vocab import CORE_TYPES


@dataclass
class GraphStats:
    """What ``kg stats`` prints; ``to_dict()`` is its ``--json`` form."""

    triples: int
    entities: dict[str, int]
    classes: dict[str, int]
    predicates: dict[str, int]
    top_degree: list[dict] = field(default_factory=list)
    top_mentions: list[dict] = field(default_factory=list)
    provenance: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False)

    def to_text(self) -> str:
        out = [f"triples: {self.triples}", "", "entities per type:"]
        out += [f"  {k:<14} {v:>7}" for k, v in self.entities.items()]
        out += ["", "classes (rdf:type):"] + [f"  {k:<32} {v:>7}" for k, v in self.classes.items()]
        out += ["", "predicates:"] + [f"  {k:<32} {v:>7}" for k, v in self.predicates.items()]
        for title, rows, key in (("top entities by degree:", self.top_degree, "degree"),
                                 ("top entities by mentions:", self.top_mentions, "mentions")):
            out += ["", title] + [f"  {r[key]:>5}  {r['type']:<12} {r['label']}" for r in rows]
        out += ["", "provenance coverage:"]
        for name, p in self.provenance.items():
            share = "n/a" if p["share"] is None else f"{p['share']:.1%}"
            out.append(f"  {name:<14} {p['with_evidence']}/{p['total']} with evidence ({share})")
        return "\n".join(out)


def _share(part: int, total: int) -> float | None:
    return round(part / total, 4) if total else None


def graph_stats(graph, top: int = 10) -> GraphStats:
    """Counts per type and predicate, top entities, and how much is backed by evidence.

    An entity's degree is the number of contract relations it takes part in
    (either end); two relations with the same neighbour count twice.

    A contract relation counts as covered when an ``rdf:Statement`` with the
    same subject, predicate and object ``prov:wasDerivedFrom`` a ``kg:Evidence``;
    an observation when it ``prov:wasDerivedFrom`` a ``kg:Evidence`` itself.
    """
    idx = _index(graph)
    ents = Counter(idx.type.values())
    deg = idx.degree()

    def row(iri: str, key: str, value: int) -> dict:
        return {"iri": iri, "label": idx.name(iri), "type": idx.type[iri], key: value}

    by_deg = sorted((i for i in idx.type if deg[i]), key=lambda i: (-deg[i], idx.name(i), i))[:top]
    by_men = sorted((i for i in idx.type if idx.mentions.get(i)), key=lambda i: (-idx.mentions[i], idx.name(i), i))[:top]
    rel_total = len(idx.edges)
    rel_stmt = sum(1 for s, r, o in idx.edges if (s, KG_NS + r, o) in idx.statements)
    rel_ev = sum(1 for s, r, o in idx.edges
                 if any(ev in idx.evidence for ev in idx.derived.get(idx.statements.get((s, KG_NS + r, o), ""), ())))
    obs_ev = sum(1 for ob in idx.observations if any(ev in idx.evidence for ev in idx.derived.get(ob, ())))
    return GraphStats(
        triples=len(idx.triples),
        entities={t: ents.get(t, 0) for t in CORE_TYPES},
        classes={curie(k): v for k, v in sorted(idx.classes.items(), key=lambda kv: (-kv[1], curie(kv[0])))},
        predicates={curie(k): v for k, v in sorted(idx.predicates.items(), key=lambda kv: (-kv[1], curie(kv[0])))},
        top_degree=[row(i, "degree", deg[i]) for i in by_deg],
        top_mentions=[row(i, "mentions", idx.mentions[i]) for i in by_men],
        provenance={
            "relations": {"total": rel_total, "with_statement": rel_stmt, "with_evidence": rel_ev,
                          "share": _share(rel_ev, rel_total)},
            "observations": {"total": len(idx.observations), "with_evidence": obs_ev,
                             "share": _share(obs_ev, len(idx.observations))},
        })


# ---------------------------------------------------------------- files for Gephi / Cytoscape

def export_network(graph, out: str | Path, fmt: str = "graphml") -> list[Path]:
    """Write the entity graph for Gephi/Cytoscape into folder ``out``; returns the files.

    ``graphml`` -> ``graph.graphml``, ``gexf`` -> ``graph.gexf``, ``csv`` ->
    ``nodes.csv`` (Id, Label, type, subtype, mentions) and ``edges.csv``
    (Source, Target, Type, Label, predicate, Weight), Gephi's column names.
    Output is deterministic: the same graph gives byte-identical files.
    """
    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format '{fmt}'", fix="use one of " + ", ".join(EXPORT_FORMATS))
    g = to_networkx(graph)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"not a folder: {out}", fix="pass --out a folder (it is created if missing)")
    files: dict[str, bytes] = {}
    if fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, buf, encoding="utf-8")
        # GEXF stamps today's date into <meta>; drop it so files are reproducible.
        files[f"graph.{fmt}"] = re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
    else:
        files["nodes.csv"] = _csv(["Id", "Label", "type", "subtype", "mentions"],
                                  ([n, d["label"], d["type"], d["subtype"], d["mentions"]] for n, d in g.nodes(data=True)))
        files["edges.csv"] = _csv(["Source", "Target", "Type", "Label", "predicate", "Weight"],
                                  ([s, o, "Directed", d["label"], d["predicate"], d["weight"]] for s, o, d in g.edges(data=True)))
    written = []
    try:
        for name, data in files.items():
            atomic_write_bytes(out / name, data)
            written.append(out / name)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}", where=str(out),
                          fix="choose a writable --out folder") from exc
    return written


def _csv(header: list[str], rows: Iterable[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """A text cell a spreadsheet shows as text: a leading formula character gets a ``'`` before it (OWASP).

    Numbers stay numbers; only strings are touched. Full-width ``＝＋－＠`` are
    included: some spreadsheet locales read them as their ASCII forms.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
