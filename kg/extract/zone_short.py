"""A new area named by its bare name (X for X新区) once the article has named it in full.

Why: news about a 新区 writes its full name once and then the bare name (在X注册的企业,
把X打造成…); figures and signings after the bare name are the zone's. Only names that
are no division in the gazetteer (those are places in their own right) and only where
jieba cuts the bare name as a word of its own.
"""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER
from .common import overlaps
from .lexicon import on_token_edges


def bare_zone_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Mentions of X新区 for each bare X written elsewhere in the article."""
    text = doc.text
    bases = {m.canonical[:-2]: m for m in mentions
             if m.type == "Park" and not m.refers and m.canonical.endswith("新区") and len(m.canonical) >= 4}
    out: list[Mention] = []
    for base, zone in sorted(bases.items()):
        if len(base) < 2 or GAZETTEER.candidates(base) or not re.fullmatch(r"[\u4e00-\u9fff]+", base):
            continue
        for hit in re.finditer(re.escape(base), text):
            a, b = hit.span()
            if overlaps(a, b, mentions) or overlaps(a, b, out) or not on_token_edges(text, a, b, before=6, after=4):  # not X inside X岛路
                continue
            out.append(Mention("Park", base, a, b, "zone-short", canonical=zone.canonical, subtype=zone.subtype))
    return out
