"""Where the text says a park is (X位于/地处/坐落于 Y省Z市), which beats a guess from its name.

Why: a park's name often starts with a place that is not its seat (a river, a
town of the same name elsewhere, a county that cpca lists in another
province). The order of evidence is: the place the text states, then the
national zone lists, then the place cpca finds in the name; a later source
only adds places that agree with (lie above or below) an earlier one.
"""

from __future__ import annotations

import re

from ..model import Document, Mention
from ..reference.places import GAZETTEER, PlaceInfo

LOCATION_CUE = re.compile(r"位于|地处|坐落于|坐落在|座落于|地处于")


def stated_locations(doc: Document, mentions: tuple[Mention, ...]) -> dict[str, list[Mention]]:
    """Park canonical -> the run of places written right after its 位于 cue, outermost first."""
    out: dict[str, list[Mention]] = {}
    text = doc.text
    parks = sorted((m for m in mentions if m.type == "Park"), key=lambda m: m.start)
    places = sorted((m for m in mentions if m.type == "Place"), key=lambda m: m.start)
    for cue in LOCATION_CUE.finditer(text):
        before = [p for p in parks if p.end <= cue.start() and cue.start() - p.end <= 30
                  and not re.search(r"[。；，,;]", _outside_parens(text[p.end:cue.start()]))]
        if not before:
            continue
        park = before[-1]
        run: list[Mention] = []
        at = cue.end()
        for pl in places:
            if pl.start < at:
                continue
            if pl.start - at > (1 if not run else 0):
                break
            run.append(pl)
            at = pl.end
        if run:
            out.setdefault(park.canonical, run)
    return out


def not_namesakes(cands: list[PlaceInfo]) -> list[PlaceInfo]:
    """Readings of a park's leading place without the district named like its own city (广安 → 广安市, not
    广安区): a zone named after a prefecture is the prefecture's; a county-level city keeps its reading."""
    codes = {c.code for c in cands if c.level == "city"}
    return [c for c in cands if not (c.level == "county" and c.name.endswith("区") and c.parent in codes)]


def _outside_parens(s: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)]", "", s)


def _info(place: PlaceInfo | str) -> PlaceInfo | None:
    return place if isinstance(place, PlaceInfo) else GAZETTEER.by_name(place)


def _agrees(candidate: PlaceInfo | str, anchors: list[PlaceInfo]) -> bool:
    """A place agrees with the anchors when it is one of the most specific ones, above one, or below one."""
    info = _info(candidate)
    if info is None:
        return isinstance(candidate, str)  # a division the article writes (X区) that cpca lists under an older name
    deepest = [a for a in anchors if not any(a in GAZETTEER.ancestors(b) for b in anchors)]
    for a in deepest:
        if info == a or info in GAZETTEER.ancestors(a) or a in GAZETTEER.ancestors(info):
            return True
    return False


def ordered_chain(stated: list[Mention], listed: list[PlaceInfo], guessed: list[PlaceInfo | str]) -> list[PlaceInfo | str]:
    """Places for a park: the text's, then the zone list's, then the name's, each agreeing with those before."""
    anchors: list[PlaceInfo] = []
    out: list[PlaceInfo | str] = []
    for m in stated:
        info = GAZETTEER.by_name(m.canonical)
        out.append(info or m.canonical)
        if info is not None:
            anchors.append(info)
    for source in (listed, guessed):
        if not anchors:
            out.extend(p for p in source if p not in out)
            anchors = [i for i in (_info(p) for p in source) if i is not None]
            continue
        out.extend(p for p in source if p not in out and _agrees(p, anchors))
    full: list[PlaceInfo | str] = []
    for p in out:
        for q in [p, *GAZETTEER.ancestors(p)] if isinstance(p, PlaceInfo) else [p]:
            if q not in full:
                full.append(q)
    return full
