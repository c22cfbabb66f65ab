"""kg.extract.learned: the guards on the tagger's company spans, the switch, and gap filling with the real model.

Names are invented. The tests that run the model skip when the foolnltk
package is not installed beside this Python.
"""

from __future__ import annotations

import pytest

from kg.extract import extract, learned, steps
from kg.model import Mention, Page
from kg.pipeline.mapstep import documents_of
from kg.ner import active, fool, modelfiles, use

PAGE = "临江高新区动态\n发布日期：2023-05-06\n{}\n"


@pytest.mark.parametrize("name, kept", [
    ("云岫光电", True),  # a brand with a trade word
    ("星澜微芯科技有限公司", True),
    ("临江银行", True),  # a place and a trade that makes a company
    ("临江动工", False),  # a place and what happens there
    ("高新区", False), ("临江高新区", False), ("芯片封装项目", False), ("临江市人民政府", False),
    ("生物医药", False),  # a sector
    ("该公司", False), ("公司", False),  # generic words
    ("三家企业", False), ("星", False),
])
def test_guards(name, kept):
    assert learned.keep(name) is kept


@pytest.fixture
def fool_on():
    if not modelfiles.available():
        pytest.skip("the foolnltk model is not installed (pip install --no-deps foolnltk)")
    use("fool")
    yield
    use(None)


def enterprises(extract_text, sentence: str) -> list[tuple[str, str]]:
    return [(m.text, m.extractor) for m in extract_text(PAGE.format(sentence)).mentions if m.type == "Enterprise"]


def test_off_by_default_finds_nothing(extract_text):
    assert active() is None
    assert enterprises(extract_text, "据悉，蓝汐能源近日完成新一轮融资，并将在临江高新区建设总部。") == []


@pytest.mark.parametrize("sentence, expected", [
    # a bare short name the rules have no cue for: the tagger fills the gap
    ("据悉，蓝汐能源近日完成新一轮融资，并将在临江高新区建设总部。", [("蓝汐能源", "enterprise-model")]),
    # the rules' legal name wins; the tagger adds only what they did not find
    ("云岫光电的工程师介绍了合作成果。星澜微芯科技有限公司落户临江高新区。",
     [("云岫光电", "enterprise-model"), ("星澜微芯科技有限公司", "enterprises")]),
])
def test_the_tagger_fills_gaps_on_cue_sentences(fool_on, extract_text, sentence, expected):
    assert enterprises(extract_text, sentence) == expected


def test_the_tagger_runs_only_where_a_cue_word_is(fool_on, extract_text):
    """The model tags the name in both sentences; only the one with a cue (合作) is given to it."""
    plain, cued = "记者从蓝汐能源获悉，新产品将于下月上市。", "记者从蓝汐能源获悉，合作产品将于下月上市。"
    assert any(kind == "company" for _a, _b, kind in fool.load().spans([plain])[0])
    assert enterprises(extract_text, plain) == []
    assert enterprises(extract_text, cued) == [("蓝汐能源", "enterprise-model")]


def test_gaps_tagged_ahead_are_read_and_give_the_same_mentions(fool_on, extract_text, monkeypatch):
    """The map step pauses each document before the tagger, tags the gaps of all in one batch (tag_ahead); then
    extraction reads the tags from the cache, calls the model no more, and finds what it would alone."""
    text = PAGE.format("据悉，蓝汐能源近日完成新一轮融资，并将在临江高新区建设总部。云岫光电与星澜微芯签署合作协议。")
    alone = extract_text(text).mentions
    doc = documents_of(Page("t.txt", "t.txt", text, "utf-8", "0" * 40))[0]
    run = steps(doc)
    ex, view, found = next(run)
    assert ex.ahead is learned.tag_ahead and found
    learned.tag_ahead([(view, found)])
    assert learned._ahead()[id(view.text)][2] == learned.windows(view, found) != []
    monkeypatch.setattr(fool, "load", lambda: pytest.fail("the model was asked again"))
    with pytest.raises(StopIteration) as over:
        next(run)
    assert over.value.value.mentions == alone and ("蓝汐能源", "enterprise-model") in [(m.text, m.extractor) for m in alone]
    assert not learned._ahead()  # the windows computed ahead were read (and dropped)


def test_a_window_text_is_tagged_once_per_batch(fool_on, monkeypatch):
    """Repeated sentences (news copies them across pages) are tagged once in a batch; a later batch asks afresh,
    so a page's tags never depend on which chunks this process tagged before (same graph whatever --jobs)."""
    asked: list[list[str]] = []
    model = fool.load()
    real = model.spans
    monkeypatch.setattr(model, "spans", lambda texts: asked.append(list(texts)) or real(texts))
    texts = ["蓝汐能源与云岫光电签约", "星澜微芯落户临江", "蓝汐能源与云岫光电签约"]
    first = learned._tagged(texts)
    assert asked == [texts[:2]] and first[0] == first[2] == real([texts[0]])[0]
    assert learned._tagged(texts[1:]) == first[1:] and asked[1:] == [texts[1:]]


