#!/usr/bin/env python3
"""Rebuild the golden seeds graph, tests/golden/seeds.ttl, and say what changed.

The extractors keep improving, so the golden graph is expected to change; the
golden test (tests/golden/test_golden.py) fails on any difference and points
here. Run this when the change is intended, read the diff it prints, and
commit the new file with the extraction change that caused it:

    .venv/bin/python scripts/regen_golden.py            # rewrite and show the diff
    .venv/bin/python scripts/regen_golden.py --check    # exit 1 if it would change

The diff helpers live here (not in the test) so the test and the script print
the same readable report: triples as short prefixed names, with the
``rdfs:label`` of every IRI next to it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "seeds.ttl"
SEEDS = ROOT / "seeds"
REGEN_HINT = "If the change is intended, run: .venv/bin/python scripts/regen_golden.py (and commit tests/golden/seeds.ttl)"

SHORT = [
    ("https://w3id.org/parkkg/id/", "id:"),
    ("https://w3id.org/parkkg/ontology#", "kg:"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://purl.org/dc/terms/", "dct:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
]
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def read_triples(data: bytes) -> set:
    """Triples of a Turtle document as pyoxigraph Triples (canonical, hashable)."""
    import pyoxigraph

    return {q.triple if hasattr(q, "triple") else q for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)}


def _labels(triples: set) -> dict[str, str]:
    out: dict[str, str] = {}
    for t in sorted(triples, key=str):
        if t.predicate.value == LABEL:
            out.setdefault(t.subject.value, t.object.value)
    return out


def _term(term, labels: dict[str, str]) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        iri = term.value
        text = next((short + iri[len(full):] for full, short in SHORT if iri.startswith(full)), f"<{iri}>")
        if iri in labels and "%" in text:  # the label says it better than the percent-encoding
            text = text.split("%", 1)[0] + "…"
        elif len(text) > 60:
            text = text[:57] + "..."
        return f"{text} [{labels[iri]}]" if iri in labels else text
    value = term.value if len(term.value) <= 60 else term.value[:57] + "..."
    if term.language:
        return f'"{value}"@{term.language}'
    datatype = term.datatype.value
    if datatype.endswith("#string"):
        return f'"{value}"'
    return f'"{value}"^^' + next((short + datatype[len(full):] for full, short in SHORT if datatype.startswith(full)),
                                 f"<{datatype}>")


_FACTS = {"https://w3id.org/parkkg/ontology#" + p for p in (
    "locatedIn", "leadsIndustry", "signedProject", "developsIndustry", "issuedPolicy", "partOf")}
_NAMES = {LABEL, "http://www.w3.org/2004/02/skos/core#altLabel"}
_ENTITY_PATHS = tuple(f"https://w3id.org/parkkg/id/{t}/" for t in (
    "park", "enterprise", "industry", "policy", "project", "place", "person", "organization"))


def _priority(triple) -> tuple[int, str]:
    """Facts and names first, then other entity triples, then provenance plumbing."""
    if triple.predicate.value in _FACTS:
        rank = 0
    elif triple.predicate.value in _NAMES and triple.subject.value.startswith(_ENTITY_PATHS):
        rank = 1
    elif triple.subject.value.startswith(_ENTITY_PATHS):
        rank = 2
    else:
        rank = 3
    return rank, str(triple)


def describe(triple, labels: dict[str, str]) -> str:
    return " ".join(_term(x, labels) for x in (triple.subject, triple.predicate, triple.object))


def golden_diff(old: set, new: set, limit: int = 20) -> str:
    """A readable report of what ``new`` adds to and removes from ``old`` (empty when equal)."""
    removed, added = sorted(old - new, key=_priority), sorted(new - old, key=_priority)
    if not removed and not added:
        return ""
    old_labels, new_labels = _labels(old), _labels(new)
    lines = [f"golden seeds graph changed: {len(old)} -> {len(new)} triples, "
             f"{len(added)} added, {len(removed)} removed"]
    for title, items, labels in (("removed", removed, old_labels), ("added", added, new_labels)):
        if items:
            lines.append(f"first {min(limit, len(items))} {title}:")
            lines += [("  - " if title == "removed" else "  + ") + describe(t, labels) for t in items[:limit]]
    lines.append(REGEN_HINT)
    return "\n".join(lines)


def build_seeds_turtle() -> bytes:
    sys.path.insert(0, str(ROOT))
    import kg

    with tempfile.TemporaryDirectory(prefix="parkkg-golden-") as tmp:
        kg.build([SEEDS], out=tmp, formats=("ttl",), html=False)
        return (Path(tmp) / "graph.ttl").read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if the golden file would change")
    parser.add_argument("--limit", type=int, default=20, help="triples to show per side of the diff")
    args = parser.parse_args(argv)
    new_bytes = build_seeds_turtle()
    old = read_triples(GOLDEN.read_bytes()) if GOLDEN.exists() else set()
    new = read_triples(new_bytes)
    report = golden_diff(old, new, args.limit).replace("\n" + REGEN_HINT, "")
    wrote = ""
    if not args.check and (not GOLDEN.exists() or GOLDEN.read_bytes() != new_bytes):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(new_bytes)  # before printing, so a closed pipe (| head) cannot skip it
        wrote = f"wrote {GOLDEN.relative_to(ROOT)} ({len(new_bytes)} bytes)"
    try:
        print(report or f"golden seeds graph unchanged ({len(new)} triples)")
        if wrote:
            print(wrote)
    except BrokenPipeError:
        pass
    return 1 if args.check and report else 0


if __name__ == "__main__":
    sys.exit(main())
