"""Guard a build's output folder: one writer at a time, all files or none.

Two builds writing the same ``--out`` at once would interleave their files,
and a build killed half-way (Ctrl-C, SIGTERM from a CI runner or a container
stop) must leave the previous graph readable. So a build

* takes an exclusive ``fcntl.flock`` on ``OUT/.kg.lock`` before it reads any
  input (a second build fails fast with :class:`~kg.errors.OutputError`
  instead of after minutes of work);
* turns SIGTERM into ``KeyboardInterrupt`` while it runs, so both signals
  unwind through the same cleanup code and the CLI reports "interrupted";
* writes every output to a temporary file and renames all of them into place
  only when the whole build succeeded (:func:`kg.export.rdf.atomic_batch`),
  with SIGINT/SIGTERM held back during the few renames;
* removes temporary files a previously *killed* build (SIGKILL, power loss)
  left behind, which is safe because we hold the lock; every temp file of a
  build (sort runs, spills, the statements pass) lives in ``OUT/.kg-tmp``
  rather than ``TMPDIR`` for exactly that reason;
* removes the outputs of formats this build did not write (``graph.nt`` of an
  earlier ``--format ttl,nt`` build would be stale beside the new Turtle), and
  names them in ``result.removed``.

:func:`guarded_build` wraps :func:`kg.pipeline.orchestrator.build` with all of this.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import inspect
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from ..storage.spill import BUILD_TMP
from ..errors import OutputError, SkippedInputs

LOCK_NAME = ".kg.lock"
TMP_NAME = ".kg-tmp"  # the build's temp folder inside OUT, swept under the lock
#: Outputs a build may write; those of formats it did not write are stale and removed.
OUTPUT_NAMES = ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld")
# mkstemp(prefix=".<name>.", suffix=".tmp") names: ".graph.ttl.ab12_x9z.tmp"
_STALE_TMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")

F = TypeVar("F", bound=Callable)


def _holder(lock_path: Path) -> str:
    try:
        pid = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return f" (held by process {pid})" if pid.isdigit() else ""


@contextlib.contextmanager
def locked_output(out_dir: str | os.PathLike) -> Iterator[Path]:
    """Hold an exclusive lock on ``out_dir`` for the duration of the block.

    Raises :class:`OutputError` when the folder cannot be created or written,
    or when another build holds the lock. The lock file stays in place: removing
    it would let a third build lock a different inode than the second one.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("output path exists and is not a folder", where=str(out),
                          fix="pass a folder to --out, or remove that file") from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", where=str(out),
                          fix="choose a writable --out folder") from None
    lock_path = out / LOCK_NAME
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write the lock file ({exc.strerror})", where=str(lock_path),
                          fix="choose a writable --out folder") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(f"cannot lock the output folder ({exc.strerror})", where=str(out),
                                  fix="use an output folder on a local disk") from None
            raise OutputError("another build is writing to this output folder" + _holder(lock_path),
                              where=str(out),
                              fix="wait for it to finish, or pass a different --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        remove_stale_temps(out)
        yield out
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def remove_stale_temps(out: Path) -> list[Path]:
    """Delete temp files and folders that a killed build left in ``out`` (call with the lock held)."""
    removed = []
    for child in sorted(out.iterdir()):
        if child.name == TMP_NAME or (_STALE_TMP.match(child.name) and child.is_dir() and not child.is_symlink()):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
        elif _STALE_TMP.match(child.name) and (child.is_file() or child.is_symlink()):
            with contextlib.suppress(OSError):
                child.unlink()
                removed.append(child)
    return removed


@contextlib.contextmanager
def temp_inside(out: Path) -> Iterator[Path]:
    """Make ``OUT/.kg-tmp`` the folder of the build's temp files (sort runs, spills) for the block.

    Temp files there are swept by the next build even after a SIGKILL, which
    ``TMPDIR`` would keep forever. Files still open when the block ends (a
    large result's sorted graph) stay until the next build into ``out``.
    """
    folder = out / TMP_NAME
    folder.mkdir(exist_ok=True)
    token = BUILD_TMP.set(str(folder))
    try:
        yield folder
    finally:
        BUILD_TMP.reset(token)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty


def remove_other_formats(out: Path, written: list[Path]) -> list[Path]:
    """Delete ``graph.<fmt>`` files this build did not write; they describe an earlier graph."""
    from ..export.details import DETAILS_DIR
    from ..query.storefile import STORE_DIR
    from ..storage.generations import sweep_generations

    sweep_generations(out, STORE_DIR)  # store generations the new OUT/store link no longer names
    sweep_generations(out, DETAILS_DIR)  # explorer chunk generations the new graph.details link no longer names
    names = {p.name for p in written}
    removed = []
    for name in OUTPUT_NAMES:
        path = out / name
        if name not in names and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


_OWNER = {"pid": 0}


def _raise_interrupt(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    if os.getpid() != _OWNER["pid"]:
        # A worker forked during the build inherited this handler: die quietly
        # as SIGTERM intends (the pool terminates its workers with SIGTERM).
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    # The first SIGTERM unwinds through the cleanup code; should that cleanup
    # hang, a second SIGTERM ends the process the default way.
    signal.signal(signum, signal.SIG_DFL)
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Make SIGTERM raise KeyboardInterrupt in the main thread for the block.

    Signal handlers can only be installed from the main thread; elsewhere
    (a worker thread, a notebook kernel thread) this is a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = _OWNER["pid"]
    _OWNER["pid"] = os.getpid()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _OWNER["pid"] = owner


def guarded_build(build: F) -> F:
    """Decorate ``build(paths, out, options)`` with lock, signals and atomic batch.

    Also folds the ingest notices (e.g. a page truncated at the size cap) into
    ``result.skipped``; with ``strict=True`` they fail the build before any
    output is renamed into place.
    """
    from ..export.rdf import atomic_batch
    from ..ingest import collect_notices

    sig = inspect.signature(build)

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        out = bound.arguments.get("out")
        strict = bound.arguments["options"].strict
        done: list = []
        with contextlib.ExitStack() as stack:
            stack.enter_context(sigterm_as_interrupt())
            if out is not None:
                stack.enter_context(locked_output(out))
                stack.enter_context(temp_inside(Path(out)))

                def prune(exc_type, exc, tb) -> bool:  # runs after the batch committed, still under the lock
                    if exc_type is None and done:
                        done[0].removed.extend(remove_other_formats(Path(out), done[0].outputs))
                    return False
                stack.push(prune)
            batch = stack.enter_context(atomic_batch())
            notices = stack.enter_context(collect_notices())
            result = build(*bound.args, **bound.kwargs)
            if notices:
                known = {(s.path, s.reason) for s in result.skipped}
                result.skipped.extend(n for n in notices if (n.path, n.reason) not in known)
                if strict:
                    batch.discard()
                    raise SkippedInputs(
                        f"{len(result.skipped)} input file(s) skipped or cut: "
                        + "; ".join(str(s) for s in result.skipped),
                        fix="fix or split those files, or build without --strict")
            done.append(result)  # after the batch commits: remove outputs of formats not written
        return result

    return wrapper  # type: ignore[return-value]
