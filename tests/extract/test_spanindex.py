"""SpanIndex answers exactly what a walk over the mentions answers (kg.extract.common)."""

from __future__ import annotations

import pytest

from kg.extract.common import SpanIndex, overlaps
from kg.model import Mention

# (spans of the indexed mentions, span asked about, overlaps?, covered?)
CASES = [
    ([], (0, 3), False, False),
    ([(2, 5)], (0, 2), False, False),  # touching on the left is no overlap
    ([(2, 5)], (5, 7), False, False),  # touching on the right neither
    ([(2, 5)], (4, 6), True, False),
    ([(2, 5)], (2, 5), True, True),
    ([(2, 5)], (3, 4), True, True),
    ([(0, 10), (3, 4)], (5, 9), True, True),  # a long early mention covers a span past a short later one
    ([(3, 4), (0, 10)], (5, 9), True, True),  # in any input order
    ([(0, 2), (6, 8)], (2, 6), False, False),  # the gap between two mentions
    ([(0, 2), (6, 8)], (1, 7), True, False),
    ([(4, 4), (1, 3)], (3, 5), True, False),  # an empty mention inside the span counts, as in the walk
]


def _mentions(spans):
    return [Mention("Place", "甲" * (b - a), a, b, "test") for a, b in spans]


@pytest.mark.parametrize("spans, asked, overlapping, covered", CASES)
def test_span_index_matches_a_walk_over_the_mentions(spans, asked, overlapping, covered):
    index, found = SpanIndex(_mentions(spans)), _mentions(spans)
    assert index.overlaps(*asked) is overlapping
    assert overlaps(*asked, found) is overlapping
    assert index.covers(*asked) is covered
    assert any(m.start <= asked[0] and asked[1] <= m.end for m in found) is covered


def test_span_index_agrees_with_the_walk_on_every_small_span():
    found = _mentions([(1, 4), (3, 9), (12, 13), (12, 16), (20, 20)])
    index = SpanIndex(found)
    for a in range(0, 22):
        for b in range(a, 23):
            assert index.overlaps(a, b) == overlaps(a, b, found), (a, b)
            assert index.covers(a, b) == any(m.start <= a and b <= m.end for m in found), (a, b)
