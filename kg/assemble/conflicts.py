"""Conflicting figures: articles that disagree on one subject's indicator for one period.

Why in the graph and not only in a query: a figure two articles state
differently is the first thing an analyst must check, and SPARQL cannot
compare "more than 0.5 % apart" across observation pairs cheaply on a large
store. So the reduce links such observations with one
``kg:ConflictingObservations`` node per group (subject, normalized indicator,
period, unit) and says whether the values are 10^4 apart: 万元 written for
亿元 (or the reverse) is the usual slip.

Same-value repeats need no work here: an observation's IRI hashes its value
(:func:`kg.assemble.render.observation_item`), so two articles giving one value make
one observation with two evidences. Approximate figures (超过, 近, 约 ...)
and figures without a period are not compared: they do not claim one value
for one period.

The finder keeps one short sorted line per observation in an external sort
(:class:`kg.storage.spill.LineSorter`), so memory stays bounded and the output is
the same for any document order, ``--jobs`` and the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import groupby

from ..normalize.script import to_simplified
from .render import IRIS, KG_, PLACEHOLDER, PROV_, RDF_, XSD_, Block, decimal, lit, observation_lines, rebase
from ..storage.spill import SORT_BUFFER_CHARS, LineSorter

#: Values further apart than this fraction of the larger one disagree.
TOLERANCE = 0.005
#: The factor between 万 and 亿.
UNIT_SLIP = 10 ** 4


def normalize_indicator(indicator: str) -> str:
    """The indicator as compared: simplified script, no spaces (traditional and simplified articles agree)."""
    return "".join(to_simplified(indicator).split())


def group_iri(s: str, indicator: str, period: str, unit: str) -> str:
    """The conflict node's IRI for a group (placeholder base, like every minted IRI of the reduce)."""
    return IRIS.conflict(s, normalize_indicator(indicator), period, unit)


def member_line(s: str, indicator: str, period: str, value: float | str, unit: str, approximation: str,
                obs: str, evidence: Iterable[str]) -> list[str]:
    """Sort lines ``group, value, observation, article`` of one observation; none when it is not compared."""
    if not period or approximation:
        return []
    group = group_iri(s, indicator, period, unit)
    value = decimal(float(value))
    return [f"{group}\t{value}\t{obs}\t{article_of(ev)}\n" for ev in evidence]


def article_of(evidence: str) -> str:
    """The article part of an evidence IRI (``.../evidence/DOC/START-END``): what "another article" means."""
    return evidence.rsplit("/", 1)[0]


def disagree(a: float, b: float) -> bool:
    return abs(a - b) > TOLERANCE * max(abs(a), abs(b))


def unit_slip(a: float, b: float) -> bool:
    """True when one value is 10^4 times the other, within the tolerance."""
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and abs(high / low / UNIT_SLIP - 1) <= TOLERANCE


def judge(members: list[tuple[float, str, str]]) -> tuple[bool, bool]:
    """``(conflict, likely unit error)`` of a group's ``(value, observation, article)`` members.

    A conflict needs two values that disagree *from different articles*: one
    article giving two figures for one indicator is usually two things the
    extractor named alike, not a disagreement.
    """
    values: dict[float, set[str]] = {}
    for value, _, article in members:
        values.setdefault(value, set()).add(article)
    conflict = slip = False
    for a in values:
        for b in values:
            if a < b and disagree(a, b) and len(values[a] | values[b]) > 1:
                conflict = True
                slip = slip or unit_slip(a, b)
    return conflict, slip


def conflict_item(group: str, members: list[tuple[float, str, str]]) -> str | None:
    """The ``kg:ConflictingObservations`` item of a group, or None when its members agree."""
    conflict, slip = judge(members)
    if not conflict:
        return None
    b = Block(group)
    b.add(RDF_.type, str(KG_.ConflictingObservations))
    for obs in sorted({obs for _, obs, _ in members}):
        b.add(KG_.conflictingObservation, obs)
    b.add(KG_.likelyUnitError, lit("true" if slip else "false", XSD_.boolean))
    return b.item()


