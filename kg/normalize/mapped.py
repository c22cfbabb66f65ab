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
        """Regex substitution that keeps the map: inserted characters map to the replaced span."""
        if isinstance(pattern, str):
            pattern = re.compile(pattern)
        out: list[str] = []
        origin: list[int] = []
        pos = 0
        src = self.origin
        for match in pattern.finditer(self.text):
            a, b = match.span()
            out.append(self.text[pos:a])
            origin.extend(src[pos:a])
            new = repl(match) if callable(repl) else match.expand(repl)
            if new == match.group(0):
                out.append(new)
                origin.extend(src[a:b])
            else:
                out.append(new)
                span = b - a
                for i in range(len(new)):
                    origin.append(src[a + min(i, span - 1)] if span else src[a])
            pos = b
        out.append(self.text[pos:])
        origin.extend(src[pos:len(self.text)])
        origin.append(src[len(self.text)])
        return MappedText("".join(out), tuple(origin))

    def translate(self, convert: Callable[[str], str]) -> "MappedText":
        """Apply a length-preserving conversion (e.g. opencc t2s) line by line.

        Lines whose conversion changes length are converted character by
        character, which is always length-preserving for opencc's tables.
        """
        pieces: list[str] = []
        for line in self.text.split("\n"):
            new = convert(line) if line else line
            if len(new) != len(line):
                new = "".join(c2 if len(c2 := convert(ch)) == 1 else ch for ch in line)
            pieces.append(new)
        text = "\n".join(pieces)
        assert len(text) == len(self.text)
        return MappedText(text, self.origin)

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
