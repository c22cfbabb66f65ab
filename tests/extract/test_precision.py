"""Fragments and clauses that are not entities (invented names): (text, type, names that must not appear, names that must)."""

from __future__ import annotations

import pytest

CASES = [
    # a clause ending in an office-like character is not an organization
    ("园区形成了以新材料为主导产业的发展格局。", "Organization", {"主导产业的发展格局", "发展格局"}, set()),
    # 管委会 and 委员会 are whole heads, not …委 cut short
    ("青川经开区管委会召开会议。", "Organization", {"青川经开区管委"}, {"青川经开区管委会"}),
    # a bare phase is not a project; a named one is
    ("青川高新区推动三期项目建设，星河锂电三期项目开工。", "Project", {"三期项目", "三期"}, {"星河锂电三期"}),
    # a company's own park is a project, and 集团产业园区 alone is nothing
    ("青川集团产业园区建设加快。", "Park", {"青川集团产业园区"}, set()),
    ("青川集团产业园区建设加快。", "Project", set(), {"青川集团产业园区"}),
    ("集团产业园区建设加快。", "Park", {"集团产业园区"}, set()),
    # a news programme or channel in 《》 is a source, not a policy
    ("据《青川新闻》报道，青川高新区出台《青川高新区人才十条》。", "Policy", {"青川新闻"}, {"青川高新区人才十条"}),
]


@pytest.mark.parametrize("text,typ,never,must", CASES, ids=[f"{c[1]}:{c[0][:10]}" for c in CASES])
def test_no_fragments(extract_text, text: str, typ: str, never: set[str], must: set[str]) -> None:
    ex = extract_text(text)
    got = {m.canonical for m in ex.mentions if m.type == typ}
    assert not (got & never) and must <= got
