"""Character shape: widths, spaces, punctuation, and traditional → simplified.

Extraction patterns are written once, in simplified characters and full-width
Chinese punctuation; this pass brings every page to that shape without
changing its length, so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata

import opencc

from .mapped import MappedText

# hk2s: t2s plus the Hong Kong variants (衞 → 卫) that t2s leaves, as s2hk converters write them
_T2S = opencc.OpenCC("hk2s")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HAN = r"[\u3400-\u9fff]"
# Half-width punctuation touching a Han character on at least one side, not between digits (1,000 / 10:30).
_HALF_PUNCT = re.compile(rf"(?<={_HAN})[,;:?!]|[,;:?!](?={_HAN})")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _fold_table() -> dict[int, str]:
    """One str.translate table for the two length-preserving folds.

    Odd spaces become ASCII spaces, and full-width ASCII becomes ASCII
    (NFKC), except the full-width punctuation Chinese prose uses.
    """
    table = {ord(ch): " " for ch in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000\u202f\u205f"}
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        if ch not in "（），：；！？" and len(folded) == 1:
            table[code] = folded
    return table


_FOLD = _fold_table()
_FOLDABLE = re.compile("[" + "".join(map(chr, sorted(_FOLD))) + "]")


def to_simplified(text: str) -> str:
    return _T2S.convert(text)


def shape(mt: MappedText) -> MappedText:
    mt = mt.sub(_ZERO_WIDTH, "")
    if _FOLDABLE.search(mt.text):  # translate is per character; most pages need none of it
        mt = MappedText(mt.text.translate(_FOLD), mt.origin)
    # One character for one: the map stays, so re.sub alone (no per-match edit list as in MappedText.sub).
    text = _HALF_PUNCT.sub(_full_width, mt.text)
    if text != mt.text:
        mt = MappedText(text, mt.origin)
    return mt.translate(to_simplified)


def _full_width(match: re.Match[str]) -> str:
    return _HALF_TO_FULL[match.group(0)]
