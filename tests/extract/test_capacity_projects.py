"""Projects named by their capacity (invented names): (text, expected project names, expected signers, absent names)."""

from __future__ import annotations

import pytest

CASES = [
    # a brand glued before a bare capacity is part of the name; N万吨/年 stays as written
    ("重点建设的星桥4000万吨/年炼化一体化项目基本成形。", {"星桥4000万吨/年炼化一体化"}, set(), set()),
    # a brand and its phase before a capacity in GW
    ("云帆新能源三期10GW高效电池片项目已开工建设。", {"云帆新能源三期10GW高效电池片"}, set(), set()),
    # a company glued before 年产…项目 owns it; the name starts at 年产
    ("星桥化工有限公司年产10万吨锂电材料项目开工建设。", {"年产10万吨锂电材料"},
     {("星桥化工有限公司", "年产10万吨锂电材料")}, {"锂电材料"}),
    # the phrase before a dash is no part of the brand
    ("单体投资最大的工业项目——云帆(青川)42GWh动力电池项目加速建设。", {"云帆(青川)42GWh动力电池"}, set(),
     {"项目云帆(青川)42GWh动力电池"}),
    # a bare amount after a verb names nothing
    ("园区今年建设4000吨配套项目。", set(), set(), {"4000吨配套"}),
]


@pytest.mark.parametrize("text,names,signers,absent", CASES, ids=[c[0][:14] for c in CASES])
def test_capacity_projects(extract_text, text: str, names: set, signers: set, absent: set) -> None:
    ex = extract_text(text)
    got = {m.canonical for m in ex.mentions if m.type == "Project"}
    assert names <= got
    assert not (absent & got)
    rels = {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
    assert signers <= rels
