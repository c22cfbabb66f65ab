"""Score a built graph against gold annotations (GUIDELINE section 5).

For users who annotate their own articles: precision, recall and F1 per entity
type, per predicate and for observations, with the same matching rules as the
reference scorer (NFKC + traditional→simplified label matching, optional gold
items neither rewarded nor penalised, observation values within 0.5 %).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, Literal

from ..errors import InputError
from ..normalize.script import to_simplified
from ..vocab import CORE_TYPES, KG, RELATIONS

SCORED_TYPES = [t for t in CORE_TYPES if t != "Organization"]
_QUOTES = re.compile(r"[《》〈〉“”‘’\"'「」『』\s\-‐‑‒–—―─·・]")
UNITS = {
    "亿元": ("CNY", 1e8), "万亿元": ("CNY", 1e12), "万元": ("CNY", 1e4), "元": ("CNY", 1.0),
    "千亿元": ("CNY", 1e11), "百亿元": ("CNY", 1e10), "亿美元": ("USD", 1e8), "万美元": ("USD", 1e4),
    "美元": ("USD", 1.0), "%": ("percent", 1.0), "个百分点": ("percent", 1.0), "百分点": ("percent", 1.0),
    "平方公里": ("km2", 1.0), "万平方米": ("km2", 0.01), "平方米": ("km2", 1e-6), "亩": ("km2", 1 / 1500),
    "万吨": ("t", 1e4), "吨": ("t", 1.0), "公里": ("km", 1.0), "千米": ("km", 1.0),
}
COUNT_UNITS = set("家个户项座人名只件次栋所条辆台批期种位")


def norm(text: str) -> str:
    return _QUOTES.sub("", to_simplified(unicodedata.normalize("NFKC", str(text)))).lower()


def to_base(value: float, unit: str) -> tuple[str, float]:
    unit = norm(unit)
    if unit in UNITS:
        base, factor = UNITS[unit]
        return base, value * factor
    if unit[:1] in ("万", "亿") and unit[1:] in COUNT_UNITS:
        return "count", value * (1e4 if unit[0] == "万" else 1e8)
    if unit in COUNT_UNITS or unit == "":
        return "count", value
    return unit, value


@dataclass
class GoldEntity:
    key: int
    name: str
    types: set[str]
    names: set[str] = field(default_factory=set)
    optional: bool = True


def _years(text: str) -> set[str]:
    return set(re.findall(r"(?:19|20)\d{2}", text))


def load_gold(path: str | Path, docs: set[str] | None = None):
    entities: list[GoldEntity] = []
    by_name: dict[str, list[GoldEntity]] = defaultdict(list)
    relations: dict[tuple[int, str, int], bool] = {}
    observations: list[dict] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror}", fix="pass a JSONL file in the GUIDELINE format") from exc
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON ({exc.msg})", where=f"{path}:{line_no}", fix="one JSON object per line") from exc
        if docs is not None and doc.get("doc") not in docs:
            continue
        local: dict[str, GoldEntity] = {}
        for item in doc.get("entities", []):
            types = set(item.get("types") or [item["type"]])
            ent = next((e for e in by_name[norm(item["name"])] if e.types & types), None)
            if ent is None:
                ent = GoldEntity(len(entities), item["name"], set(types))
                entities.append(ent)
                by_name[norm(item["name"])].append(ent)
            ent.types |= types
            ent.names |= {norm(item["name"])} | {norm(a) for a in item.get("aliases", [])}
            if not item.get("optional", False):
                ent.optional = False
            local[item["name"]] = ent
        for rel in doc.get("relations", []):
            if rel["s"] not in local or rel["o"] not in local:
                raise InputError(f"relation end is not an entity: {rel}", where=f"{path}:{line_no}",
                                 fix="name both ends by an entity's canonical name")
            key = (local[rel["s"]].key, rel["p"], local[rel["o"]].key)
            optional = bool(rel.get("optional")) or local[rel["s"]].optional or local[rel["o"]].optional
            relations[key] = relations.get(key, True) and optional
        for obs in doc.get("observations", []):
            unit, value = to_base(float(obs["value"]), obs.get("unit", ""))
            observations.append({"s": local[obs["s"]].key, "unit": unit, "value": value,
                                 "years": _years(obs.get("period", "")), "optional": bool(obs.get("optional"))})
    alias_index: dict[str, list[GoldEntity]] = defaultdict(list)
    for ent in entities:
        for name in ent.names:
            alias_index[name].append(ent)
    return entities, alias_index, relations, observations


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(graph_path: str | Path, gold_path: str | Path, docs: set[str] | None = None) -> dict:
    """Score ``graph_path`` against ``gold_path``; returns a report dict (see `format_report`)."""
    entities, alias_index, gold_rel, gold_obs = load_gold(gold_path, docs)
    fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}.get(str(graph_path).rsplit(".", 1)[-1], "turtle")
    graph = Dataset(default_union=True) if fmt in ("nquads", "trig") else Graph()
    graph.parse(str(graph_path), format=fmt)
    node_gold, matched, stats, wrong = _match_entities(graph, alias_index)
    report: dict = {"entities": {}, "relations": {}, "missed": {}, "wrong": dict(wrong)}
    _score_entities(report, entities, matched, stats)
    _score_relations(report, graph, entities, node_gold, gold_rel)
    report["observation"] = _score_observations(graph, node_gold, gold_obs)
    return report


def _labels(graph, node) -> list[str]:
    return sorted({norm(o) for o in graph.objects(node, RDFS.label)
                   if isinstance(o, Literal) and (o.language is None or o.language.lower().startswith("zh"))})


def _match_entities(graph, alias_index):
    """Each typed node's gold entities (by label), the gold matched once, and per type tp/fp/duplicates."""
    node_gold: dict = defaultdict(set)
    matched: set[int] = set()
    stats = {t: {"tp": 0, "fp": 0, "dup": 0} for t in CORE_TYPES}
    wrong: dict[str, list[str]] = defaultdict(list)
    for ctype in CORE_TYPES:
        for node in sorted(set(graph.subjects(RDF.type, KG[ctype]))):
            labs = _labels(graph, node)
            hits = [g for lab in labs for g in alias_index.get(lab, []) if ctype in g.types]
            node_gold[node] |= {g.key for g in hits}
            if not hits:
                stats[ctype]["fp"] += 1
                wrong[ctype].append("/".join(labs))
                continue
            fresh = [g for g in hits if not g.optional and g.key not in matched]
            if fresh:
                matched.add(fresh[0].key)
                stats[ctype]["tp"] += 1
            elif any(not g.optional for g in hits):
                stats[ctype]["dup"] += 1
    return node_gold, matched, stats, wrong


