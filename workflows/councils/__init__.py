"""The council process: one viewflow flow for every council type (``flow.CouncilFlow``).

    form council → open round → ┬─ seat 1: excluded? → replace ─┐   (one branch per seat)
                                ├─ seat n: declare conflict → ballot ─┤
                                └─ secretary closes the round ────────┴→ join
                   → aggregate → tie? (second round) → decider → FSM transition on the case

The processes never write a status: the council's FSM and the case's FSM (through
``workflows.services.perform_transition``) do, called from ``tasks_kh_cn.councils.services``.
The types differ only by data: ``tasks_kh_cn.councils.kinds``.
"""
from .flow import CouncilFlow


def council_flow():
    return CouncilFlow
