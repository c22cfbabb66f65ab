"""Child processes that never outlive their parent nor hold its files.

Why: a build killed with SIGKILL cannot clean up, so its children must end by
themselves. A forked child that keeps running holds everything it inherited:
the output folder's ``flock``, the cache, the caller's stdout pipe, and the
parent's end of its own pipe, so it never even sees EOF. Each child therefore

* asks the kernel for SIGKILL when its parent dies (Linux ``PR_SET_PDEATHSIG``),
  and exits at once if the parent is already gone;
* closes the parent's end of its pipe (:func:`close_quietly`);
* ignores SIGINT (Ctrl-C is the parent's to handle, so no worker prints a
  traceback) and ends the default way on SIGTERM.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None) -> bool:
    """Arrange SIGKILL for this process when ``parent_pid`` exits; False where the OS cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        armed = False
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the signal was armed
    return armed


def child_setup(parent_pid: int | None = None) -> None:
    """Signals and lifetime of a worker process (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent_pid if parent_pid is not None else os.getppid())


def close_quietly(*handles) -> None:
    """Close inherited connection or file objects (the parent's ends) in a child."""
    for handle in handles:
        with contextlib.suppress(OSError, AttributeError):
            handle.close()
