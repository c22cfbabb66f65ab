"""kg eval: GUIDELINE section 5 scoring on hand-checked tables, and agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.analysis.evaluate import evaluate, format_report, norm, to_base

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "tools" / "score_kg.py"
GOLD_SEEDS = ROOT.parent / "shared" / "gold" / "seeds.jsonl"

TTL = """@prefix kg: <https://w3id.org/parkkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/parkkg/id/> .
id:p a kg:Park ; rdfs:label "星河高新區"@zh-Hant , "星河高新区"@zh-Hans ; kg:locatedIn id:c ; kg:leadsIndustry id:i , id:j ;
    kg:hasObservation id:o1 , id:o2 .
id:c a kg:Place ; rdfs:label "江城市"@zh-Hans .
id:i a kg:Industry ; rdfs:label "新材料"@zh-Hans .
id:j a kg:Industry ; rdfs:label "旅游"@zh-Hans .
id:x a kg:Enterprise ; rdfs:label "不存在公司"@zh-Hans .
id:o1 kg:value 1.2e10 ; kg:unit "CNY" ; kg:period "2023" .
id:o2 kg:value 8.2 ; kg:unit "percent" ; kg:period "2022" .
"""
GOLD = {"doc": "a.txt",
        "entities": [{"type": "Park", "name": "星河高新区", "aliases": ["星河高新技术产业开发区"]},
                     {"type": "Place", "name": "江城市", "aliases": ["江城"]},
                     {"type": "Industry", "name": "新材料", "aliases": []},
                     {"type": "Industry", "name": "生物医药", "aliases": []},
                     {"type": "Industry", "name": "旅游", "aliases": [], "optional": True}],
        "relations": [{"s": "星河高新区", "p": "locatedIn", "o": "江城市"},
                      {"s": "星河高新区", "p": "leadsIndustry", "o": "新材料"},
                      {"s": "星河高新区", "p": "leadsIndustry", "o": "生物医药"}],
        "observations": [{"s": "星河高新区", "indicator": "地区生产总值", "value": 120, "unit": "亿元", "period": "2023"},
                         {"s": "星河高新区", "indicator": "增速", "value": 8.2, "unit": "%", "period": "2023"}]}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    graph = tmp_path / "graph.ttl"
    graph.write_text(TTL, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    return graph, gold


EXPECTED = [
    # (section, key, tp, fp, fn)
    ("entities", "Park", 1, 0, 0),        # the traditional label normalizes to the gold name
    ("entities", "Place", 1, 0, 0),
    ("entities", "Industry", 1, 0, 1),    # 旅游 matches only optional gold: neither right nor wrong
    ("entities", "Enterprise", 0, 1, 0),
    ("relations", "locatedIn", 1, 0, 0),
    ("relations", "leadsIndustry", 1, 1, 1),  # a relation absent from the gold is false even if its end is optional
]


@pytest.mark.parametrize("section,key,tp,fp,fn", EXPECTED, ids=[f"{e[0]}:{e[1]}" for e in EXPECTED])
def test_counts_follow_the_guideline(files, section, key, tp, fp, fn) -> None:
    report = evaluate(*files)
    row = report[section][key]
    assert (row["tp"], row["fp"], row["fn"]) == (tp, fp, fn)


def test_observations_match_value_unit_and_year(files) -> None:
    report = evaluate(*files)
    # 1.2e10 CNY in 2023 matches 120亿元; 8.2 percent in 2022 does not match 2023
    assert (report["observation"]["tp"], report["observation"]["fp"], report["observation"]["fn"]) == (1, 1, 1)
    assert "SCORE entity" in format_report(report)


@pytest.mark.parametrize("value,unit,expected", [
    (11.23, "亿元", ("CNY", 1.123e9)), (5195.25, "万美元", ("USD", 51952500.0)), (7.8, "%", ("percent", 7.8)),
    (3, "个", ("count", 3)), (2, "万户", ("count", 20000)), (86.88, "平方公里", ("km2", 86.88)),
    (1800, "万吨", ("t", 1.8e7)), (13, "公里", ("km", 13)),
])
def test_units_to_base(value, unit, expected) -> None:
    base, v = to_base(value, unit)
    assert base == expected[0] and abs(v - expected[1]) < 1e-6 * max(1, abs(expected[1]))


@pytest.mark.parametrize("raw,expected", [("《高新區管理辦法》", "高新区管理办法"), ("“智造+”工程", "智造+工程"),
                                          ("磨石—石磨合作区", "磨石石磨合作区"), ("ＩＴ", "it")])
def test_name_normalization(raw, expected) -> None:
    assert norm(raw) == expected


@pytest.mark.skipif(not REFERENCE.exists() or not GOLD_SEEDS.exists(), reason="reference scorer not beside this checkout")
def test_agrees_with_reference_scorer_on_seeds(seeds_build) -> None:
    graph = seeds_build.path("ttl")
    ref = subprocess.run([sys.executable, str(REFERENCE), str(graph), str(GOLD_SEEDS), "--json"],
                         capture_output=True, text=True, check=True)
    theirs = json.loads(ref.stdout)["summary"]
    ours = evaluate(graph, GOLD_SEEDS)
    for kind in ("entity", "relation", "observation"):
        assert [round(x, 6) for x in theirs[kind]] == [round(ours[kind][k], 6) for k in ("p", "r", "f1")], kind
