"""Fixed split of ``../shared/dev2`` into a development part and a measured-only part.

Why: issue 14 asks for an honest generalization estimate. The rule was fixed before any
extraction change: sort the page file names by the SHA-256 of the name and hold out the
first six. Rules are developed on the other twelve; the six are only scored at the end.

``python scripts/dev2_split.py OUTDIR`` writes ``OUTDIR/{dev,heldout}/`` (page copies) and
``OUTDIR/{dev,heldout}.jsonl`` (the matching gold lines). Nothing of the gold is stored here.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
HELD_OUT_COUNT = 6


def split(names: list[str]) -> tuple[list[str], list[str]]:
    """Return (dev, heldout) file names; held out = the six smallest name hashes."""
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    return sorted(ranked[HELD_OUT_COUNT:]), sorted(ranked[:HELD_OUT_COUNT])


def _gold_by_file(gold: Path) -> dict[str, str]:
    lines = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            key = record.get("file") or record.get("doc") or record.get("id")
            lines[Path(str(key)).stem] = line
    return lines


def main(out: Path) -> None:
    pages = sorted(p.name for p in (SHARED / "dev2").glob("*.txt"))
    gold = _gold_by_file(SHARED / "gold" / "dev2.jsonl")
    for part, names in zip(("dev", "heldout"), split(pages)):
        folder = out / part
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(SHARED / "dev2" / name, folder / name)
        (out / f"{part}.jsonl").write_text(
            "".join(gold[Path(n).stem] + "\n" for n in names), encoding="utf-8")
        print(part, len(names), " ".join(names))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dev2split"))
