"""Fork a function into a child process and join it: the one fork/join/check-exit-code helper.

Why fork (and not spawn): the callers hand the child state they already hold
(sorted temp files, an entity table, a graph file) without pickling it. Why
one helper: every child must ignore Ctrl-C (the parent handles it) and end
quietly on SIGTERM, and every join must turn a non-zero exit code into the
caller's own error, which names what failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .procs import child_setup


def quiet_child(parent_pid: int | None = None) -> None:
    """In a forked child: Ctrl-C is the parent's business, SIGTERM (``terminate()``) just ends it, and the
    child dies with its parent (:func:`kg.procs.child_setup`).

    Children inherit the parent's handlers, which turn both signals into
    KeyboardInterrupt: every child would print a traceback on Ctrl-C.
    """
    child_setup(parent_pid)


def _run(fn: Callable, args: tuple) -> None:
    quiet_child()
    fn(*args)


def fork(fn: Callable, *args):
    """Start ``fn(*args)`` in a forked child and return the started process."""
    import multiprocessing as mp

    child = mp.get_context("fork").Process(target=_run, args=(fn, args))
    child.start()
    return child


def join(children: Iterable, error: Callable[[list[int]], Exception]) -> None:
    """Wait for ``children``; if any failed, raise ``error(exit codes of the failed ones)``."""
    children = list(children)
    for child in children:
        child.join()
    failed = [c.exitcode for c in children if c.exitcode != 0]
    if failed:
        raise error(failed)


def stop(children: Iterable) -> None:
    """Terminate and reap the children still running (after an error in the parent)."""
    for child in children:
        if child.is_alive():
            child.terminate()
            child.join()
