"""Write a deterministic synthetic corpus of news pages, with gold annotations.

Why: scale work needs 1k-100k pages shaped like real crawls (simplified and
traditional pages, converter pinyin, menus and related-news lists), but the
seed articles are few and their names must not leak into code or data. Every
name here comes from generated pools: place-like names combined from
syllables, city names from cpca's public table (skipping any that occur in the
seed pages), company brands from syllables plus a sector. Page ``i`` depends
only on ``(seed, i)``, so ``make_corpus 10010`` repeats the first 10000 pages
of ``make_corpus 10000`` byte for byte (the cache benchmark relies on it).

Usage: ``python bench/make_corpus.py N OUT [--seed S]`` writes
``OUT/pages/NNNNNN_<hash>.txt`` and ``OUT/gold.jsonl`` in the format of
``../shared/gold/GUIDELINE.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Characters for generated names: common in names, combined at random.
SYLLABLES = "澜枫岚翠泓瀚璟珂琨瑜霖溪柘楠桐槐榆杉芷蘅蔚菁棠澄湛沛汀沅渝涟淇淞浦溱湄漪琅琰瑾璋邕郗鄞"
BRAND = "鼎晟昊钧铂锐骏驰睿弘恒瑞盈泽煦曜澎湃灏嘉禾峻岳翊昕"
SECTORS = [  # generic sector vocabulary (industry names are common nouns, not names)
    "生物医药", "新材料", "新能源汽车", "电子信息", "高端装备制造", "数字经济", "现代物流", "绿色食品",
    "光伏", "集成电路", "航空航天", "节能环保", "人工智能", "软件和信息服务", "精细化工", "智能制造",
]
CO_TAILS = ["科技有限公司", "股份有限公司", "集团有限公司", "有限公司"]
PROJ_HEADS = ["产业园", "生产基地", "研发中心", "智能工厂"]
INDICATORS = [("工业总产值", "亿元"), ("营业收入", "亿元"), ("固定资产投资", "亿元"), ("税收收入", "亿元"),
              ("实际利用外资", "万美元"), ("规上工业企业", "家"), ("高新技术企业", "家")]
MENU = ["首页 | 新闻中心 | 园区动态 | 招商引资 | 政务公开 | 联系我们",
        "当前位置：首页 > 新闻中心 > 园区动态", "网站首页  机构设置  政策法规  投资指南  办事服务"]
PINYIN = {"产": "chǎn", "產": "chǎn", "业": "yè", "業": "yè", "区": "qū", "區": "qū", "发": "fā", "發": "fā",
          "展": "zhǎn", "园": "yuán", "園": "yuán", "经": "jīng", "經": "jīng", "济": "jì", "濟": "jì",
          "项": "xiàng", "項": "xiàng", "目": "mù", "建": "jiàn", "设": "shè", "設": "shè", "新": "xīn"}


@lru_cache(maxsize=1)
def _seed_text() -> str:
    """The seed pages' text, only to make sure no generated name repeats one of theirs."""
    parts = []
    for folder in (ROOT / "seeds", ROOT.parent / "shared" / "seeds"):
        if folder.is_dir():
            parts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    try:
        from opencc import OpenCC
        simp = OpenCC("t2s").convert("\n".join(parts))
    except Exception:  # noqa: BLE001 - the filter is best effort
        simp = ""
    return "\n".join(parts) + "\n" + simp


@lru_cache(maxsize=1)
def pools(seed: int = 7) -> dict[str, list]:
    rng = random.Random(f"pools-{seed}")
    banned = _seed_text()
    from kg.reference.places import GAZETTEER, short_forms

    cities = []
    for info in sorted(GAZETTEER.places.values(), key=lambda i: i.code):
        if info.level != "city" or not info.name.endswith("市"):
            continue
        short = (short_forms(info.name) or [info.name])[0]
        prov = GAZETTEER.parent(info)
        if short in banned or prov is None or len(short) != 2:
            continue
        cities.append((info.name, short, prov.name))
    rng.shuffle(cities)
    gen_places = set()
    while len(gen_places) < 300:
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if name[0] != name[1] and name not in banned:
            gen_places.add(name)
    brands = set()
    while len(brands) < 2000:  # 25 * 43 * 25 combinations, so this ends quickly
        name = rng.choice(BRAND) + rng.choice(SYLLABLES) + rng.choice(BRAND)
        if name not in banned:
            brands.add(name)
    return {"cities": cities[:200], "gen": sorted(gen_places), "brands": sorted(brands)}


