"""Normalize: turn a raw page into clean simplified text with an offset map.

Order matters: mojibake repair needs the page's original characters, pinyin
removal needs the converter's parentheses, furniture removal needs the line
structure, and stray line breaks can only be joined once captions between
the two halves of a sentence are gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import furniture, mojibake, pinyin, script
from .mapped import MappedText

__all__ = ["MappedText", "NormalizedPage", "normalize_text"]


@dataclass(frozen=True)
class NormalizedPage:
    text: MappedText
    repaired_chars: int
    lost_chars: int
    dropped: tuple[tuple[str, str], ...]  # (line, reason)


_TERMINAL = "。！？”’…：:!?）)】」』"
# Only from the first break of a run (and without giving breaks back): a run
# that is not followed by text fails once, not once per break (issue 15 row 7).
_JOIN = re.compile(r"(?<!\n)\n++(?=[\u3400-\u9fff0-9A-Za-z“])")


def _drop_lines(mt: MappedText) -> tuple[MappedText, list[tuple[str, str]]]:
    lines = mt.text.split("\n")
    verdicts = furniture.classify(lines)
    dropped = [(line.strip(), v.reason) for line, v in zip(lines, verdicts) if not v.keep]
    keep_flags = [v.keep for v in verdicts]
    if all(keep_flags):
        return mt, dropped
    # Rebuild, deleting dropped lines with their own newline; the last line has none.
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    last = len(lines) - 1
    for idx, (line, keep) in enumerate(zip(lines, keep_flags)):
        end = pos + len(line)
        newline = idx < last
        if keep:
            pieces.append(line + ("\n" if newline else ""))
            origin.extend(mt.origin[pos:end + (1 if newline else 0)])
        pos = end + 1
    text = "".join(pieces)
    origin.append(mt.origin[len(mt.text)])
    return MappedText(text, tuple(origin)), dropped


def _headline_of_story(text: str, nxt_end: int) -> bool:
    """The line after the next one opens with a dateline (本报讯…): the next line is a headline, not the rest of a
    sentence that a truncated line left open."""
    if nxt_end < 0:
        return False
    return furniture.DATELINE_LEAD.match(text[nxt_end:nxt_end + 40].lstrip("\n")) is not None


def _join_broken_lines(mt: MappedText) -> MappedText:
    """Join a sentence that a stray line break (or a removed caption) split in two."""
    text = mt.text

    def repl(match: re.Match[str]) -> str:
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start:start].strip()
        nxt_end = text.find("\n", match.end())
        nxt = text[match.end():nxt_end if nxt_end >= 0 else len(text)]
        prose = len(line) >= 15 and ("，" in line or "、" in line or "。" in line)
        if (prose and line[-1] not in _TERMINAL and not furniture.META.match(line)
                and not furniture.META.match(nxt) and not furniture.REPORTER.match(nxt) and not _headline_of_story(text, nxt_end)):
            return ""
        return match.group(0)

    return mt.sub(_JOIN, repl)


def normalize_text(raw: str) -> NormalizedPage:
    """Clean one page: repair, de-pinyin, reshape, drop furniture, join broken lines."""
    mt = MappedText.of(raw)
    mt, repaired, lost = mojibake.repair(mt)
    mt = pinyin.strip_pinyin(mt)
    mt = script.shape(mt)
    mt, dropped = _drop_lines(mt)
    mt = _join_broken_lines(mt)
    return NormalizedPage(mt, repaired, lost, tuple(dropped))

