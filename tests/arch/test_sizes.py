"""scripts/sizes.py: the largest module and the longest function, and the limits (400 and 60 lines).

Why a test: the numbers drift back up one helper at a time unless something
fails when they do. There are no exceptions: a function over 60 lines or a
module over 400 fails, whatever the module.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sizes", ROOT / "scripts" / "sizes.py")
sizes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sizes)


def _package(tmp_path: Path, body_lines: int, module_pad: int) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(body_lines))
    (pkg / "a.py").write_text("def long_one():\n" + body + "#\n" * module_pad, encoding="utf-8")
    (pkg / "b.py").write_text("def short():\n    return 1\n", encoding="utf-8")
    return pkg


@pytest.mark.parametrize("body,pad,code,over", [
    (3, 0, 0, []),
    (70, 0, 1, ["function pkg/a.py:1 long_one (71 lines)"]),
    (3, 500, 1, ["module pkg/a.py (504 lines)"]),
])
def test_the_script_reports_sizes_and_limits(tmp_path, capsys, body, pad, code, over):
    assert sizes.main([str(_package(tmp_path, body, pad))]) == code
    out = capsys.readouterr().out
    assert f"largest module: pkg/a.py ({body + 1 + pad} lines)" in out
    assert f"longest function: pkg/a.py:1 long_one ({body + 1} lines)" in out
    assert [line.removeprefix("over the limit: ") for line in out.splitlines() if line.startswith("over")] == over


def test_no_module_over_400_lines():
    assert [(n, p) for n, p in sizes.module_sizes(ROOT / "kg") if n > 400] == []


def test_no_function_over_60_lines():
    assert [(n, where) for n, where in sizes.function_sizes(ROOT / "kg") if n > 60] == []
