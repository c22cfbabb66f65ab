"""Segment: split a normalized page into articles, metadata and sentences.

A page may carry several articles (a newspaper page: headline, byline, body,
next headline...). An article starts at a short headline line that is followed
closely by a byline or a metadata line, or where a short dateline story ends
(:mod:`kg.segment.stories`). Metadata lines (labelled ones, or a
short dateline near the top) are read and kept out of the sentences, and so
is a closing byline such as ``(X日报 记者Y报道)``; headings stay, as one-line
paragraphs. Dates come out as ISO 8601 whatever the page's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Page, Sentence
from ..normalize import NormalizedPage
from ..normalize.furniture import DATELINE_LEAD as _DATELINE_LEAD, META, REPORTER
from .stories import ends_short_story, opens_story

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE = re.compile(r"来源\s*[:：][ \t]*([^\s|｜]+)")
_UNKNOWN = {"未知", "无", "本站", "网络", "-"}
_BYLINE_TAIL = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,10}?)\s*(?:首席|特约|实习)?记者\s*([\u4e00-\u9fff]{2,4}?)(?:报道)?\s*[)）]\s*$")
_REPORTER_NAME = re.compile(r"(?:本报记者|记者|通讯员|文/|文：|撰文)\s*([\u4e00-\u9fff]{2,4})")
_SENT_END = re.compile(r"[。！？!?…]+[”’」』)）]*|；(?=[^”’」』]*$)")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def core(self) -> str:
        return self.text.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _is_headline(line: _Line) -> bool:
    core = line.core
    return 0 < len(core) <= 40 and "。" not in core and not META.match(core) and not REPORTER.match(core)


def _article_starts(lines: list[_Line]) -> list[int]:
    nonblank = [i for i, ln in enumerate(lines) if ln.core]
    if not nonblank:
        return []
    starts = [nonblank[0]]
    body, story = 0, False  # body paragraphs of the current article; did it open with a dateline?
    for pos, i in enumerate(nonblank):
        core = lines[i].core
        headline = _is_headline(lines[i])
        if i != starts[-1] and ((story and ends_short_story(core, body, headline))
                                or (body and not headline and opens_story(core))):
            # a short dateline story ends here; a dateline after body paragraphs opens a story of its own
            starts.append(i)
            body, story = 0, False
        elif headline:
            following = nonblank[pos + 1:pos + 3]
            if any(REPORTER.match(lines[j].core) or _DATELINE_LEAD.match(lines[j].core) for j in following) and i != starts[0]:
                # the headline opens a new article unless it is the first one's title
                if not (len(starts) == 1 and all(not lines[k].core or _is_headline(lines[k]) or META.match(lines[k].core)
                                                 for k in range(starts[0], i))):
                    starts.append(i)
                    body, story = 0, False
        if not headline and not META.match(core) and not REPORTER.match(core):
            story = story or (body == 0 and opens_story(core))
            body += 1
    return starts


def _iso_date(text: str) -> str:
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _is_dateline(core: str) -> bool:
    """A short unpunctuated line carrying a date (``2019年9月10日 10:20 来源：X``) is metadata."""
    return len(core) <= 60 and "。" not in core and "，" not in core and bool(_iso_date(core))


def _split_sentences(line: _Line) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph line, trimmed of surrounding spaces."""
    spans, pos = [], line.start
    text = line.text
    for m in _SENT_END.finditer(text):
        spans.append((pos, line.start + m.end()))
        pos = line.start + m.end()
    if pos < line.end:
        spans.append((pos, line.end))
    out = []
    for a, b in spans:
        seg = text[a - line.start:b - line.start]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out


def segment(page: Page, norm: NormalizedPage) -> list[Document]:
    mt = norm.text
    lines = _lines(mt.text)
    starts = _article_starts(lines)
    if not starts:
        return []
    bounds = list(zip(starts, starts[1:] + [len(lines)]))
    docs: list[Document] = []
    for index, (first, last) in enumerate(bounds):
        a_start = lines[first].start
        a_end = lines[last - 1].end
        sub = mt.slice(a_start, a_end)
        title = lines[first].core if _is_headline(lines[first]) else ""
        date = source = reporter = ""
        sentences: list[Sentence] = []
        paragraph = 0
        seen = 0
        for ln in lines[first:last]:
            core = ln.core
            if not core:
                continue
            seen += 1
            if META.match(core) or (2 <= seen <= 6 and _is_dateline(core)):
                date = date or _iso_date(core)
                sm = _SOURCE.search(core)
                if sm and not source and sm.group(1) not in _UNKNOWN:
                    source = sm.group(1)
                continue
            if REPORTER.match(core):
                rm = _REPORTER_NAME.search(core)
                reporter = reporter or (rm.group(1) if rm else "")
                continue
            tail = _BYLINE_TAIL.search(ln.text)
            if tail:
                source = source or tail.group(1)
                reporter = reporter or tail.group(2)
                ln = _Line(ln.start, ln.start + tail.start(), ln.text[:tail.start()])
                if not ln.core:
                    continue
            for s, e in _split_sentences(ln):
                sentences.append(Sentence(len(sentences), s - a_start, e - a_start, paragraph))
            paragraph += 1
        if not sentences:
            continue
        docs.append(Document(
            page=page, article_index=len(docs), text=sub.text, origin=sub.origin,
            title=title, date=date, source=source, reporter=reporter,
            sentences=tuple(sentences),
            repaired_chars=norm.repaired_chars if index == 0 else 0,
            lost_chars=norm.lost_chars if index == 0 else 0,
        ))
    return docs
