"""Character shape: widths, spaces, punctuation, and traditional → simplified.

Extraction patterns are written once, in simplified characters and full-width
Chinese punctuation; this pass brings every page to that shape without
changing its length, so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

from .mapped import MappedText

_T2S = opencc.OpenCC("t2s")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HAN = r"[\u3400-\u9fff]"
# Half-width punctuation touching a Han character on at least one side, not between digits (1,000 / 10:30).
_HALF_PUNCT = re.compile(rf"(?<={_HAN})[,;:?!]|[,;:?!](?={_HAN})")
_SPACES = re.compile("[\u00a0\u2002-\u200a\u3000\u202f\u205f]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


@lru_cache(maxsize=4096)
def _width(ch: str) -> str:
    if "\uff01" <= ch <= "\uff5e" and ch not in "（），：；！？":
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return ch


def to_simplified(text: str) -> str:
    return _T2S.convert(text)


def shape(mt: MappedText) -> MappedText:
    mt = mt.sub(_ZERO_WIDTH, "")
    mt = mt.sub(_SPACES, " ")
    mt = MappedText("".join(_width(ch) for ch in mt.text), mt.origin)
    mt = mt.sub(_HALF_PUNCT, lambda m: _HALF_TO_FULL[m.group(0)])
    return mt.translate(to_simplified)
