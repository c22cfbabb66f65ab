"""Remove pinyin that character converters leave after characters or words.

``產(chǎn)業(yè)`` and ``中国(zhōngguó)`` lose their readings; real parentheses such as
``(物流)``, ``(GDP)`` or ``(试行)`` stay, because they are not a run of pinyin
syllables. A toneless run (``(de)``) is only taken for a reading when the page
already shows the converter at work with toned readings, because short
lowercase words in parentheses can be real text. A line holding nothing but
pinyin or tone marks is never text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .mapped import MappedText

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = f"a-zü{TONED}ê"
_INITIALS = "zh|ch|sh|b|p|m|f|d|t|n|l|g|k|h|j|q|x|r|z|c|s|y|w"
_FINALS = "iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|in|iu|ua|uo|ui|un|ve|ue|vn|a|o|e|i|u|v"
_SYLLABLE = re.compile(rf"^(?:(?:{_INITIALS})?(?:{_FINALS}))+$")
_TONE_STRIP = str.maketrans({c: b for b, cs in {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "v": "ǖǘǚǜü", "n": "ńňǹ", "m": "ḿ",
}.items() for c in cs})

_MARKS = "ˉˊˇˋ˙\u0300\u0301\u0304\u030c"
# A parenthesised run of pinyin (syllables may be spaced) right after a Han character.
# Possessive spaces: the reading starts and the ")" follows with no space, so
# giving spaces back never helps, and a long run of spaces is read once.
_AFTER_HAN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]\s*+([{_LETTERS}A-Z][{_LETTERS} ']{{0,40}}?)\s*+[)）]")
# A line that holds nothing but pinyin, tone marks and spaces.
_PINYIN_LINE = re.compile(rf"^[ \t{_LETTERS}{_MARKS}A-Z'’·-]+$", re.M)
_TONED_MIN = 2


@lru_cache(maxsize=8192)
def is_pinyin(word: str) -> bool:
    """True when ``word`` is a run of pinyin syllables (tone marks optional)."""
    plain = unicodedata.normalize("NFC", word).translate(_TONE_STRIP).replace("ü", "v")
    return bool(plain) and bool(_SYLLABLE.match(plain))


_TONE = re.compile(f"[{TONED}]")


def _has_tone(word: str) -> bool:
    return _TONE.search(word) is not None


_WORD_GAPS = re.compile(r"[\s']+")


@lru_cache(maxsize=8192)
def _is_reading(group: str) -> bool:
    """True when a parenthesised ``group`` is a run of lowercase pinyin words (cached: pages repeat the same few readings)."""
    words = [w for w in _WORD_GAPS.split(group) if w]
    if not words or any(w[1:] != w[1:].lower() for w in words):
        return False
    return all(is_pinyin(w.lower()) for w in words)


def strip_pinyin(mt: MappedText) -> MappedText:
    # Most parentheses after Han are acronyms or English: without one reading the removal passes would change nothing.
    found = [(m.span(), w, _has_tone(w)) for m in _AFTER_HAN.finditer(mt.text) if _is_reading(w := m.group(1))]
    toned = sum(1 for _, _, has in found if has)

    def removed(word: str, has_tone: bool) -> bool:
        return has_tone or (toned >= _TONED_MIN and len(word) <= 6)

    def repl(match: re.Match[str]) -> str:
        word = match.group(1)
        return "" if _is_reading(word) and removed(word, _has_tone(word)) else match.group(0)

    # The first pass removes the readings found above (no second scan). A new match can only start where a
    # removed reading was followed by another parenthesis, 字(zì)（zì）: only then is the text scanned again.
    edits = [(a, b, "") for (a, b), word, has in found if removed(word, has)]
    if edits:
        text = mt.text
        mt = mt.edited(edits)
        if any(text[b:b + 1] in ("(", "（") for _, b, _ in edits):
            mt = mt.sub(_AFTER_HAN, repl)

    def line_repl(match: re.Match[str]) -> str:
        line = match.group(0)
        if not line.strip():
            return line
        if not line.strip(f" \t{_MARKS}'’·-"):
            return ""  # tone marks only
        words = [w for w in re.split(r"[\s'’·-]+", line) if w]
        if words and all(is_pinyin(w.lower()) for w in words) and any(_has_tone(w) or any(c in _MARKS for c in w) for w in words):
            return ""
        return line

    return mt.sub(_PINYIN_LINE, line_repl)
