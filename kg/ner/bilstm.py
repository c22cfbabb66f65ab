"""A character BiLSTM-CRF tagger in numpy: TensorFlow 1 semantics without TensorFlow.

Why numpy: the only model that tags companies well in news like ours ships as a
frozen TF1 graph, and TF1 does not install on current Python. The graph is
small (embedding, two ``BasicLSTMCell``s, a tanh hidden layer, a projection
and CRF transitions), so its forward pass is written out here exactly as the
graph's ops compute it:

- embedding lookup (row 0 of the table is the padding row the graph concatenates);
- ``BasicLSTMCell``: ``[x, h] @ kernel + bias`` split into gates i, j, f, o;
  ``c = c * sigmoid(f + forget_bias) + sigmoid(i) * tanh(j)``; ``h = tanh(c) * sigmoid(o)``;
- the backward direction runs on each sequence reversed within its length
  (``ReverseSequence``), its outputs reversed back;
- ``tanh([h_fw, h_bw] @ W + b) @ W_out + b_out`` gives the tag logits (dropout keep 1.0 is the identity);
- Viterbi over the logits with a start state prepended, as the package's decoder does.

Everything is float32 and the loop order fixed, so a run is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SMALL = -1000.0  # the score the package's decoder gives the start state outside position 0


@dataclass(frozen=True)
class LstmCell:
    kernel: np.ndarray  # (input + hidden, 4 * hidden): gates i, j, f, o
    bias: np.ndarray  # (4 * hidden,)
    forget_bias: float = 1.0

    @property
    def hidden(self) -> int:
        return self.bias.shape[0] // 4


@dataclass(frozen=True)
class Tagger:
    embedding: np.ndarray  # (vocabulary, dim)
    forward: LstmCell
    backward: LstmCell
    hidden_w: np.ndarray  # (2 * hidden, hidden_out)
    hidden_b: np.ndarray
    out_w: np.ndarray  # (hidden_out, tags)
    out_b: np.ndarray
    transitions: np.ndarray  # (tags + 1, tags + 1): the last state is the start


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def run_lstm(cell: LstmCell, inputs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Run ``cell`` over a (batch, time, dim) batch sorted by length, longest first; output 0 past a length.

    The input part of the kernel is applied to all steps at once (one large
    matmul), the recurrent part step by step (:func:`recur`).
    """
    batch, steps, dim = inputs.shape
    x_proj = (inputs.reshape(-1, dim) @ cell.kernel[:dim] + cell.bias).reshape(batch, steps, -1)
    x_proj[:, :, 2 * cell.hidden:3 * cell.hidden] += np.float32(cell.forget_bias)
    return recur(cell, np.ascontiguousarray(x_proj.transpose(1, 0, 2)), lengths)


def input_table(cell: LstmCell, embedding: np.ndarray) -> np.ndarray:
    """The input part of the gates for every character id: ``embedding @ kernel[:dim] + bias``, forget bias added.

    Why: the input projection depends on the character only, so a lookup in
    this (vocabulary, 4 * hidden) table replaces a matmul over every position of a batch.
    """
    dim = embedding.shape[1]
    table = (embedding.astype(np.float32) @ cell.kernel[:dim] + cell.bias).astype(np.float32)
    table[:, 2 * cell.hidden:3 * cell.hidden] += np.float32(cell.forget_bias)
    return table