def _score_entities(report: dict, entities, matched: set[int], stats: dict) -> None:
    tot = [0, 0, 0]
    for ctype in CORE_TYPES:
        required = [g for g in entities if not g.optional and min(g.types, key=CORE_TYPES.index) == ctype]
        missed = [g.name for g in required if g.key not in matched]
        row = _prf(stats[ctype]["tp"], stats[ctype]["fp"], len(missed))
        row["dup"] = stats[ctype]["dup"]
        report["entities"][ctype] = row
        report["missed"][ctype] = missed
        if ctype in SCORED_TYPES:
            tot = [tot[0] + row["tp"], tot[1] + row["fp"], tot[2] + row["fn"]]
    report["entity"] = _prf(*tot)


def _score_relations(report: dict, graph, entities, node_gold: dict, gold_rel: dict) -> None:
    hit: set = set()
    fps: dict[str, set[str]] = defaultdict(set)
    for pred in RELATIONS:
        for s, o in graph.subject_objects(KG[pred]):
            keys = [(a, pred, b) for a in node_gold.get(s, ()) for b in node_gold.get(o, ()) if (a, pred, b) in gold_rel]
            if not keys:
                fps[pred].add(f"{'/'.join(_labels(graph, s))} --{pred}--> {'/'.join(_labels(graph, o))}")
            hit |= {k for k in keys if not gold_rel[k]}
    rtot = [0, 0, 0]
    missed_rel = []
    for pred in RELATIONS:
        req = [k for k, opt in gold_rel.items() if not opt and k[1] == pred]
        tp = sum(1 for k in req if k in hit)
        row = _prf(tp, len(fps[pred]), len(req) - tp)
        report["relations"][pred] = row
        rtot = [rtot[0] + row["tp"], rtot[1] + row["fp"], rtot[2] + row["fn"]]
        missed_rel += [f"{entities[k[0]].name} --{pred}--> {entities[k[2]].name}" for k in req if k not in hit]
    report["relation"] = _prf(*rtot)
    report["missed_relations"] = missed_rel
    report["wrong_relations"] = sorted(x for v in fps.values() for x in v)


