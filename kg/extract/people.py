"""People: a surname after a title or before 博士/教授, then every later occurrence."""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import overlaps

SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_TITLES = "主任|副主任|书记|副书记|局长|副局长|区长|副区长|市长|副市长|县长|州长|省长|总经理|副总经理|常务副总经理|董事长|总裁|院长|所长|处长|科长|主席|秘书长|首席记者|记者|博士|教授|工程师|负责人|专家"
_PERSON_AFTER_TITLE = re.compile(rf"(?:{_TITLES})([\u4e00-\u9fff]{{2,3}}?)(?=表示|介绍|说|指出|强调|认为|在|依然|告诉|坦言|透露|——|，|。|、|\s|$|）|\))")
_PERSON_BEFORE_TITLE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:博士|教授|院士)")


def find_people(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    names: set[str] = set()
    for m in _PERSON_AFTER_TITLE.finditer(text):
        name = m.group(1)
        if name[0] in SURNAMES and not GAZETTEER.candidates(name):
            names.add(name)
    for m in (_PERSON_BEFORE_TITLE.finditer(text) if "博士" in text or "教授" in text or "院士" in text else ()):
        name = m.group(1)
        prev = text[m.start() - 1:m.start()] if m.start() else ""
        if name[0] in SURNAMES and prev in ("—", "，", "、", " ", "") and not GAZETTEER.candidates(name):
            names.add(name)
    if doc.reporter and doc.reporter[0] in SURNAMES:
        names.add(doc.reporter)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if overlaps(m.start(), m.end(), out) or overlaps(m.start(), m.end(), found):
                continue
            out.append(Mention("Person", name, m.start(), m.end(), "people", canonical=name))
    return out
