"""Pinyin removal, character shape and furniture, as tables of (page text, expectation)."""

from __future__ import annotations

import pytest

from kg.normalize import normalize_text
from kg.normalize.script import to_simplified


def clean(raw: str) -> str:
    return normalize_text(raw).text.text


# Readings a converter leaves after characters or words: all go.
PINYIN_GONE = [
    ("產(chǎn)業(yè)發展很快。", "产业发展很快。"),
    ("中国(zhōngguó)经济稳步增长。", "中国经济稳步增长。"),
    ("中国(zhōng guó)经济稳步增长。", "中国经济稳步增长。"),
    ("協(xié)調(diào)發(fā)展是关键。", "协调发展是关键。"),
    ("推動(dòng)园区建設(shè)。", "推动园区建设。"),
    ("綠(lǜ)色发展。", "绿色发展。"),
    ("園區(qū)（yuánqū）经济。", "园区经济。"),
] + [
    # pattern-built: one traditional character with its toned reading, inside a sentence
    (f"今年{t}({r})项目增长。", f"今年{s}项目增长。")
    for t, r, s in [("機", "jī", "机"), ("經", "jīng", "经"), ("開", "kāi", "开"), ("環", "huán", "环"),
                    ("業", "yè", "业"), ("層", "céng", "层"), ("術", "shù", "术"), ("質", "zhì", "质")]
]

# Real parentheses survive.
PARENS_KEPT = [
    "合肥医药电子商务(物流)产业园",
    "管理办法(试行)",
    "三年行动方案(2023—2025年)",
    "地区生产总值(GDP)增长",
    "现代中药与民族药(彝族药)获批",
    "新石器慧通(北京)科技有限公司",
    "(武鸣华侨农场)",
    "面积(km2)",
    "单位(万元)",
    "指数(PMI)回升",
    "示范区(A区)建设",
    "公司(ltd)成立",
]


