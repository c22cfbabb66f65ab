"""Start-up stays lazy: short commands do not import what only a build needs (issue 17 item 6).

Each case runs in a fresh interpreter, since this test process has imported
everything already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (code run in a fresh interpreter, modules that must not be imported afterwards)
LAZY = [
    ("import kg.cli", ["rdflib", "jieba", "opencc", "cn2an", "kg.pipeline"]),
    ("import kg.cli, kg.query.named", ["rdflib", "jieba", "kg.pipeline"]),
    ("from kg.pipeline.startup import import_jieba; import_jieba(); import jieba; assert jieba.lcut('园区')", ["pkg_resources"]),
]


@pytest.mark.parametrize("code, absent", LAZY)
def test_modules_not_imported(code, absent):
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=True)
    assert out.stdout.strip() == "", f"{code!r} imported {out.stdout.strip()}"
