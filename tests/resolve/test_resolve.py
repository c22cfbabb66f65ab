"""kg.resolve: one node per real thing, distinct things kept apart, every merge explained.

All names are synthetic.
"""

from __future__ import annotations

import pytest

from kg.model import Document, Extraction, Mention, Page
from kg.resolve import EntityTable, _reason

from buildkit import build_table

# A mention row: (type, text as in Document.text, canonical ("" = text), original-script surface, doc id)
Row = tuple[str, str, str, str, str]


def table_of(rows: list[Row]) -> EntityTable:
    table = EntityTable()
    for type_, text, canonical, original, doc in rows:
        table.add(Mention(type_, text, 0, len(text), "test", canonical=canonical), doc, original or text)
    table.finish()
    return table


def snapshot(table: EntityTable) -> dict[tuple[str, str], tuple[set[str], dict[str, str]]]:
    return {key: (set(ent.surfaces), dict(ent.merges)) for key, ent in table.entities.items()}


E, P, PL, O = "Enterprise", "Park", "Place", "Organization"

CASES = [
    pytest.param(
        [(E, "星河科技", "", "", "d1"), (E, "星河科技有限公司", "", "", "d2")],
        {(E, "星河科技有限公司"): ({"星河科技"}, {"星河科技": "legal-suffix"})},
        id="legal-suffix-short-folds-into-full"),
    pytest.param(
        [(E, "星河科技", "", "", "d1"), (E, "星河科技股份有限公司", "", "", "d1"), (E, "星河科技有限公司", "", "", "d2")],
        {(E, "星河科技有限公司"): ({"星河科技"}, {"星河科技": "legal-suffix"}),
         (E, "星河科技股份有限公司"): (set(), {})},
        id="legal-suffix-picks-shortest-full-name-and-keeps-two-legal-entities"),
    pytest.param(
        [(E, "华芯微电子有限公司", "", "華芯微電子有限公司", "d1"), (E, "华芯微电子有限公司", "", "", "d2")],
        {(E, "华芯微电子有限公司"): ({"華芯微電子有限公司"}, {"華芯微電子有限公司": "script"})},
        id="script-traditional-surface-joins-simplified"),
    pytest.param(
        [(P, "星河高新技术产业开发区", "星河高新区", "", "d1"), (P, "星河高新区", "星河高新区", "", "d2")],
        {(P, "星河高新区"): ({"星河高新技术产业开发区"}, {"星河高新技术产业开发区": "full-name"})},
        id="park-full-name-under-canonical-short-form"),
    pytest.param(
        [(PL, "临川", "临川区", "", "d1"), (PL, "临川区", "临川区", "", "d2")],
        {(PL, "临川区"): ({"临川"}, {"临川": "short-form"})},
        id="place-short-form-under-official-name"),
    pytest.param(
        [(E, "星河科技", "", "", "d1"), (E, "星海科技", "", "", "d1")],
        {(E, "星河科技"): (set(), {}), (E, "星海科技"): (set(), {})},
        id="distinct-names-stay-distinct"),
    pytest.param(
        [(E, "星河", "", "", "d1"), (P, "星河", "", "", "d1"), (PL, "星河", "", "", "d1")],
        {(E, "星河"): (set(), {}), (P, "星河"): (set(), {}), (PL, "星河"): (set(), {})},
        id="same-name-different-types-stay-distinct"),
    pytest.param(
        [(O, "星河研究公司", "", "", "d1"), (O, "星河研究", "", "", "d1")],
        {(O, "星河研究公司"): (set(), {}), (O, "星河研究"): (set(), {})},
        id="legal-suffix-folding-is-for-enterprises-only"),
    pytest.param(
        [(E, "星河科技集团", "", "", "d1"), (E, "星河科技有限公司", "", "", "d1")],
        {(E, "星河科技集团"): (set(), {}), (E, "星河科技有限公司"): (set(), {})},
        id="group-and-company-are-different-entities"),
]


@pytest.mark.parametrize("rows,expected", CASES)
def test_merges(rows: list[Row], expected) -> None:
    assert snapshot(table_of(rows)) == expected


