"""Drop page furniture by shape, not by a list of site strings.

Article prose is made of long lines dense with sentence punctuation. Menus,
breadcrumbs, link lists and share bars are runs of short, unpunctuated lines
or lines cut by separators (``|``, ``>``). Captions and copyright lines are
short lines that open with a label. Paragraphs repeated verbatim are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENT_PUNCT = re.compile(r"[。！？；，、!?;,]")
_SEPARATORS = re.compile(r"\s[|｜]\s|[|｜]|\s>\s|>\s|»|›|＞")
_LINK_TAIL = re.compile(r"(\.\.\.|…|……)\s*[\[【［(（][^\]】］)）]{1,4}[\]】］)）]\s*$|[\[【][^\]】]{1,4}[\]】]\s*$|>>\s*$")
_LABELLED = re.compile(r"^\s*(图片来源|图片|图|摄影|摄|责任编辑|编辑|审核|校对|版权所有|copyright|©|分享到|扫一扫|打印|关闭窗口|上一篇|下一篇|相关阅读|相关新闻|相关文章)\s*[:：]?", re.I)
_BULLET = re.compile(r"^[\s•·●◆■\-*]+")
REPORTER = re.compile(r"^[\s(（]*(本报记者|记者|通讯员|文/|文：|撰文)\s*[\u4e00-\u9fff]{2,4}([\s、，,][\u4e00-\u9fff]{2,4})*\s*[)）]?\s*$")
META = re.compile(r"^[\s•·●◆■\-*]*(发布日期|发布时间|日期|时间|来源|浏览|浏览次数|点击|阅读|作者|字号)\s*[:：]")
MIN_RUN = 3
SHORT = 14


@dataclass(frozen=True)
class LineVerdict:
    keep: bool
    reason: str = ""


def _is_short_bare(line: str) -> bool:
    core = _BULLET.sub("", line).strip()
    return 0 < len(core) <= SHORT and not _SENT_PUNCT.search(core)


def classify(lines: list[str]) -> list[LineVerdict]:
    """Decide for each line whether it is article text (keep) or furniture."""
    verdicts = [LineVerdict(True) for _ in lines]
    for i, line in enumerate(lines):
        core = _BULLET.sub("", line).strip()
        if not core:
            continue
        if META.match(line):
            verdicts[i] = LineVerdict(True, "meta")
            continue
        punct = len(_SENT_PUNCT.findall(core))
        if _LINK_TAIL.search(core) and len(core) < 80:
            verdicts[i] = LineVerdict(False, "link-list item")
        elif (n_sep := len(_SEPARATORS.findall(core))) >= 2 and (punct <= 1 or n_sep >= 3) and "。" not in core:
            verdicts[i] = LineVerdict(False, "menu or breadcrumb")
        elif _LABELLED.match(core) and len(core) < 40 and "。" not in core:
            verdicts[i] = LineVerdict(False, "caption or footer")
        elif len(core.split()) >= 5 and max(len(w) for w in core.split()) <= 6 and punct == 0:
            verdicts[i] = LineVerdict(False, "menu bar")
    # Runs of short unpunctuated lines (blank lines and dropped lines do not break a run).
    run: list[int] = []

    def flush() -> None:
        if len(run) >= MIN_RUN:
            for j in run:
                verdicts[j] = LineVerdict(False, "list of short lines")
        run.clear()

    for i, line in enumerate(lines):
        if not line.strip() or not verdicts[i].keep or verdicts[i].reason == "meta":
            continue
        if _is_short_bare(line):
            run.append(i)
        else:
            flush()
    flush()
    # Paragraphs repeated verbatim: keep the first.
    seen: set[str] = set()
    for i, line in enumerate(lines):
        core = line.strip()
        if verdicts[i].keep and len(core) >= 20:
            if core in seen:
                verdicts[i] = LineVerdict(False, "repeated paragraph")
            seen.add(core)
    return verdicts
