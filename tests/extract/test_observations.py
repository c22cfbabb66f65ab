"""Figures on synthetic sentences: (text, expected (subject, value, unit, period) rows)."""

from __future__ import annotations

import pytest

CASES = [
    ("2021年，合肥高新区实现营业总收入1700亿元。", [("合肥高新区", 1.7e11, "CNY", "2021")]),
    ("1—5月，合肥高新区规模以上工业增加值同比增长12.3%。", [("合肥高新区", 12.3, "percent", "YEAR-01/YEAR-05")]),
    ("今年上半年，合肥高新区完成固定资产投资近90亿元。", [("合肥高新区", 9e9, "CNY", "YEAR-H1")]),
    ("合肥高新区利用外资5195.25 万美元。", [("合肥高新区", 51952500.0, "USD", "")]),
    ("合肥高新区拥有高新技术企业2100家。", [("合肥高新区", 2100.0, "count", "")]),
    ("合肥高新区东区规划面积86.88平方公里。", [("合肥高新区", 86.88, "km2", "")]),
    ("全市磷石膏综合利用量1498.40万吨。", [("宿州市", 14984000.0, "t", "")]),
    # ordinals, attributes, comparisons and policy amounts are not figures of the subject
    ("合肥高新区在全省开发区中居第4位。", []),
    ("合肥高新区增速高于全省3.9个百分点。", []),
    ("合肥高新区对入驻企业给予最高1000万元奖励。", []),
    ("合肥高新区打造“六个园区”。", []),
    # X等N个项目 counts a list: the count is the park's tally, no figure of the item before 等
    ("临江高新区获批建设省级实验室；岚丰化学原料药等5个招商引资项目签约落地，星澜药业等3个项目建成投产。",
     [("临江高新区", 5.0, "count", ""), ("临江高新区", 3.0, "count", "")]),
]


def test_list_tally_indicator_is_the_words_after_it(extract_text) -> None:
    ex = extract_text("宿州市：发展综述\n发布日期：2023-06-12\n临江高新区：岚丰化学原料药等5个招商引资项目签约落地。")
    assert [o.indicator for o in ex.observations] == ["招商引资项目"]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_observations(extract_text, text: str, expected) -> None:
    page = "宿州市：发展综述\n发布日期：2023-06-12\n" + text
    ex = extract_text(page)
    got = [(o.subject.canonical, o.value, o.unit, o.period) for o in ex.observations]
    want = [(s, v, u, p.replace("YEAR", "2023")) for s, v, u, p in expected]
    assert [(s, round(v, 4), u, p) for s, v, u, p in got] == [(s, round(v, 4), u, p) for s, v, u, p in want]


# (text, (subject, indicator or None for any, value) rows): a sum or count of a listed set of projects is the zone's, not its first item's
LISTED_SUMS = [
    ("蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n现场签约项目中，澜川新能源电池、星鸿光伏组件、德岚生物医药等5个项目总投资60亿元。",
     {("蚌埠高新区", "项目", 5.0), ("蚌埠高新区", "项目总投资", 6e9)}),
    # the list in the clause before the sum: still the zone's
    ("蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n签约仪式上，澜川储能电站项目、星鸿半导体材料项目、德岚医药研发中心项目等10个项目现场签约，总投资85亿元。",
     {("蚌埠高新区", None, 10.0), ("蚌埠高新区", None, 8.5e9)}),
    # a count after X、Y等: the words after it say what is counted, not the clause before
    ("蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n会上，蚌埠高新区规上工业企业达到12家，成功签约澜川科技、星鸿生物等23家企业。",
     {("蚌埠高新区", "规上工业企业", 12.0), ("蚌埠高新区", "企业", 23.0)}),
    # 全区…签约项目总投资 after a named project's clause: the zone's total
    ("蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n星鸿精密铸件项目正式签约，全区今年签约项目总投资80亿元。",
     {("蚌埠高新区", None, 8e9)}),
]


@pytest.mark.parametrize("text,expected", LISTED_SUMS, ids=[c[0][-20:] for c in LISTED_SUMS])
def test_listed_sums_are_the_zones(extract_text, text: str, expected: set) -> None:
    obs = extract_text(text).observations
    got = {(o.subject.canonical, o.indicator if any(e[1] for e in expected) else None, o.value) for o in obs}
    assert got == expected
