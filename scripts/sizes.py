"""Print the largest module and the longest function of the kg package (lines), and the ones over the limits.

Why: the house rules keep modules under 400 lines and functions under 60;
this is the number to look at (tests/arch/test_sizes.py runs it).

Usage: ``python scripts/sizes.py [PACKAGE_DIR] [--max-module 400] [--max-function 60]``;
exits 1 when something is over a limit.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_sizes(package: Path) -> list[tuple[int, str]]:
    """(lines, path) of every module, largest first."""
    sizes = [(len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(package.parent)))
             for p in package.rglob("*.py")]
    return sorted(sizes, key=lambda s: (-s[0], s[1]))


def function_sizes(package: Path) -> list[tuple[int, str]]:
    """(lines, path:line name) of every function and method, decorators excluded, longest first."""
    found = []
    for path in package.rglob("*.py"):
        rel = path.relative_to(package.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((node.end_lineno - node.lineno + 1, f"{rel}:{node.lineno} {node.name}"))
    return sorted(found, key=lambda s: (-s[0], s[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=str(ROOT / "kg"))
    parser.add_argument("--max-module", type=int, default=400)
    parser.add_argument("--max-function", type=int, default=60)
    args = parser.parse_args(argv)
    package = Path(args.package)
    modules, functions = module_sizes(package), function_sizes(package)
    print(f"largest module: {modules[0][1]} ({modules[0][0]} lines)")
    print(f"longest function: {functions[0][1]} ({functions[0][0]} lines)")
    over = [f"module {p} ({n} lines)" for n, p in modules if n > args.max_module]
    over += [f"function {p} ({n} lines)" for n, p in functions if n > args.max_function]
    for line in over:
        print(f"over the limit: {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
