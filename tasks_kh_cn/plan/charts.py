"""Charts drawn on the server as inline SVG: no JavaScript, no external file, readable on a phone.

The SVG scales to its container (``viewBox`` and ``width: 100%``); every bar carries its
figure as text and a ``<title>`` so the chart says the same thing without colours.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 320, 180, 8, 24, 18
COLOURS = ("#2f6f9f", "#e0a030", "#5a9e5a")


@dataclass
class Series:
    label: str
    values: list  # one number per category


def _f(value) -> str:
    """SVG coordinates: one decimal, a dot whatever the locale."""
    return f"{float(value):.1f}"


def _number(value) -> str:
    return f"{value:,.0f}".replace(",", ".") if isinstance(value, int) or value == int(value) else (
        f"{value:.1f}".replace(".", ","))


def bar_chart(categories, series: list[Series], *, title: str, target=None, target_label=""):
    """Grouped bars, one group per category, an optional horizontal target line."""
    peak = max([v for s in series for v in s.values] + [target or 0, 1])
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    group_w = (WIDTH - PAD_LEFT * 2) / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = []
    for i, category in enumerate(categories):
        x0 = PAD_LEFT + i * group_w + group_w * 0.1
        for j, s in enumerate(series):
            value = s.values[i]
            h = plot_h * float(value) / float(peak)
            x, y = x0 + j * bar_w, PAD_TOP + plot_h - h
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{} {}: {}</title></rect>"
                '<text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text>',
                _f(x), _f(y), _f(bar_w - 1), _f(h), COLOURS[j % len(COLOURS)], s.label, category,
                _number(value), _f(x + bar_w / 2), _f(y - 2), _number(value)))
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
            _f(PAD_LEFT + i * group_w + group_w / 2), HEIGHT - 8, category))
    if target:
        y = PAD_TOP + plot_h - plot_h * float(target) / float(peak)
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c0392b" stroke-dasharray="4 3"/>'
            '<text x="{}" y="{}" font-size="9" fill="#c0392b" text-anchor="end">{}</text>',
            PAD_LEFT, WIDTH - PAD_LEFT, _f(y), _f(y), WIDTH - PAD_LEFT, _f(y - 3), target_label))
    legend = format_html_join("", '<tspan fill="{}">■</tspan> {} ',
                              ((COLOURS[j % len(COLOURS)], s.label) for j, s in enumerate(series)))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" aria-label="{}"><title>{}</title>'
        '<text x="{}" y="11" font-size="10">{}</text>{}</svg>',
        WIDTH, HEIGHT, title, title, PAD_LEFT, legend, mark_safe("".join(parts)))  # noqa: S308
