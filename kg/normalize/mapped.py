"""Text that remembers where each character came from.

Every normalization pass rewrites text through :meth:`MappedText.sub` or
:meth:`MappedText.translate`, which carry the offset map along, so that any
span of the cleaned text can be sliced back out of the original page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    text: str
    origin: tuple[int, ...]  # len(text) + 1 entries; origin[len(text)] = end of source

    @classmethod
    def of(cls, text: str) -> "MappedText":
        return cls(text, tuple(range(len(text) + 1)))

    def sub(self, pattern: re.Pattern[str] | str, repl: str | Callable[[re.Match[str]], str]) -> "MappedText":
        """Regex substitution that keeps the map: inserted characters map to the replaced span.

        Lean by design: a pass that changes nothing returns ``self``, and a pass
        whose every replacement keeps its length keeps the map as it is; only
        length-changing passes rebuild it, with slices (no per-character calls).
        """
        if isinstance(pattern, str):
            pattern = re.compile(pattern)
        text = self.text
        edits: list[tuple[int, int, str]] = []
        same_length = True
        for match in pattern.finditer(text):
            new = repl(match) if callable(repl) else match.expand(repl)
            a, b = match.span()
            if new != text[a:b]:
                edits.append((a, b, new))
                same_length = same_length and len(new) == b - a
        return self.edited(edits, same_length)

    def edited(self, edits: list[tuple[int, int, str]], same_length: bool = False) -> "MappedText":
        """Apply sorted, non-overlapping ``(a, b, new)`` edits that each change the text (as :meth:`sub` does).

        ``same_length``: every edit keeps its span's length, so the map stays as it is.
        """
        if not edits:
            return self
        if same_length:
            return MappedText(_patched(self.text, edits), self.origin)
        return self._rebuilt(edits)

    def _rebuilt(self, edits: list[tuple[int, int, str]]) -> "MappedText":
        """Apply sorted ``(a, b, new)`` edits; new character i maps to source ``a + min(i, span - 1)``."""
        src = self.origin
        origin: list[int] = []
        pos = 0
        for a, b, new in edits:
            origin.extend(src[pos:a])
            n, span = len(new), b - a
            if span == 0:
                origin.extend((src[a],) * n)
            elif n <= span:
                origin.extend(src[a:a + n])
            else:
                origin.extend(src[a:b])
                origin.extend((src[b - 1],) * (n - span))
            pos = b
        origin.extend(src[pos:])
        return MappedText(_patched(self.text, edits), tuple(origin))

    def translate(self, convert: Callable[[str], str]) -> "MappedText":
        """Apply a length-preserving conversion (e.g. opencc t2s) without touching the map.

        The whole text is converted in one call; a line whose conversion
        changes length is converted character by character instead, which is
        always length-preserving for opencc's tables. (opencc never matches a
        phrase across a line break, so this equals converting line by line.)
        """
        text = self.text
        whole = convert(text) if text else text
        lines = text.split("\n")
        pieces = whole.split("\n")
        if len(pieces) != len(lines):  # a converter that moved line breaks: go line by line
            pieces = [convert(line) if line else line for line in lines]
        if len(whole) != len(text) or list(map(len, pieces)) != list(map(len, lines)):  # same count of lines here
            for i, (line, new) in enumerate(zip(lines, pieces)):
                if len(new) != len(line):
                    pieces[i] = "".join(c2 if len(c2 := convert(ch)) == 1 else ch for ch in line)
            whole = "\n".join(pieces)
        assert len(whole) == len(text)
        return MappedText(whole, self.origin)

    def slice(self, start: int, end: int) -> "MappedText":
        return MappedText(self.text[start:end], self.origin[start:end] + (self.origin[end] if end < len(self.origin) else self.origin[-1],))

    def splice(self, edits: list[tuple[int, int, str, tuple[int, ...]]]) -> "MappedText":
        """Replace spans ``[a, b)`` with new text whose origins are given per character.

        Used where a regex substitution cannot say where each new character came
        from (mojibake repair: a recovered character maps into the garbled span).
        ``origins`` are offsets into the *current* text; they are translated
        through this text's own map. Edits must be sorted and non-overlapping.
        """
        out: list[str] = []
        origin: list[int] = []
        pos = 0
        src = self.origin
        for a, b, new, where in sorted(edits):
            assert a >= pos and len(where) == len(new)
            out.append(self.text[pos:a])
            origin.extend(src[pos:a])
            out.append(new)
            origin.extend(src[w] for w in where)
            pos = b
        out.append(self.text[pos:])
        origin.extend(src[pos:len(self.text)])
        origin.append(src[len(self.text)])
        return MappedText("".join(out), tuple(origin))


def _patched(text: str, edits: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    pos = 0
    for a, b, new in edits:
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)