def _score_observations(graph, node_gold: dict, gold_obs: list) -> dict[str, float]:
    obs_hit: set[int] = set()
    ofp = 0
    for s, o in graph.subject_objects(KG.hasObservation):
        try:
            value = float(next(iter(graph.objects(o, KG.value))))
        except (StopIteration, ValueError, TypeError):
            continue
        unit = str(next(iter(graph.objects(o, KG.unit)), ""))
        period = next(iter(graph.objects(o, KG.period)), None)
        years = _years(str(period)) if period is not None else set()
        found = None
        for i, g in enumerate(gold_obs):
            if g["s"] in node_gold.get(s, ()) and g["unit"].lower() == unit.lower() and \
                    abs(g["value"] - value) <= 0.005 * max(abs(g["value"]), 1e-9) and (not g["years"] or not years or g["years"] & years):
                found = i
                if i not in obs_hit:
                    break
        if found is None:
            ofp += 1
        elif not gold_obs[found]["optional"]:
            obs_hit.add(found)
    required = [i for i, g in enumerate(gold_obs) if not g["optional"]]
    otp = sum(1 for i in required if i in obs_hit)
    return _prf(otp, ofp, len(required) - otp)


def format_report(report: dict, errors: int = 0) -> str:
    lines = [f"{'entities':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for t, v in report["entities"].items():
        lines.append(f"  {t:<16}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}{v['p']:>7.3f}{v['r']:>7.3f}{v['f1']:>7.3f}")
    lines.append("relations")
    for p, v in report["relations"].items():
        lines.append(f"  {p:<16}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}{v['p']:>7.3f}{v['r']:>7.3f}{v['f1']:>7.3f}")
    o = report["observation"]
    lines.append(f"{'observations':<18}{o['tp']:>5}{o['fp']:>5}{o['fn']:>5}{o['p']:>7.3f}{o['r']:>7.3f}{o['f1']:>7.3f}")
    if errors:
        for t in SCORED_TYPES:
            if report["missed"].get(t):
                lines.append(f"missed {t}: " + "、".join(report["missed"][t][:errors]))
            if report["wrong"].get(t):
                lines.append(f"wrong {t}: " + "、".join(sorted(report["wrong"][t])[:errors]))
        lines += [f"missed relation: {x}" for x in report["missed_relations"][:errors]]
        lines += [f"wrong relation: {x}" for x in report["wrong_relations"][:errors]]
    e, r = report["entity"], report["relation"]
    lines.append(f"SCORE entity P={e['p']:.3f} R={e['r']:.3f} F1={e['f1']:.3f} | relation P={r['p']:.3f} "
                 f"R={r['r']:.3f} F1={r['f1']:.3f} | observation P={o['p']:.3f} R={o['r']:.3f} F1={o['f1']:.3f}")
    return "\n".join(lines)
