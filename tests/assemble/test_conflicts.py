"""kg.assemble.conflicts: figures that articles give differently become kg:ConflictingObservations nodes.

Synthetic articles about an invented park; the named query ``conflicting-figures``
must return one row with both evidences for a disagreement and none for a repeat.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import kg
import kg.pipeline.reduce as reduce_step
from kg.query import named as queries
from kg.assemble.conflicts import judge, member_line, normalize_indicator

PARK = "星河高新区"


def article(title: str, date: str, figure: str, park: str = PARK, year: str = "2023") -> str:
    return f"{title}\n{date} 来源：虚构日报\n\n{year}年，{park}实现营业收入{figure}。\n"


def write(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    past = time.time() - 60  # older than the cache's racy window
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (past, past))
    return folder


def build(folder: Path, out: Path, **kw):
    return kg.build([folder], out=out, html=False, **kw)


A = article("园区去年营收创新高", "2024-03-01", "1200亿元")
# (second article, conflicting rows expected, likely unit error)
PAIRS = [
    pytest.param(article("园区经济运行情况", "2024-04-02", "1350亿元"), 1, False, id="different-revenue"),
    pytest.param(article("园区经济运行情况", "2024-04-02", "1200亿元"), 0, None, id="same-value-repeat"),
    pytest.param(article("园区经济运行情况", "2024-04-02", "1203亿元"), 0, None, id="within-half-a-percent"),
    pytest.param(article("园区经济运行情况", "2024-04-02", "1200万元"), 1, True, id="wan-for-yi"),
    pytest.param(article("園區經濟運行情況", "2024-04-02", "1350億元", park="星河高新區"), 1, False, id="traditional"),
    pytest.param(article("园区经济运行情况", "2024-04-02", "1350亿元", year="2022"), 0, None, id="other-year"),
    pytest.param(article("园区经济运行情况", "2024-04-02", "超过1350亿元"), 0, None, id="approximate"),
]


@pytest.mark.parametrize("second, rows, slip", PAIRS)
def test_conflicting_figures_on_a_pair_of_articles(tmp_path, second, rows, slip):
    folder = write(tmp_path / "pages", {"a.txt": A, "b.txt": second})
    result = build(folder, tmp_path / "out", strict=True)  # strict: the SHACL shapes accept the conflict nodes
    answer = queries.run(result.outputs[0], "conflicting-figures")
    assert len(answer) == rows
    if rows:
        row = answer.records()[0]
        assert row["subjectLabel"] == PARK and row["period"] == "2023" and row["articles"] == 2
        assert row["likelyUnitError"] is slip
        said = [row["lowEvidence"], row["highEvidence"]]
        assert said[0] != said[1] and all(("营业收入" in s or "營業收入" in s) and "2023" in s for s in said)


def test_a_same_value_repeat_is_one_observation_with_both_evidences(tmp_path):
    folder = write(tmp_path / "pages", {"a.txt": A, "b.txt": article("另一篇", "2024-04-02", "1200亿元")})
    out = build(folder, tmp_path / "out").outputs[0]
    found = queries.run(out, """
        PREFIX kg: <https://w3id.org/parkkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?obs (COUNT(?ev) AS ?n) WHERE { ?obs kg:indicator "营业收入"@zh-Hans ; prov:wasDerivedFrom ?ev }
        GROUP BY ?obs""")
    assert [r[1] for r in found.rows] == [2]


def test_one_article_giving_two_values_is_not_a_conflict():
    members = [(1.0e11, "o1", "art1"), (2.0e11, "o2", "art1")]
    assert judge(members) == (False, False)
    assert judge(members + [(1.0e11, "o1", "art2")]) == (True, False)


@pytest.mark.parametrize("a, b, expected", [
    (120e9, 135e9, (True, False)),
    (120e9, 120.5e9, (False, False)),
    (120e9, 12e6, (True, True)),
    (120e9, 12.05e6, (True, True)),
    (120e9, 13e6, (True, False)),
    (0.0, 5.0, (True, False)),
])
def test_judge_table(a, b, expected):
    assert judge([(a, "o1", "art1"), (b, "o2", "art2")]) == expected


@pytest.mark.parametrize("period, approximation, compared", [("2023", "", True), ("", "", False), ("2023", "约", False)])
def test_only_exact_figures_with_a_period_are_compared(period, approximation, compared):
    lines = member_line("s", "营业收入", period, 1.0, "CNY", approximation, "o", ["x/evidence/d/1-2"])
    assert bool(lines) is compared


def test_indicator_is_compared_in_simplified_script_without_spaces():
    assert normalize_indicator("營業 收入") == normalize_indicator("营业收入")


@pytest.fixture
def file_backed(monkeypatch):
    monkeypatch.setattr(reduce_step, "MEMORY_TRIPLES", 10)


OTHER_PARK = {"z.txt": article("他园", "2024-01-01", "10亿元", park="月湾经开区")}


@pytest.mark.parametrize("first, added", [
    ({"a.txt": A, **OTHER_PARK}, {"b.txt": article("园区经济运行情况", "2024-04-02", "1350亿元")}),  # a new conflict
    ({"a.txt": A, **OTHER_PARK}, {"b.txt": article("续报", "2024-04-02", "1350亿元"),
                                  "c.txt": article("三报", "2024-05-02", "1200万元")}),
    ({"a.txt": A, **OTHER_PARK}, {"b.txt": article("续报", "2024-04-02", "1200亿元")}),  # a repeat: no conflict
    ({"a.txt": A, "b.txt": article("续报", "2024-04-02", "1350亿元")},  # an earlier conflict grows
     {"c.txt": article("三报", "2024-05-02", "1200万元"), **OTHER_PARK}),
], ids=["new-conflict", "two-new-pages", "repeat", "conflict-grows"])
def test_incremental_rebuild_judges_new_figures_with_old_ones(tmp_path, file_backed, first, added):
    from kg.storage.splice import TurtleGraph

    pages, cache = tmp_path / "pages", tmp_path / "cache"
    write(pages, first)
    build(pages, tmp_path / "warm", cache=cache, validate=False)
    write(pages, added)
    again = build(pages, tmp_path / "again", cache=cache, validate=False)
    assert isinstance(again.triples, TurtleGraph)  # the incremental reduce ran
    clean = build(pages, tmp_path / "clean", validate=False)
    assert again.outputs[0].read_bytes() == clean.outputs[0].read_bytes()


def test_conflicts_are_the_same_for_any_jobs(tmp_path):
    pages = {f"{i:02d}.txt": article(f"第{i}篇", "2024-04-02", f"{1200 + 50 * (i % 3)}亿元") for i in range(6)}
    folder = write(tmp_path / "pages", pages)
    one = build(folder, tmp_path / "one", jobs=1, validate=False).outputs[0].read_bytes()
    two = build(folder, tmp_path / "two", jobs=2, validate=False).outputs[0].read_bytes()
    assert one == two and b"ConflictingObservations" in one
