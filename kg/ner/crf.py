"""The CRF decode of the foolnltk tagger: Viterbi with a start state, on a packed time-major batch.

Why its own module: it is the half of the tagger that does not depend on the
LSTM, and its semantics are the package's decoder's, which differ from a
textbook Viterbi in one detail: a start row is prepended to the scores (the
start state 0, every tag ``SMALL``), a never-chosen start column appended to
every real position (``SMALL``), and the start dropped from the path.

The rows are those of a :class:`kg.ner.bilstm.Layout` (sorted longest first,
the rows of step ``t`` a prefix), so each step runs on the rows still going,
and no padding is scored.
"""

from __future__ import annotations

import numpy as np

SMALL = -1000.0  # the score the package's decoder gives the start state outside position 0


def decode(scores: np.ndarray, transitions: np.ndarray, layout) -> np.ndarray:
    """Best tag of each packed position of ``layout`` under (characters, tags) ``scores`` and ``transitions``.

    The forward pass keeps only the best score of every state, as a maximum
    over the previous states laid out on the first axis (an elementwise
    maximum of slabs, no per-row reduction). The path is read back by
    recomputing, along the chosen states only, the same sums and taking their
    ``argmax`` (ties to the lower state, as TF's decoder breaks them).
    """
    tags = scores.shape[1]
    emit = np.full((scores.shape[0], tags + 1), SMALL, dtype=np.float32)
    emit[:, :tags] = scores
    start = np.full((1, tags + 1), SMALL, dtype=np.float32)
    start[0, tags] = 0.0
    moves = transitions[:, None, :]  # (from, 1, to)
    trellis = np.empty_like(emit)
    offsets, running = layout.offsets.tolist(), layout.running.tolist()
    sums = np.empty((tags + 1) * (running[0] if running else 0) * (tags + 1), dtype=np.float32)
    best = np.empty((running[0] if running else 0, tags + 1), dtype=np.float32)
    for t, k in enumerate(running):
        prev = trellis[offsets[t - 1]:offsets[t - 1] + k] if t else np.broadcast_to(start, (k, tags + 1))
        here = sums[:(tags + 1) * k * (tags + 1)].reshape(tags + 1, k, tags + 1)
        np.add(prev.T[:, :, None], moves, out=here)  # here[from, row, to] = prev[row, from] + T[from, to]
        np.max(here, axis=0, out=best[:k])
        np.add(emit[offsets[t]:offsets[t] + k], best[:k], out=trellis[offsets[t]:offsets[t] + k])
    return _backtrack(trellis, transitions, layout)


def _backtrack(trellis: np.ndarray, transitions: np.ndarray, layout) -> np.ndarray:
    """The packed path: each row's best last state, then the best previous state of each, back to the first step."""
    rows = len(layout.lengths)
    path = np.empty(trellis.shape[0], dtype=np.intp)
    if not rows:
        return path
    state = trellis[layout.offsets[layout.lengths - 1] + np.arange(rows)].argmax(axis=1)
    offsets, running = layout.offsets.tolist(), layout.running.tolist()
    into = np.ascontiguousarray(transitions.T)  # into[to]: the scores of moving there from each state
    for t in range(len(running) - 1, -1, -1):
        lo, k = offsets[t], running[t]
        path[lo:lo + k] = state[:k]
        if t:
            prev = offsets[t - 1]
            state[:k] = (trellis[prev:prev + k] + into[state[:k]]).argmax(axis=1)
    return path