def conflict_items(lines: Iterable[str]) -> Iterator[str]:
    """Items of the groups that conflict, from sorted member lines."""
    for group, rows in groupby(lines, key=lambda ln: ln[:ln.index("\t")]):
        members = []
        for ln in rows:
            _, value, obs, article = ln[:-1].split("\t")
            members.append((float(value), obs, article))
        item = conflict_item(group, members)
        if item is not None:
            yield item


class ConflictFinder:
    """Collects observations during the reduce; :meth:`items` gives the conflict nodes."""

    def __init__(self, buffer_chars: int = SORT_BUFFER_CHARS, tmpdir: str | None = None) -> None:
        self._lines = LineSorter(max(1, buffer_chars // 8), tmpdir)

    def add(self, record: tuple, s: str, obs: str) -> None:
        """An observation record (:class:`kg.assemble.render.Rendered`) whose subject is ``s`` after merges."""
        _, indicator, period, value, unit, approximation, _, _, evidence = record[:9]
        for ln in member_line(s, indicator, period, value, unit, approximation, obs, (evidence,)):
            self._lines.add(ln)

    def lines(self) -> Iterator[str]:
        """The sorted member lines (consumes the finder)."""
        return self._lines.merged()

    def items(self) -> Iterator[str]:
        return conflict_items(self._lines.merged())

    def close(self) -> None:
        self._lines.close()


def members_of_block(s: str, obs: str, lines: Iterable[str]) -> list[str]:
    """Member lines of an observation from its N-Triples lines (an earlier build's graph, kg.pipeline.incremental)."""
    from pyoxigraph import RdfFormat, parse

    fields: dict[str, str] = {}
    evidence = []
    for q in parse("\n".join(lines).encode("utf-8"), RdfFormat.N_TRIPLES):
        p = q.predicate.value
        if p == PROV_.wasDerivedFrom:
            evidence.append(q.object.value)
        elif p in (KG_.indicator, KG_.period, KG_.value, KG_.unit, KG_.approximation):
            fields[p] = q.object.value
    return member_line(s, fields.get(KG_.indicator, ""), fields.get(KG_.period, ""), fields.get(KG_.value, ""),
                       fields.get(KG_.unit, ""), fields.get(KG_.approximation, ""), obs, evidence)


def rejudged(records: Iterable[tuple], remap: dict[str, str], base: str,
             read_old: Callable[[Iterable[str]], dict[str, list[str]]]) -> Iterator[str]:
    """Items of the groups that new observation ``records`` join, with their members in an earlier graph.

    For the incremental reduce (:mod:`kg.pipeline.incremental`): ``read_old`` gives the
    earlier graph's N-Triples lines of ``<iri>`` subjects. Members only grow,
    so a group's item is recomputed whole and replaces the earlier one.
    """
    finder = ConflictFinder()
    subjects: set[str] = set()
    for record in records:
        item, _ = observation_lines(record, remap)
        s = remap.get(record[0], record[0])
        finder.add(record, s, item[1:item.index(">")])
        subjects.add(s)
    new = list(finder.lines())
    groups = {ln[:ln.index("\t")] for ln in new}
    if not groups:
        return
    has = f"<{KG_.hasObservation}>"
    owner = {ln.split(" ", 2)[2][:-2]: s for s, lines in read_old(f"<{rebase(s, base)}>" for s in subjects).items()
             for ln in lines if ln.split(" ", 2)[1] == has}
    old = []
    for obs, lines in read_old(owner).items():
        old += members_of_block(_placeholder(owner[obs], base), _placeholder(obs, base), lines)
    yield from conflict_items(sorted(set(new) | {ln for ln in old if ln[:ln.index("\t")] in groups}))


def _placeholder(term: str, base: str) -> str:
    """``<iri>`` of an earlier graph as a placeholder-base IRI (how the reduce names things)."""
    return PLACEHOLDER + term[1 + len(base):-1]
