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
- Viterbi over the logits with a start state prepended (:mod:`kg.ner.crf`).

How it stays cheap: a batch is laid out *packed and time-major* (:class:`Layout`):
sequences sorted longest first, so the rows still running at step ``t`` are a
prefix and only real characters are stored, never padding. Both directions run
in the same loop (one stacked matmul per step), and the hidden layer, output
layer and decoder run on the packed rows. Everything is float32 and the loop
order fixed, so a run is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import crf

_GROUP = 4096  # sequences per batch at most: bounds memory (800 bytes a character) whatever the chunk of pages


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


class Layout:
    """Where each character of a batch of sequences sits in the packed, time-major arrays.

    Rows are the non-empty sequences sorted longest first (ties in the given
    order); ``running[t]`` rows have a step ``t`` and occupy
    ``offsets[t]:offsets[t] + running[t]``. ``forward`` holds the ids in that
    order, ``backward`` the ids of each row reversed within its length, and
    ``back`` maps a packed position to the one the backward direction reads
    the same character at (step ``t`` of a row of length ``n`` reads ``n - 1 - t``,
    so the map is its own inverse).
    """

    def __init__(self, seqs: Sequence[Sequence[int]]) -> None:
        self.order = sorted((b for b in range(len(seqs)) if len(seqs[b])), key=lambda b: (-len(seqs[b]), b))
        self.lengths = np.array([len(seqs[b]) for b in self.order], dtype=np.int64)
        steps = int(self.lengths[0]) if self.order else 0
        self.running = np.searchsorted(-self.lengths, -np.arange(steps), side="left")  # rows with length > t
        self.offsets = np.concatenate([[0], np.cumsum(self.running)]).astype(np.int64)
        t = np.arange(steps)
        mask = t[:, None] < self.lengths[None, :]  # (time, rows): a prefix of each time row
        starts = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)
        flat = np.concatenate([np.asarray(seqs[b], dtype=np.int64) for b in self.order]) if self.order else self.lengths
        self.forward = flat[(starts[None, :] + t[:, None])[mask]]
        mirror = self.lengths[None, :] - 1 - t[:, None]  # the position step t reads in the backward direction
        self.backward = flat[(starts[None, :] + mirror)[mask]]
        self.back = (self.offsets[np.where(mask, mirror, 0)] + np.arange(len(self.order))[None, :])[mask]
        self.mask = mask

    @property
    def size(self) -> int:
        return int(self.offsets[-1]) if len(self.offsets) else 0

    def rows(self, packed: np.ndarray) -> list[list[int]]:
        """Per-row lists (in sorted order) of a packed time-major integer vector."""
        grid = np.zeros(self.mask.shape, dtype=packed.dtype)
        grid[self.mask] = packed
        return [row[:n] for row, n in zip(grid.T.tolist(), self.lengths.tolist())]


def input_table(cell: LstmCell, embedding: np.ndarray) -> np.ndarray:
    """The input part of the gates for every character id: ``embedding @ kernel[:dim] + bias``, forget bias added.

    Why: the input projection depends on the character only, so a lookup in
    this (vocabulary, 4 * hidden) table replaces a matmul over every position of a batch.
    """
    dim = embedding.shape[1]
    table = (embedding.astype(np.float32) @ cell.kernel[:dim] + cell.bias).astype(np.float32)
    table[:, 2 * cell.hidden:3 * cell.hidden] += np.float32(cell.forget_bias)
    return table


def _sigmoid_first(cell: LstmCell, columns: np.ndarray) -> np.ndarray:
    """Gate columns reordered i, f, o, j: the three sigmoids then one slice, the same values per column."""
    n = cell.hidden
    return np.ascontiguousarray(np.concatenate([columns[..., :n], columns[..., 2 * n:], columns[..., n:2 * n]], axis=-1))


@dataclass(frozen=True)
class _Stacked:
    """Both directions' weights stacked on a first axis of 2 (forward, backward), gates reordered i, f, o, j,
    and the columns of the three sigmoid gates negated: the step computes ``exp(-v)`` as ``exp`` of its gate
    (one pass fewer), and negating every term of a sum negates it exactly, so the values are the same."""

    recurrent: np.ndarray  # (2, hidden, 4 * hidden)
    tables: np.ndarray  # (2, vocabulary, 4 * hidden)


_STACKED: dict[int, tuple[Tagger, _Stacked]] = {}


