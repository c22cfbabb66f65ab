"""Units stated once (kg/extract/unit_carry.py): bare numbers after a bracketed unit or in a 、-list.

Rows: (sentence, expected (indicator, value, unit) figures of the invented park). The park and
numbers are invented; the shapes are those of reports and flattened tables.
"""

from __future__ import annotations

import pytest

from kg.extract.unit_carry import carried

PAGE = "星河高新区发展报告\n\n2023年，星河高新区{}"

CASES = [
    ("实现营业收入（亿元）125.3、利税18.6、出口12.1。",
     {("营业收入", 125.3e8, "CNY"), ("利税", 18.6e8, "CNY"), ("出口", 12.1e8, "CNY")}),
    ("主要指标（单位：万元）：税收3200、研发投入850。",
     {("税收", 3200e4, "CNY"), ("研发投入", 850e4, "CNY")}),
    ("实现工业总产值320亿元、税收25、固定资产投资80。",
     {("工业总产值", 320e8, "CNY"), ("税收", 25e8, "CNY"), ("固定资产投资", 80e8, "CNY")}),
    # a currency declared for the rest of the article (美元，下同): later amounts with a multiplier only take it
    ("注册资本接近70亿(美元，下同)，投资总额90.7亿，用地面积2.96平方公里。",
     {("注册资本接近", 70e8, "USD"), ("投资总额", 90.7e8, "USD"), ("用地面积", 2.96, "km2")}),
    # every number has its unit: nothing is carried, nothing doubled
    ("实现工业总产值320亿元、税收25亿元。", {("工业总产值", 320e8, "CNY"), ("税收", 25e8, "CNY")}),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:10] for c in CASES])
def test_units_stated_once(extract_text, sentence: str, expected: set) -> None:
    ex = extract_text(PAGE.format(sentence))
    got = {(o.indicator, round(o.value, 2), o.unit) for o in ex.observations if o.subject.canonical == "星河高新区"}
    assert got == {(i, round(v, 2), u) for i, v, u in expected}


@pytest.mark.parametrize("sentence", [
    "产值320亿元、排名第3，位居全省前列。",  # an ordinal
    "产值320亿元、2024年目标400亿元。",  # a year
    "全区共有企业320家，其中规上企业25、高新技术企业18。",  # a list with no unit before it in the clause chain
    "项目编号（A）12、B区7。",  # brackets that hold no unit
    "甲公司投资3.5亿元、乙智能装备有限公司投资2.36亿元。",  # a longer number with its own unit past the search window
])
def test_no_unit_is_carried(sentence: str) -> None:
    assert not carried(sentence)


def test_same_below_reaches_later_sentences_only(extract_text) -> None:
    """A (美元，下同) declaration holds for later amounts, not for those before it or with a unit of their own."""
    ex = extract_text("星河高新区外资动态\n\n星河高新区去年引进投资8亿。注册资本70亿(美元，下同)。今年新增投资12亿，税收3亿元。")
    got = {(o.surface, o.unit) for o in ex.observations}
    assert ("12亿", "USD") in got and ("3亿元", "CNY") in got and not any(s == "8亿" for s, _ in got)
