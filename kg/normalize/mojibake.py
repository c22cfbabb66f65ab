"""Repair runs of GBK bytes that were decoded one byte out of step.

Some pages went through a GBK round trip that slipped by one byte: inside a
run, every displayed character is the *tail* byte of one real character glued
to the *head* byte of the next (``。”總書`` = ``a1a3 a1b1 bf82 95f8`` shows as
``?!笨倳?``). One byte is lost at each end of the run and shows as ``?``; a
pinyin converter that ran on the shifted text also left readings whose ``(``
was swallowed together with the lost byte (``?shū)``).

Repair re-encodes the run to GBK bytes, decodes them in the other phase and
keeps only what the surviving bytes determine. A character with one byte lost
is settled only when the converter's reading plus the known byte leave
exactly one GBK character; otherwise it is marked lost (U+FFFD). Nothing is
inferred from context. Runs are found by shape, not by a list of strings: a
``?`` inside Chinese text, after which re-decoding in the other phase turns
rare characters into common ones (or readings with a swallowed ``(`` prove
the slip).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .mapped import MappedText
from .script import to_simplified

LOST = "\ufffd"
_U = -1  # a byte that did not survive
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PY = f"a-z{_TONED}ê"
_FRAG = re.compile(rf"[{_PY}]{{1,7}}\)")  # a reading whose "(" went with the lost byte
_ANN = re.compile(rf"\([{_PY}]{{1,7}}\)")  # an intact reading inside the run
_MAX_ITEMS = 24


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _context_ok(ch: str) -> bool:
    """A lost byte is only looked for inside Chinese text."""
    return _is_cjk(ch) or ch in ")）" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’"


@lru_cache(maxsize=8192)
def commonness(ch: str) -> int:
    """2 for GB2312 level-1 characters and CJK punctuation, 1 for level 2, else 0.

    Full-width ASCII scores like ASCII (0): a page folds one into the other.

    The GB2312 levels are a frequency ranking made by the standard itself, so
    no corpus is needed. Traditional characters are ranked by their simplified form.
    """
    if ord(ch) < 0x80:
        return 0
    try:
        raw = to_simplified(ch).encode("gb2312")
    except UnicodeEncodeError:
        return 0
    if len(raw) != 2:
        return 0
    if 0xB0 <= raw[0] <= 0xD7 or raw[0] == 0xA1:
        return 2
    return 1 if 0xD8 <= raw[0] <= 0xF7 else 0


def _decode_pair(a: int, b: int) -> str | None:
    try:
        ch = bytes((a, b)).decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or "\ue000" <= ch <= "\uf8ff":
        return None
    return ch


def _is_trail(b: int) -> bool:
    return 0x40 <= b <= 0xFE and b != 0x7F


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset[str]:
    table = _reading_table()
    if table is not None:
        found = table.get(ord(ch))
        return frozenset(r.lower() for r in found.split(",") if r) if found else frozenset()
    try:
        from pypinyin import Style, pinyin
    except ImportError:  # without reading data nothing half-known can be settled
        return frozenset()
    found = pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")
    return frozenset(r.lower() for r in found[0] if r) if found else frozenset()


@lru_cache(maxsize=1)
def _reading_table() -> dict[int, str] | None:
    """pypinyin's table of single-character readings, read from its JSON file without importing pypinyin.

    Why: ``import pypinyin`` also loads its 2.5 MB phrase dictionary and
    trains a segmenter (1–3 s per build process), all for phrases; a single
    character's heteronyms are this table's entry, comma-separated, the same
    readings ``pinyin(ch, heteronym=True)`` gives (tests compare every CJK
    character). None when the file is not where pypinyin keeps it.
    """
    import json
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    if not path.is_file():
        return None
    return {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


@lru_cache(maxsize=4096)
def _settle(known: int, reading: str, known_is_lead: bool) -> tuple[int, str] | None:
    """The one (byte, char) that completes ``known`` and reads ``reading``, if exactly one does."""
    reading = reading.lower().replace("v", "ü")
    fits = []
    for x in range(0x40, 0xFF):
        if known_is_lead and not _is_trail(x):
            continue
        if not known_is_lead and not 0x81 <= x <= 0xFE:
            continue
        ch = _decode_pair(known, x) if known_is_lead else _decode_pair(x, known)
        if ch and reading in _readings(ch):
            fits.append((x, ch))
            if len(fits) > 1:
                return None
    return fits[0] if fits else None


@dataclass
class _Item:
    start: int
    end: int
    options: list[tuple[int, ...]]
    display: str = ""
    reading: str = ""  # a reading whose "(" this lost byte swallowed


def _items(text: str, i: int) -> list[_Item]:
    """Split the text after the ``?`` at ``i`` into byte-bearing items."""
    def lost_byte(j: int) -> _Item:
        m = _FRAG.match(text, j + 1)
        if m:
            return _Item(j, m.end(), [(_U,)], "", m.group(0)[:-1])
        return _Item(j, j + 1, [(_U,), (0xA3, 0xBF)], "?")  # or a full-width ？ folded to ASCII

    first = lost_byte(i)
    first.options = [(_U,)]
    items = [first]
    j = first.end
    while j < len(text) and len(items) < _MAX_ITEMS:
        ch = text[j]
        if ch == "?":
            item = lost_byte(j)
        elif m := _ANN.match(text, j):
            item = _Item(j, m.end(), [()])
        elif "!" <= ch <= "~":
            b = ord(ch)
            opts = [(b,)] if _is_trail(b) else []
            item = _Item(j, j + 1, opts + [(0xA3, b + 0x80)], ch)
        else:
            try:
                raw = ch.encode("gbk")
            except UnicodeEncodeError:
                break
            if len(raw) != 2:
                break
            item = _Item(j, j + 1, [tuple(raw)], ch)
        items.append(item)
        j = item.end
    return items


@dataclass
class _Out:
    chars: list[str] = field(default_factory=list)
    where: list[int] = field(default_factory=list)  # item index of each char's last byte
    score: int = 0
    repaired: int = 0
    lost: int = 0


def _emit(out: _Out, pending: tuple[int, int], byte: int, idx: int, items: list[_Item]) -> bool:
    """Close a two-byte character; False when the bytes cannot be one."""
    p, q = pending[0], byte
    if p == _U and q == _U:
        ch = None
    elif q == _U:
        reading = items[idx].reading
        fit = _settle(p, reading, True) if reading else None
        ch = fit[1] if fit else None
    elif not _is_trail(q):
        return False
    elif p == _U:
        ch = None
    else:
        ch = _decode_pair(p, q)
        if ch is None:
            return False
    if ch is None:
        out.chars.append(LOST)
        out.lost += 1
        out.score += 1
    else:
        out.chars.append(ch)
        out.repaired += 1
        out.score += commonness(ch) or -2
    out.where.append(idx)
    return True


def _step(out: _Out, pending, opt: tuple[int, ...], k: int, items: list[_Item]):
    """Feed one item's bytes; return (out, pending) or None when they cannot fit."""
    o = _Out(list(out.chars), list(out.where), out.score, out.repaired, out.lost)
    for b in opt:
        if pending is not None:
            if not _emit(o, pending, b, k, items):
                return None
            pending = None
        elif b == _U or 0x81 <= b <= 0xFE:
            pending = (b, k)
        elif b < 0x80:
            o.chars.append(chr(b))
            o.where.append(k)
        else:
            return None
    return o, pending


