"""Shared fixtures for the robustness suite: Hypothesis budgets, a synthetic page, a CLI runner.

Fuzz and property tests run a fixed, small budget in CI (profile ``ci``);
``HYPOTHESIS_PROFILE=full pytest tests/robustness`` runs the full budget.
All names below are invented; none comes from the seed articles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=50, deadline=5000, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("full", max_examples=1000, deadline=20000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: A small invented article that always yields a park, a policy, relations and figures.
GOOD_PAGE = """星河高新区签约新材料项目
2024-03-05 来源：示例日报 记者 周一鸣
星河高新区位于江城市，主导产业为新材料和生物医药。
今年一季度，星河高新区实现地区生产总值120.5亿元，同比增长8.2%。
星河高新区与蓝鲸科技有限公司签约蓝鲸新材料产业园项目，总投资50亿元。
管委会出台《星河高新区支持新材料产业发展若干措施》。
"""
GOOD_LABEL = '"星河高新区"@zh-hans'  # compare lower-cased: writers may normalize the tag's case


def variant(n: int) -> str:
    """A distinct copy of GOOD_PAGE (different sha1, same shape)."""
    return GOOD_PAGE + f"\n星河高新区第{n}批项目开工。\n"


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run ``kg ...`` in-process through kg.cli.main, as a user would, and capture its output."""
    from kg.cli import main

    def run(*argv: str | Path) -> CliRun:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        cap = capsys.readouterr()
        return CliRun(code, cap.out, cap.err)

    return run
