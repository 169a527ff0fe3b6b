"""The case's state machine as a picture: every status and transition of the lifecycle, with the
current status and the path the case took highlighted, drawn by Graphviz (``dot -Tsvg``).

Drawn on the server so the page needs no script (the CSP forbids inline ones) and the picture
is the FSM itself, never a second copy of it. ``dot`` takes ~50 ms: pictures are cached per
(language, status, path), and a case's path repeats across cases, so a page rarely spawns it.
"""

import functools
import re
import shutil
import subprocess

from django.utils.translation import get_language

from .lifecycle import TERMINAL, Status
from .services import all_transitions, transitions_from

DOT = shutil.which("dot") or "/usr/bin/dot"
TIMEOUT_SECONDS = 10
MAIN = "#1d4ed8"
DONE = "#15803d"
MUTED = "#9ca3af"


def lifecycle_edges() -> list[tuple[str, str, bool]]:
    """``(source, target, danger)`` of every transition of the case FSM, from the model itself."""

    danger = {name for name, spec in all_transitions().items() if spec.custom.get("danger")}
    edges = []
    for status in Status.values:
        for spec in transitions_from(status):
            edge = (status, spec.target, spec.name in danger)
            if edge not in edges:
                edges.append(edge)
    return edges


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(status: str, path: tuple[tuple[str, str], ...]) -> str:
    """The DOT text: top to bottom (narrow enough for a phone), exits drawn apart in grey."""
    visited = {s for edge in path for s in edge} | {status}
    taken = set(path)
    lines = ["digraph lifecycle {",
             '  graph [rankdir=TB, nodesep=0.25, ranksep=0.3, bgcolor="transparent"];',
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11,'
             ' fillcolor="#ffffff", color="#9ca3af", fontcolor="#374151", margin="0.12,0.05"];',
             '  edge [color="#d1d5db", arrowsize=0.6];']
    for value, label in Status.choices:
        attrs = {"label": label, "id": f"s-{value}"}
        if value == status:
            attrs.update(fillcolor=MAIN, color=MAIN, fontcolor="#ffffff", penwidth="2")
        elif value in visited:
            attrs.update(fillcolor="#dcfce7", color=DONE, fontcolor="#14532d")
        elif value in TERMINAL and value != Status.COMPLETED:
            attrs.update(color=MUTED, fontcolor="#6b7280", style="rounded,dashed")
        lines.append(f"  {value} [" + ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "];")
    for source, target, danger in lifecycle_edges():
        attrs = {}
        if (source, target) in taken:
            attrs.update(color=DONE, penwidth="2.5")
        elif danger:
            # The exits would tangle the main line: they bend without pulling the ranks.
            attrs.update(style="dashed", constraint="false")
        lines.append(f"  {source} -> {target}"
                     + (" [" + ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "]"
                        if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines)


@functools.lru_cache(maxsize=512)
def _render(language: str, status: str, path: tuple[tuple[str, str], ...]) -> str:
    try:
        result = subprocess.run([DOT, "-Tsvg"], input=dot_source(status, path).encode(),
                                capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""  # no Graphviz here: the page shows the timeline and history without a picture
    svg = result.stdout.decode()
    # Inline in the page: no XML prologue or DOCTYPE, and a width the CSS can scale.
    svg = svg[svg.index("<svg"):]
    return re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="fsm" role="img"', svg, count=1)


def case_diagram(case, history) -> str:
    """The SVG of ``case``'s state machine (``history``: its TransitionLog rows, in order)."""
    path = tuple(dict.fromkeys((row.from_status, row.to_status) for row in history
                               if row.from_status != row.to_status))
    return _render(get_language() or "vi", case.status, path)

