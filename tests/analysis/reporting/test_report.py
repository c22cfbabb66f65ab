"""kg.report / `kg report`: one offline page per park, with evidence, charts and conflict badges.

Synthetic articles about invented parks check the content and the name
matching; the seeds build checks the Bar in Chromium (renders, draws a chart,
makes no request); a page full of script payloads checks that nothing runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg
from kg.cli import main as cli_main
from kg.errors import InputError
from kg.query.named import as_store
from kg.analysis.reporting import file_name
from kg.analysis.reporting.data import parks

ARTICLE_A = """星河高新區發展綜述
2024-03-01 来源：虚构日报

星河高新技术产业开发区（简称星河高新区）位于江城市。星河高新区以光子芯片产业为主导产业，积极发展量子计算产业。
蓝鲸光电科技有限公司落户星河高新区。蓝鲸光电科技有限公司与星河高新区签约光子晶圆项目，总投资50亿元。
星河高新区管委会出台《星河高新区促进光子产业发展十条措施》。
2022年，星河高新区实现营业收入1100亿元。2023年，星河高新区实现营业收入1200亿元。
"""
ARTICLE_B = """星河高新区经济运行情况
2024-04-02 来源：乙报

2023年，星河高新区实现营业收入1200万元。月湾经开区位于江城市。
"""
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "</script><script>window.__pwned='close'</script>",
    "\"><svg onload=\"window.__pwned='svg'\">",
    "' onmouseover='window.__pwned=1' x='",
    "<a href=\"javascript:window.__pwned='js'\">x</a>",
]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def build(tmp_path: Path, pages: dict[str, str]) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    kg.build([folder], out=tmp_path / "out", html=False, validate=False)
    return tmp_path / "out"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("report"), {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})


@pytest.mark.parametrize("name", ["星河高新区", "星河高新區", "星河高新技术产业开发区", "星河高新技術產業開發區", " 星河高新区 "])
def test_a_park_is_found_by_label_or_alias_in_either_script(synthetic, name):
    assert "<h1>星河高新区</h1>" in kg.report(synthetic, name)


@pytest.mark.parametrize("name, closest", [("星河高薪区", "星河高新区"), ("月湾经济开发区", "月湾经开区")])
def test_an_unknown_name_lists_the_closest_parks(synthetic, name, closest):
    with pytest.raises(InputError, match=f"closest: .*{closest}"):
        kg.report(synthetic, name)


@pytest.mark.parametrize("needle", [
    "星河高新區", "星河高新技术产业开发区",  # aliases
    "光子芯片", "蓝鲸光电科技有限公司", "光子晶圆", "星河高新区促进光子产业发展十条措施",  # sections
    "50亿元",  # the project's investment
    "2024-03-01", "虚构日报", "乙报", "a.txt",  # evidence: date, source, file
    "实现营业收入1100亿元", "<svg class=\"chart\"",  # the time series and its chart
    "数值冲突", "疑似单位错误",  # 1200亿元 vs 1200万元 in two articles
])
def test_the_page_has_every_section_with_evidence(synthetic, needle):
    assert needle in kg.report(synthetic, "星河高新区")


def test_a_park_without_conflicts_has_no_badge(synthetic):
    page = kg.report(synthetic, "月湾经开区")
    assert "数值冲突" not in page and "<h1>月湾经开区</h1>" in page


def test_all_writes_a_page_per_park_and_an_index(synthetic, tmp_path):
    written = kg.report_all(synthetic, tmp_path / "r")
    assert [p.name for p in written] == ["星河高新区.html", "月湾经开区.html", "index.html"]
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert 'href="星河高新区.html"' in index and 'href="月湾经开区.html"' in index


@pytest.mark.parametrize("label, taken, expected", [
    ("星河高新区", set(), "星河高新区.html"),
    ("a/b:c", set(), "a_b_c.html"),
    ("index", set(), "index-park.html"),
    ("星河", {"星河.html"}, "星河-2.html"),
    ("..", set(), "park.html"),
])
def test_file_names_are_safe_and_unique(label, taken, expected):
    assert file_name(label, taken) == expected


@pytest.mark.parametrize("argv, code, message", [
    (["report", "{g}", "星河高新區", "--out", "{t}/x.html"], 0, "wrote"),
    (["report", "{g}", "--all", "--out", "{t}/all"], 0, "2 park pages"),
    (["report", "{g}", "无名园区"], 2, "no park named '无名园区'"),
    (["report", "{g}"], 2, "name the park"),
    (["report", "{g}", "--all"], 2, "--all writes every park into a folder"),
])
def test_cli(synthetic, tmp_path, capsys, argv, code, message):
    assert cli_main([a.format(g=synthetic, t=tmp_path) for a in argv]) == code
    out = capsys.readouterr()
    assert message in out.out + out.err and "Traceback" not in out.err


# ---------------------------------------------------------------- in Chromium

def open_in_chromium(path: Path, script: str = "() => null"):
    """Load ``path`` in headless Chromium; return (every request URL, dialogs, ``script``'s value)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            for link in page.locator("a").all()[:20]:
                link.hover()
            page.wait_for_timeout(300)
            value = page.evaluate(script)
        finally:
            browser.close()
    return [u for u in requests if u != path.as_uri()], dialogs, value


@pytest.mark.browser
def test_the_most_mentioned_seeds_park_renders_a_chart_offline(seeds_build, tmp_path):
    top = parks(as_store(seeds_build.path("ttl")))[0]
    page = tmp_path / "report.html"
    kg.report(seeds_build.path("ttl"), top.label, out=page)
    requests, dialogs, charts = open_in_chromium(page, """() => [...document.querySelectorAll('svg.chart rect.bar')]
        .map(r => r.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0).length""")
    assert requests == [] and dialogs == []
    assert charts >= 1


@pytest.mark.browser
def test_hostile_text_stays_inert(tmp_path):
    lines = [f"星河高新区{PAYLOADS[0]}新闻", "2024-03-05 来源：示例日报"]
    for i, p in enumerate(PAYLOADS):
        lines.append(f"管委会出台《{p}第{i}号措施》。")
        lines.append(f"星河高新区位于江城市，{p}蓝鲸{i}科技有限公司签约{p}项目。")
        lines.append(f"2023年，星河高新区实现营业收入{1000 + i}亿元{p}。")
    out = build(tmp_path, {"xss.txt": "\n".join(lines) + "\n"})
    page = tmp_path / "xss.html"
    html = kg.report(out, "星河高新区", out=page)
    assert "onerror" in html and "&lt;script&gt;" in html  # the payloads reached the page, escaped
    requests, dialogs, pwned = open_in_chromium(page, "() => [window.__pwned, document.scripts.length]")
    assert requests == [] and dialogs == []
    assert pwned == [None, 0]
