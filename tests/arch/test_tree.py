"""The test tree mirrors the package: a reader looking for the tests of ``kg/X/`` finds them in ``tests/X/``.

Why a test: flat ``tests/test_*.py`` files pile up quickly; this keeps new test modules
next to the package they test. Folders that test the whole product rather than one
package (architecture, robustness, the golden graph, the notebooks) are listed by name,
so adding another one is a visible decision.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {p.name for p in (ROOT / "kg").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
MODULES = {p.stem for p in (ROOT / "kg").glob("*.py")}
WHOLE_PRODUCT = {"arch", "robustness", "golden", "notebooks", "fixtures", "data"}
PROJECT_CHECKS = {"test_gold_names"}  # reads the repository and ../shared, not one module


def _test_dirs() -> list[str]:
    return sorted(p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@pytest.mark.parametrize("name", _test_dirs())
def test_each_test_folder_is_a_package_or_a_whole_product_check(name):
    assert name in PACKAGES | WHOLE_PRODUCT, f"tests/{name}/ mirrors no kg/{name}/ package; move its tests under the package they test"


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("test_*.py")), ids=lambda p: p.name)
def test_top_level_tests_belong_to_a_top_level_module(path):
    module = path.stem.removeprefix("test_")
    assert module in MODULES or path.stem in PROJECT_CHECKS, (
        f"{path.name} tests no module kg/{module}.py; put it in tests/<package>/ next to what it tests"
    )


def test_the_mirror_is_not_empty():
    assert {"extract", "pipeline", "export", "query"} <= set(_test_dirs())