FILLER = [  # generic prose with slots, so pages have the length and rhythm of real ones
    "{park}坚持创新驱动发展战略，持续完善科技创新服务体系，推动{s0}产业链上下游协同发展，园区综合实力不断增强。",
    "今年以来，{park}围绕{s1}等重点领域，深入开展“招大引强”行动，累计接待客商{n1}批次，新签约项目{n2}个。",
    "在项目建设现场，施工机械往来穿梭，工人们正抓紧进行主体结构施工，确保项目早日建成投产。",
    "{park}相关负责人表示，将持续优化营商环境，深化“放管服”改革，为企业提供全生命周期服务。",
    "据介绍，{park}规划面积{n3}平方公里，已形成较为完善的基础设施和公共服务配套体系。",
    "与此同时，{park}加大人才引进力度，与多所高校和科研院所共建创新平台，为产业发展提供智力支撑。",
    "记者在采访中了解到，园区内多家企业订单饱满，生产线满负荷运转，部分企业已开始扩大产能。",
    "{park}还积极推动数字化转型，支持企业开展智能化改造，打造一批示范工厂和数字化车间。",
]


def _fig(rng: random.Random, lo: float, hi: float) -> float:
    return round(rng.uniform(lo, hi), 2)


def article(rng: random.Random, pool: dict) -> tuple[list[str], dict]:
    """One article: its lines and its gold record (without "doc")."""
    city, city_short, province = rng.choice(pool["cities"])
    kind = rng.random()
    if kind < 0.5:
        park, full, prefix = f"{city_short}高新区", f"{city_short}高新技术产业开发区", city_short
    elif kind < 0.8:
        park, full, prefix = f"{city_short}经开区", f"{city_short}经济技术开发区", city_short
    else:
        prefix = rng.choice(pool["gen"])
        park, full = f"{prefix}产业园区", f"{prefix}产业园区"
    sectors = rng.sample(SECTORS, 4)
    brands = rng.sample(pool["brands"], 3)
    companies = [f"{b}{rng.choice(sectors[:2])}{rng.choice(CO_TAILS)}" for b in brands[:2]]
    project = f"{brands[2]}{rng.choice(sectors)}{rng.choice(PROJ_HEADS)}"
    year = rng.randint(2016, 2024)
    policy = f"关于支持{park}{sectors[0]}产业高质量发展的若干措施"
    ents = [{"type": "Park", "name": park, "aliases": [full] if full != park else []},
            {"type": "Place", "name": city, "aliases": [city_short]},
            {"type": "Place", "name": province, "aliases": [], "optional": True},
            {"type": "Policy", "name": policy, "aliases": []},
            {"type": "Project", "name": project, "aliases": [project + "项目"]}]
    ents += [{"type": "Enterprise", "name": c, "aliases": []} for c in companies]
    ents += [{"type": "Industry", "name": s, "aliases": [s + "产业"]} for s in sectors]
    rels = [{"s": park, "p": "locatedIn", "o": city},
            {"s": park, "p": "leadsIndustry", "o": sectors[0]}, {"s": park, "p": "leadsIndustry", "o": sectors[1]},
            {"s": park, "p": "developsIndustry", "o": sectors[2]}, {"s": park, "p": "developsIndustry", "o": sectors[3]},
            {"s": park, "p": "signedProject", "o": project}, {"s": park, "p": "issuedPolicy", "o": policy}]
    rels += [{"s": c, "p": "locatedIn", "o": park} for c in companies]
    obs, figs = [], []
    for indicator, unit in rng.sample(INDICATORS, 3):
        value = _fig(rng, 1, 900) if unit != "家" else float(rng.randint(10, 900))
        shown = f"{value:g}" if unit == "家" else f"{value:.2f}"
        figs.append(f"{indicator}{shown}{unit}")
        obs.append({"s": park, "indicator": indicator, "value": value, "unit": unit, "period": str(year)})
    growth = _fig(rng, 1, 30)
    obs.append({"s": park, "indicator": "工业总产值增速", "value": growth, "unit": "%", "period": str(year), "optional": True})
    title = rng.choice([f"{park}：打造{sectors[0]}产业新高地", f"{park}{year}年经济运行稳中有进",
                        f"{full}加快建设{sectors[1]}产业集群"])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    body = [
        f"{full}位于{province}{city}，是{prefix}对外开放和产业发展的重要平台。",
        f"{year}年，{park}{'，'.join(figs)}，同比增长{growth}%。",
        f"{park}以{sectors[0]}、{sectors[1]}为主导产业，积极培育{sectors[2]}和{sectors[3]}等新兴产业。",
        f"近日，{companies[0]}、{companies[1]}等企业相继落户{park}，{park}与{brands[2]}签约{project}项目。",
        f"为优化营商环境，{park}出台了《{policy}》，从资金、人才、用地等方面给予支持。",
        "下一步，园区将继续坚持项目为王，推动招商引资和产业链招商，奋力实现高质量发展。",
    ]
    slots = {"park": park, "s0": sectors[0], "s1": sectors[1], "n1": rng.randint(20, 300),
             "n2": rng.randint(5, 80), "n3": rng.randint(10, 200)}
    body += [t.format(**slots) for t in rng.sample(FILLER, rng.randint(4, 8))]
    head, tail = body[:5], body[5:]
    rng.shuffle(tail)
    body = [head[0], *tail[:3], *head[1:], *tail[3:]]
    lines = [title, f"来源：{prefix}日报  日期：{year}-{month:02d}-{day:02d}", *body]
    return lines, {"entities": ents, "relations": rels, "observations": obs}


