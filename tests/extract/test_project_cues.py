"""Cue words of a project's life shared by the signer rules (relations, project_signers): invented clauses."""

from __future__ import annotations

import pytest

from kg.extract.project_signers import EVENT_CUE, NOT_HOSTED
from kg.extract.relations import NOT_SETTLED, PROJECT_CUE

# (clause, reports a project's life (EVENT_CUE), a zone signs a project (PROJECT_CUE))
CUES = [
    ("澜川储能基地正式签约", True, True),  # a shared verb
    ("澜川储能项目顺利竣工", True, False),  # the event cue's own words
    ("全力打造澜川产业园", False, True),  # the signing cue's own words
    ("澜川储能基地年产值30亿元", False, False),
]


@pytest.mark.parametrize("text,event,signs", CUES, ids=[c[0] for c in CUES])
def test_project_cues(text: str, event: bool, signs: bool) -> None:
    assert (EVENT_CUE.search(text) is not None, PROJECT_CUE.search(text) is not None) == (event, signs)


# (clause, no project hosted (NOT_HOSTED), no company settled (NOT_SETTLED))
TALKS = [
    ("与澜川集团洽谈合作", True, True),  # talks: shared
    ("参观澜川储能基地", True, False),
    ("拜访澜川集团", False, True),
    ("澜川集团正式落户", False, False),
]


@pytest.mark.parametrize("text,not_hosted,not_settled", TALKS, ids=[c[0] for c in TALKS])
def test_talks_are_no_decision(text: str, not_hosted: bool, not_settled: bool) -> None:
    assert (NOT_HOSTED.search(text) is not None, NOT_SETTLED.search(text) is not None) == (not_hosted, not_settled)


_LEAD = "蚌埠高新区今年招商成效明显。蚌埠高新区举行集中签约活动。\n"

# (text, project as written with its 的, company that signs it, names that must not be projects)
OWN_PLANTS = [
    ("星鸿集团新能源汽车的零部件生产基地开工建设。", "星鸿集团新能源汽车的零部件生产基地", "星鸿集团", set()),
    ("龙头企业澜川公司智能农机的生产基地开工建设。", "澜川公司智能农机的生产基地", "澜川公司", {"生产基地"}),
    # a time word before 的 is no product: no project
    ("星鸿集团今年的生产基地开工建设。", None, None, {"星鸿集团今年的生产基地"}),
    # a verb before 的 is the company-made shape: the name starts after 的
    ("星鸿集团投资的零部件生产基地开工建设。", "零部件生产基地", "星鸿集团", {"星鸿集团投资的零部件生产基地"}),
]


@pytest.mark.parametrize("text,name,signer,absent", OWN_PLANTS, ids=[c[0][:12] for c in OWN_PLANTS])
def test_company_plant_with_de(extract_text, text: str, name: str | None, signer: str | None, absent: set) -> None:
    ex = extract_text(_LEAD + text)
    got = {m.canonical for m in ex.mentions if m.type == "Project"}
    assert not (absent & got)
    if name:
        assert name in got
        assert (signer, name) in {(r.subject.canonical, r.object.canonical) for r in ex.relations if r.predicate == "signedProject"}
