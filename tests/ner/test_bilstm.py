"""kg.ner.bilstm: the batched numpy forward pass and CRF decode against plain per-sequence reference code.

The references below are written from TensorFlow 1's definitions (BasicLSTMCell,
dynamic_rnn with sequence_length, ReverseSequence, the foolnltk decoder with a
start state) one sequence and one unit at a time, so a slip in the batching,
masking, gate order or forget bias shows as a difference.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from kg.ner import bilstm


def rng_cell(rng, dim: int, hidden: int, forget_bias: float = 1.0) -> bilstm.LstmCell:
    return bilstm.LstmCell(rng.normal(0, 0.5, (dim + hidden, 4 * hidden)).astype(np.float32),
                           rng.normal(0, 0.5, 4 * hidden).astype(np.float32), forget_bias)


def reference_lstm(cell: bilstm.LstmCell, xs: np.ndarray) -> np.ndarray:
    """One sequence, scalar formulas: gates i, j, f, o; c = c·σ(f + forget_bias) + σ(i)·tanh(j); h = tanh(c)·σ(o)."""
    n = cell.hidden
    sig = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    h, c, out = [0.0] * n, [0.0] * n, []
    for x in xs:
        z = list(x) + h
        g = [sum(z[r] * float(cell.kernel[r, col]) for r in range(len(z))) + float(cell.bias[col]) for col in range(4 * n)]
        c = [c[u] * sig(g[2 * n + u] + cell.forget_bias) + sig(g[u]) * math.tanh(g[n + u]) for u in range(n)]
        h = [math.tanh(c[u]) * sig(g[3 * n + u]) for u in range(n)]
        out.append(h)
    return np.array(out, dtype=np.float64).reshape(len(xs), n)


@pytest.mark.parametrize("lengths, forget_bias", [([5], 1.0), ([6, 4, 4, 1], 1.0), ([3, 2], 0.0), ([7, 0], 1.0)])
def test_run_lstm_matches_the_per_sequence_reference(lengths, forget_bias):
    rng = np.random.default_rng(len(lengths))
    cell = rng_cell(rng, 3, 2, forget_bias)
    steps = max(lengths)
    inputs = rng.normal(0, 1, (len(lengths), steps, 3)).astype(np.float32)
    out = bilstm.run_lstm(cell, inputs, np.array(lengths))
    for b, n in enumerate(lengths):
        assert np.allclose(out[b, :n], reference_lstm(cell, inputs[b, :n]), atol=1e-5)
        assert not out[b, n:].any()  # nothing past the length, as TF outputs zeros there


@pytest.mark.parametrize("lengths, expected", [
    ([3, 2], [[2, 1, 0, 3], [5, 4, 6, 7]]),
    ([4, 0], [[3, 2, 1, 0], [4, 5, 6, 7]]),
])
def test_reverse_within_leaves_the_padding(lengths, expected):
    x = np.arange(8).reshape(2, 4)
    assert bilstm.reverse_within(x, np.array(lengths)).tolist() == expected


def brute_force(scores: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag sequence by trying them all: start-state transition, emissions and transitions summed."""
    length, tags = scores.shape
    def total(path):
        s = transitions[tags, path[0]] + scores[0, path[0]]
        return s + sum(transitions[a, b] + scores[t + 1, b] for t, (a, b) in enumerate(zip(path, path[1:])))
    return list(max(itertools.product(range(tags), repeat=length), key=total))


@pytest.mark.parametrize("seed, lengths", [(0, [4, 3, 1]), (1, [5]), (2, [2, 2])])
def test_decode_finds_the_best_path_of_each_sequence(seed, lengths):
    rng = np.random.default_rng(seed)
    tags = 3
    scores = rng.normal(0, 2, (len(lengths), max(lengths), tags)).astype(np.float32)
    transitions = rng.normal(0, 2, (tags + 1, tags + 1)).astype(np.float32)
    paths = bilstm.decode(scores, transitions, np.array(lengths))
    assert paths == [brute_force(scores[b, :n], transitions) for b, n in enumerate(lengths)]


def tiny_tagger(seed: int = 3) -> bilstm.Tagger:
    rng = np.random.default_rng(seed)
    f32 = lambda *s: rng.normal(0, 0.7, s).astype(np.float32)  # noqa: E731
    return bilstm.Tagger(f32(9, 3), rng_cell(rng, 3, 2), rng_cell(rng, 3, 2), f32(4, 3), f32(3), f32(3, 4), f32(4), f32(5, 5))


def test_tag_ids_is_the_same_alone_or_batched_in_any_order():
    model = tiny_tagger()
    seqs = [[1, 2, 3, 4], [5], [], [8, 7, 6], [2, 2]]
    alone = [bilstm.tag_ids(model, [s])[0] for s in seqs]
    assert bilstm.tag_ids(model, seqs) == alone
    assert bilstm.tag_ids(model, seqs[::-1]) == alone[::-1]
    assert [len(p) for p in alone] == [len(s) for s in seqs] and bilstm.tag_ids(model, []) == []


def test_logits_run_the_backward_cell_on_the_reversed_sequence():
    """The tag scores of one sequence from the reference cells: fw on it, bw on it reversed, then tanh layer and output."""
    model = tiny_tagger(4)
    ids = [1, 4, 2, 7]
    emb = model.embedding[ids].astype(np.float64)
    fw = reference_lstm(model.forward, emb)
    bw = reference_lstm(model.backward, emb[::-1])[::-1]
    expected = np.tanh(np.concatenate([fw, bw], 1) @ model.hidden_w + model.hidden_b) @ model.out_w + model.out_b
    got = bilstm.logits(model, np.array([ids]), np.array([4]))[0]
    assert np.allclose(got, expected, atol=1e-5)