def recur(cell: LstmCell, x_proj: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The recurrent part over time-major (time, batch, 4 * hidden) projected inputs; (batch, time, hidden) out.

    Step by step on the rows still running (a prefix of the batch, as it is
    sorted longest first), which is what TF's ``sequence_length`` does: a
    finished row keeps its state and outputs 0. Buffers are allocated once;
    the per-step cost is a handful of numpy calls on at most ``batch`` rows.
    """
    steps, batch, width = x_proj.shape
    n = width // 4
    w_h = np.ascontiguousarray(cell.kernel[-n:])
    h = np.zeros((batch, n), dtype=np.float32)
    c = np.zeros((batch, n), dtype=np.float32)
    gates = np.empty((batch, width), dtype=np.float32)
    tj = np.empty((batch, n), dtype=np.float32)
    out = np.zeros((steps, batch, n), dtype=np.float32)
    running = np.searchsorted(-np.asarray(lengths), -np.arange(steps), side="left")  # rows with length > t
    for t in range(steps):
        k = running[t]
        g, hk, ck = gates[:k], h[:k], c[:k]
        np.matmul(hk, w_h, out=g)
        g += x_proj[t, :k]
        np.tanh(g[:, n:2 * n], out=tj[:k])
        g *= -1.0  # sigmoid(x) = 1 / (1 + exp(-x)) on the gates i, f, o (j is overwritten below, unused)
        np.exp(g, out=g)
        g += 1.0
        np.reciprocal(g, out=g)
        ck *= g[:, 2 * n:3 * n]
        tj[:k] *= g[:, :n]
        ck += tj[:k]
        np.tanh(ck, out=hk)
        hk *= g[:, 3 * n:]
        out[t, :k] = hk
    return out.transpose(1, 0, 2)


def reverse_within(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """TF's ReverseSequence on axis 1: each row's first ``length`` steps reversed, the padding left in place."""
    out = x.copy()
    for b, n in enumerate(lengths):
        out[b, :n] = x[b, n - 1::-1] if n else x[b, :0]
    return out


def logits(model: Tagger, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Tag scores (batch, time, tags) for a padded batch of character ids, sorted longest first."""
    fw_table, bw_table = tables(model)
    fw = recur(model.forward, fw_table[ids.T], lengths)
    bw = reverse_within(recur(model.backward, bw_table[reverse_within(ids, lengths).T], lengths), lengths)
    both = np.concatenate([fw, bw], axis=2)
    batch, steps, width = both.shape
    hidden = np.tanh(both.reshape(-1, width) @ model.hidden_w + model.hidden_b)
    return (hidden @ model.out_w + model.out_b).reshape(batch, steps, -1)


_TABLES: dict[int, tuple[Tagger, np.ndarray, np.ndarray]] = {}


def tables(model: Tagger) -> tuple[np.ndarray, np.ndarray]:
    """Both directions' :func:`input_table`, computed once per model (kept beside it, keyed by identity)."""
    held = _TABLES.get(id(model))
    if held is None or held[0] is not model:
        held = _TABLES[id(model)] = (model, input_table(model.forward, model.embedding),
                                     input_table(model.backward, model.embedding))
    return held[1], held[2]


def viterbi(scores: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
    """Best paths through (batch, time, states) ``scores`` under ``transitions``, each up to its length.

    The recursion runs for the whole batch at once and keeps only the best
    scores; the back pointers are recomputed along the chosen path only, one
    argmax per step for all rows (the same sums as the forward max, so the
    same choice). Ties go to the lower state, as ``np.argmax`` and TF's
    decoder break them.
    """
    batch, steps, _ = scores.shape
    lengths = np.asarray(lengths)
    trellis = np.empty_like(scores)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, steps):
        np.add(scores[:, t], (trellis[:, t - 1, :, None] + transitions).max(axis=1), out=trellis[:, t])
    paths = np.zeros((batch, steps), dtype=np.int64)
    state = np.zeros(batch, dtype=np.int64)
    for t in range(steps - 1, -1, -1):
        ending = lengths - 1 == t
        if ending.any():
            state[ending] = trellis[ending, t].argmax(axis=1)
        paths[:, t] = state
        if t:
            rows = np.nonzero(lengths > t)[0]
            state[rows] = (trellis[rows, t - 1] + transitions[:, state[rows]].T).argmax(axis=1)
    return [paths[b, :n].tolist() for b, n in enumerate(lengths)]


def decode(tag_scores: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
    """The package's CRF decode: a start row prepended, an extra never-chosen column, the start dropped."""
    batch, steps, tags = tag_scores.shape
    padded = np.full((batch, steps + 1, tags + 1), SMALL, dtype=np.float32)
    padded[:, 0, tags] = 0.0
    padded[:, 1:, :tags] = tag_scores
    return [path[1:] for path in viterbi(padded, transitions, np.asarray(lengths) + 1)]


def tag_ids(model: Tagger, batch: list[list[int]]) -> list[list[int]]:
    """Best tag ids for each sequence of character ids (sequences of any lengths, batched together).

    The batch is sorted longest first for :func:`run_lstm` and the results put
    back in the order given; empty sequences get empty paths.
    """
    order = sorted((b for b in range(len(batch)) if batch[b]), key=lambda b: (-len(batch[b]), b))
    result: list[list[int]] = [[] for _ in batch]
    if not order:
        return result
    lengths = np.array([len(batch[b]) for b in order], dtype=np.int64)
    ids = np.zeros((len(order), int(lengths[0])), dtype=np.int64)
    for row, b in enumerate(order):
        ids[row, :lengths[row]] = batch[b]
    for b, path in zip(order, decode(logits(model, ids, lengths), model.transitions, lengths)):
        result[b] = path
    return result
