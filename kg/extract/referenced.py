"""Names from the user's gazetteers (``kg build --gazetteer``), found in the text.

Why a separate finder: rules find enterprises from context; a list the user
gives finds the ones the text names bare (a stock short name in passing). A
listed name is taken only where jieba's cut of the clause starts and ends a
token there, so a short name inside a longer word (a two-character name inside
a four-character common word) is not a match; names already inside a mention
the rules found are left to that mention, which the list then links. A short
name made only of common words (新里程, 绿色动力) is a phrase more often than
a company, unless it ends in a company head (…股份, …集团): left out too.
"""

from __future__ import annotations

from ..reference.gazetteer import active
from ..model import Document, Mention
from .common import overlaps, sentences
from .lexicon import on_token_edges, tag, tokens

_PROPER_TAGS = frozenset("ns nr nrt nrfg nz nt j eng ?".split())
_COMPANY_TAILS = frozenset("股份 集团 控股 实业 科技 药业 医药 电子 电气 软件 传媒 重工 钢铁 酒业 化工 新材 能源 汽车 智能".split())


def find_listed(doc: Document, found: tuple[Mention, ...]) -> list[Mention]:
    gaz = active()
    if not gaz.searchable:
        return []
    text = doc.text
    out: list[Mention] = []
    for s_start, s_end, sent in sentences(doc):
        i = 0
        while i < len(sent) - 1:
            names = gaz.names_at(sent, i)
            name = next((n for n in names if on_token_edges(sent, i, i + len(n)) and _not_a_phrase(n, gaz)), None)
            if name is None:
                i += 1
                continue
            a, b = s_start + i, s_start + i + len(name)
            entry = gaz.by_name[name]
            if not overlaps(a, b, found) and not overlaps(a, b, out):
                out.append(Mention(entry.type, text[a:b], a, b, "gazetteer", canonical=text[a:b]))
            i += len(name)
    return out


def _not_a_phrase(name: str, gaz) -> bool:
    """False for a listed short name that is a phrase of common words (full names and user lists always pass)."""
    entry = gaz.by_name[name]
    if entry.ref_property != "stockCode" or name == entry.legal_name or name.endswith("公司"):
        return True
    toks = tokens(name)
    return toks[-1] in _COMPANY_TAILS or any(tag(t) in _PROPER_TAGS for t in toks)
