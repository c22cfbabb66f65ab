"""A small hand-written SVG bar chart: one indicator over its periods, inline in the report.

Why hand-written: matplotlib would add a heavy dependency and a font cache
for a few rectangles; an inline SVG needs no network, no script and no
image file, and its text is escaped like the rest of the page.
"""

from __future__ import annotations

from html import escape

MAX_WIDTH, HEIGHT, SLOT = 560, 170, 80
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 16, 30


def bars(points: list[tuple[str, float, bool]], unit: str, title: str) -> str:
    """An SVG of ``(period, value, disputed)`` bars in the given order; disputed bars are drawn in red."""
    if not points:
        return ""
    scale, suffix = _scale(max(abs(v) for _, v, _ in points), unit)
    top = max(max(v for _, v, _ in points), 0.0) or 1.0
    width_px = min(MAX_WIDTH, LEFT + RIGHT + max(2, len(points)) * SLOT)  # a short series stays small
    plot_w, plot_h = width_px - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    width = max(4.0, min(48.0, slot * 0.7))
    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_px} {HEIGHT}" '
             f'width="{width_px}" height="{HEIGHT}"><title>{escape(title)}</title>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{width_px - RIGHT}" y2="{TOP + plot_h}" class="axis"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" class="tick">{escape(_num(top / scale))}</text>',
             f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" class="tick">0</text>',
             f'<text x="4" y="{TOP + plot_h / 2}" class="tick">{escape(suffix)}</text>']
    for i, (period, value, disputed) in enumerate(points):
        h = max(0.0, value) / top * plot_h
        x = LEFT + slot * i + (slot - width) / 2
        y = TOP + plot_h - h
        cls = "bar disputed" if disputed else "bar"
        parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}">'
                     f'<title>{escape(period)}: {escape(_num(value / scale))} {escape(suffix)}</title></rect>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="val">'
                     f'{escape(_num(value / scale))}</text>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" class="tick">'
                     f'{escape(period)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _scale(biggest: float, unit: str) -> tuple[float, str]:
    """Chinese reading units: 亿元 and 万元 for money, 万 for counts; others as they are."""
    money = {"CNY": "元", "USD": "美元"}.get(unit)
    if money and biggest >= 1e8:
        return 1e8, "亿" + money
    if money and biggest >= 1e4:
        return 1e4, "万" + money
    if unit == "count" and biggest >= 1e4:
        return 1e4, "万"
    return 1.0, {"percent": "%", "count": "个", "km2": "平方公里", "km": "公里", "t": "吨"}.get(unit, money or unit)


def _num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def reading(value: float, unit: str) -> str:
    """A value in base units as a reader expects it (1.2e11 CNY -> 1,200 亿元)."""
    scale, suffix = _scale(abs(value), unit)
    return f"{_num(value / scale)} {suffix}"
