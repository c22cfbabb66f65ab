"""Per-page cache of map-step results, keyed by content hash and code fingerprint.

Why: normalize + segment + extract is >90% of a build and depends only on the
page text and the code, so a rebuild after adding a few pages should only
run the map step on those pages. The key is the page's SHA-1 (of its decoded
text, as ingest computes it) plus the file name (article labels quote it);
the fingerprint hashes the source of every module the map step runs and the
versions of the libraries it calls, so any code change starts a fresh cache
instead of serving stale facts. Entries live in one SQLite file per
fingerprint (``DIR/facts-<fp>.sqlite``): one file, atomic commits, written only
by the build's own process, so workers never contend for it.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..errors import OutputError
from ..model import DocFacts, Page

#: Everything the map step executes or reads, relative to the kg package.
#: (tests/test_cache.py traces one page's map step and fails on any kg file missing here)
MAP_SOURCES = ("model.py", "ingest", "segment", "reference", "assemble/render.py", "iris.py", "vocab.py",
               "resolve", "normalize", "extract", "pipeline/mapstep.py")
MAP_LIBRARIES = ("jieba", "opencc", "cpca", "cn2an", "pyoxigraph", "rdflib")
SCHEMA = 4


def fingerprint() -> str:
    """Hash of the map step's code, data and library versions, and of the user's gazetteers (kg.reference.gazetteer)."""
    from ..reference.gazetteer import active

    digest = active().digest
    return code_fingerprint() if not digest else hashlib.sha1(f"{code_fingerprint()};{digest}".encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the map step's code, data and library versions."""
    h = hashlib.sha1(f"schema={SCHEMA};py={sys.version_info[:2]}".encode())
    hash_sources(h, MAP_SOURCES)
    for lib in MAP_LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=none".encode())
    return h.hexdigest()[:16]


def hash_sources(h, sources, pattern: str = "*") -> None:
    """Feed ``h`` the path and bytes of every file under the package paths ``sources`` (bytecode skipped)."""
    root = Path(__file__).resolve().parents[1]  # the kg package
    for rel in sources:
        target = root / rel
        files = sorted(p for p in target.rglob(pattern) if p.is_file()) if target.is_dir() else [target]
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())


def page_key(page: Page) -> str:
    return f"{page.sha1}:{page.name}"


class FactCache:
    """get/put compact extractions for a page; ``close()`` commits."""

    def __init__(self, directory: str | Path, fp: str | None = None) -> None:
        self.dir = Path(directory)
        self.fp = fp or fingerprint()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self.path = self.dir / f"facts-{self.fp}.sqlite"
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the build cache: {exc}", where=str(directory),
                              fix="pass a writable --cache folder, or build without --cache") from exc
        self.hits = self.misses = 0
        self._pending = 0

    def get(self, page: Page) -> list[DocFacts] | None:
        row = self.db.execute("SELECT data FROM facts WHERE key = ?", (page_key(page),)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return pickle.loads(row[0])

    def put(self, page: Page, facts: list[DocFacts]) -> None:
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                        (page_key(page), pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)))
        self._pending += 1
        if self._pending >= 1000:
            self.db.commit()
            self._pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def __enter__(self) -> "FactCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
