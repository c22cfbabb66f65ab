"""List names from the development gold that appear in the package's text files.

Why: rules must generalize from patterns and public reference data, never from the answers
(issue 14, bar 3). A proper name of the gold (park, enterprise, project, person, organization,
policy; aliases included) found in ``kg/`` or in the code of ``tests/`` and ``scripts/`` is a defect. Places and industries are general
vocabulary or public reference data (cpca, the national zone lists) and are reported apart.

``python scripts/gold_names_in_package.py [GOLD.jsonl ...]``; exit 1 when a proper name is found.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
PROPER = {"Park", "Enterprise", "Project", "Person", "Organization", "Policy"}
REFERENCE_DIRS = ("kg/reference/data",)  # public reference data shipped in the package (zone lists)
#: What is checked: the package's text files, and the code of its tests (which use invented names) and
#: scripts. Test data made from the shipped seeds (the golden graph) is output, not rules, and is not read.
CHECKED_DIRS = ("kg", "tests", "scripts")
PACKAGE_SUFFIXES = (".py", ".txt", ".csv", ".json", ".rq", ".ttl", ".js", ".html", ".css")
MIN_LEN = 2


def gold_names(files: list[Path]) -> dict[str, set[str]]:
    """name -> the gold types it is given (names and aliases, at least MIN_LEN characters)."""
    names: dict[str, set[str]] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            for e in json.loads(line).get("entities", []):
                types = set(e.get("types") or [e.get("type")])
                for n in [e["name"], *e.get("aliases", [])]:
                    if len(n) >= MIN_LEN:
                        names.setdefault(n, set()).update(types)
    return names


def package_texts() -> dict[Path, str]:
    out = {}
    for p in sorted(q for d in CHECKED_DIRS for q in (ROOT / d).rglob("*")):
        rel = p.relative_to(ROOT)
        suffixes = PACKAGE_SUFFIXES if rel.parts[0] == "kg" else (".py",)
        if "__pycache__" not in rel.parts and p.is_file() and not any(rel.is_relative_to(d) for d in REFERENCE_DIRS) \
                and p.suffix in suffixes:
            out[p] = p.read_text(encoding="utf-8", errors="replace")
    return out


def hits(files: list[Path]) -> list[tuple[str, str, str]]:
    """(name, types, file) for every gold proper name found in the package."""
    texts = package_texts()
    found = []
    for name, types in sorted(gold_names(files).items()):
        if not types & PROPER:
            continue
        for p, text in texts.items():
            if name in text:
                found.append((name, "/".join(sorted(types)), str(p.relative_to(ROOT))))
    return found


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [GOLD / "seeds.jsonl", GOLD / "dev2.jsonl"]
    found = hits(files)
    for name, types, where in found:
        print(f"{name}\t{types}\t{where}")
    print(f"{len(found)} gold proper names in {', '.join(CHECKED_DIRS)}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
