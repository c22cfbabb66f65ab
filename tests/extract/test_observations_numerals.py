"""Chinese numerals in figures: the common ones without cn2an, the same values as cn2an."""

from __future__ import annotations

import pytest

from kg.extract.observations import _SMALL_NUMERALS, _value

cn2an = pytest.importorskip("cn2an")


@pytest.mark.parametrize("numeral", sorted(_SMALL_NUMERALS))
def test_small_numerals_equal_cn2an(numeral):
    assert _SMALL_NUMERALS[numeral] == float(cn2an.cn2an(numeral, "smart"))


@pytest.mark.parametrize("numeral, expected", [
    ("两", 2.0), ("十二", 12.0), ("九十九", 99.0),  # the table
    ("一百", 100.0), ("三千五", 3500.0),  # the table does not hold them: cn2an reads them
    ("十十", None),  # cn2an rejects it, and so does _value
    ("2.5", 2.5),
])
def test_value(numeral, expected):
    assert _value(numeral) == expected
