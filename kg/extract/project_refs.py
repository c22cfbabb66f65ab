"""What a sentence says about a project named before it: its builder, its host, 该项目.

Why apart from :mod:`.relations`: Chinese investment news names a project once and
then goes on in clauses without a subject of their own (X项目，由Y公司投资建设，总投资N元;
X项目总投资N元，落户ZONE) or in the next sentence (该项目由Y公司投资建设). These helpers
read those clauses for the relation and figure finders; a clause that only reports who
said something (据X市投资促进中心介绍) names no signer.
"""

from __future__ import annotations

import re

from ..model import Document, Mention, RelationMention

# X项目，由Y公司投资建设 / X项目由Y公司承建 / 该项目由Y公司投资: the company after 由 builds the project before it
_BUILT_BY_GAP = re.compile(r"(?:项目)?(?:[：:，,][^，。；：由]{0,16}?)?(?:[，,](?:该项目|项目)?)?(?:将|拟|主要)?由")
_BUILT_BY_VERB = re.compile(r"(?:全资|控股|独资|合资)?(?:投资|出资|建设|投建|承建|打造|开发|运营|兴建)")
# X项目(总投资N元，)签约落户ZONE
_SETTLES_AFTER = re.compile(r"(?:项目)?(?:[^，。；]{0,20}[，,])?(?:正式|成功|顺利|已|将|近日|日前)?(?:签约)?"
                            r"(?:落户|落地|入驻|选址|花落|扎根|定址)(?:在|于|到)?")
# 据X市投资促进中心介绍, X市商务局局长表示: a clause that reports who said it, not who signed; X市领导出席活动:
# officials who attend or witness a signing are no party to it
_REPORTING = re.compile(r"^据|(?:介绍|表示|透露|指出|获悉|了解到|说|称|告诉记者)$"
                        r"|(?:领导|市长|县长|区长|书记|常委|主任|局长)[^，。；]{0,12}?(?:出席|见证|致辞|主持|参加|陪同|讲话)")
# 该项目 / 此项目 / 这一项目 opening a clause: the project named last before it
THIS_PROJECT = re.compile(r"(?<![\u4e00-\u9fffA-Za-z0-9])(?:该|此|本|这一|这个)项目")
# 该公司 / 公司 opening a clause, then (在ZONE) investing or building: the company the paragraph named last builds
_THIS_COMPANY = re.compile(r"(?:(?<=[，。；：\n])|^)(?:该公司|该企业|该集团|公司|集团)(?:将|拟|计划|还|也|已)?"
                           r"(?:在[^，。；]{2,20}?)?(?:总投资|投资|新建|建设|投建|打造|兴建)", re.M)
_CLAUSE_END = "，；。！？"


def builders_after(text: str, ms: list[Mention], m: Mention) -> list[Mention]:
    """Companies that build the project ``m`` in the clause after it (X项目，由Y公司投资建设)."""
    return [e for e in ms if e.type == "Enterprise" and e.start > m.end and _BUILT_BY_GAP.fullmatch(text, m.end, e.start)
            and _BUILT_BY_VERB.match(text, e.end) and not any(o.type == "Project" and m.end <= o.start < e.start for o in ms)]


def settles_in(text: str, m: Mention, host: Mention, ms: list[Mention]) -> bool:
    """'X项目(总投资N元，)签约落户HOST': no other project between them."""
    return _SETTLES_AFTER.fullmatch(text, m.end, host.start) is not None \
        and not any(p.type == "Project" and m.end <= p.start < host.start for p in ms)


def reporting(text: str, m: Mention, sent) -> bool:
    """The mention sits in a clause that attributes a statement (据…介绍, …表示) or that officials attend: no subject."""
    a = max(text.rfind(ch, sent.start, m.start) for ch in _CLAUSE_END) + 1
    ends = [i for i in (text.find(ch, m.end, sent.end) for ch in "，；。：") if i >= 0]
    clause = text[max(a, sent.start):min(ends) if ends else sent.end]
    return _REPORTING.search(clause) is not None


def previous_project(text: str, mentions: list[Mention], at: int) -> Mention | None:
    """The project named last before ``at`` in the same paragraph (the referent of 该项目)."""
    para = text.rfind("\n", 0, at) + 1
    best = None
    for m in mentions:
        if m.type == "Project" and para <= m.start and m.end <= at:
            if best is None or m.end > best.end:
                best = m
    return best


def _previous_company(text: str, mentions: list[Mention], at: int) -> Mention | None:
    """The company named last before ``at`` in the same paragraph (the referent of 该公司)."""
    para = text.rfind("\n", 0, at) + 1
    return next((m for m in reversed(mentions) if m.type == "Enterprise" and para <= m.start and m.end <= at), None)


def referred_builders(doc: Document, mentions: tuple[Mention, ...]) -> list[RelationMention]:
    """signedProject from Y in '该项目由Y公司投资建设' to the project the paragraph named last before it, and from
    the company the paragraph named last to the project of '该公司(将)在ZONE投资建设Y项目'."""
    text = doc.text
    ordered = sorted((m for m in mentions if m.type in ("Project", "Enterprise")), key=lambda m: m.start)
    out: list[RelationMention] = []
    if not any(m.type == "Project" for m in ordered):
        return out
    for ref in _THIS_COMPANY.finditer(text):
        sent = doc.sentence_at(ref.start())
        company = _previous_company(text, ordered, ref.start())
        if sent is None or company is None:
            continue
        end = min([i for i in (text.find(ch, ref.end(), sent.end) for ch in "，；。") if i >= 0] or [sent.end])
        for p in (m for m in ordered if m.type == "Project" and ref.end() <= m.start < end):
            out.append(RelationMention("signedProject", company, p, sent.start, sent.end, "project-builder-referred"))
    for ref in THIS_PROJECT.finditer(text):
        project = previous_project(text, ordered, ref.start())
        sent = doc.sentence_at(ref.start())
        if project is None or sent is None:
            continue
        pseudo = Mention("Project", ref.group(0), ref.start(), ref.end(), "this-project")
        ms = [m for m in ordered if sent.start <= m.start < sent.end]
        for e in builders_after(text, ms, pseudo):
            out.append(RelationMention("signedProject", e, project, sent.start, sent.end, "project-builder-referred"))
    return out
