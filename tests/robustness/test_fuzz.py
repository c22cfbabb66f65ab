"""Fuzzing the per-document stages with random Unicode, CJK, pinyin debris and mojibake.

Nothing may crash or hang (Hypothesis' deadline bounds the time per document),
normalization is idempotent on its text, and every offset maps back into the
original page. Budget: profile ``ci`` (50 examples per test) by default,
``HYPOTHESIS_PROFILE=full`` for 1000.
"""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.extract.observations import _period, _value
from kg.model import Page
from kg.normalize import normalize_text
from kg.pipeline.mapstep import documents_of

# Generic words of the domain (no real names): heads, units, dates, metadata cues, punctuation.
WORDS = ["高新区", "经开区", "产业园", "开发区", "新区", "有限公司", "集团", "项目", "基地", "《", "》", "“", "”", "（", "）",
         "。", "，", "、", "；", "：", "亿元", "万元", "美元", "%", "个百分点", "平方公里", "同比增长", "实现", "达", "约",
         "近", "超过", "2024年", "3月", "一季度", "上半年", "前三季度", "去年", "今年", "来源：", "记者", "编辑：", "责任编辑",
         "位于", "签约", "落户", "主导产业", "新材料", "生物医药", "出台", "管委会", "市", "省", "县", "区", "\n", "\n\n",
         " ", "\u3000", "一二三", "十五", "两", "1.5", "120", "3,000", "0.", "..", "万亿", "千万", "点击", "分享到",
         "上一篇", "下一篇", "【打印】", "|", "首页 > 新闻"]
PINYIN = ["(gāo xīn qū)", "（jīng kāi qū）", "Gaoxinqu", "zhōng guó", "ǎ", "ü", "xin qu ", "Kai Fa Qu", "(ZGC)"]
CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)
ANY = st.text(st.characters(exclude_categories=("Cs",)), max_size=6)
MOJIBAKE = st.one_of(
    CJK.map(lambda s: s.encode("utf-8").decode("gbk", errors="replace")),
    CJK.map(lambda s: s.encode("utf-8").decode("latin-1")),
    CJK.map(lambda s: s.encode("gbk", errors="ignore")[1:].decode("gbk", errors="replace")),
    st.binary(max_size=8).map(lambda b: b.decode("gb18030", errors="replace")),
)
PIECE = st.one_of(st.sampled_from(WORDS), st.sampled_from(PINYIN), CJK, CJK, ANY, MOJIBAKE,
                  st.integers(0, 10**9).map(str))
RAW = st.lists(PIECE, max_size=80).map("".join)
NUMBER = st.one_of(st.text("0123456789.一二三四五六七八九十百千万亿两零", max_size=12), ANY)


def _page(raw: str) -> Page:
    return Page(path="fuzz.txt", name="fuzz.txt", text=raw, encoding="utf-8",
                sha1=hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest())


# Regression cases found by fuzzing: a trailing line break used to be doubled on every pass.
FOUND_BY_FUZZING = [
    ("trailing-newline-kept-once", lambda: normalize_text("\n").text.text == "\n"),
    ("idempotent-trailing-newline", lambda: normalize_text("甲。\n").text.text == normalize_text(normalize_text("甲。\n").text.text).text.text),
]


@pytest.mark.parametrize("case,holds", FOUND_BY_FUZZING, ids=[c[0] for c in FOUND_BY_FUZZING])
def test_fuzz_found_normalize_cases(case, holds):
    assert holds()


@given(raw=RAW)
def test_normalize_never_crashes_and_offsets_map_into_the_original(raw):
    norm = normalize_text(raw)
    text, origin = norm.text.text, norm.text.origin
    assert len(origin) == len(text) + 1
    assert all(0 <= o < len(raw) for o in origin[:-1]), "a character maps outside the page"
    assert 0 <= origin[-1] <= len(raw)
    assert norm.repaired_chars >= 0 and norm.lost_chars >= 0


@given(raw=RAW)
def test_normalize_is_idempotent(raw):
    once = normalize_text(raw).text.text
    assert normalize_text(once).text.text == once


@given(raw=RAW)
def test_segmentation_spans_stay_inside_document_and_page(raw):
    page = _page(raw)
    for doc in documents_of(page):
        assert len(doc.origin) == len(doc.text) + 1
        for sent in doc.sentences:
            assert 0 <= sent.start <= sent.end <= len(doc.text)
            a, b = doc.original_span(sent.start, sent.end)
            assert 0 <= a <= b <= len(raw)


@given(num=NUMBER)
def test_number_parsing_returns_a_finite_number_or_none(num):
    value = _value(num)
    assert value is None or (isinstance(value, float) and math.isfinite(value))


@given(clause=RAW, sentence=RAW, year=st.one_of(st.just(""), st.integers(1900, 2100).map(str)))
def test_period_parsing_never_crashes(clause, sentence, year):
    assert isinstance(_period(clause, sentence, year), str)


@settings(max_examples=50)
@given(raw=RAW)
def test_extraction_never_crashes_and_spans_map_back(raw):
    page = _page(raw)
    for doc in documents_of(page):
        ex = extract(doc)
        n = len(doc.text)
        for m in ex.mentions:
            assert 0 <= m.start <= m.end <= n and m.text
            a, b = doc.original_span(m.start, m.end)
            assert 0 <= a <= b <= len(raw)
        for r in ex.relations:
            assert 0 <= r.start <= r.end <= n
            a, b = doc.original_span(r.start, r.end)
            assert 0 <= a <= b <= len(raw)
        for o in ex.observations:
            assert 0 <= o.start <= o.end <= n and math.isfinite(o.value)
            a, b = doc.original_span(o.start, o.end)
            assert 0 <= a <= b <= len(raw)
