"""A whole invented news page in the usual shape of a park's investment report (tests/data/invented_page.txt).

Why a page and not sentences: the rules of kg/extract/brands.py, unit_carry.py and the roundup
relations must work together on text none of them was written on; every name on the page is
invented. The expectations are what the guideline asks for, written before the page was run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE = (Path(__file__).resolve().parent.parent / "data" / "invented_page.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def page(extract_text):
    return extract_text(PAGE)


@pytest.fixture(scope="module")
def extract_text():
    from tests.extract.conftest import run

    return run


def test_enterprises(page) -> None:
    got = {m.canonical for m in page.mentions if m.type == "Enterprise"}
    assert {"澜川集团", "星鸿", "博越", "德岚", "Norvane（星河）精密部件有限公司", "德国Norvane集团"} <= got
    assert not got & {"年产", "星河大学", "农业科学院"}  # a capacity word and institutes are no companies


def test_organizations_without_conjunction(page) -> None:
    assert "星河大学" in {m.canonical for m in page.mentions if m.type == "Organization"}


@pytest.mark.parametrize("subject,project", [
    ("澜川集团", "年产5万吨锂电池正极材料"),  # the sentence's company invests in a clause with no subject of its own
    ("澜川集团", "澜川新能源材料"),  # a project named by the group's brand
    ("星鸿", "星鸿智能装备产业园"),
    ("星河经开区", "澜川新能源材料"),
])
def test_signed_projects(page, subject: str, project: str) -> None:
    assert (subject, project) in {(r.subject.canonical, r.object.canonical) for r in page.relations if r.predicate == "signedProject"}


def test_company_plans_to_invest(extract_text) -> None:
    ex = extract_text("星河高新区动态\n\n星鸿科技拟投资8亿元新建智能仓储物流基地。")
    assert ("星鸿科技", "智能仓储物流基地") in {(r.subject.canonical, r.object.canonical) for r in ex.relations
                                           if r.predicate == "signedProject"}


def test_capacity_in_a_project_name_is_no_figure(page) -> None:
    assert not [o for o in page.observations if o.unit == "t"]


def test_units_stated_once(page) -> None:
    got = {(o.indicator, round(o.value)) for o in page.observations if o.subject.canonical == "星河经开区"}
    assert {("营业收入", round(415.6e8)), ("税收", round(21.3e8))} <= got


ROUNDUP = (Path(__file__).resolve().parent.parent / "data" / "invented_roundup.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def roundup(extract_text):
    return extract_text(ROUNDUP)


def test_roundup_each_zone_signs_its_own(roundup) -> None:
    """A city's signing roundup (invented projects and companies, public divisions): the projects hang on their zones."""
    signed = {(r.subject.canonical, r.object.canonical) for r in roundup.relations if r.predicate == "signedProject"}
    assert {("平遥经开区", "澜川精密铸造"), ("平遥经开区", "星鸿新能源装备"), ("祁县产业集聚区", "博越玻璃器皿智能工厂"),
            ("澜川集团", "澜川精密铸造")} <= signed
    located = {(r.subject.canonical, r.object.canonical) for r in roundup.relations if r.predicate == "locatedIn"}
    assert {("德岚焦化", "介休市循环经济产业园"), ("Norvane氢能", "介休市循环经济产业园")} <= located


def test_roundup_enterprises_and_amounts(roundup) -> None:
    assert {m.canonical for m in roundup.mentions if m.type == "Enterprise"} == {"德岚焦化", "Norvane氢能", "澜川集团"}
    money = {(o.subject.canonical, o.value) for o in roundup.observations if o.indicator == "总投资"}
    assert {("平遥经开区", 86e8), ("博越玻璃器皿智能工厂", 12e8)} <= money
    figures = {(o.indicator, round(o.value)) for o in roundup.observations if o.subject.canonical == "平遥经开区"}
    assert {("营业收入", round(215.3e8)), ("税收", round(12.6e8))} <= figures
