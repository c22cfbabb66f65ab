"""Administrative divisions from cpca's shipped table (public reference data).

cpca ships the national list of provinces, prefecture cities and counties with
their official 12-digit codes; the hierarchy follows from the code prefixes.
We index each place by its official name, its short form (甲州市 → 甲州,
峨边彝族自治县 → 峨边) and the common abbreviation (延边朝鲜族自治州 → 延边州).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources



def _cpca_file(name: str):
    """A data file shipped in cpca, found without importing cpca (its import takes a third of a second)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("cpca")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / name
        if path.is_file():
            return path
    return resources.files("cpca").joinpath(f"resources/{name}")


def _ethnic_pattern() -> re.Pattern[str]:
    path = _cpca_file("56_nations.csv")
    with path.open(encoding="utf-8") as fh:
        names = {line.strip().split(",")[0] for line in fh if line.strip()}
    # "鄂伦春自治旗" and "伊犁哈萨克自治州" drop the 族, so the 族 is optional
    names = sorted({n[:-1] for n in names if n.endswith("族") and len(n) >= 2}, key=len, reverse=True)
    alt = "|".join(re.escape(n) + "族?" for n in names)
    return re.compile(rf"^(.{{2,}}?)((?:{alt})+)自治(州|县|旗)$|^((?:{alt})+)自治(州|县|旗)$")


_ETHNIC_AUTONOMY = _ethnic_pattern()
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗")


@dataclass(frozen=True)
class PlaceInfo:
    code: str
    name: str  # official name
    level: str  # province, city, county
    parent: str  # parent's code, "" for provinces

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0" * 10


def short_forms(name: str) -> list[str]:
    """Other names the same place goes by in news text."""
    out: list[str] = []
    m = _ETHNIC_AUTONOMY.match(name)
    if m and m.group(1):
        out += [m.group(1), m.group(1) + m.group(3)]
    elif m:  # the whole name is the people's name (鄂伦春自治旗 → 鄂伦春)
        out.append(m.group(4).removesuffix("族"))
    else:
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name[: -len(suffix)])
                break
    banner = _BANNER.fullmatch(name)
    if banner and (banner.group(2) or banner.group(3)):
        # 察哈尔右翼后旗 → 察右后旗, 鄂托克前旗 → 鄂前旗: a banner goes by its first character and its position
        out.append(banner.group(1)[0] + (banner.group(2) or "")[:1] + (banner.group(3) or "") + "旗")
    return [s for s in out if s != name]


_BANNER = re.compile(r"(.{2,}?)(左翼|右翼|左|右)?(前|中|后)?旗")


