"""Remove pinyin that character converters leave after characters or words.

``產(chǎn)業(yè)`` and ``中国(zhōngguó)`` lose their readings; real parentheses such as
``(物流)``, ``(GDP)`` or ``(试行)`` stay, because they are not a run of pinyin
syllables.
"""

from __future__ import annotations

import re

from .mapped import MappedText

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = f"a-zü{TONED}ê"
_INITIALS = "zh|ch|sh|b|p|m|f|d|t|n|l|g|k|h|j|q|x|r|z|c|s|y|w"
_FINALS = "iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|in|iu|ua|uo|ui|un|ve|ue|vn|a|o|e|i|u|v"
_SYLLABLE = re.compile(rf"^(?:(?:{_INITIALS})?(?:{_FINALS}))+$")
_TONE_STRIP = str.maketrans({c: b for b, cs in {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "v": "ǖǘǚǜü", "n": "ńňǹ", "m": "ḿ",
}.items() for c in cs})

# A parenthesised run of lowercase pinyin right after a Han character.
_AFTER_HAN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([{_LETTERS}]{{1,40}})[)）]")
# A line that holds nothing but pinyin and spaces.
_PINYIN_LINE = re.compile(rf"^[ \t{_LETTERS}'’·-]+$", re.M)


def is_pinyin(word: str) -> bool:
    """True when ``word`` is a run of pinyin syllables (tone marks optional)."""
    plain = word.translate(_TONE_STRIP).replace("ü", "v")
    return bool(plain) and bool(_SYLLABLE.match(plain))


def _has_tone(word: str) -> bool:
    return any(ch in TONED for ch in word)


def strip_pinyin(mt: MappedText) -> MappedText:
    def repl(match: re.Match[str]) -> str:
        word = match.group(1)
        if is_pinyin(word) and (_has_tone(word) or len(word) <= 6):
            return ""
        return match.group(0)

    mt = mt.sub(_AFTER_HAN, repl)

    def line_repl(match: re.Match[str]) -> str:
        words = [w for w in re.split(r"[\s'’·-]+", match.group(0)) if w]
        if words and all(is_pinyin(w) for w in words) and any(_has_tone(w) for w in words):
            return ""
        return match.group(0)

    return mt.sub(_PINYIN_LINE, line_repl)