def test_merge_sums_mentions_and_articles_and_redirects() -> None:
    table = table_of([(E, "星河科技", "", "", "d1"), (E, "星河科技", "", "", "d3"), (E, "星河科技有限公司", "", "", "d2")])
    ent = table.lookup((E, "星河科技"))
    assert ent is table.entities[(E, "星河科技有限公司")]
    assert (ent.mentions, ent.articles) == (3, {"d1", "d2", "d3"})
    assert table.lookup((E, "不存在")) is None


def test_bare_references_add_no_surface_form() -> None:
    table = EntityTable()
    table.add(Mention(P, "星河高新区", 0, 5, "test", canonical="星河高新区"), "d1", "星河高新区")
    table.add(Mention(P, "该区", 9, 11, "test", canonical="星河高新区", refers=True), "d1", "該區")
    table.finish()
    ent = table.entities[(P, "星河高新区")]
    assert (ent.surfaces, ent.merges, ent.mentions) == (set(), {}, 2)


def test_subtype_and_attrs_are_kept_from_the_first_mention_that_has_them() -> None:
    table = EntityTable()
    table.add(Mention(P, "星河高新区", 0, 5, "test"), "d1", "星河高新区")
    table.add(Mention(P, "星河高新区", 0, 5, "test", subtype="HighTechZone"), "d2", "星河高新区", {"zoneLevel": "national"})
    table.add(Mention(P, "星河高新区", 0, 5, "test", subtype="NewArea"), "d3", "星河高新区", {"zoneLevel": "provincial"})
    ent = table.entities[(P, "星河高新区")]
    assert (ent.subtype, ent.attrs) == ("HighTechZone", {"zoneLevel": "national"})


REASONS = [
    # (merged name, canonical, original surface, reason)
    ("華芯微電子", "华芯微电子", "華芯微電子", "script"),
    ("星河科技", "星河科技有限公司", "星河科技", "legal-suffix"),
    ("星河科技股份有限公司", "星河科技有限公司", "星河科技股份有限公司", "legal-suffix"),
    ("星河高新技术产业开发区", "星河高新区", "星河高新技术产业开发区", "full-name"),
    ("临川", "临川区", "临川", "short-form"),
]


@pytest.mark.parametrize("name,canonical,original,reason", REASONS, ids=[r[3] + ":" + r[0] for r in REASONS])
def test_merge_reason(name: str, canonical: str, original: str, reason: str) -> None:
    assert _reason(name, canonical, original) == reason


def test_build_table_reads_original_script_through_the_offset_map() -> None:
    """The surface kept is the page's own spelling, found via Document.origin."""
    raw = "華芯微電子有限公司簽約。"
    simplified = "华芯微电子有限公司签约。"
    page = Page(path="p.txt", name="p.txt", text=raw, encoding="utf-8", sha1="1" * 40)
    doc = Document(page=page, article_index=0, text=simplified, origin=tuple(range(len(raw) + 1)))
    ex = Extraction(doc, (Mention(E, "华芯微电子有限公司", 0, 9, "test"),))
    table = build_table([ex])
    assert snapshot(table) == {(E, "华芯微电子有限公司"): ({"華芯微電子有限公司"}, {"華芯微電子有限公司": "script"})}
    assert table.entities[(E, "华芯微电子有限公司")].articles == {doc.doc_id}


def test_group_with_and_without_its_home_place_merge() -> None:
    """杭州江南重工集团 and 江南重工集团 are one group; the merge is recorded with its reason."""
    from kg.model import Mention
    from kg.resolve import EntityTable

    table = EntityTable()
    table.add(Mention("Enterprise", "杭州江南重工集团", 0, 8, "t", canonical="杭州江南重工集团"), "d1", "杭州江南重工集团")
    table.add(Mention("Enterprise", "江南重工集团", 0, 6, "t", canonical="江南重工集团"), "d2", "江南重工集团")
    table.finish()
    ent = table.lookup(("Enterprise", "江南重工集团"))
    assert ent is not None and ent.canonical == "杭州江南重工集团"
    assert ent.merges["江南重工集团"] == "place-prefix"


def test_same_short_name_under_two_places_stays_apart() -> None:
    from kg.model import Mention
    from kg.resolve import EntityTable

    table = EntityTable()
    for i, name in enumerate(["杭州江南重工集团", "苏州江南重工集团", "江南重工集团"]):
        table.add(Mention("Enterprise", name, 0, len(name), "t", canonical=name), f"d{i}", name)
    table.finish()
    assert ("Enterprise", "江南重工集团") in table.entities