@pytest.mark.parametrize("raw, expected", PINYIN_GONE)
def test_pinyin_readings_are_removed(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("raw", PARENS_KEPT)
def test_real_parentheses_survive(raw):
    assert clean(raw) == raw


@pytest.mark.parametrize("line", ["yuán qū fā zhǎn", "Zhōngguó", "ˉ ˊ ˇ ˋ", "chǎn yè"])
def test_a_line_of_only_pinyin_is_not_text(line):
    out = clean(f"园区发展很快，效益很好。\n{line}\n企业数量稳步增长。")
    assert line not in out
    assert "园区发展很快" in out and "企业数量稳步增长" in out


def test_toneless_reading_needs_the_converter_on_the_page():
    assert clean("小组(de)成员") == "小组(de)成员"
    assert clean("產(chǎn)業(yè)的(de)发展") == "产业的发展"


SHAPE = [
    ("你好,世界", "你好，世界"),
    ("园区;企业", "园区；企业"),
    ("目标:增长", "目标：增长"),
    ("为什么?因为", "为什么？因为"),
    ("太好了!继续", "太好了！继续"),
    ("总额1,000万元", "总额1,000万元"),
    ("时间10:30开始", "时间10:30开始"),
    ("２０２３年", "2023年"),
    ("ＧＤＰ增长", "GDP增长"),
    ("园区\u00a0企业发展", "园区 企业发展"),
    ("园区\u3000企业发展", "园区 企业发展"),
    ("园\u200b区", "园区"),
    ("開發區產業", "开发区产业"),
    ("經濟總量穩步壯大", "经济总量稳步壮大"),
    # Hong Kong variants that a plain t2s table leaves (s2hk converters write them)
    ("醫療衞生及衞星技術應用", "医疗卫生及卫星技术应用"),
]


@pytest.mark.parametrize("raw, expected", SHAPE)
def test_character_shape(raw, expected):
    assert clean(raw) == expected


BROKEN_LINES = [
    ("该高新区建设用地的地均产值达到了发达省份水平，是其他县市\n\n区的3倍以上。", "是其他县市区的3倍以上。"),
    ("企业群体实现规模化扩张，骨干企业引领全球，云岚模切\n\n机引领全球，份额过半。", "云岚模切机引领全球"),
    ("人才工作放在突出位置，始终把人才引\n\n\n图片来源：示例新区\n\n育放在突出位置，成效明显。", "始终把人才引育放在突出位置"),
]


@pytest.mark.parametrize("raw, expected", BROKEN_LINES)
def test_stray_line_breaks_are_joined(raw, expected):
    assert expected in clean(raw)


STORY_HEADLINES = [
    # a truncated last line is not continued by the headline of the next story (its body opens with a dateline)
    ("项目一期预计年底全部竣工，项目二期已开\n\n青山村举办油菜花节\n本报讯（记者 余小文）3月18日，文化节开幕。", "\n青山村举办油菜花节\n"),
    ("项目一期预计年底全部竣工，项目二期已开\n\n青山村举办油菜花节\n示例日报讯 近日，文化节开幕。", "\n青山村举办油菜花节\n"),
]


@pytest.mark.parametrize("raw, expected", STORY_HEADLINES)
def test_story_headline_is_not_joined(raw, expected):
    assert expected in clean(raw)


PROSE = "示范园区坚持创新驱动，持续优化营商环境，全年引进重点项目二十个，带动就业岗位一万余个。"
FURNITURE = [
    ("首页 | 新闻 | 政策 | 联系我们", "menu"),
    ("当前位置：示例网 > 新闻动态 > 正文", "breadcrumb"),
    ("首页 > 园区动态 > 详情", "breadcrumb"),
    ("登录 注册", "login bar"),
    ("您好，欢迎来到示例网！ 登录 | 注册 | 设为首页", "welcome bar"),
    ("图片来源：示例高新区", "caption"),
    ("图片来源:网络", "caption"),
    ("分享到：微信 微博 QQ空间", "share bar"),
    ("微信 微博 空间 豆瓣 人人", "share icons"),
    ("Copyright © 2020 示例网 All Rights Reserved", "copyright"),
    ("版权所有：示例信息中心 京ICP备12345678号", "copyright"),
    ("责任编辑：张三", "editor"),
    ("上一篇：示例园区召开大会", "prev link"),
    ("示例园区再获殊荣，创新成果丰硕...[详情]", "related item"),
    ("示例高新区召开推进会 2021-03-05", "related item with date"),
]


def test_descriptive_caption_is_kept():
    """图为：X… says what a photo shows, and names a company or project the prose may not: it stays text."""
    line = "图为：示例科技星河生产基地一角（张三 摄）"
    assert line in clean(f"示例园区发展综述\n{PROSE}\n{line}\n{PROSE}")


@pytest.mark.parametrize("line, kind", FURNITURE)
def test_furniture_lines_are_dropped(line, kind):
    out = clean(f"示例园区发展综述\n{line}\n{PROSE}\n{line}")
    assert line.strip() not in out, kind
    assert PROSE in out


def test_nav_list_and_related_list_are_dropped():
    menu = "\n".join(f"  • {w}" for w in ["新闻", "政策", "技术", "创业", "企业"])
    related = "\n".join(f"{t}\n{t}的详细报道，内容很多...[详情]" for t in ["示例一号园", "示例二号园", "示例三号园"])
    out = clean(f"{menu}\n标题在这里\n{PROSE}\n\n相关新闻推荐\n{related}")
    assert "政策" not in out and "示例二号园" not in out and "详情" not in out
    assert PROSE in out


def test_repeated_paragraph_is_kept_once():
    out = clean(f"标题\n{PROSE}\n\n    {PROSE}\n另一段内容也很长，需要保留下来，不能丢。")
    assert out.count(PROSE) == 1


@pytest.mark.parametrize("line", [
    "高位统筹 聚力发展", "招强引尖 壮大主导产业", "栉风沐雨，奋楫笃行。", "本报记者 张小明", "来源：示例日报",
])
def test_article_lines_between_prose_are_kept(line):
    out = clean(f"标题\n{PROSE}\n{line}\n{PROSE[::-1]}")
    assert line.split("：")[0].strip() in out


# Removal edits the first scan's matches; a reading right after a removed one is found by one more scan only.
READINGS_AND_MAP = [
    ("示例(shì)（shì）园区发展很快。", "示例园区发展很快。"),  # doubled: the second shows once the first is gone
    ("园(yuán)区(qū)(GDP)增长。", "园区(GDP)增长。"),  # an acronym after a removed reading stays
    ("經(jīng)濟(jì)(de)發展，樣(yàng)(yang)本。", "经济发展，样本。"),  # toneless, on a page with toned ones
    ("地(de)区经济。", "地(de)区经济。"),  # toneless and alone: may be real text
]


@pytest.mark.parametrize("raw, expected", READINGS_AND_MAP)
def test_readings_removed_and_the_map_points_back(raw, expected):
    mt = normalize_text(raw).text
    assert mt.text == expected
    assert all(to_simplified(raw[mt.origin[i]]) == ch for i, ch in enumerate(mt.text))
