"""Errors: readable messages with where/fix, stable exit codes, and they cross process boundaries."""

from __future__ import annotations

import pickle

import pytest

from kg.errors import (InputError, KgError, OutputError, QueryError, SkippedInputs, StageError, ValidationFailed)

CASES = [
    (InputError("path does not exist: x", fix="check the spelling"), 2, "path does not exist: x Fix: check the spelling"),
    (SkippedInputs("2 input file(s) skipped", fix="fix them"), 3, "2 input file(s) skipped Fix: fix them"),
    (OutputError("cannot write", where="out/"), 5, "out/: cannot write"),
    (ValidationFailed("3 violations"), 6, "3 violations"),
    (QueryError("unknown query 'x'", fix="kg query --list"), 7, "unknown query 'x' Fix: kg query --list"),
    (StageError("extract", "a.txt", ValueError("boom")), 4, "a.txt: stage 'extract' failed: ValueError: boom"),
]


@pytest.mark.parametrize("err,code,message", CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_message_and_exit_code(err: KgError, code: int, message: str) -> None:
    assert err.exit_code == code
    assert str(err).startswith(message)


@pytest.mark.parametrize("err,code,message", CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_errors_survive_pickling(err: KgError, code: int, message: str) -> None:
    """A worker process's error must reach the parent intact (a failed unpickle hangs a pool)."""
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and str(back) == str(err) and back.exit_code == code
