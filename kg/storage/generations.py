"""Output folders published as generations: ``OUT/NAME`` is a link to ``OUT/.NAME-<id>.d``.

Why: the store and the explorer's side folder are replaced all at once by
re-pointing a link, so a reader never sees half a folder. Both then need the
same two chores, kept here once: drop the published folder, and sweep the
generations the link no longer names.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path


def publish_generation(out_dir: Path, name: str, fill: Callable[[Path], None], place: Callable[[str, Path], None]) -> Path:
    """Fill a new ``OUT/.NAME-<id>.d`` folder and hand a link to it to ``place`` (the build's batch) as ``OUT/NAME``.

    A plain ``OUT/NAME`` folder (copied there by hand) is removed first, since a link cannot replace
    it; the new folder is removed again when anything fails.
    """
    gen = out_dir / f".{name}-{uuid.uuid4().hex[:12]}.d"
    gen.mkdir(parents=True)
    try:
        fill(gen)
        target = out_dir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        link = out_dir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
        os.symlink(gen.name, link)
        place(str(link), target)
        return target
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise


def sweep_generations(out_dir: Path, name: str) -> None:
    """Remove ``.NAME-*.d`` folders that the ``NAME`` link does not point at (call under the build's lock)."""
    link = out_dir / name
    current = os.readlink(link) if link.is_symlink() else None
    for gen in out_dir.glob(f".{name}-*.d"):
        if gen.name != current:
            shutil.rmtree(gen, ignore_errors=True)


def remove_published(out_dir: Path, name: str) -> None:
    """Drop ``OUT/NAME`` (a link or a plain folder copied by hand) and every generation behind it."""
    target = out_dir / name
    with contextlib.suppress(OSError):
        if target.is_symlink():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
    sweep_generations(out_dir, name)