def _candidates(items: list[_Item], first_byte: int):
    """Yield (items used, best decoded output) for each run length that ends on a whole character.

    A Viterbi pass: what comes next depends only on the dangling head byte,
    so for each dangling byte only the best-scoring reading so far is kept.
    """
    states = {(first_byte, 0): _Out()}
    for k in range(1, len(items)):
        nxt: dict = {}
        for pending, out in states.items():
            for opt in items[k].options:
                res = _step(out, pending, opt, k, items)
                if res is None:
                    continue
                o, pend = res
                key = pend if pend is None else (pend[0], 0)
                if key not in nxt or o.score > nxt[key][0].score:
                    nxt[key] = (o, pend)
        states = {pend: o for o, pend in nxt.values()}
        if not states:
            return
        if None in states:
            yield k + 1, states[None]


def _best(text: str, i: int) -> tuple[int, _Out, list[_Item]] | None:
    items = _items(text, i)
    first = items[0]
    first_byte = _U
    prev = text[i - 1] if i else ""
    if first.reading and _is_cjk(prev):
        raw = prev.encode("gbk", errors="ignore")
        if len(raw) == 2:  # the reading belongs to (tail of prev, lost head byte)
            fit = _settle(raw[1], first.reading, True)
            if fit and 0x81 <= fit[0] <= 0xFE:
                first_byte = fit[0]
    best = None
    for k, out in _candidates(items, first_byte):
        shown = "".join(it.display for it in items[1:k])
        score = out.score - sum(commonness(c) for c in shown)
        proof = any(it.reading for it in items[:k])
        rare = any(commonness(c) <= 1 for c in shown)
        if not ((proof and score >= 0) or (score >= 2 and rare)):
            continue
        if best is None or score > best[0] or (score == best[0] and k < best[1]):
            best = (score, k, out)
    return (best[1], best[2], items) if best else None


def repair(mt: MappedText) -> tuple[MappedText, int, int]:
    """Return (text, repaired characters, lost characters)."""
    text = mt.text
    if "?" not in text:
        return mt, 0, 0
    edits = []
    repaired = lost = 0
    pos = 0
    while (i := text.find("?", pos)) >= 0:
        pos = i + 1
        if not i or not _context_ok(text[i - 1]):
            continue
        found = _best(text, i)
        if found is None:
            m = _FRAG.match(text, i + 1)
            if m:  # a swallowed "(" proves a lost byte even when the run cannot be read
                edits.append((i, m.end(), LOST, (i,)))
                lost += 1
                pos = m.end()
            continue
        k, out, items = found
        a, b = items[0].start, items[k - 1].end
        where = [items[w].start for w in out.where]
        if where:
            where[0] = a
            where[-1] = max(where[-1], b - 1)
        edits.append((a, b, "".join(out.chars), tuple(where)))
        repaired += out.repaired
        lost += out.lost
        pos = b
    if not edits:
        return mt, 0, 0
    return mt.splice(edits), repaired, lost