def test_windows_tagged_ahead_stay_in_their_thread(fool_on):
    """The dask engine maps several chunks at once in one process's threads: each reads only what it tagged."""
    import threading

    doc = documents_of(Page("t.txt", "t.txt", PAGE.format("云岫光电与星澜微芯签署合作协议。"), "utf-8", "0" * 40))[0]
    learned.tag_ahead([(doc, ())])
    seen = []
    other = threading.Thread(target=lambda: seen.append(dict(learned._ahead())))
    other.start()
    other.join()
    assert seen == [{}] and id(doc.text) in learned._ahead()
    learned._ahead().clear()


def windows_of(sentence: str) -> list[str]:
    from tests.extract.conftest import run

    doc = run(PAGE.format(sentence)).document
    return [doc.text[a:b] for a, b in learned.windows(doc)]


@pytest.mark.parametrize("sentence, expected", [
    # the cue's clause and the one before it; the clause after is not read
    ("据悉，蓝汐能源近日完成融资，并将在临江建设总部，预计明年投用。", ["蓝汐能源近日完成融资，并将在临江建设总部"]),
    # two cues in one clause: one window
    ("临江高新区引进星澜微芯、云岫光电等企业。", ["临江高新区引进星澜微芯、云岫光电等企业"]),
    # in a long clause the window is the cue and the words that may be a name (蓝汐, 上下游), ten characters around
    ("今年以来我市持续优化营商环境积极推动重点产业发展壮大蓝汐能源签约落地之后还将继续扩大生产规模并带动上下游配套发展",
     ["推动重点产业发展壮大蓝汐能源签约落地之后还将继续扩大生产规模并带动上下游配套发展"]),
    # ... and never reaches more than 25 characters from the cue
    ("这是一段没有任何标点而且很长很长的叙述文字用来检验窗口在线索词前后各自只保留有限字数的规则是否有效蓝汐能源签约落地"
     "之后还会有更多很长很长的没有标点的叙述文字继续延伸下去直到句子结束为止",
     ["限字数的规则是否有效蓝汐能源" "签约" "落地之后还会有更多很长很长的没有标点的叙述"]),
    ("今天天气很好。", []),  # no cue, nothing to tag
    # of several clauses before the cue, only the one right before it is kept; the sentence end closes the window
    ("甲乙，丙丁，戊己与庚辛签约。", ["丙丁，戊己与庚辛签约"]),
    ("一二；三四：蓝汐与云岫合作，九十，十一。", ["三四：蓝汐与云岫合作"]),
    # a window of common words only (and numbers) holds no name the rules could have missed: not tagged
    ("一二；三四：五六与七八合作，九十，十一。", []),
    ("今年规模以上工业企业达到七十家。", []),
    # the windows of later cues in the same sentence overlap the first one's: merged into one
    ("蓝汐能源与云岫光电签约，双方将携手推进项目建设。", ["蓝汐能源与云岫光电签约，双方将携手推进项目建设"]),
    # one window per sentence, never across a sentence end
    ("据悉，星澜微芯落户临江。另讯，云岫光电将投资扩产。", ["据悉，星澜微芯落户临江", "另讯，云岫光电将投资扩产"]),
])
def test_windows_around_the_cues(sentence, expected):
    assert windows_of(sentence) == expected


@pytest.mark.parametrize("sentence, found, expected", [
    # the rules found the legal name around the cue (公司): no gap, no window
    ("星澜微芯科技有限公司正式投产运营。", ["星澜微芯科技有限公司"], []),
    ("星澜微芯科技有限公司正式投产运营。", [], ["星澜微芯科技有限公司正式投产运营"]),
    # a found name in the window is no gap, but an unknown word beside it still is (read with ten characters before)
    ("星澜微芯科技有限公司与蓝汐能源签约。", ["星澜微芯科技有限公司"], ["澜微芯科技有限公司与蓝汐能源签约"]),
    ("星澜微芯科技有限公司与蓝汐能源签约。", ["星澜微芯科技有限公司", "蓝汐能源"], []),
])
def test_windows_only_where_the_rules_left_a_gap(sentence, found, expected):
    from tests.extract.conftest import run

    doc = run(PAGE.format(sentence)).document
    mentions = tuple(Mention("Enterprise", name, doc.text.index(name), doc.text.index(name) + len(name), "enterprises")
                     for name in found)
    assert [doc.text[a:b] for a, b in learned.windows(doc, mentions)] == expected


def test_a_chunk_tagged_together_maps_as_each_page_alone(fool_on):
    """map_pages pauses every document of the chunk before the tagger and tags their gaps in one batch: the facts are
    those of mapping each page by itself (extract straight through, the tagger asked per document)."""
    from kg.pipeline.mapstep import map_page, map_pages

    texts = [PAGE.format("据悉，蓝汐能源近日完成新一轮融资，并将在临江高新区建设总部。"),
             PAGE.format("云岫光电与星澜微芯签署合作协议，星澜微芯科技有限公司落户临江高新区。"),
             PAGE.format("今年规模以上工业企业达到七十家。")]
    pages = [Page(f"p{i}.txt", f"p{i}.txt", text, "utf-8", f"{i:040d}") for i, text in enumerate(texts)]
    together = map_pages(pages)
    assert together == [map_page(page) for page in pages]
    assert any("蓝汐能源" in str(facts) for facts in together[0])
