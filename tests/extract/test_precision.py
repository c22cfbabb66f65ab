"""Fragments and clauses that are not entities (invented names): (text, type, names that must not appear, names that must)."""

from __future__ import annotations

import pytest

CASES = [
    # a clause ending in an office-like character is not an organization
    ("园区形成了以新型陶瓷为主导产业的发展格局。", "Organization", {"主导产业的发展格局", "发展格局"}, set()),
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


FIGURES = [
    # a threshold that qualifies a noun is not a figure; "more than" at the end of a clause is
    ("青川高新区引进注册资本1亿元(含)以上项目174个。", [("青川高新区", 174.0, "count")]),
    ("全市年产生工业固废1800万吨以上。", [("天水市", 1.8e7, "t")]),
    # X、Y等N个项目: the count belongs to whoever signed them, not to the last item
    ("青川高新区集中签约星桥航空、云帆光热等44个招商引资项目。", [("青川高新区", 44.0, "count")]),
]


@pytest.mark.parametrize("text,expected", FIGURES, ids=[c[0][:10] for c in FIGURES])
def test_figures_are_not_thresholds_or_list_items(extract_text, text: str, expected) -> None:
    ex = extract_text("天水市：发展综述\n发布日期：2023-06-12\n" + text)
    assert [(o.subject.canonical, round(o.value, 4), o.unit) for o in ex.observations] == expected
