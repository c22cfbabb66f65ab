"""Numbers whose unit is written once for several: 营业收入（亿元）125.3、利税18.6 and 产值320亿元、税收25.

Why: reports and flattened tables state a unit once, in brackets after an indicator or a
单位： line, or on the first figure of a 、-list, and write the later numbers bare. Those
numbers are figures of their own indicator; without the carried unit they were lost.
A bare number counts only where a list or a bracketed unit says so: it stands right after
an indicator word, ends at a list or clause break, and is no year, ordinal or code.
"""

from __future__ import annotations

import re

# A unit in brackets (营业收入（亿元）, （单位：万元）) or on a 单位： line: the unit of the bare numbers after it.
_UNIT_HEAD = re.compile(r"[(（](?:单位[：:])?(?P<mult>万亿|亿|千万|百万|万)?(?P<unit>美元|元|%|吨|家|个)[)）]"
                        r"|单位[：:]\s*(?P<mult2>万亿|亿|千万|百万|万)?(?P<unit2>美元|元|吨|家|个)")
# A bare number after an indicator word: no digit, unit or numeral word after it, only a break.
_BARE = re.compile(r"(?<=[\u4e00-\u9fff）)])(?P<num>\d+(?:\.\d+)?)(?=[、，。；;,）)]|和|及|$)")
# The figure that opens a 、-list with its unit (…320亿元、): the later bare items take its unit.
_UNIT_FIGURE = re.compile(r"\d(?:\.\d+)?(?P<mult>万亿|亿|千万|百万|万)?(?P<unit>美元|元|%)(?=、)")
_WORD_BEFORE = re.compile(r"[\u4e00-\u9fff]{2}[）)]?$")
_NOT_BEFORE = re.compile(r"(?:第|号|年|月|日|期|版|级|约|近|超|达|为)$")


_DIGIT = re.compile(r"\d")
_UNIT_WORDS = ("美元", "元")  # the currencies observations know (港元 has no base unit in the contract)


class CarriedMatch:
    """A bare number read as if its unit were written after it; answers like an ``re.Match`` of observations._NUM."""

    def __init__(self, num_start: int, num: str, mult: str, unit: str, written: str = "") -> None:
        self._start, self._num = num_start, written or num  # written: the number as the text has it (90.7亿)
        self._groups = {"approx": None, "num": num, "more": None, "mult": mult or None, "more2": None, "unit": unit, 0: self._num}

    def group(self, name=0):
        return self._groups[name]

    def start(self, name=0) -> int:
        return self._start

    def end(self, name=0) -> int:
        return self._start + len(self._num)


# 70亿(美元,下同): a currency declared for this amount and every later one of the article.
SAME_BELOW = re.compile(r"[(（](?P<cur>美元|人民币|港元|元)[,，]\s*下同[)）]")
# An amount with a multiplier and no unit of its own (90.7亿, ending there): the declared currency's.
_MULT_ONLY = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<mult>万亿|亿|千万|百万|万)(?![\u4e00-\u9fff]{0,3}(?:元|吨|人|平方|公里|亩|家|个|户|项|台|名|辆|座|栋|所|只|次|倍|千瓦|瓦|套|件|箱))")
_CURRENCY = {"美元": "美元", "人民币": "元", "元": "元", "港元": "港元"}


def declared_currency(text: str) -> list[tuple[int, str]]:
    """(offset, unit) of every 'same below' currency an article declares (美元,下同), in order."""
    return [(m.start(), _CURRENCY[m.group("cur")]) for m in SAME_BELOW.finditer(text)] if "下同" in text else []


def carried(text: str, currency: str = "") -> list[CarriedMatch]:
    """The bare numbers of a sentence that take a unit stated once before them, in order.

    ``currency``: the unit an earlier (美元,下同) declared, for amounts written with a multiplier only.
    """
    out: dict[int, CarriedMatch] = {}
    if currency in _UNIT_WORDS:
        for b in _MULT_ONLY.finditer(text):
            out.setdefault(b.start(), CarriedMatch(b.start(), b.group("num"), b.group("mult"), currency, b.group(0)))
    if ("、" not in text and "单位" not in text and "（" not in text and "(" not in text) or not _DIGIT.search(text):
        return [out[k] for k in sorted(out)]  # cheap gate: most sentences have neither a list nor a bracketed unit
    for h in _UNIT_HEAD.finditer(text):
        mult, unit = (h.group("mult"), h.group("unit")) if h.group("unit") else (h.group("mult2"), h.group("unit2"))
        for b in _BARE.finditer(text, h.end()):
            if _ok(text, b):
                out.setdefault(b.start(), CarriedMatch(b.start(), b.group("num"), mult or "", unit))
    for f in _UNIT_FIGURE.finditer(text):
        pos = f.end()
        while pos < len(text) and text[pos] == "、":
            b = _BARE.search(text, pos + 1, min(len(text), pos + 16))
            if b and _BARE.match(text, b.start()) is None:
                b = None  # the window's end cut a longer number (…2.3|6亿元): not a bare one
            if not b or _UNIT_FIGURE_BREAK.search(text, pos + 1, b.start()) or not _ok(text, b):
                break
            out.setdefault(b.start(), CarriedMatch(b.start(), b.group("num"), f.group("mult") or "", f.group("unit")))
            pos = b.end()
    return [out[k] for k in sorted(out)]


_UNIT_FIGURE_BREAK = re.compile(r"[\d，。；]")  # another number or a clause break between the 、 and the bare number


def _ok(text: str, b: re.Match) -> bool:
    """An indicator word right before the number, and not a year, date, ordinal or code."""
    before = text[max(0, b.start() - 6):b.start()]
    return _WORD_BEFORE.search(before) is not None and not _NOT_BEFORE.search(before)
