"""The report as one self-contained HTML page: no script, no request, every string escaped.

Why no script at all: the page only shows tables, ``<details>`` for evidence
and inline SVG, so its Content-Security-Policy can forbid scripts outright
(the explorer's policy minus ``script-src``): hostile text in a label or a
sentence is inert twice, once by escaping and once by the policy.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from urllib.parse import unquote

from ...assemble.conflicts import normalize_indicator
from ...export.html import REL_ZH, SUBTYPE_ZH, TYPE_ZH
from .chart import bars, reading
from .data import Evidence, Fact, Figure, Profile

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
       "base-uri 'none'; form-action 'none'")

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #e4572e;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#555}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}details{margin:.2rem 0}summary{cursor:pointer;color:#29335c}
.ev{font-size:.9rem;color:#444;margin:.2rem 0 .2rem 1rem}.src{color:#777}
.badge{display:inline-block;background:#c0392b;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.8rem;margin-left:.3rem}
.badge.slip{background:#e67e22}.empty{color:#888}
.chart .bar{fill:#29335c}.chart .bar.disputed{fill:#c0392b}.chart .axis{stroke:#888}
.chart .tick{font-size:11px;fill:#555}.chart .val{font-size:11px;fill:#222}
td.name{width:16rem}nav a{margin-right:1rem}
.series{display:flex;gap:1rem;align-items:flex-start}.series table{flex:1}
"""

#: Sections of the page: (heading, predicate, direction of the park in the fact).
SECTIONS = [
    ("主导产业 Leading industries", "leadsIndustry", "out"),
    ("发展产业 Developing industries", "developsIndustry", "out"),
    ("企业 Enterprises", "locatedIn", "in"),
    ("政策 Policies", "issuedPolicy", "out"),
]
#: Anchors of the sections, in page order (the overview links to them).
ANCHORS = ["leading", "developing", "enterprises", "policies", "projects", "figures", "other"]


EMPTY = "<p class=\"empty\">—</p>"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def render(p: Profile) -> str:
    """The whole page of one park's profile."""
    used: set[int] = set()
    sections = []
    for (heading, predicate, direction), anchor in zip(SECTIONS, ANCHORS):
        facts = [f for f in p.facts if f.predicate == predicate and f.direction == direction
                 and (predicate != "locatedIn" or f.type == "Enterprise")]
        used.update(id(f) for f in facts)
        sections.append((anchor, heading, len(facts), _facts(facts)))
    projects = [f for f in p.facts if f.predicate == "signedProject" and f.direction == "out"]
    used.update(id(f) for f in projects)
    sections.append(("projects", "项目 Projects", len(projects), _projects(projects, p.projects)))
    sections.append(("figures", "经济指标 Indicators", len(p.figures), _figures(p.figures)))
    rest = [f for f in p.facts if id(f) not in used and not (f.predicate == "locatedIn" and f.type == "Place")]
    sections.append(("other", "其他关系 Other relations", len(rest), _facts(rest, show_predicate=True)))
    nav = "".join(f"<a href=\"#{a}\">{e(h)} ({n})</a>" for a, h, n, _ in sections)
    body = "".join(f"<h2 id=\"{a}\">{e(h)}</h2>{html}" for a, h, _, html in sections)
    conflicts = sum(1 for f in p.figures if f.conflict)
    warn = f"<p><span class=\"badge\">数值冲突 conflicting figures: {conflicts}</span></p>" if conflicts else ""
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{e(p.label)} · parkkg</title><style>{STYLE}</style></head><body>{_head(p)}{warn}"
            f"<nav>{nav}</nav>{body}<footer class=\"meta\"><p>parkkg report · offline, no scripts</p></footer>"
            "</body></html>\n")


def _head(p: Profile) -> str:
    kinds = "、".join(SUBTYPE_ZH.get(t, t) for t in p.subtypes) or "园区"
    rows = [("名称 Name", p.label), ("别名 Aliases", "、".join(p.aliases) or "—"), ("类型 Type", kinds),
            ("级别 Level", p.level or "—"), ("批准年份 Year approved", p.year or "—"),
            ("位置 Location", " › ".join(p.places) or "—"), ("提及次数 Mentions", p.mentions)]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return f"<h1>{e(p.label)}</h1><p class=\"meta\">{e(unquote(p.iri))}</p><table>{table}</table>"


