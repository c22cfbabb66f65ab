"""Name substitution for the robustness harness (scripts/perturb_eval.py).

Why: rules written on a few pages can memorize their names or characters. Replacing every
gold name by another name of the same type and shape, consistently in the page and in the
gold, shows which rules only worked for the names they were written on.

The substitution is a set of *cores*, proper substrings mapped to new ones, applied in one
longest-first pass to the page and to every gold name and alias, so both stay consistent:

- places (cpca divisions): province → a province no page names, its cities and counties →
  divisions of the same level and suffix inside the mapped parent; short forms follow;
- parks whose name is not made of a mapped place: the proper prefix → the prefix of a
  national zone with the same head in the same province, else an invented one;
- enterprises: the brand (the name without a leading place, the legal ending and trade
  words) → an invented brand of the same length, or a listed company's short name;
- projects whose name holds no mapped core: an out-of-vocabulary first word → invented;
- persons: an invented name of the same length. Industries are unchanged.

Nothing here names a page: everything is read from the gold at run time.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import jieba
import jieba.posseg
import opencc

from kg.reference.places import Gazetteer, short_forms

_T2S = opencc.OpenCC("t2s")
_GAPS = re.compile(r"\s|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_S2T = opencc.OpenCC("s2t")
BRAND_CHARS = "华瑞鑫泰恒德源盛嘉宏信安达凯诚通远博创智联丰隆晟祥峰锦辉瀚昊宸翔昱琪睿澜沣铭驰拓誉璟岚"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国伟强军平志明永春海波晓东文华丽红英杰涛斌超宇鹏飞磊静敏婷欣怡洁雪梅兰俊峰浩然宁"
LEGAL = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "分公司", "集团", "公司")
TRADE = ("新能源", "新材料", "科技", "技术", "电子", "医药", "药业", "材料", "生物", "动力", "能源", "电力",
         "汽车制造", "汽车", "电气", "控股", "投资", "股份", "智能", "光能", "照明", "化学", "物流", "重工",
         "航空", "电池", "半导体", "储能", "传动", "自动化", "信息", "实业", "制造")
PARK_HEADS = ("高新技术产业开发区", "经济技术开发区", "综合保税区", "产业园区", "工业园区", "产业集聚区",
              "示范区", "合作区", "高新区", "经开区", "综保区", "保税区", "开发区", "产业园", "科技城",
              "新区", "片区", "新城")
ZONE_HEADS = {"高新区": "high_tech_zone", "经开区": "econ_dev_zone", "新区": "new_area"}


class Substitution:
    """One deterministic name map for a set of gold lines and pages."""

    def __init__(self, gold_lines: list[dict], pages: list[str], shared: Path, seed: int = 1) -> None:
        jieba.initialize()
        self.tags = jieba.posseg.dt.word_tag_tab
        self.rng = random.Random(seed)
        self.gaz = Gazetteer()
        self.text = "\n".join(_T2S.convert(p) for p in pages)
        self.cores: dict[str, str] = {}
        self.used: set[str] = set()
        ents = [e for line in gold_lines for e in line["entities"]]
        typed = lambda t: [e for e in ents if t in (e.get("types") or [e.get("type")])]  # noqa: E731
        self.all_names = {_T2S.convert(n) for e in ents for n in [e["name"], *e.get("aliases", [])]}
        self.industries = {_T2S.convert(n) for e in typed("Industry") for n in [e["name"], *e.get("aliases", [])]}
        self._places(typed("Place"))
        self._compile()
        self._parks(typed("Park"), gold_lines, shared)
        self._enterprises(typed("Enterprise"), shared)
        self._compile()
        self._projects(typed("Project"))
        self._persons(typed("Person"))
        self._compile()

    # ---- the map
    def _free(self, name: str) -> bool:
        return len(name) >= 2 and "群岛" not in name and "海域" not in name and name not in self.used and name not in self.text

    def _add(self, old: str, new: str) -> None:
        if any(old in i or i in old for i in self.industries):
            return  # industries stay as they are
        if len(old) >= 2 and old != new and old not in self.cores:
            self.cores[old] = new
            self.used.add(new)

    def _compile(self) -> None:
        keys = sorted(self.cores, key=lambda k: (-len(k), k))
        self.pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        # in pages a name may be broken across lines (X\n\nY): match with spaces between characters
        # and converter readings between characters (中國(guó)中鐵)
        gap = r"(?:\s|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))*"
        self.page_pattern = re.compile("|".join(gap.join(map(re.escape, k)) for k in keys)) if keys else None

    def apply(self, text: str) -> str:
        """Replace every core in simplified ``text`` (longest first, one pass)."""
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.cores[m.group(0)], text)

    def apply_page(self, page: str) -> str:
        """Replace cores in a page of any script: match on a char-by-char simplified copy."""
        if self.pattern is None:
            return page
        simp = "".join(_T2S.convert(c) if len(_T2S.convert(c)) == 1 else c for c in page)
        out, last = [], 0
        for m in self.page_pattern.finditer(simp):
            new = self.cores[_GAPS.sub("", m.group(0))]
            orig = page[m.start():m.end()]
            out += [page[last:m.start()], new if orig == m.group(0) else _S2T.convert(new)]
            last = m.end()
        return "".join(out) + page[last:]

    def leftovers(self, page: str) -> list[str]:
        """Old cores still in a perturbed page (e.g. inside mojibake the matcher could not read)."""
        simp = _GAPS.sub("", _T2S.convert(page))
        return sorted({k for k in self.cores if k in simp and k not in self.used})

    # ---- places
    def _place_info(self, name: str):
        cands = [c for c in self.gaz.candidates(name) if c.level != "province" or name.endswith(("省", "区")) or len(name) <= 3]
        if not cands and name.endswith("区"):  # a county renamed a district since the cpca data (X县 → X区)
            cands = [c for c in self.gaz.candidates(name[:-1] + "县") if c.level == "county"]
        return cands[0] if cands else None

    def _pick_division(self, parent_code: str, level: str, suffix: str, need: dict | None = None):
        kids: dict[str, dict[str, int]] = {}
        if need:
            for c in self.gaz.places.values():
                if c.parent:
                    key = c.level + (c.name[-1] if c.level == "city" else "")
                    kids.setdefault(c.parent, {}).setdefault(key, 0)
                    kids[c.parent][key] += 1
        pool = [p for p in self.gaz.places.values()
                if all(kids.get(p.code, {}).get(k, 0) >= n for k, n in (need or {}).items())
                and (level != "county" or len(self.gaz.candidates(short_forms(p.name)[0] if short_forms(p.name) else p.name)) == 1)
                if p.level == level and (p.parent == parent_code if parent_code else True)
                and p.name.endswith(suffix) and self._free(p.name) and p.name not in ("台湾省", "香港特别行政区", "澳门特别行政区")
                and (level != "province" or any(c.parent == p.code for c in self.gaz.places.values()))
                and all(self._free(s) for s in short_forms(p.name))]
        pool.sort(key=lambda p: p.code)
        if not pool and need and level == "province":
            return None  # no province has the page's kinds of cities (州, 盟): the province stays, its cities move inside it
        if not pool and need:  # no parent can give all: the one that gives most
            cands = [p for p in self.gaz.places.values() if p.level == level and p.name.endswith(suffix)
                     and (p.parent == parent_code if parent_code else True) and self._free(p.name)]
            best = max((sum(kids.get(p.code, {}).values()), p.code) for p in cands) if cands else None
            return next((p for p in cands if p.code == best[1]), None) if best else None
        return self.rng.choice(pool) if pool else None

    def _places(self, places: list[dict]) -> None:
        infos = [(e, i) for e in places if (i := self._place_info(e["name"])) is not None]
        mapped: dict[str, object] = {}
        need: dict[str, dict[str, int]] = {}
        for _, info in infos:  # divisions each mapped parent must be able to give
            if info.parent:
                key = info.level + (info.name[-1] if info.level == "city" else "")
                need.setdefault(info.parent, {}).setdefault(key, 0)
                need[info.parent][key] += 1
        order = {"province": 0, "city": 1, "county": 2}
        for ent, info in sorted(infos, key=lambda x: (order[x[1].level], x[1].code)):
            if info.code in mapped or info.name in ("北京市", "上海市", "天津市", "重庆市"):
                continue
            if info.level == "province" and info.name.endswith(("特别行政区", "台湾省")):
                continue
            parent = self.gaz.parent(info)
            target_parent = mapped.get(parent.code, parent) if parent else None
            new = self._pick_division(target_parent.code if target_parent else "", info.level, info.name[-1],
                                      need.get(info.code) if info.level != "county" else None)
            if new is None and info.level == "county":  # no county of the same suffix left: any, else one of the province
                new = self._pick_division(target_parent.code if target_parent else "", info.level, "")
                if new is None and target_parent is not None and target_parent.parent:
                    new = next((c for c in sorted(self.gaz.places.values(), key=lambda p: p.code)
                                if c.level == "county" and c.code[:2] == target_parent.code[:2] and self._free(c.name)
                                and len(self.gaz.candidates(short_forms(c.name)[0] if short_forms(c.name) else c.name)) == 1), None)
            if new is None:
                continue
            mapped[info.code] = new
            self.used.add(new.name)
            self._add(info.name, new.name)
            olds, news = short_forms(info.name), short_forms(new.name)
            for i, old in enumerate(olds):
                if news:
                    self._add(old, news[min(i, len(news) - 1)])
            if ent["name"] != info.name and olds and news:
                self._add(ent["name"], news[0] + ent["name"][-1])

    # ---- parks
    def _provinces(self, gold_lines: list[dict]) -> dict[str, set[str]]:
        """Gold name -> the (mapped) provinces it is located in."""
        out: dict[str, set[str]] = {}
        for line in gold_lines:
            for rel in line.get("relations", []):
                info = self.gaz.by_name(self.apply(rel["o"])) if rel["p"] == "locatedIn" else None
                if info is not None and info.level == "province":
                    out.setdefault(rel["s"], set()).add(info.name)
        return out

    def _parks(self, parks: list[dict], gold_lines: list[dict], shared: Path) -> None:
        zones = list(csv.DictReader((shared / "data" / "zones" / "all_zones.csv").open(encoding="utf-8")))
        provinces = self._provinces(gold_lines)
        for ent in parks:
            name = ent["name"]
            if self.apply(name) != name:
                continue
            head = next((h for h in PARK_HEADS if name.endswith(h)), None)
            prefix = name[: -len(head)] if head else ""
            if not 2 <= len(prefix) <= 4 or self.gaz.names_at(prefix, 0) or self._common(prefix):
                continue
            new = None
            kind = ZONE_HEADS.get(head)
            if kind:
                pool = sorted(z["name_short"][: -len(head)] for z in zones
                              if z["kind"] == kind and z["name_short"].endswith(head)
                              and z["province"] in provinces.get(name, ()))
                pool = [p for p in pool if self._free(p)]
                new = self.rng.choice(pool) if pool else None
            self._add(prefix, new or self._invent(len(prefix)))

    # ---- enterprises
    def _brand(self, name: str) -> str:
        core = name
        for _ in range(2):
            for cand in sorted(self.gaz.names_at(core, 0), key=len, reverse=True):
                if len(core) - len(cand) >= 2:
                    core = core[len(cand):]
                    break
        for end in LEGAL:
            if core.endswith(end) and len(core) - len(end) >= 2:
                core = core[: -len(end)]
                break
        for end in TRADE:
            if core.endswith(end) and len(core) - len(end) >= 2:
                core = core[: -len(end)]
                break
        return core

    def _common(self, word: str) -> bool:
        """A dictionary word that is not a proper noun (冶金, 电子商务), a place or a zone word: replacing it would rewrite prose."""
        if any(h in word for h in PARK_HEADS + ("高新", "开发")):
            return True
        tag = self.tags.get(word)
        return bool(jieba.dt.FREQ.get(word)) and tag is not None and tag not in ("nz", "nt", "nr", "nrt", "nrfg")

    def _enterprises(self, ents: list[dict], shared: Path) -> None:
        listed = []
        path = shared / "data" / "companies" / "listed_companies.csv"
        if path.is_file():
            listed = sorted({r["match_name"] for r in csv.DictReader(path.open(encoding="utf-8"))
                             if r["match_name"] and not r["jieba_word"] and 2 <= len(r["match_name"]) <= 4
                             and not self.gaz.names_at(r["match_name"], 0)})
        for ent in sorted(ents, key=lambda e: e["name"]):
            brand = self._brand(self.apply(ent["name"]))
            if len(brand) > 4:  # a long rest: its first word is the brand (X某地车辆 → X)
                brand = jieba.lcut(brand)[0]
            if not 2 <= len(brand) <= 4 or brand in self.cores or self._common(brand) or not re.fullmatch(r"[\u4e00-\u9fff]+", brand):
                continue
            new = None
            if listed and self.rng.random() < 0.3:
                pool = [n for n in listed if len(n) == len(brand) and self._free(n)]
                new = self.rng.choice(pool) if pool else None
            self._add(brand, new or self._invent(len(brand)))

    # ---- projects and people
    def _projects(self, ents: list[dict]) -> None:
        for ent in ents:
            name = ent["name"]
            if self.apply(name) != name:
                continue
            first = jieba.lcut(name)[0]
            if len(first) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", first) and first not in jieba.dt.FREQ \
                    and not self._outside_names(first):
                self._add(first, self._invent(len(first)))

    def _outside_names(self, word: str) -> bool:
        """``word`` also occurs in the pages outside gold names (科创 in 科创板): a word, not a brand."""
        inside = sum(self.text.count(n) for n in self.all_names if word in n and n != word)
        return self.text.count(word) > inside

    def _persons(self, ents: list[dict]) -> None:
        for ent in ents:
            name = ent["name"]
            if not 2 <= len(name) <= 4 or name in self.cores:
                continue
            for _ in range(50):
                new = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(len(name) - 1))
                if self._free(new):
                    self._add(name, new)
                    break

    def _invent(self, length: int) -> str:
        for _ in range(200):
            new = "".join(self.rng.choice(BRAND_CHARS) for _ in range(max(length, 2)))
            if self._free(new) and new not in jieba.dt.FREQ:
                return new
        raise RuntimeError("no free invented name")

    # ---- gold
    def gold_line(self, line: dict) -> dict:
        """The gold line with every name, alias, relation end and observation subject replaced."""
        def sub(name: str) -> str:
            return self.apply(name)

        out = dict(line)
        out["entities"] = []
        for ent in line["entities"]:
            new = dict(ent)
            new["name"] = sub(ent["name"])
            aliases = [sub(_T2S.convert(a)) for a in ent.get("aliases", [])]
            new["aliases"] = sorted({a for a in aliases if a != new["name"]})
            out["entities"].append(new)
        out["relations"] = [{**r, "s": sub(r["s"]), "o": sub(r["o"])} for r in line.get("relations", [])]
        out["observations"] = [{**o, "s": sub(o["s"])} for o in line.get("observations", [])]
        return out
