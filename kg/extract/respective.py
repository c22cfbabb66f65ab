"""Respective distributions: 'X区、Y区分别签约A项目和B项目', '分别与甲公司、乙公司签约了A项目和B项目'.

Why apart: the cue rules of :mod:`.relations` give every subject of a clause every
project of it (a cross product), which is right for one signer and wrong after 分别:
Chinese news then pairs the i-th signer with the i-th project. When a run of
signers (before 分别, or after 分别与) holds as many names as the projects after it,
each signer keeps only its own project; a run of another length pairs nothing.
"""

from __future__ import annotations

import re

from ..model import Document, Mention, RelationMention

_SIGNERS = ("Park", "Place", "Enterprise")
_HOSTS = ("Park", "Place")
_JOINS = ("、", "和", "与", "及", "以及")
_CLAUSE = "。；！？\n"


def _gap(text: str, a: int, b: int) -> str:
    """The text between two items, without a 项目 that ends the first (A项目、B项目)."""
    gap = text[a:b]
    return gap[2:] if gap.startswith("项目") else gap


def _run_before(text: str, ms: list[Mention], at: int, types: tuple[str, ...] = _SIGNERS) -> list[Mention]:
    """The mentions of ``types`` written right before ``at`` and joined by 、/和/与 (X区、Y区分别)."""
    run: list[Mention] = []
    end = at
    for m in sorted((m for m in ms if m.type in types and m.end <= at), key=lambda m: -m.end):
        gap = _gap(text, m.end, end)
        if (not run and gap == "") or (run and gap in _JOINS):
            if not run or m.end <= run[0].start:
                run.insert(0, m)
                end = m.start
        elif m.end < end:
            break
    return run


def _run_after(text: str, ms: list[Mention], at: int, types: tuple[str, ...] = _SIGNERS) -> list[Mention]:
    """The mentions of ``types`` written from ``at`` on and joined by 、/和 (分别与甲公司、乙公司签约)."""
    run: list[Mention] = []
    pos = at
    for m in sorted((m for m in ms if m.type in types and m.start >= at), key=lambda m: m.start):
        gap = _gap(text, pos, m.start)
        if (not run and gap == "") or (run and gap in _JOINS):
            run.append(m)
            pos = m.end
        elif m.start > pos:
            break
    return run


def _clause_end(text: str, at: int, limit: int) -> int:
    """Where the 分别 statement ends: at ； or 。 (its projects may follow in the next clause: 分别投资…，建设A和B)."""
    ends = [i for i in (text.find(ch, at, limit) for ch in _CLAUSE) if i >= 0]
    return min(ends) if ends else limit


# A项目、B项目分别落户X县和Y县: the hosts follow the projects
_SETTLE = re.compile(r"分别(?:签约)?(?:落户|落地|落户于|落地于|位于|入驻|选址)(?:在|于|到)?")


def _pairs(run: list[Mention], projects: list[Mention], sent, how: str) -> list[RelationMention]:
    out = []
    for s, p in zip(run, projects):
        out.append(RelationMention("signedProject", s, p, sent.start, sent.end, how))
        if s.type == "Park":
            out.append(RelationMention("locatedIn", p, s, sent.start, sent.end, how))
    return out


def _dropped(run: list[Mention], projects: list[Mention]) -> set[tuple[int, int, int, int]]:
    return {(s.start, s.end, p.start, p.end) for i, s in enumerate(run) for j, p in enumerate(projects) if i != j}


def respective_pairs(doc: Document, mentions: tuple[Mention, ...], rels: list[RelationMention]) -> list[RelationMention]:
    """``rels`` with each 分别 clause's signers paired one to one with its projects, the cross product dropped."""
    text = doc.text
    drop: set[tuple[int, int, int, int]] = set()  # (subject span, project span) of dropped pairs
    added: list[RelationMention] = []
    for sent in doc.sentences:
        at = text.find("分别", sent.start, sent.end)
        ms = [m for m in mentions if sent.start <= m.start < sent.end] if at >= 0 else []
        while at >= 0:
            before = _run_before(text, ms, at)
            after = _run_after(text, ms, at + 3) if text.startswith("分别与", at) else []
            end = _clause_end(text, (after[-1].end if after else at + 2), sent.end)
            projects = sorted({(m.start, m.end): m for m in ms if m.type == "Project" and at < m.start < end}.values(),
                              key=lambda m: m.start)
            settle = _SETTLE.match(text, at)
            if settle:  # A项目、B项目分别落户X县和Y县
                before, after = [], _run_after(text, ms, settle.end(), _HOSTS)
                projects = _run_before(text, ms, at, ("Project",))
            for run in (before, after):
                if len(projects) >= 2 and len(run) == len(projects):
                    added.extend(_pairs(run, projects, sent, "project-respective"))
                    drop.update(_dropped(run, projects))
            at = text.find("分别", at + 2, sent.end)
    kept = [r for r in rels if _key(r) not in drop] if drop else rels
    have = {(r.predicate, _key(r)) for r in kept}
    return kept + [r for r in added if (r.predicate, _key(r)) not in have]


def _key(r: RelationMention) -> tuple[int, int, int, int]:
    """(signer span, project span) of a signedProject or a project's locatedIn; never in a drop set otherwise."""
    if r.predicate == "signedProject":
        return (r.subject.start, r.subject.end, r.object.start, r.object.end)
    if r.predicate == "locatedIn" and r.subject.type == "Project":
        return (r.object.start, r.object.end, r.subject.start, r.subject.end)
    return (-1, -1, -1, -1)
