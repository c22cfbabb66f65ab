"""Drop page furniture by shape, not by a list of site strings.

Article prose is made of long lines dense with sentence punctuation. Menus,
breadcrumbs, link lists and share bars are runs of short, unpunctuated lines
or lines cut by separators (``|``, ``>``), or of a few very short words
(login bars, share bars). Link-list items end in ``...[详情]`` or a bare
date. Captions and copyright lines are short lines that open with a label or
carry a copyright/registration mark. Paragraphs repeated verbatim (spacing
aside) are dropped. Metadata lines are kept for the segmenter to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENT_PUNCT = re.compile(r"[。！？；，、!?;,]")
_SEPARATORS = re.compile(r"\s[|｜]\s|[|｜]|\s>\s|>\s|»|›|＞")
_LINK_TAIL = re.compile(r"(\.\.\.|…|……)\s*[\[【［(（][^\]】］)）]{1,4}[\]】］)）]\s*$|[\[【][^\]】]{1,4}[\]】]\s*$|>>\s*$")
# 图为：X… captions describe what a photo shows and name the article's companies and projects: kept as text.
_LABELLED = re.compile(r"^\s*(图片来源|图片|图(?!为)|摄影|摄|责任编辑|编辑|审核|校对|版权所有|copyright|©|分享到|扫一扫|打印|关闭窗口|上一篇|下一篇|相关阅读|相关新闻|相关文章)\s*[:：]?", re.I)
_FOOTER = re.compile(r"©|copyright|all rights reserved|版权所有|ICP[备证]|公网安备|技术支持\s*[:：]", re.I)
_DATE_TAIL = re.compile(r"[\[(（]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*[\])）]?\s*$")
_BULLETS = "•·●◆■-*"
_BULLET = re.compile(r"^[\s" + re.escape(_BULLETS) + "]+")
REPORTER = re.compile(r"^[\s(（]*(本报记者|记者|通讯员|文/|文：|撰文)\s*[\u4e00-\u9fff]{2,4}([\s、，,][\u4e00-\u9fff]{2,4})*\s*+[)）]?\s*$")
# A body that opens with a news agency's dateline (本报讯, X日报讯, 新华社X月X日电): the line before is a headline.
DATELINE_LEAD = re.compile(r"^[\s【\[]*(?:本报讯|本报[\u4e00-\u9fff\d]{1,10}讯|[\u4e00-\u9fff]{2,10}(?:网|社|台|报)讯|新华社[\u4e00-\u9fff\d]{2,14}电)")
META = re.compile(r"^[\s" + re.escape(_BULLETS) + r"]*(发布日期|发布时间|日期|时间|来源|浏览|浏览次数|点击|阅读|作者|字号)\s*[:：]")
MIN_RUN = 3
SHORT = 14


@dataclass(frozen=True)
class LineVerdict:
    keep: bool
    reason: str = ""


#: The verdict of most lines; verdicts are immutable, so every kept line shares this one.
KEEP = LineVerdict(True)


def _core(line: str) -> str:
    """The line without leading bullets and surrounding space (the regex runs only when the line starts with one)."""
    first = line[:1]
    return _BULLET.sub("", line).strip() if first.isspace() or first in _BULLETS else line.strip()


def _is_short_bare(core: str) -> bool:
    return 0 < len(core) <= SHORT and not _SENT_PUNCT.search(core)


def _cut_by_separators(core: str, punct: int) -> bool:
    """Menus and breadcrumbs: several short pieces between ``|`` or ``>``."""
    n_sep = len(_SEPARATORS.findall(core))
    if n_sep < 2 or "。" in core:
        return False
    pieces = sorted(len(p.strip()) for p in _SEPARATORS.split(core) if p.strip())
    return punct <= 1 or n_sep >= 3 or (bool(pieces) and pieces[len(pieces) // 2] <= 8)


def _between_prose(lines: list[str], i: int) -> bool:
    """A short line with prose on both sides is a subheading, not a bar."""
    def near(step: int) -> str:
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        return lines[j].strip() if 0 <= j < len(lines) else ""
    return all(len(x) >= 30 and _SENT_PUNCT.search(x) for x in (near(-1), near(1)))


def classify(lines: list[str]) -> list[LineVerdict]:
    """Decide for each line whether it is article text (keep) or furniture."""
    verdicts = [KEEP] * len(lines)
    cores = [_core(line) for line in lines]
    for i, (line, core) in enumerate(zip(lines, cores)):
        if not core:
            continue
        if META.match(line):
            verdicts[i] = LineVerdict(True, "meta")
            continue
        if REPORTER.match(line):
            verdicts[i] = LineVerdict(True, "byline")
            continue
        punct = len(_SENT_PUNCT.findall(core))
        # Cheap length checks first: the tail patterns are searched from every position.
        if len(core) < 80 and _LINK_TAIL.search(core):
            verdicts[i] = LineVerdict(False, "link-list item")
        elif _cut_by_separators(core, punct):
            verdicts[i] = LineVerdict(False, "menu or breadcrumb")
        # Each test's cheap conditions first (lengths, the punctuation count): the patterns scan the whole line.
        elif len(core) < 40 and _LABELLED.match(core) and "。" not in core:
            verdicts[i] = LineVerdict(False, "caption or footer")
        elif len(core) < 100 and "。" not in core and _FOOTER.search(core):
            verdicts[i] = LineVerdict(False, "copyright or footer")
        elif punct == 0 and len(words := core.split()) >= 5 and max(len(w) for w in words) <= 6:
            verdicts[i] = LineVerdict(False, "menu bar")
        elif punct == 0 and len(words := core.split()) >= 2 and max(len(w) for w in words) <= 3 and not _between_prose(lines, i):
            verdicts[i] = LineVerdict(False, "menu bar")
        elif punct == 0 and len(core) < 60 and _DATE_TAIL.search(core) and len(_DATE_TAIL.sub("", core).strip()) >= 4:
            verdicts[i] = LineVerdict(False, "link-list item")
    # Runs of short unpunctuated lines (blank lines and dropped lines do not break a run).
    run: list[int] = []

    def flush() -> None:
        if len(run) >= MIN_RUN:
            for j in run:
                verdicts[j] = LineVerdict(False, "list of short lines")
        run.clear()

    for i, line in enumerate(lines):
        if not line.strip() or not verdicts[i].keep or verdicts[i].reason in ("meta", "byline"):
            continue
        if _is_short_bare(cores[i]):
            run.append(i)
        else:
            flush()
    flush()
    # Paragraphs repeated verbatim: keep the first.
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if len(line) < 20 or not verdicts[i].keep:  # too short even with its spaces
            continue
        core = "".join(line.split())
        if len(core) >= 20:
            if core in seen:
                verdicts[i] = LineVerdict(False, "repeated paragraph")
            seen.add(core)
    return verdicts