class Gazetteer:
    def __init__(self) -> None:
        self.places: dict[str, PlaceInfo] = {}
        self._by_name: dict[str, list[PlaceInfo]] = {}
        self._load()

    def _load(self) -> None:
        path = _cpca_file("adcodes.csv")
        with path.open(encoding="utf-8") as fh:
            rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
        for code, name in sorted(rows):
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            if code[2:] == "0" * 10:
                level, parent = "province", ""
            elif code[4:] == "0" * 8:
                level, parent = "city", code[:2] + "0" * 10
            else:
                level = "county"
                parent = code[:4] + "0" * 8
            self.places[code] = PlaceInfo(code, name, level, parent)
        # counties under a 市辖区 placeholder or directly under a municipality hang from the province
        for code, info in list(self.places.items()):
            if info.parent and info.parent not in self.places:
                self.places[code] = PlaceInfo(code, info.name, info.level, info.province_code)
        for info in self.places.values():
            for name in [info.name, *short_forms(info.name)]:
                self._by_name.setdefault(name, []).append(info)

    def candidates(self, name: str) -> list[PlaceInfo]:
        return self._by_name.get(name, [])

    def by_name(self, official: str) -> PlaceInfo | None:
        for info in self._by_name.get(official, []):
            if info.name == official:
                return info
        return None

    def parent(self, info: PlaceInfo) -> PlaceInfo | None:
        return self.places.get(info.parent) if info.parent else None

    def ancestors(self, info: PlaceInfo) -> list[PlaceInfo]:
        out, cur = [], self.parent(info)
        while cur is not None:
            out.append(cur)
            cur = self.parent(cur)
        return out

    @cached_property
    def names(self) -> list[str]:
        """All indexed names, longest first (for greedy matching)."""
        return sorted(self._by_name, key=lambda n: (-len(n), n))

    def is_official(self, name: str) -> bool:
        return name in self.official

    @cached_property
    def official(self) -> dict[str, set[str]]:
        """Official names → province codes of the places that bear them."""
        out: dict[str, set[str]] = {}
        for info in self.places.values():
            out.setdefault(info.name, set()).add(info.province_code)
        return out

    @cached_property
    def province_shorts(self) -> dict[str, str]:
        """Short forms of provinces (X省 → X) → province code."""
        return {short: info.code for info in self.places.values() if info.level == "province"
                for short in short_forms(info.name)}

    @cached_property
    def lengths_by_head(self) -> dict[str, tuple[int, ...]]:
        """First two characters of every indexed name → the lengths of names starting so, longest first."""
        heads: dict[str, set[int]] = {}
        for name in self._by_name:
            if len(name) >= 2:
                heads.setdefault(name[:2], set()).add(len(name))
        return {h: tuple(sorted(ls, reverse=True)) for h, ls in heads.items()}

    def names_at(self, text: str, i: int) -> list[str]:
        """Indexed names starting at ``text[i]``, longest first (a two-character index keeps this cheap)."""
        lengths = self.lengths_by_head.get(text[i:i + 2])
        if not lengths:
            return []
        return [text[i:i + n] for n in lengths if i + n <= len(text) and text[i:i + n] in self._by_name]

    @cached_property
    def _starts(self) -> re.Pattern:
        """Positions whose character can start an indexed name: the scan skips the rest at C speed."""
        firsts = sorted({h[0] for h in self.lengths_by_head})
        return re.compile("[" + "".join(re.escape(c) for c in firsts) + "]")

    def names_in(self, text: str) -> dict[int, list[str]]:
        """``{i: names_at(text, i)}`` for every position where an indexed name starts."""
        return _names_in(self, text)

    def provinces_in(self, text: str) -> set[str]:
        """Province codes of every official place name and province short form in ``text``."""
        found: set[str] = set()
        official, shorts = self.official, self.province_shorts
        for pieces in self.names_in(text).values():
            for piece in pieces:
                if piece in official:
                    found |= official[piece]
                if piece in shorts:
                    found.add(shorts[piece])
        return found


@lru_cache(maxsize=8)
def _names_in(gazetteer: Gazetteer, text: str) -> dict[int, list[str]]:
    # cached: the province context and the place extractor scan the same article text
    automaton = _automaton(gazetteer)
    if automaton is None:
        return _names_in_by_position(gazetteer, text)
    by_start: dict[int, list[str]] = {}
    for _, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
        by_start.setdefault(start, []).append(text[start:end])
    return {i: sorted(by_start[i], key=len, reverse=True) for i in sorted(by_start)}


def _names_in_by_position(gazetteer: Gazetteer, text: str) -> dict[int, list[str]]:
    """:func:`_names_in` without ahocorasick-rs: ``names_at`` at every character that can start a name."""
    out: dict[int, list[str]] = {}
    for m in gazetteer._starts.finditer(text):
        found = gazetteer.names_at(text, m.start())
        if found:
            out[m.start()] = found
    return out


@lru_cache(maxsize=2)
def _automaton(gazetteer: Gazetteer):
    """One Aho-Corasick automaton over every indexed name of two or more characters (what ``names_at`` can find).

    Why: finding every name at every position by slicing and dictionary
    lookups was the place finder's main cost (≈ 7 % of extraction); one
    overlapping scan in Rust gives the same matches (character offsets) in a
    fraction of it. None when ahocorasick-rs is not installed.
    """
    return aho_corasick([n for n in gazetteer.names if len(n) >= 2])


def aho_corasick(words: list[str]):
    """An ahocorasick-rs automaton over ``words`` (character offsets), or None without words or the library."""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    return ahocorasick_rs.AhoCorasick(words) if words else None


GAZETTEER = Gazetteer()
