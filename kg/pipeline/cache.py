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

Entries are data, never code: :mod:`kg.pipeline.datacodec` JSON with a version field
(pickle would run whatever a planted cache file names). A damaged or foreign
entry or file is set aside with a message (:attr:`FactCache.notes`) and the
build computes those pages again. One build uses a cache at a time: an
``fcntl.flock`` on ``DIR/.kg-cache.lock`` makes a second one fail at once
with a clear message instead of SQLite's "database is locked".
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import sqlite3
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import datacodec
from ..errors import OutputError
from ..model import DocFacts, Page

#: Everything the map step executes or reads, relative to the kg package.
#: (tests/test_cache.py traces one page's map step and fails on any kg file missing here)
MAP_SOURCES = ("model.py", "ingest", "segment", "reference", "assemble/render.py", "iris.py", "vocab.py",
               "resolve", "normalize", "extract", "ner", "pipeline/mapstep.py", "pipeline/startup.py")
MAP_LIBRARIES = ("jieba", "rjieba", "ahocorasick_rs", "opencc", "cpca", "cn2an", "pypinyin", "pyoxigraph", "rdflib")
SCHEMA = 6  # 4: JSON entries (kg.pipeline.datacodec) instead of pickle; 5: DocFacts; 6: DocFacts without its unused label


def fingerprint() -> str:
    """Hash of the map step's code, data and library versions, of the user's gazetteers (kg.reference.gazetteer)
    and of the learned tagger in use (kg.ner)."""
    from ..ner import active as active_ner
    from ..reference.gazetteer import active

    digest = active().digest + (f";ner={active_ner()}" if active_ner() else "")
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


LOCK_NAME = ".kg-cache.lock"


def lock_cache(directory: Path) -> int:
    """An exclusive flock on the cache folder (released when the descriptor closes, or the process dies)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot use the build cache ({exc.strerror})", where=str(directory),
                          fix="pass a writable --cache folder, or build without --cache") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise OutputError(f"cannot lock the build cache ({exc.strerror})", where=str(directory),
                              fix="use a cache folder on a local disk") from None
        raise OutputError("another build is using this cache" + (f" (process {holder})" if holder.isdigit() else ""),
                          where=str(directory), fix="wait for it to finish, or pass a different --cache") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


class FactCache:
    """get/put compact extractions for a page; ``close()`` commits and releases the cache's lock."""

    def __init__(self, directory: str | Path, fp: str | None = None) -> None:
        self.dir = Path(directory)
        self.fp = fp or fingerprint()
        self.notes: list[str] = []  # what was set aside as damaged, for the build summary
        self._lock = lock_cache(self.dir)
        self.path = self.dir / f"facts-{self.fp}.sqlite"
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            self._set_aside(exc)
            self.db = self._open()
        except OSError as exc:
            os.close(self._lock)
            raise OutputError(f"cannot open the build cache: {exc}", where=str(directory),
                              fix="pass a writable --cache folder, or build without --cache") from exc
        self.hits = self.misses = self.corrupt = 0
        self._pending = 0

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=0)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("SELECT count(*) FROM (SELECT key, data FROM facts LIMIT 1)").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self, exc: Exception) -> None:
        """Move a damaged database file out of the way (kept for inspection) and start an empty one."""
        aside = self.path.with_name(self.path.name + ".corrupt")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as err:
                raise OutputError(f"the build cache is damaged ({exc}) and cannot be moved aside ({err.strerror})",
                                  where=str(self.path), fix="delete the --cache folder") from None
        self.notes.append(f"the cache file {self.path.name} was damaged ({exc}); moved to {aside.name}, "
                          "pages are computed again")

    def get(self, page: Page) -> list[DocFacts] | None:
        row = self.db.execute("SELECT data FROM facts WHERE key = ?", (page_key(page),)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            facts = datacodec.loads(bytes(row[0]))
            if not isinstance(facts, list) or not all(isinstance(doc, DocFacts) for doc in facts):
                raise datacodec.CorruptData("not a list of DocFacts")
        except datacodec.CorruptData as exc:
            self.corrupt += 1
            self.misses += 1
            if self.corrupt == 1:
                self.notes.append(f"damaged cache entries were ignored and computed again (first: {exc})")
            return None
        self.hits += 1
        return facts

    def put(self, page: Page, facts: list[DocFacts]) -> None:
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (page_key(page), datacodec.dumps(facts)))
        self._pending += 1
        if self._pending >= 1000:
            self.db.commit()
            self._pending = 0

    def close(self) -> None:
        try:
            self.db.commit()
            self.db.close()
        finally:
            if self._lock >= 0:
                os.close(self._lock)
                self._lock = -1

    def __enter__(self) -> "FactCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
