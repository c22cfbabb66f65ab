"""The extractors' word cutter: rjieba gives jieba's precise-mode tokens, and jieba takes over when rjieba is missing."""

from __future__ import annotations

import importlib
import sys

import jieba
import pytest

from kg.extract import segmenter
from kg.extract.lexicon import tokens

#: Clauses of the shapes the name walker cuts (invented names): a place, a sector, a head, an unknown brand, Latin and digits.
CLAUSES = [
    "积极推进青禾智造光电材料产业园",
    "签约落地的蓝岭新材料科技有限公司",
    "围绕集成电路、生物医药两大主导产业",
    "江北省云梦市高新技术产业开发区",
    "年产3万吨锂电池正极材料二期项目",
    "引进220kV输变电工程",
    "与星海AI数据中心",
    "管委会主任李明远表示",
]


@pytest.mark.parametrize("clause", CLAUSES)
def test_cut_gives_jieba_precise_tokens(clause):
    assert segmenter.cut(clause) == jieba.lcut(clause, HMM=True)


def test_rjieba_is_used_when_installed():
    pytest.importorskip("rjieba")
    assert segmenter.BACKEND == "rjieba"


@pytest.mark.parametrize("clause", CLAUSES[:3])
def test_jieba_is_the_fallback_when_rjieba_does_not_import(monkeypatch, clause):
    monkeypatch.setitem(sys.modules, "rjieba", None)  # `import rjieba` raises ImportError
    try:
        fallback = importlib.reload(segmenter)
        assert fallback.BACKEND == "jieba"
        assert fallback.cut(clause) == jieba.lcut(clause, HMM=True)
    finally:
        monkeypatch.undo()
        importlib.reload(segmenter)


@pytest.mark.parametrize("clause, expected", [
    ("引进220kV输变电工程", ("引进", "220kV", "输变电", "工程")),  # ASCII runs merged
    ("建设3D打印中心", ("建设", "3D", "打印", "中心")),
])
def test_tokens_merge_ascii_runs(clause, expected):
    assert tokens(clause) == expected