def stacked(model: Tagger) -> _Stacked:
    """The model's :class:`_Stacked` weights, computed once per model (kept beside it, keyed by identity)."""
    held = _STACKED.get(id(model))
    if held is None or held[0] is not model:
        cells = (model.forward, model.backward)
        n = model.forward.hidden
        rec = np.stack([_sigmoid_first(c, c.kernel[-n:]) for c in cells])
        tables = np.stack([_sigmoid_first(c, input_table(c, model.embedding)) for c in cells])
        rec[..., :3 * n] *= -1
        tables[..., :3 * n] *= -1
        held = _STACKED[id(model)] = (model, _Stacked(rec, tables))
    return held[1]


def recur(weights: _Stacked, layout: Layout) -> np.ndarray:
    """Both LSTM directions over a packed layout: (2, characters, hidden) outputs, packed as the input.

    Step by step on the rows still running (a prefix, as rows are sorted
    longest first), which is what TF's ``sequence_length`` does. A row's state
    at step ``t`` is read from its output at ``t - 1`` (``h`` is that output),
    so no state is copied; buffers are allocated once and a step is a dozen
    numpy calls on at most ``2 x batch`` rows, whatever the number of sequences.
    """
    vocabulary, n = weights.tables.shape[1], weights.recurrent.shape[1]
    batch = int(layout.running[0]) if len(layout.running) else 0
    table = weights.tables.reshape(2 * vocabulary, 4 * n)
    ids = np.stack([layout.forward, layout.backward + vocabulary])  # rows of ``table``, per direction
    out = np.empty((2, layout.size, n), dtype=np.float32)
    c = np.zeros((2, batch, n), dtype=np.float32)
    gates, inputs = np.empty(2 * batch * 4 * n, dtype=np.float32), np.empty(2 * batch * 4 * n, dtype=np.float32)
    tj = np.empty((2, batch, n), dtype=np.float32)
    offsets = layout.offsets.tolist()
    for t, k in enumerate(layout.running.tolist()):
        lo = offsets[t]
        g, ck, tk, h = gates[:2 * k * 4 * n].reshape(2, k, 4 * n), c[:, :k], tj[:, :k], out[:, lo:lo + k]
        x = np.take(table, ids[:, lo:lo + k], axis=0, out=inputs[:2 * k * 4 * n].reshape(2, k, 4 * n))
        if t:
            np.matmul(out[:, offsets[t - 1]:offsets[t - 1] + k], weights.recurrent, out=g)
            g += x
        else:
            g[...] = x  # h = 0: the recurrent part adds exact zeros
        np.tanh(g[..., 3 * n:], out=tk)
        s = g[..., :3 * n]  # sigmoid(v) = 1 / (1 + exp(-v)) on the gates i, f, o, which hold -v (_Stacked)
        np.exp(s, out=s)
        s += 1.0
        np.reciprocal(s, out=s)
        ck *= g[..., n:2 * n]
        tk *= g[..., :n]
        ck += tk
        np.tanh(ck, out=h)
        h *= g[..., 2 * n:3 * n]
    return out


def logits(model: Tagger, layout: Layout) -> np.ndarray:
    """Tag scores (characters, tags) of a packed layout: both directions, the tanh layer and the output layer."""
    both = recur(stacked(model), layout)
    joined = np.concatenate([both[0], both[1][layout.back]], axis=1)
    hidden = np.tanh(joined @ model.hidden_w + model.hidden_b)
    return hidden @ model.out_w + model.out_b


def tag_ids(model: Tagger, batch: Sequence[Sequence[int]]) -> list[list[int]]:
    """Best tag ids for each sequence of character ids (sequences of any lengths, batched together).

    Sequences are sorted longest first and run in groups of at most
    ``_GROUP`` (similar lengths together: a step costs the rows still running); the results come back in the order
    given, empty sequences with empty paths.
    """
    order = sorted((b for b in range(len(batch)) if len(batch[b])), key=lambda b: (-len(batch[b]), b))
    result: list[list[int]] = [[] for _ in batch]
    for lo in range(0, len(order), _GROUP):
        group = order[lo:lo + _GROUP]
        layout = Layout([batch[b] for b in group])
        paths = layout.rows(crf.decode(logits(model, layout), model.transitions, layout))
        for b, path in zip(group, paths):
            result[b] = path
    return result
