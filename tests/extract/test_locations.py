"""Stated locations and declared short names, on invented parks and companies."""

from __future__ import annotations

import pytest

LOCATED = [
    # the place the text states wins over the place inside the name
    ("岳阳高新区地处湖南省湘潭市。", {"湖南省", "湘潭市"}, {"岳阳市", "岳阳县"}),
    ("岳阳高新区（以下简称“高新区”）位于湖南省湘潭市，是国家级高新区。", {"湖南省", "湘潭市"}, {"岳阳市"}),
    # a park whose name holds no place gets its place from the text alone
    ("湘江新兴产业园区坐落于湖南省湘潭市。", {"湖南省", "湘潭市"}, set()),
    # without a stated place the name still places the park
    ("岳阳高新区发展提速。", {"岳阳市", "湖南省"}, set()),
    # a zone named after a prefecture is not in the prefecture's district of the same name
    ("淮安高新区发展提速。", {"淮安市", "江苏省"}, {"淮安区"}),
    ("广安经开区发展提速。", {"广安市", "四川省"}, {"广安区"}),
]


@pytest.mark.parametrize("text,want,never", LOCATED, ids=[c[0][:10] for c in LOCATED])
def test_stated_location_wins(extract_text, text: str, want: set[str], never: set[str]) -> None:
    ex = extract_text(text)
    park = next(m.canonical for m in ex.mentions if m.type == "Park" and not m.refers)
    got = {r.object.canonical for r in ex.relations if r.predicate == "locatedIn" and r.subject.canonical == park}
    assert want <= got and not (never & got)


DECLARED = [
    ("湘江新兴产业园区（以下简称“湘江园”）聚焦新型陶瓷。湘江园去年新增企业30家。", "Park", "湘江新兴产业园区", "湘江园"),
    ("星桥智能装备有限公司（简称“星桥智装”）落户青川高新区。星桥智装年产值10亿元。", "Enterprise", "星桥智能装备有限公司", "星桥智装"),
    ("青川高新技术产业开发区（下称“青川高新区”）持续发力。", "Park", "青川高新区", None),
    # a park's second designation in brackets right after it (apposition, often in a headline)
    ("星河产业新城（星河经开区）举行项目集中签约。星河经开区今年签约项目70个。", "Park", "星河产业新城", "星河经开区"),
]


@pytest.mark.parametrize("text,typ,full,short", DECLARED, ids=[c[3] or c[2] for c in DECLARED])
def test_declared_short_name_is_one_node(extract_text, text, typ, full, short) -> None:
    from buildkit import build_table

    ex = extract_text(text)
    assert {m.canonical for m in ex.mentions if m.type == typ} == {full}
    table = build_table([ex])
    ent = table.entities[(typ, full)]
    if short is not None:
        assert ent.merges.get(short) == "declared-alias"
