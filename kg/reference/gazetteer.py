"""User gazetteers: reference lists of named things the user gives with ``kg build --gazetteer FILE.csv``.

Why: most enterprises in park news are found from context (legal heads, lists,
actor verbs), but a user often holds master data of their own (a list of listed
companies, a customer register, the parks they manage). A name from such a list
is found wherever the text writes it, and a matched node is linked to the
list: its id (``kg:stockCode`` for a stock listing, ``kg:referenceId`` for a
user's own id), its full legal name as ``skos:altLabel`` and, where the list
says, the province and city it is based in (``kg:locatedIn``).

Two CSV layouts are read as they are (UTF-8, header row):

* a stock listing with the columns ``stock_code``/``ts_code``, ``short_name``,
  ``full_name``, ``match_name``, ``jieba_word``, ``province``, ``city``
  (``../shared/data/companies/listed_companies.csv``); a short name that is also
  a common word (``jieba_word`` set: 万科, 新产业) is not searched for;
* a plain ``type,name,aliases,id`` list (aliases separated by ``|``; type one of
  the eight core classes; optional ``province`` and ``city`` columns).

The files are read from their paths and never copied. The active gazetteer is
process state set by :func:`use` before the map step forks its workers; its
digest enters the cache fingerprint, so cached facts never outlive a change of
list.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: The listing's columns that mark it (the rest are optional).
LISTED_COLUMNS = frozenset({"ts_code", "short_name", "full_name"})
USER_COLUMNS = frozenset({"type", "name", "aliases", "id"})
TYPES = ("Park", "Enterprise", "Industry", "Policy", "Project", "Place", "Person", "Organization")
#: Names shorter than this are too ambiguous to look for in running text.
MIN_NAME = 2
#: A stock listing's two-character short names (天X) are mostly the first half of other companies' names.
MIN_LISTED_SHORT = 3


@dataclass(frozen=True)
class Entry:
    """One row of a gazetteer: what a matched node is linked to."""

    type: str
    name: str  # the list's own preferred name
    ref_property: str  # "stockCode" or "referenceId"
    ref: str
    legal_name: str = ""
    province: str = ""  # official names (cpca), "" when the list gives none or cpca does not know it
    city: str = ""

    def attrs(self) -> dict[str, str]:
        out = {self.ref_property: self.ref} if self.ref else {}
        if self.legal_name:
            out["legalName"] = self.legal_name
        if self.province:
            out["seatProvince"] = self.province
        if self.city:
            out["seatCity"] = self.city
        return out


class Gazetteers:
    """Every name of every loaded list → its entry; the first list (and row) given wins a shared name."""

    def __init__(self, paths: tuple[str, ...] = ()) -> None:
        self.paths = paths
        self.by_name: dict[str, Entry] = {}
        self.searchable: set[str] = set()  # names looked for in text (collisions with common words left out)
        h = hashlib.sha1()
        for path in paths:
            data = _read(path)
            h.update(data)
            self._load(path, data.decode("utf-8-sig"))
        self.digest = h.hexdigest()[:16] if paths else ""
        heads: dict[str, set[int]] = {}
        for name in self.searchable:
            heads.setdefault(name[:2], set()).add(len(name))
        self.lengths_by_head = {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()}

    def _load(self, path: str, text: str) -> None:
        reader = csv.DictReader(text.splitlines())
        columns = set(reader.fieldnames or ())
        if LISTED_COLUMNS <= columns:
            rows = (_listed_row(row) for row in reader)
        elif USER_COLUMNS <= columns:
            rows = (_user_row(path, i, row) for i, row in enumerate(reader, start=2))
        else:
            raise InputError(f"gazetteer {path}: unknown columns {sorted(columns)}",
                             fix="give a CSV with the header type,name,aliases,id (aliases separated by |), "
                                 "or a stock listing with ts_code,short_name,full_name")
        for entry, names, searchable in rows:
            for name in names:
                for form in _forms(name):
                    if len(form) >= MIN_NAME and form not in self.by_name:
                        self.by_name[form] = entry
                        if name in searchable:
                            self.searchable.add(form)

    def entry(self, *names: str) -> Entry | None:
        for name in names:
            found = self.by_name.get(name)
            if found is not None:
                return found
        return None

    def names_at(self, text: str, i: int) -> list[str]:
        """Searchable names that start at ``text[i]``, longest first."""
        lengths = self.lengths_by_head.get(text[i:i + 2], ())
        return [text[i:i + n] for n in lengths if text[i:i + n] in self.searchable]


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read gazetteer {path}: {exc.strerror or exc}",
                         fix="pass the path of an existing CSV file to --gazetteer") from None


def _forms(name: str) -> tuple[str, ...]:
    """A name as written, and with the other kind of brackets (the normalizer keeps full-width ones)."""
    name = name.strip()
    other = name.translate(str.maketrans("()（）", "（）()"))
    return (name, other) if other != name else (name,)


def _listed_row(row: dict[str, str]) -> tuple[Entry, list[str], set[str]]:
    short = row.get("match_name") or row["short_name"]
    full = [n for n in (row.get("full_name", ""), row.get("full_name_szse", "")) if n]
    province, city = _place(row.get("province", ""), row.get("city", ""))
    entry = Entry("Enterprise", short, "stockCode", row.get("ts_code") or row.get("stock_code", ""),
                  full[0] if full else "", province, city)
    searchable = set(full)
    if not row.get("jieba_word") and len(short) >= MIN_LISTED_SHORT:
        searchable.add(short)
    return entry, [short, *full], searchable


def _user_row(path: str, line: int, row: dict[str, str]) -> tuple[Entry, list[str], set[str]]:
    type_, name = (row.get("type") or "").strip(), (row.get("name") or "").strip()
    if type_ not in TYPES or not name:
        raise InputError(f"gazetteer {path}, line {line}: type {type_!r}, name {name!r}",
                         fix=f"give a name and one of the types {', '.join(TYPES)}")
    aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    province, city = _place(row.get("province") or "", row.get("city") or "")
    legal = next((a for a in aliases if a.endswith("公司")), "") if type_ == "Enterprise" else ""
    entry = Entry(type_, name, "referenceId", (row.get("id") or "").strip(), legal, province, city)
    names = [name, *aliases]
    return entry, names, set(names)


def _place(province: str, city: str) -> tuple[str, str]:
    """Official province and city names (cpca) for a listing's 广东 / 深圳市; "" where unknown."""
    from .places import GAZETTEER

    prov_info = None
    if province:
        code = GAZETTEER.province_shorts.get(province)
        prov_info = GAZETTEER.places.get(code) if code else GAZETTEER.by_name(province)
    city_name = ""
    if city:
        for info in GAZETTEER.candidates(city):
            if info.level == "city" and (prov_info is None or info.province_code == prov_info.code):
                city_name = info.name
                break
    return (prov_info.name if prov_info else ""), city_name


_ACTIVE = Gazetteers()


def use(paths=()) -> Gazetteers:
    """Load the lists at ``paths`` and make them the ones the map step reads (none: no list)."""
    global _ACTIVE
    key = tuple(str(p) for p in paths)
    if key or _ACTIVE.paths:  # read again each time: the file may have changed since the last build
        _ACTIVE = Gazetteers(key)
    return _ACTIVE


def active() -> Gazetteers:
    return _ACTIVE


def entity_attrs(type_: str, *names: str) -> dict[str, str]:
    """Reference id and legal name for a node whose name is on the active list (``{}`` otherwise)."""
    if not _ACTIVE.by_name:
        return {}
    entry = _ACTIVE.entry(*names)
    return entry.attrs() if entry is not None and entry.type == type_ else {}
