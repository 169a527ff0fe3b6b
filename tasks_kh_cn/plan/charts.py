"""Charts drawn on the server as inline SVG: no JavaScript, no external file, readable on a phone.

The SVG scales to its container (``viewBox`` and ``width: 100%``); every bar carries its
figure as text and a ``<title>`` so the chart says the same thing without colours.

Bars lie horizontally, a row each, grouped by category (a year): each figure is written at
the end of its own bar, so no two figures share a line, whatever their length or the number
of series; the legend has a line of its own per series above the bars, and the figures are
written in the reader's language (``1.234`` / ``1,234``). (Upright bars put each figure
above its bar, where a group's figures ran into each other and the tallest ones into the
legend.)
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tasks_kh_cn.numbers import localized

WIDTH = 320
FONT = 9
CHAR = 5.4  # the width of a character at FONT, generously (digits and Latin letters)
BAR, BAR_GAP, GROUP_GAP, LINE = 11, 2, 8, 13
COLOURS = ("#2f6f9f", "#e0a030", "#5a9e5a")
TARGET_COLOUR = "#c0392b"


@dataclass
class Series:
    label: str
    values: list  # one number per category


def _f(value) -> str:
    """SVG coordinates: one decimal, a dot whatever the locale."""
    return f"{float(value):.1f}"


def _width(text: str) -> float:
    return len(text) * CHAR


def bar_chart(categories, series: list[Series], *, title: str, target=None, target_label=""):
    """Grouped horizontal bars, one group per category; ``target`` draws a dashed line the
    legend names ``target_label``."""
    figures = [[localized(value) for value in s.values] for s in series]
    peak = max([v for s in series for v in s.values] + [target or 0, 1])
    left = max([_width(str(c)) for c in categories] + [0]) + 6
    right = max([_width(f) for row in figures for f in row] + [0]) + 6
    plot_w = WIDTH - left - right
    legend = [(COLOURS[j % len(COLOURS)], s.label, False) for j, s in enumerate(series)]
    if target:
        legend.append((TARGET_COLOUR, target_label, True))
    top = LINE * len(legend) + 6
    group_h = len(series) * (BAR + BAR_GAP) - BAR_GAP
    height = top + len(categories) * (group_h + GROUP_GAP)

    parts = []
    for k, (colour, label, dashed) in enumerate(legend):
        y = LINE * k + 10
        swatch = (format_html('<line x1="0" x2="10" y1="{}" y2="{}" stroke="{}" '
                              'stroke-dasharray="3 2" stroke-width="2"/>', y - 3, y - 3, colour)
                  if dashed else
                  format_html('<rect x="0" y="{}" width="10" height="8" fill="{}"/>', y - 7,
                              colour))
        parts.append(format_html('{}<text x="14" y="{}" font-size="{}">{}</text>',
                                 swatch, y, FONT, label))
    for i, category in enumerate(categories):
        y0 = top + i * (group_h + GROUP_GAP)
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>',
            _f(left - 6), _f(y0 + group_h / 2 + FONT / 3), FONT, category))
        for j, s in enumerate(series):
            value, figure = s.values[i], figures[j][i]
            w = plot_w * float(value) / float(peak)
            y = y0 + j * (BAR + BAR_GAP)
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{} {}: {}</title></rect>"
                '<text x="{}" y="{}" font-size="{}">{}</text>',
                _f(left), _f(y), _f(w), BAR, COLOURS[j % len(COLOURS)], s.label, category,
                figure, _f(left + w + 3), _f(y + BAR - 2), FONT, figure))
    if target:
        x = left + plot_w * float(target) / float(peak)
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-dasharray="3 2" '
            'stroke-width="1.5"><title>{}</title></line>',
            _f(x), _f(x), top - 3, _f(height), TARGET_COLOUR, target_label))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" aria-label="{}"><title>{}</title>{}</svg>',
        WIDTH, _f(height), title, title, mark_safe("".join(parts)))  # noqa: S308
