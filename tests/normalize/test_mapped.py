"""MappedText's lean passes keep exactly the offset map of the plain definition.

The plain definition (a reference written out here character by character):
unchanged text keeps its origins, and replacement character i of a match
over source span [a, b) maps to ``origin[a + min(i, b - a - 1)]`` (to
``origin[a]`` for an empty match). ``sub`` skips passes that change nothing
and keeps the map when every replacement keeps its length; whatever shortcut
it takes, the result must equal the reference.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.normalize.mapped import MappedText


def reference_sub(mt: MappedText, pattern: re.Pattern[str], repl) -> MappedText:
    out, origin, pos, src = [], [], 0, mt.origin
    for m in pattern.finditer(mt.text):
        a, b = m.span()
        out.append(mt.text[pos:a])
        origin.extend(src[pos:a])
        new = repl(m)
        out.append(new)
        span = b - a
        origin.extend(src[a + min(i, span - 1)] if span else src[a] for i in range(len(new)))
        pos = b
    out.append(mt.text[pos:])
    origin.extend(src[pos:])
    return MappedText("".join(out), tuple(origin))


# (pattern, replacement): deletions, same-length swaps, growth, empty matches, no-ops
PASSES = [
    (r"\n+", lambda m: ""),
    (r"[,;]", lambda m: {",": "，", ";": "；"}[m.group(0)]),
    (r"ab", lambda m: "xyz"),
    (r"a", lambda m: "a"),
    (r"(?=b)", lambda m: "<>"),
    (r"\s+", lambda m: " " if len(m.group(0)) % 2 else m.group(0)),
]

TEXT = st.text(alphabet="ab,;\n 字", max_size=40)


@settings(max_examples=200)
@given(TEXT, st.lists(st.sampled_from(range(len(PASSES))), min_size=1, max_size=4))
def test_sub_equals_reference(text, order):
    fast = slow = MappedText.of(text)
    for k in order:
        pattern, repl = re.compile(PASSES[k][0]), PASSES[k][1]
        fast, slow = fast.sub(pattern, repl), reference_sub(slow, pattern, repl)
        assert fast == slow
        assert len(fast.origin) == len(fast.text) + 1


@given(st.text(alphabet="發展園區\n abc", max_size=40))
def test_translate_keeps_length_and_map(text):
    from kg.normalize.script import to_simplified

    mt = MappedText.of(text).translate(to_simplified)
    assert mt.origin == tuple(range(len(text) + 1))
    assert mt.text == "\n".join(to_simplified(line) for line in text.split("\n"))
