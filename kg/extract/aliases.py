"""Names an article declares for itself: X（以下简称“Y”）, X（简称Y）, X（下称“Y”）.

Why: an article that declares a short name uses it for the same thing from then
on; read as a name of its own, the short form splits one park or company into
two nodes (or becomes a second, wrong one). Every mention of the short form
takes the full name's type and canonical name, and the merge is recorded with
the reason ``declared-alias`` (see :func:`kg.resolve._reason`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document, Mention

DECLARED = re.compile(r"[（(]\s*(?:以下简称|以下称|下称|简称)\s*[：:]?\s*[“\"「『]?([^”\"」』（）()，,。；]{2,16}?)[”\"」』]?\s*[）)]")
EXTRACTOR = "declared-alias"
_TYPES = ("Park", "Enterprise", "Organization", "Project", "Policy")
_BARE = re.compile(r"^(?:本|该|全)?(?:区|园区|高新区|经开区|开发区|新区|公司|集团|项目)$")


def _declarations(doc: Document, mentions: tuple[Mention, ...]) -> dict[str, Mention]:
    """Short name -> the mention it stands for: the named entity that ends right before the parenthesis."""
    out: dict[str, Mention] = {}
    text = doc.text
    for m in DECLARED.finditer(text):
        short = m.group(1).strip()
        if _BARE.match(short):
            continue  # 以下简称“园区”: a generic word, resolved like any bare reference
        full = [o for o in mentions if o.type in _TYPES and not o.refers and o.end == m.start()]
        if full:
            owner = max(full, key=lambda o: (o.end - o.start, o.type))
            if owner.canonical != short:
                out.setdefault(short, owner)
    _appositions(text, mentions, out)
    return out


def _appositions(text: str, mentions: tuple[Mention, ...], out: dict[str, Mention]) -> None:
    """X产业新城（X经开区）: a park's second designation in brackets right after it is the same park."""
    parks = {o.start: o for o in mentions if o.type == "Park" and not o.refers}
    for o in parks.values():
        inner = parks.get(o.end + 1)
        if inner is not None and text[o.end:o.end + 1] in "（(" and text[inner.end:inner.end + 1] in "）)" \
                and inner.canonical != o.canonical:
            out.setdefault(inner.canonical, o)


def merge_declared(doc: Document, mentions: tuple[Mention, ...]) -> list[Mention]:
    """Mentions of a declared short name become mentions of the full name; its unmatched uses are added."""
    decl = _declarations(doc, mentions)
    if not decl:
        return list(mentions)
    out: list[Mention] = []
    for m in mentions:
        owner = decl.get(m.text) or decl.get(m.canonical)
        if owner is not None and m is not owner and not m.refers:
            m = replace(m, type=owner.type, canonical=owner.canonical, subtype=owner.subtype, extractor=EXTRACTOR)
        out.append(m)
    taken = [(m.start, m.end) for m in out]
    for short, owner in sorted(decl.items()):
        for hit in re.finditer(re.escape(short), doc.text):
            a, b = hit.span()
            if any(s < b and a < e for s, e in taken):
                continue
            out.append(Mention(owner.type, short, a, b, EXTRACTOR, canonical=owner.canonical, subtype=owner.subtype))
            taken.append((a, b))
    return out
