"""No proper name of the development gold may appear in the package (issue 14, bar 3).

Runs where ``../shared/gold`` sits beside the checkout; skipped elsewhere (the gold is not
part of the repository). The scan itself is tested on an invented gold line, so the check
cannot pass vacuously.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gold_names", ROOT / "scripts" / "gold_names_in_package.py")
gold_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gold_names)


@pytest.mark.skipif(not (gold_names.GOLD / "seeds.jsonl").exists(), reason="../shared/gold not beside the checkout")
def test_no_gold_proper_name_in_package() -> None:
    files = [gold_names.GOLD / "seeds.jsonl", gold_names.GOLD / "dev2.jsonl"]
    assert gold_names.hits([f for f in files if f.exists()]) == []


@pytest.mark.parametrize("entity,expected", [
    # a proper name that the package does contain (a word of its own code) is reported
    ({"type": "Park", "name": "find_parks"}, ["find_parks"]),
    # places and industries are vocabulary / public reference data, not reported
    ({"type": "Industry", "name": "find_parks"}, []),
    # a name nowhere in the package is not reported
    ({"type": "Enterprise", "name": "青川云帆" + "星桥有限公司"}, []),  # split so this file does not hold it
])
def test_scan_reports_proper_names(tmp_path: Path, entity: dict, expected: list[str]) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"doc": "x", "entities": [entity]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert sorted({h[0] for h in gold_names.hits([gold])}) == expected
