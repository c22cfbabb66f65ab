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
    ("全市磷石膏综合利用量1498.40万吨。", [("合肥市", 14984000.0, "t", "")]),
    # ordinals, attributes, comparisons and policy amounts are not figures of the subject
    ("合肥高新区在全省开发区中居第4位。", []),
    ("合肥高新区增速高于全省3.9个百分点。", []),
    ("合肥高新区对入驻企业给予最高1000万元奖励。", []),
    ("合肥高新区打造“六个园区”。", []),
    # a threshold that qualifies a noun is not a figure; "more than" at the end of a clause is
    ("合肥高新区引进注册资本1亿元(含)以上项目174个。", [("合肥高新区", 174.0, "count", "")]),
    ("全市年产生磷石膏1800万吨以上。", [("合肥市", 1.8e7, "t", "")]),
    # X、Y等N个项目: the count belongs to whoever signed them, not to the last item
    ("合肥高新区集中签约星桥航空、云帆新能源等44个招商引资项目。", [("合肥高新区", 44.0, "count", "")]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_observations(extract_text, text: str, expected) -> None:
    page = "合肥市：发展综述\n发布日期：2023-06-12\n" + text
    ex = extract_text(page)
    got = [(o.subject.canonical, o.value, o.unit, o.period) for o in ex.observations]
    want = [(s, v, u, p.replace("YEAR", "2023")) for s, v, u, p in expected]
    assert [(s, round(v, 4), u, p) for s, v, u, p in got] == [(s, round(v, 4), u, p) for s, v, u, p in want]