def evidence_block(evidence: set[Evidence]) -> str:
    """Each evidence sentence with its article, date and source, folded under a summary."""
    if not evidence:
        return ""
    items = "".join(
        f"<p class=\"ev\">“{e(ev.sentence)}” <span class=\"src\">— {e(ev.title)}"
        f"{'，' + e(ev.date) if ev.date else ''}{'，' + e(ev.source) if ev.source else ''}（{e(ev.file)}）</span></p>"
        for ev in sorted(evidence))
    return f"<details><summary>证据 {len(evidence)} evidence</summary>{items}</details>"


def _facts(facts: list[Fact], show_predicate: bool = False) -> str:
    if not facts:
        return EMPTY
    head = "<th>关系</th>" if show_predicate else ""
    rows = []
    for f in facts:
        rel = f"<td>{e(REL_ZH.get(f.predicate, f.predicate))}{'（反向）' if f.direction == 'in' else ''}</td>" \
            if show_predicate else ""
        rows.append(f"<tr>{rel}<td class=\"name\">{e(f.label)} <span class=\"src\">{e(TYPE_ZH.get(f.type, f.type))}</span></td>"
                    f"<td>{evidence_block(f.evidence)}</td></tr>")
    return f"<table><tr>{head}<th>名称</th><th>证据 Evidence</th></tr>{''.join(rows)}</table>"


def _projects(facts: list[Fact], details: dict) -> str:
    if not facts:
        return EMPTY
    rows = []
    for f in facts:
        info = details.get(f.other, {"partners": set(), "amounts": set()})
        amounts = "；".join(s or reading(v, u) for v, u, s in sorted(info["amounts"])) or "—"
        dates = sorted(ev.date for ev in f.evidence if ev.date)
        rows.append(f"<tr><td>{e(f.label)}</td><td>{e(amounts)}</td><td>{e('、'.join(sorted(info['partners'])) or '—')}"
                    f"</td><td>{e(dates[0] if dates else '—')}</td><td>{evidence_block(f.evidence)}</td></tr>")
    return ("<table><tr><th>项目</th><th>投资 Investment</th><th>合作方 Partner</th>"
            f"<th>日期 Date</th><th>证据 Evidence</th></tr>{''.join(rows)}</table>")


def badge(fig: Figure) -> str:
    """The conflict badge of a figure (empty when the articles agree)."""
    if not fig.conflict:
        return ""
    slip = "<span class=\"badge slip\">疑似单位错误 likely unit error</span>" if fig.unit_slip else ""
    return f"<span class=\"badge\">数值冲突 conflicting figures</span>{slip}"


def _figures(figures: list[Figure]) -> str:
    """Each indicator as a time series: a table of its figures and a bar chart of the dated ones."""
    if not figures:
        return EMPTY
    by_indicator: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for fig in figures:
        by_indicator[(normalize_indicator(fig.indicator), fig.unit)].append(fig)
    parts = []
    # the longest time series first, then by name
    order = sorted(by_indicator.items(), key=lambda kv: (-len({f.period for f in kv[1] if f.period}), kv[0]))
    for (indicator, unit), figs in order:
        figs.sort(key=lambda f: (f.period or "~", f.value, f.iri))
        rows = "".join(
            f"<tr><td>{e(f.period or '—')}</td><td>{e(reading(f.value, f.unit))}{badge(f)}</td>"
            f"<td>{e(f.approximation + f.surface)}</td><td>{evidence_block(f.evidence)}</td></tr>" for f in figs)
        dated = [(f.period, f.value, bool(f.conflict)) for f in figs if f.period]
        parts.append(f"<h3>{e(indicator)}</h3><div class=\"series\">{bars(dated, unit, indicator)}"
                     f"<table><tr><th>期间 Period</th><th>数值 Value</th><th>原文 As written</th>"
                     f"<th>证据 Evidence</th></tr>{rows}</table></div>")
    return "".join(parts)


def index_page(entries: list[tuple[str, str, int, int]]) -> str:
    """The index of ``--all``: ``(file name, label, mentions, figures)`` per park."""
    rows = "".join(f"<tr><td><a href=\"{e(name)}\">{e(label)}</a></td><td>{mentions}</td><td>{figures}</td></tr>"
                   for name, label, mentions, figures in entries)
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><title>园区报告 · parkkg</title>"
            f"<style>{STYLE}</style></head><body><h1>园区报告 Park reports</h1><table><tr><th>园区 Park</th>"
            f"<th>提及 Mentions</th><th>指标 Figures</th></tr>{rows}</table></body></html>\n")
