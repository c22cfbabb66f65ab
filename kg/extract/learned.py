"""Enterprises the foolnltk tagger finds where the rules found nothing (``kg build``'s default ``--ner auto``).

Why a model here: the rules find companies from their legal heads, list tails
and actor verbs; a bare brand or short name in a sentence of another shape
(X与Y达成合作, 来自X的…) has no cue they know. The character BiLSTM-CRF of the
``foolnltk`` package (:mod:`kg.ner.fool`) tags such names from the
characters around them. It runs only on sentences whose words say an
enterprise may be there (the ``TRIGGERS`` below, through the candidate scan),
and only on the gaps the rules left there (:func:`windows`): a span that
overlaps a mention the rules found is left to the rules, which win on edges. Only the ``company`` tag is used (the guideline
makes every Organization optional, so the ``org`` tag could only cost
precision), and the precision guards of the rules apply: no places, sectors,
generic words, parks or project fragments.

Off unless :func:`kg.ner.use` turns it on (the build does so for ``--ner fool``, and for ``--ner auto``
when the model is installed);
the switch is process-wide and set before workers fork, as the gazetteers are.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from functools import lru_cache

from ..model import Document, Mention
from ..ner import active
from ..reference.places import GAZETTEER
from .common import COMPANY_END, GENERIC_ENT, SpanIndex, overlaps, sectorish_only, sentences
from .lexicon import BRAND_TAGS, HAN, NOMINAL_VERBS, NOT_IN_NAME, on_token_edges, tag, tokens

# Words of a sentence that may name an enterprise: corporate heads and words, list tails, actor verbs.
TRIGGERS = ("公司", "集团", "企业", "品牌", "股份", "控股", "厂商", "巨头", "龙头", "落户", "入驻", "签约", "签署", "签订",
            "引进", "引入", "招引", "投资", "投建", "合作", "携手", "联合", "项目", "基地", "工厂", "总部", "产能", "投产")
# What a company name never is: a zone, a project or facility, a plain place, a government body.
_NOT_COMPANY = re.compile(r"(?:园区?|开发区|高新区|新区|保税区|综保区|片区|项目|工程|基地|中心|政府|委员会|管委会|局|厅|办|"
                          r"省|市|县|区|镇|乡|村|街道|大学|学院)$|^[\d一二三四五六七八九十两几多每各该本其]")
_CUE = re.compile("|".join(TRIGGERS))
_CLAUSE = re.compile("[，；：。！？,;!?\n]")
_REACH = 25  # characters of context on each side of a cue, at most: a name and what it does
_AROUND = 10  # characters of context kept around the cue and the words that may be a name, within the window
_MIN_CHARS = 2
# Trades that make a place-prefixed short name a company (X银行, X石化) beside the rules' corporate endings.
_TRADE_END = re.compile(r"(?:银行|证券|保险|信托|石化|石油|电力|电网|港务|水泥|啤酒|航运)$")


def find_model_enterprises(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """The tagger's ``company`` spans in the gap windows of ``doc``, kept when guarded and not overlapping.

    The windows were usually tagged already with those of the other documents
    of the chunk (:func:`tag_ahead`); any that were not are tagged now, in one batch.
    """
    if active() != "fool":
        return []
    held = _ahead().pop(id(doc.text), None)
    if held is not None and held[0] is doc.text and held[1] is found:
        spans, tags = held[2], held[3]
    else:
        spans = windows(doc, found)
        tags = _tagged([doc.text[a:b] for a, b in spans])
    out: list[Mention] = []
    for (w_start, _w_end), tagged in zip(spans, tags):
        for a, b, kind in tagged:
            if kind != "company":
                continue
            a, b = a + w_start, b + w_start
            name = doc.text[a:b]
            if keep(name) and on_token_edges(doc.text, a, b) and not overlaps(a, b, found) and not overlaps(a, b, out):
                out.append(Mention("Enterprise", name, a, b, "enterprise-model", canonical=name))
    return out


# What tag_ahead computed for each document of the chunk, by its text: (text, found, windows, their tags), read
# once by find_model_enterprises. Per thread: the dask engine runs several chunks at once in a worker's threads.
_LOCAL = threading.local()


def _ahead() -> dict[int, tuple[str, tuple[Mention, ...], list[tuple[int, int]], list[list[tuple[int, int, str]]]]]:
    held = getattr(_LOCAL, "ahead", None)
    if held is None:
        held = _LOCAL.ahead = {}
    return held


def tag_ahead(batch: list[tuple[Document, tuple[Mention, ...]]]) -> None:
    """Tag the gap windows of several documents (each with the mentions found before the tagger) in one batch.

    Why: the tagger steps through characters, and a step costs a dozen numpy
    calls whether it carries the windows of one page or of sixteen; batching a
    chunk of pages makes the steps few and full. The map step calls this for
    each chunk (:func:`kg.pipeline.mapstep.map_pages`) with the same mentions
    :func:`find_model_enterprises` then gets, so it asks for the same windows.
    A no-op when the tagger is off.
    """
    ahead = _ahead()
    ahead.clear()
    if active() != "fool":
        return
    spans = [(doc.text, found, windows(doc, found)) for doc, found in batch]
    tags = iter(_tagged([text[a:b] for text, _found, wins in spans for a, b in wins]))
    for text, found, wins in spans:
        ahead[id(text)] = (text, found, wins, [next(tags) for _ in wins])


def _tagged(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """The tagger's spans of each text, tagged in one batch, each distinct text once.

    Why no cache across batches: the model's floats depend a little on the
    batch a window is tagged in (BLAS picks its kernels by shape), so a tag
    reused from another chunk would make a page's graph depend on which
    chunks the process saw before it (and so on ``--jobs`` and the cache). A
    chunk is always the same pages, so tagging each one's windows afresh keeps
    the output the same whatever runs where. Repeats within the batch (news
    copies sentences) are still tagged once.
    """
    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return []
    from ..ner import fool  # numpy is imported only when the tagger is on

    got = dict(zip(distinct, fool.load().spans(distinct)))
    return [got[t] for t in texts]


def windows(doc: Document, found: tuple[Mention, ...] = ()) -> list[tuple[int, int]]:
    """Stretches of ``doc`` to tag: around each cue word with a gap the rules left, within its clause and the one before.

    Why not whole sentences: the tagger's cost is a step per character, and a
    company name sits near its cue (X与Y签约, 引进A、B等企业, X将在…建设总部):
    the cue's clause and the one before it (cut at ，；：。), at most
    ``_REACH`` characters on each side, give nearly the same names for 60 % of
    the characters (on 317 real-like pages, 5 of the 61 names found in whole
    sentences lost, 9 others found). Overlapping windows are merged.

    Why only gaps: a span that overlaps a mention found already is dropped, so
    a cue inside one (公司 of a legal name the rules took) opens no window, and
    neither does a cue whose window, outside the found mentions, holds no word
    that may be part of a name (:func:`_name_like`): 规模以上企业74家,
    重大项目推进 and their like are most cue windows of news about zones. A
    window that does is cut to the cue and those words, ``_AROUND`` characters
    on each side. On the development pages (seeds and dev12) this tags 42 % of
    the characters of the cue windows and finds the same names, also when the
    rules' enterprise mentions are taken away (the 53 names the tagger then adds).
    """
    out: list[tuple[int, int]] = []
    index = SpanIndex(found)
    spans = sorted((m.start, m.end) for m in found)
    starts = [a for a, _b in spans]
    longest = max((b - a for a, b in spans), default=0)
    for s_start, s_end, sent in sentences(doc):
        cues = [(m.start() + s_start, m.end() + s_start) for m in _CUE.finditer(sent)]
        cues = [(a, b) for a, b in cues if not index.covers(a, b)]
        if not cues:
            continue
        cuts = [m.start() + s_start for m in _CLAUSE.finditer(sent)]
        near = spans[bisect_left(starts, s_start - longest):bisect_left(starts, s_end)]
        names = _name_like(doc.text, s_start, s_end, near, cues)
        for a, b in cues:
            lo = max(s_start, a - _REACH)
            before = bisect_left(cuts, a)  # cuts[:before] are before the cue; the clause before it is kept
            if before - bisect_left(cuts, lo) >= 2:
                lo = cuts[before - 2] + 1
            hi = min(s_end, b + _REACH)
            after = bisect_left(cuts, b)
            if after < len(cuts) and cuts[after] < hi:
                hi = cuts[after]
            k = bisect_left(names, lo)
            if k == len(names) or names[k] >= hi:
                continue  # no word in the window that may be part of a name the rules missed
            last = bisect_left(names, hi) - 1  # the window shrinks to the cue and those words, _AROUND on each side
            lo, hi = max(lo, min(names[k], a) - _AROUND), min(hi, max(names[last], b) + _AROUND)
            if out and lo < out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
    return out


def _name_like(text: str, start: int, end: int, found: list[tuple[int, int]], cues: list[tuple[int, int]]) -> list[int]:
    """Sorted offsets of the words of ``text[start:end]`` outside the ``found`` spans and the cues that may be part of
    a name.

    Such a word is one jieba does not know or files as a name, place,
    organization, abbreviation or other proper noun (BRAND_TAGS, ns, nt, j),
    Latin letters, or one of two neighbouring single characters that are no
    function words (an unknown name cut into characters, 磨/憨). Common words
    (规模以上, 重大, 推进, 企业) are not. The sentence is cut into words once
    (:func:`_name_like_words`, cached), and the words overlapping a found
    mention or a cue are left out.
    """
    stops = sorted([(a - start, b - start) for a, b in found if b > start] + [(a - start, b - start) for a, b in cues])
    out: list[int] = []
    k, reach = 0, -1  # stops[:k] start before the word; reach: the furthest end among them
    for a, b in _name_like_words(text[start:end]):
        while k < len(stops) and stops[k][0] < b:
            reach = max(reach, stops[k][1])
            k += 1
        if reach <= a:
            out.append(a + start)
    return out


_PROPER_TAGS = BRAND_TAGS | {"ns", "nt", "j"}
_NOT_A_NAME_CHAR = NOT_IN_NAME | {"a", "ag", "b", "k", "h", "t", "tg", "dg", "f", "x", "z"}


@lru_cache(maxsize=16384)
def _name_like_words(sentence: str) -> tuple[tuple[int, int], ...]:
    """(start, end) in ``sentence`` of its words that may be part of a name (:func:`_name_like`); cached, as news
    repeats sentences."""
    toks = tokens.__wrapped__(sentence)  # not through tokens' cache: the rules' clauses stay in it
    kinds = [_kind(tok) for tok in toks]
    out, at = [], 0
    for i, tok in enumerate(toks):
        k = kinds[i]
        if k == 2 or (k == 1 and ((i > 0 and kinds[i - 1] == 1) or (i + 1 < len(toks) and kinds[i + 1] == 1))):
            out.append((at, at + len(tok)))
        at += len(tok)
    return tuple(out)


@lru_cache(maxsize=65536)
def _kind(tok: str) -> int:
    """2: a word that may be part of a name by itself; 1: a single character that may be, beside another; 0: neither."""
    if _LATIN.search(tok) or (len(tok) >= 2 and HAN.match(tok) and tag(tok) in _PROPER_TAGS):
        return 2
    return int(len(tok) == 1 and HAN.match(tok) is not None and tag(tok) not in _NOT_A_NAME_CHAR)


_LATIN = re.compile(r"[A-Za-z]")


def keep(name: str) -> bool:
    """The precision guards: long enough, not a place, a sector, a generic word or a zone/project/body head,
    not a place and a common word, not ending in a verb."""
    if len(name) < _MIN_CHARS or name in GENERIC_ENT or GAZETTEER.candidates(name) or sectorish_only(name):
        return False
    toks = tokens(name)
    if len(toks) == 2 and (tag(toks[0]) == "ns" or GAZETTEER.candidates(toks[0])) and not (
            COMPANY_END.search(name) or _TRADE_END.search(name)):
        return False  # a place and a common word (X动工, X开工): the word says what happens there
    last = toks[-1]
    return not _NOT_COMPANY.search(name) and not (tag(last).startswith("v") and tag(last) != "vn" and last not in NOMINAL_VERBS)
