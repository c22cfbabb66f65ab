"""Segmentation: articles, metadata, sentences, and the map back to the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest import read_page
from kg.model import Page
from kg.normalize import normalize_text
from kg.normalize.mojibake import LOST
from kg.normalize.script import to_simplified
from kg.segment import segment

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
BODY = "示例园区坚持创新驱动，持续优化营商环境，全年引进重点项目二十个。"


def docs_of(text: str):
    page = Page(path="mem.txt", name="mem.txt", text=text, encoding="utf-8", sha1="0" * 40)
    return segment(page, normalize_text(text))


def seed(prefix: str):
    page = read_page(next(p for p in SEEDS if p.name.startswith(prefix)))
    return page, segment(page, normalize_text(page.text))


DATES = [
    ("发布日期：2019-09-10", "2019-09-10"),
    ("发布时间:2019-9-1 10:20:30", "2019-09-01"),
    ("时间:2024/01/08", "2024-01-08"),
    ("日期：2016.08.29 点击：次", "2016-08-29"),
    ("- 時間:2025-03-24", "2025-03-24"),
    ("2019年9月10日 10:20 来源：示例日报", "2019-09-10"),
    ("2021年12月3日", "2021-12-03"),
    ("来源：示例网 日期：2020年1月2日 浏览：128", "2020-01-02"),
]


@pytest.mark.parametrize("line, iso", DATES)
def test_dates_come_out_iso(line, iso):
    (doc,) = docs_of(f"示例园区发展综述\n{line}\n{BODY}")
    assert doc.date == iso


SOURCES = [
    ("来源：示例日报", "示例日报"),
    ("來源:示例信息港", "示例信息港"),
    ("发布日期：2019-09-10   编辑：某网   来源：示例导报", "示例导报"),
    ("来源:未知 日期:2016-08-29 点击:次", ""),
]


@pytest.mark.parametrize("line, source", SOURCES)
def test_source(line, source):
    (doc,) = docs_of(f"示例园区发展综述\n{line}\n{BODY}")
    assert doc.source == source
    assert "点击" not in doc.text or all("点击" not in doc.sentence_text(s) for s in doc.sentences)


REPORTERS = [
    ("本报记者 张小明", "张小明"),
    ("记者 李四", "李四"),
    ("本报记者 王五 通讯员 赵六", "王五"),
    ("（示例日报 记者钱七报道）", "钱七"),
]


@pytest.mark.parametrize("line, name", REPORTERS)
def test_reporter(line, name):
    (doc,) = docs_of(f"示例园区发展综述\n{line}\n{BODY}")
    assert doc.reporter == name
    assert all(line.strip("（）") not in doc.sentence_text(s) for s in doc.sentences)


def test_closing_byline_is_metadata_not_a_sentence():
    (doc,) = docs_of(f"示例园区发展综述\n{BODY}(示例日报 首席记者孙八)")
    assert doc.reporter == "孙八" and doc.source == "示例日报"
    assert doc.sentence_text(doc.sentences[-1]).endswith("二十个。")


SENTENCES = [
    ("甲园区成立。乙园区扩建！丙园区呢？", ["甲园区成立。", "乙园区扩建！", "丙园区呢？"]),
    ("他说：“要加快发展。”会议随后结束。", ["他说：“要加快发展。”", "会议随后结束。"]),
    ("增长3.5%，总额11.23亿元。下降0.7个百分点。", ["增长3.5%，总额11.23亿元。", "下降0.7个百分点。"]),
    ("前沿(试点)启动。后续跟进……", ["前沿(试点)启动。", "后续跟进……"]),
    ("一是强化服务；二是优化环境。", ["一是强化服务；", "二是优化环境。"]),
    ("口号是“一年见成效；三年大突破”。", ["口号是“一年见成效；三年大突破”。"]),
]


@pytest.mark.parametrize("para, expected", SENTENCES)
def test_sentence_splitting(para, expected):
    (doc,) = docs_of(f"示例园区发展综述\n{para}")
    got = [doc.sentence_text(s) for s in doc.sentences][1:]
    assert got == expected


def test_several_articles_on_one_page():
    arts = [("甲高新区：冲刺一流", "张小明"), ("乙高新区：答卷精彩", "李小红"), ("丙高新区：体系形成", "张小明")]
    text = "\n\n".join(f"{t}\n\n本报记者 {r}\n\n{BODY}\n\n第二段内容同样重要，需要保留，也很长。" for t, r in arts)
    docs = docs_of(text)
    assert [(d.title, d.reporter) for d in docs] == [(to_simplified(t), r) for t, r in arts]


SECOND_ARTICLE = [
    # a second article whose body opens with a dateline, no byline line of its own
    ("本报讯（记者 余小文）3月18日，", True),
    ("新华社甲城3月18日电 记者获悉，", True),
    ("示例日报讯 近日，", True),
    # a body line that only mentions a newspaper is no dateline
    ("本报记者获悉，园区将继续推进", False),
]


DATELINE_AFTER_BODY = [
    # a dateline never continues an article: its story starts there, even with no headline kept
    ("本报讯（记者 余小文）3月18日，文化节开幕，预计吸引游客3万人次。", 2),
    ("示例新闻网3月7日电 据报道，文化节开幕。", 2),
    ("本报记者获悉，园区将继续推进。", 1),
]


@pytest.mark.parametrize("line, count", DATELINE_AFTER_BODY)
def test_dateline_after_body_opens_an_article(line, count):
    text = f"甲高新区：冲刺一流\n发布日期：2019-09-10\n{BODY}\n第二段写园区的工作，内容较长，需要保留。\n\n{line}"
    assert len(docs_of(text)) == count


@pytest.mark.parametrize("lead,split", SECOND_ARTICLE)
def test_dateline_opens_a_second_article(lead, split):
    text = f"甲高新区：冲刺一流\n\n本报记者 张小明\n\n{BODY}\n\n青山村举办油菜花节\n\n{lead}文化节开幕，预计吸引游客3万人次。"
    docs = docs_of(text)
    assert len(docs) == (2 if split else 1)
    if split:
        assert docs[1].title == "青山村举办油菜花节"


STORY_THEN_ARTICLE = [
    # a short dateline story, then a page article with no byline: the headline ends the story
    ("甲高新区：打造区域经济新增长极\n\n" + BODY, ["青山村举办油菜花节", "甲高新区：打造区域经济新增长极"]),
    ("甲高新区打造新增长极\n- 时间:2024-01-08\n" + BODY, ["青山村举办油菜花节", "甲高新区打造新增长极"]),
    # a body that opens with an agency dateline with the date inside ends it as well
    ("示例新闻网3月7日电 据报道，" + BODY, ["青山村举办油菜花节", ""]),
    # numbered or colon-ended section headings stay inside the story
    ("一、坚持创新驱动\n\n" + BODY, ["青山村举办油菜花节"]),
    ("下一步工作安排：\n\n" + BODY, ["青山村举办油菜花节"]),
]


@pytest.mark.parametrize("after, titles", STORY_THEN_ARTICLE)
def test_short_dateline_story_ends_before_the_next_article(after, titles):
    text = f"青山村举办油菜花节\n本报讯（记者 余小文）3月18日，文化节开幕，预计吸引游客3万人次。\n\n{after}"
    assert [d.title for d in docs_of(text)] == titles


def test_long_dateline_article_keeps_its_section_headings():
    paras = "\n\n".join(f"第{n}段写园区的第{n}项工作，内容较长，需要保留。" for n in "一二三")
    text = f"甲高新区冲刺一流\n本报讯 近日，{BODY}\n\n{paras}\n\n坚持创新驱动发展\n\n{BODY}"
    assert [d.title for d in docs_of(text)] == ["甲高新区冲刺一流"]


def test_seed_004_has_three_articles():
    _, docs = seed("004")
    assert len(docs) == 3
    reporters = [d.reporter for d in docs]  # the first and last article share a reporter; names not written here
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", r) for r in reporters)
    assert reporters[0] == reporters[2] != reporters[1]
    assert all("高新区" in d.title for d in docs)
    joined = "".join(docs[0].text.split())
    assert "其他县市区的3倍" in joined


def test_seed_001_menu_and_related_list_gone_last_paragraph_kept():
    page, docs = seed("001")
    (doc,) = docs
    assert "登录" not in doc.text and "孵化器\n" not in doc.text and "[详情]" not in doc.text
    last = page.text.rstrip().split("图片新闻推荐")[0].strip().split("\n")[-1].strip()
    assert normalize_text(last).text.text in doc.text
    first = doc.sentence_text(doc.sentences[1])
    assert doc.text.count(first) == 1
    assert doc.date == "2019-09-10"


def test_seed_003_bar():
    pytest.importorskip("pypinyin")
    page, (doc,) = seed("003")
    text = doc.text
    assert not any(c in text for c in "笨倳纱箢搿翱燔鐓?")
    for word in ["两大", "”总书记", "跨区域"]:
        assert word in text
    sentences = "".join(doc.sentence_text(s) for s in doc.sentences)
    assert "(" not in sentences.replace("(试行)", "").replace("(市)", "").replace("(度假)", "")
    assert doc.lost_chars == text.count(LOST) > 0
    assert doc.repaired_chars > doc.lost_chars
    assert doc.date == "2025-03-24" and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", doc.reporter)
    assert re.search("记者[ ：:]*" + doc.reporter, to_simplified(page.text))


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_round_trip_every_sentence(path):
    page = read_page(path)
    norm = normalize_text(page.text)
    for doc in segment(page, norm):
        for sent in doc.sentences:
            a, b = doc.original_span(sent.start, sent.end)
            surface = page.text[a:b]
            assert surface and surface == surface.strip()
            # re-normalizing the page's slice gives back the sentence (line breaks aside)
            again = normalize_text(surface).text.text
            assert _fold(again) == _fold(doc.sentence_text(sent))


def _fold(text: str) -> str:
    """Line breaks aside, and half-width punctuation whose fate depended on a neighbour outside the slice."""
    return "".join(text.split()).translate(str.maketrans(",;:?!", "，；：？！"))


def test_describe_reports_metadata_and_sentences():
    from kg.pipeline.describe import describe

    out = describe(str(next(p for p in SEEDS if p.name.startswith("004"))))
    assert out.count("## article") == 3 and "图片来源" in out
    assert len(re.findall(r"reporter: [\u4e00-\u9fff]{2,4}\n", out)) == 3  # one reporter line per article
