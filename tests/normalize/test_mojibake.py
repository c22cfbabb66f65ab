"""Mojibake repair, as tables built from a model of the damage.

``garble`` reproduces what the pages show: the run's GBK bytes, minus one
byte at each end, decoded in the wrong phase, full-width forms folded to
ASCII, and the converter's reading after the tail byte with its ``(`` gone.
"""

from __future__ import annotations

import unicodedata

import pytest

pytest.importorskip("pypinyin", reason="reading data settles half-known characters; add pypinyin to the deps")

from kg.normalize import normalize_text
from kg.normalize.mapped import MappedText
from kg.normalize.mojibake import LOST, repair
from kg.normalize.script import to_simplified


def garble(run: str, reading: str = "") -> str | None:
    raw = run.encode("gbk")
    try:
        mid = raw[1:-1].decode("gbk")
    except UnicodeDecodeError:
        return None
    mid = "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" else c for c in mid)
    return "?" + mid + "?" + (reading + ")" if reading else "")


# Tail characters whose reading plus head byte leave one GBK character (or several).
TAILS = [("書", "shū", True), ("車", "chē", True), ("報", "bào", True), ("類", "lèi", False)]
MIDDLES = ["”總", "“快", "大", "區域", "兩大", "經濟", "園區", "發展", "總量", "產業", "項目", "協調",
           "創新", "開發", "機制", "規劃", "環境", "建設", "質量", "資源"]
HEADS = ["。", "，", "、"]

CASES = []
for head in HEADS:
    for mid in MIDDLES:
        for tail, reading, settled in TAILS:
            run = head + mid + tail
            shown = garble(run, reading)
            if shown is not None:
                CASES.append((shown, LOST + to_simplified(mid) + (to_simplified(tail) if settled else LOST)))


def test_enough_pattern_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("shown, expected", CASES)
def test_slipped_run_is_recovered(shown, expected):
    raw = f"园区{shown}今年建设顺利。"
    norm = normalize_text(raw)
    assert expected in norm.text.text
    assert "?" not in norm.text.text and "？" not in norm.text.text
    assert norm.lost_chars == expected.count(LOST)
    assert norm.repaired_chars == len(expected) - expected.count(LOST)


SEED_LIKE = [
    # from the issue: 。”總書 shows as ?!笨倳? and the reading of 書 follows
    ("轉移?!笨倳?shū)記的講話", "转移" + LOST + "”总书记的讲话"),
    # the head reading belongs to (tail of the previous char + lost byte): 量 c1bf + 83 = 績 (jī)
    ("存量?jī)纱箢?lèi)項目", "存量两大" + LOST + "项目"),
    # 亞 8186 + 96 = 問 (wèn) settles 東 = 96 7c
    ("南亞?wèn)|南亞", "南亚东南亚"),
    # 接 bdd3 + ? = 訊/訓/訙 (xùn): three fit, so 東 is lost
    ("承接?xùn)|中部", "承接" + LOST + "中部"),
    # a full-width ？ folded to ASCII sits inside the run
    ("熱潮??鐓^(qū)域", "热潮" + LOST + "跨区域"),
    ("駛?cè)搿翱燔?chē)道", "驶入“快车道"),
    ("合肥日?qǐng)?bào) 首席记者报道园区新闻。", "合肥日报 首席记者报道"),
]


@pytest.mark.parametrize("shown, expected", SEED_LIKE)
def test_seed_like_runs(shown, expected):
    assert expected in normalize_text(shown).text.text


LEGIT = ["你好?我们走吧。", "真的吗?", "What? 是的。", "问题?答案在这里。", "数量??待定", "1?2", "是否?是。",
         "他问:为什么?", "园区?", "?开头的行"]


@pytest.mark.parametrize("raw", LEGIT)
def test_real_question_marks_are_not_repaired(raw):
    norm = normalize_text(raw)
    assert norm.lost_chars == 0 and norm.repaired_chars == 0
    assert LOST not in norm.text.text


def test_repaired_chars_map_into_the_garbled_span():
    raw = "转移?!笨倳?shū)記"
    mt, repaired, lost = repair(MappedText.of(raw))
    assert (repaired, lost) == (3, 1)
    a = mt.text.index("”")
    b = mt.text.index("書") + 1
    assert raw[mt.origin[a]] in "!笨"  # inside the garbled span, after the lost byte
    assert raw[mt.origin[mt.text.index(LOST)]:mt.origin[b - 1] + 1] == "?!笨倳?shū)"


@pytest.mark.parametrize("first, last", [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0)])
def test_reading_table_gives_pypinyins_heteronyms(first, last):
    """The readings read from pypinyin's JSON table equal pypinyin's own, for every character of the block."""
    from pypinyin import Style, pinyin

    from kg.normalize.mojibake import _reading_table, _readings

    assert _reading_table() is not None
    for cp in range(first, last):
        ch = chr(cp)
        found = pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")
        assert _readings.__wrapped__(ch) == (frozenset(r.lower() for r in found[0] if r) if found else frozenset()), ch


def test_repair_does_not_import_pypinyin():
    """Settling a half-known character needs only the single-character table: pypinyin's import costs seconds."""
    import subprocess
    import sys

    code = ("import sys; from kg.normalize.mojibake import _readings; r = _readings('中'); "
            "print(sorted(r), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[-1] == "False" and "zhōng" in " ".join(out)
