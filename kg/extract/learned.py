"""Enterprises the foolnltk tagger finds where the rules found nothing (``kg build``'s default ``--ner auto``).

Why a model here: the rules find companies from their legal heads, list tails
and actor verbs; a bare brand or short name in a sentence of another shape
(X与Y达成合作, 来自X的…) has no cue they know. The character BiLSTM-CRF of the
``foolnltk`` package (:mod:`kg.ner.fool`) tags such names from the
characters around them. It runs only on sentences whose words say an
enterprise may be there (the ``TRIGGERS`` below, through the candidate scan),
and fills gaps: a span that overlaps a mention the rules found is left to the
rules, which win on edges. Only the ``company`` tag is used (the guideline
makes every Organization optional, so the ``org`` tag could only cost
precision), and the precision guards of the rules apply: no places, sectors,
generic words, parks or project fragments.

Off unless :func:`kg.ner.use` turns it on (the build does so for ``--ner fool``, and for ``--ner auto``
when the model is installed);
the switch is process-wide and set before workers fork, as the gazetteers are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from ..model import Document, Mention
from ..ner import active
from ..reference.places import GAZETTEER
from .common import COMPANY_END, GENERIC_ENT, overlaps, sectorish_only, sentences
from .lexicon import NOMINAL_VERBS, on_token_edges, tag, tokens

# Words of a sentence that may name an enterprise: corporate heads and words, list tails, actor verbs.
TRIGGERS = ("公司", "集团", "企业", "品牌", "股份", "控股", "厂商", "巨头", "龙头", "落户", "入驻", "签约", "签署", "签订",
            "引进", "引入", "招引", "投资", "投建", "合作", "携手", "联合", "项目", "基地", "工厂", "总部", "产能", "投产")
# What a company name never is: a zone, a project or facility, a plain place, a government body.
_NOT_COMPANY = re.compile(r"(?:园区?|开发区|高新区|新区|保税区|综保区|片区|项目|工程|基地|中心|政府|委员会|管委会|局|厅|办|"
                          r"省|市|县|区|镇|乡|村|街道|大学|学院)$|^[\d一二三四五六七八九十两几多每各该本其]")
_CUE = re.compile("|".join(TRIGGERS))
_CLAUSE = re.compile("[，；：。！？,;!?\n]")
_REACH = 25  # characters of context on each side of a cue, at most: a name and what it does
_MIN_CHARS = 2
# Trades that make a place-prefixed short name a company (X银行, X石化) beside the rules' corporate endings.
_TRADE_END = re.compile(r"(?:银行|证券|保险|信托|石化|石油|电力|电网|港务|水泥|啤酒|航运)$")


def find_model_enterprises(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    """The tagger's ``company`` spans in the cue windows of ``doc``, kept when guarded and not overlapping.

    The windows were usually tagged already with those of the other pages of
    the chunk (:func:`tag_ahead`); any that were not are tagged now, in one batch.
    """
    if active() != "fool":
        return []
    out: list[Mention] = []
    for (w_start, _w_end), tagged in zip(*_tagged_windows(doc)):
        for a, b, kind in tagged:
            if kind != "company":
                continue
            a, b = a + w_start, b + w_start
            name = doc.text[a:b]
            if keep(name) and on_token_edges(doc.text, a, b) and not overlaps(a, b, found) and not overlaps(a, b, out):
                out.append(Mention("Enterprise", name, a, b, "enterprise-model", canonical=name))
    return out


# Tagged windows waiting for their document's extraction: (id of the text, start, end) -> (text, spans).
# Keyed by the document's text object and a position, never by window text: each is read once (popped).
_AHEAD: dict[tuple[int, int, int], tuple[str, list[tuple[int, int, str]]]] = {}


def tag_ahead(docs: Iterable[Document]) -> None:
    """Tag the cue windows of several documents in one batch, before their extraction asks for them.

    Why: the tagger steps through characters, and a step costs a dozen numpy
    calls whether it carries the windows of one page or of sixteen; batching a
    chunk of pages makes the steps few and full (a third of the tagger's CPU
    on real-like pages). The map step calls this for each chunk; the
    windows are the ones :func:`find_model_enterprises` asks for, so the tags
    are those it would compute. A no-op when the tagger is off.
    """
    _AHEAD.clear()
    if active() != "fool":
        return
    from ..ner import fool  # numpy is imported only when the tagger is on

    held = [(doc.text, a, b) for doc in docs for a, b in windows(doc)]
    for (text, a, b), spans in zip(held, fool.load().spans([text[a:b] for text, a, b in held])):
        _AHEAD[(id(text), a, b)] = (text, spans)


def _tagged_windows(doc: Document) -> tuple[list[tuple[int, int]], list[list[tuple[int, int, str]]]]:
    """The windows of ``doc`` and their spans: those tagged ahead (taken out), the others tagged now."""
    from ..ner import fool

    spans = windows(doc)
    tagged: list[list[tuple[int, int, str]] | None] = []
    for a, b in spans:
        held = _AHEAD.pop((id(doc.text), a, b), None)
        tagged.append(held[1] if held is not None and held[0] is doc.text else None)
    missing = [i for i, t in enumerate(tagged) if t is None]
    if missing:
        for i, found in zip(missing, fool.load().spans([doc.text[spans[i][0]:spans[i][1]] for i in missing])):
            tagged[i] = found
    return spans, tagged


def windows(doc: Document) -> list[tuple[int, int]]:
    """Stretches of ``doc`` to tag: around each cue word, within its clause and the one before.

    Why not whole sentences: the tagger's cost is a Python step per character of
    the longest text in the batch, and a company name sits near its cue
    (X与Y签约, 引进A、B等企业, X将在…建设总部): the cue's clause and the one
    before it (cut at ，；：。), at most ``_REACH`` characters on each side,
    give nearly the same names for 60 % of the characters and half the steps
    (on 317 real-like pages, 5 of the 61 names found in whole sentences lost, 9 others found).
    Overlapping windows are merged.
    A cue inside a mention the rules found still opens a window: the company
    is often the head of a project name (X炼化一体化项目).
    """
    out: list[tuple[int, int]] = []
    for s_start, s_end, sent in sentences(doc):
        cues = [(m.start() + s_start, m.end() + s_start) for m in _CUE.finditer(sent)]
        cuts = [m.start() + s_start for m in _CLAUSE.finditer(sent)] if cues else []
        for a, b in cues:
            lo = max(s_start, a - _REACH)
            before = bisect_left(cuts, a)  # cuts[:before] are before the cue; the clause before it is kept
            if before - bisect_left(cuts, lo) >= 2:
                lo = cuts[before - 2] + 1
            hi = min(s_end, b + _REACH)
            after = bisect_left(cuts, b)
            if after < len(cuts) and cuts[after] < hi:
                hi = cuts[after]
            if out and lo < out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
    return out


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
