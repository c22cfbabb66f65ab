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

from kg.ner import bilstm, crf


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


def packed_rows(layout: bilstm.Layout, packed: np.ndarray) -> list[np.ndarray]:
    """Each sequence's rows of a packed (characters, ...) array, in the layout's sorted order."""
    return [packed[layout.offsets[:n] + b] for b, n in enumerate(layout.lengths)]


@pytest.mark.parametrize("lengths, forget_bias", [([5], 1.0), ([6, 4, 4, 1], 1.0), ([3, 2], 0.0), ([2, 7, 0, 3], 1.0)])
def test_recur_matches_the_per_sequence_reference_both_ways(lengths, forget_bias):
    """Both directions of the production loop: forward on each sequence, backward on it reversed (outputs in its order)."""
    rng = np.random.default_rng(len(lengths))
    inputs = rng.normal(0, 1, (sum(lengths) + 1, 3)).astype(np.float32)  # one embedding row per position, row 0 unused
    model = bilstm.Tagger(inputs, rng_cell(rng, 3, 2, forget_bias), rng_cell(rng, 3, 2, forget_bias), *[None] * 5)
    starts = np.cumsum([1] + lengths[:-1])
    seqs = [list(range(a, a + n)) for a, n in zip(starts, lengths)]
    layout = bilstm.Layout(seqs)
    both = bilstm.recur(bilstm.stacked(model), layout)
    fw, bw = packed_rows(layout, both[0]), packed_rows(layout, both[1][layout.back])
    for row, b in enumerate(layout.order):
        xs = inputs[seqs[b]]
        assert np.allclose(fw[row], reference_lstm(model.forward, xs), atol=1e-5)
        assert np.allclose(bw[row], reference_lstm(model.backward, xs[::-1])[::-1], atol=1e-5)


@pytest.mark.parametrize("seqs, order, running, forward, backward", [
    ([[1, 2], [3, 4, 5]], [1, 0], [2, 2, 1], [3, 1, 4, 2, 5], [5, 2, 4, 1, 3]),
    ([[7], [], [8, 9]], [2, 0], [2, 1], [8, 7, 9], [9, 7, 8]),
    ([[4, 5], [6, 7]], [0, 1], [2, 2], [4, 6, 5, 7], [5, 7, 4, 6]),  # ties keep the given order
    ([[], []], [], [], [], []),
])
def test_layout_packs_time_major_longest_first(seqs, order, running, forward, backward):
    layout = bilstm.Layout(seqs)
    assert (layout.order, layout.running.tolist()) == (order, running)
    assert (layout.forward.tolist(), layout.backward.tolist()) == (forward, backward)
    assert layout.forward[layout.back].tolist() == backward  # back: where the backward pass reads each character
    assert layout.rows(layout.forward) == [seqs[b] for b in order]


def brute_force(scores: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag sequence by trying them all: start-state transition, emissions and transitions summed."""
    length, tags = scores.shape
    def total(path):
        s = transitions[tags, path[0]] + scores[0, path[0]]
        return s + sum(transitions[a, b] + scores[t + 1, b] for t, (a, b) in enumerate(zip(path, path[1:])))
    return list(max(itertools.product(range(tags), repeat=length), key=total))



@pytest.mark.parametrize("seed, lengths", [(0, [4, 3, 1]), (1, [5]), (2, [2, 2]), (3, [1, 3, 2])])
def test_decode_finds_the_best_path_of_each_sequence(seed, lengths):
    rng = np.random.default_rng(seed)
    tags = 3
    scores = [rng.normal(0, 2, (n, tags)).astype(np.float32) for n in lengths]
    transitions = rng.normal(0, 2, (tags + 1, tags + 1)).astype(np.float32)
    layout = bilstm.Layout([[1] * n for n in lengths])
    packed = np.empty((layout.size, tags), dtype=np.float32)
    for row, b in enumerate(layout.order):
        packed[layout.offsets[:lengths[b]] + row] = scores[b]
    paths = layout.rows(crf.decode(packed, transitions, layout))
    assert paths == [brute_force(scores[b], transitions) for b in layout.order]


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
    got = bilstm.logits(model, bilstm.Layout([ids]))
    assert np.allclose(got, expected, atol=1e-5)
