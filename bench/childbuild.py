"""One ``kg build`` in a child process, timed the way every benchmark here reads it.

Why a module: CPU seconds from ``os.wait4`` (the build and the workers it
waited for) are far less sensitive to a busy shared machine than wall time,
and ``bench/run.py``, ``bench/ab.py`` and ``bench/bench_explorer_build.py``
all need exactly this measurement; it was written three times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def timed_build(tree: str | Path, args: list[str]) -> dict:
    """Run ``python -m kg build *args`` with ``tree`` first on the path: wall s, CPU s and peak RSS (MB).

    A failed build stops the benchmark with the command in the message: a
    timing of a build that did not finish means nothing.
    """
    cmd = [sys.executable, "-m", "kg", "build", *map(str, args)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=str(tree), env={**os.environ, "PYTHONPATH": str(tree)})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"build failed with exit code {code} in {tree}: {' '.join(cmd)}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}