def _pinyin_debris(text: str, rng: random.Random) -> str:
    return "".join(ch + (f"({PINYIN[ch]})" if ch in PINYIN and rng.random() < 0.5 else "") for ch in text)


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def page(i: int, seed: int = 7) -> tuple[str, str, list[dict]]:
    """Page number ``i``: (file name, text, gold records)."""
    rng = random.Random(f"page-{seed}-{i}")
    pool = pools(seed)
    parts: list[str] = []
    if rng.random() < 0.6:
        parts += rng.sample(MENU, 2) + [""]
    golds = []
    for _ in range(1 if rng.random() < 0.85 else 2):
        lines, gold = article(rng, pool)
        parts += lines + [""]
        golds.append(gold)
    if rng.random() < 0.5:
        parts += ["相关新闻"] + [f"{rng.choice(pool['gen'])}园区召开工作推进会...[详情]" for _ in range(3)]
    text = "\n".join(parts).strip() + "\n"
    if rng.random() < 0.3:
        text = _s2t().convert(text)
        if rng.random() < 0.5:
            text = _pinyin_debris(text, rng)
    name = f"{i:06d}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}.txt"
    return name, text, golds


def write_corpus(n: int, out: Path, seed: int = 7) -> Path:
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold_fh:
        for i in range(n):
            name, text, golds = page(i, seed)
            (pages / name).write_text(text, encoding="utf-8")
            for k, gold in enumerate(golds):
                gold_fh.write(json.dumps({"doc": name if k == 0 else f"{name}#{k}", **gold}, ensure_ascii=False) + "\n")
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("out", type=Path, help="output folder (pages/ and gold.jsonl)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    pages = write_corpus(args.n, args.out, args.seed)
    print(f"wrote {args.n} pages to {pages} and gold to {args.out / 'gold.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
